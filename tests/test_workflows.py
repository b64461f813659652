"""Safety and validity of the GitHub Actions files: workflows, the composite action, the hook.

Two external auditors (zizmor, check-jsonschema) plus our own rules read from the YAML. Each of our
rules is a small function returning violations, exercised on the real files (must be clean) and on
a deliberately bad workflow (must be caught), so a rule that silently stopped matching would fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted([*WORKFLOW_DIR.glob("*.yml"), *WORKFLOW_DIR.glob("*.yaml")])
ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
ALL_FILES = [*WORKFLOWS, ACTION]

PRIVILEGED_TRIGGERS = {"pull_request_target", "workflow_run"}
# The least each of our workflows needs; a new scope has to be argued for here.
EXPECTED_PERMISSIONS = {
    "check.yml": {"check": {"contents": "read"}},
    "review.yml": {"review": {"contents": "read", "pull-requests": "write"}},
    "digest.yml": {"digest": {"contents": "read", "issues": "write"}},
    "links.yml": {"links": {"contents": "read", "issues": "write"}},  # the link report issue
    # Commits to its own branch, opens the PR, replies on the issue.
    "commands.yml": {"command": {"contents": "write", "pull-requests": "write",
                                 "issues": "write"}},
}

SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\b")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
# Contexts an outsider can set (PR title, branch name, dispatch inputs, ...).
UNTRUSTED_CONTEXT = re.compile(r"\bgithub\.event\b|\binputs\.|\bhead_ref\b")
HEAD_REFERENCE = re.compile(r"head|refs/pull|pull_request|workflow_run", re.IGNORECASE)
FETCHES_PR_CODE = re.compile(r"refs/pull|gh pr checkout|git\s+(?:fetch|checkout|switch|pull)\b")
ZIZMOR_IGNORE = re.compile(r"zizmor:\s*ignore\[[^\]]+\](.*)$")


def load(text: str) -> dict[str, Any]:
    doc = yaml.safe_load(text)
    assert isinstance(doc, dict)
    return doc


def triggers(doc: dict[str, Any]) -> set[str]:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    on = doc.get("on", doc.get(True))
    if isinstance(on, str):
        return {on}
    return set(on or ())


def steps(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "runs" in doc:
        yield from doc["runs"].get("steps", ())
        return
    for job in doc.get("jobs", {}).values():
        yield from job.get("steps", ())


def permission_violations(doc: dict[str, Any]) -> list[str]:
    found = []
    if doc.get("permissions") != {}:
        found.append("top-level permissions must be {} so a job without its own gets nothing")
    for name, job in doc.get("jobs", {}).items():
        perms = job.get("permissions")
        if not isinstance(perms, dict):
            found.append(f"job {name}: permissions must be an explicit mapping, got {perms!r}")
            continue
        for scope, level in perms.items():
            if level not in ("read", "write", "none"):
                found.append(f"job {name}: {scope}: {level!r}")
    return found


def pin_violations(text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = USES_LINE.match(line)
        if not match or match.group(1).startswith("./"):
            continue
        ref, rest = match.groups()
        if not SHA_PIN.match(ref):
            found.append(f"line {number}: {ref} is not pinned by a 40-hex commit SHA")
        elif not VERSION_COMMENT.search(rest):
            found.append(f"line {number}: {ref} lacks a `# vX.Y.Z` comment")
    return found


def checkout_violations(doc: dict[str, Any]) -> list[str]:
    return [
        f"step {step.get('name', step['uses'])}: persist-credentials must be false"
        for step in steps(doc)
        if str(step.get("uses", "")).startswith("actions/checkout@")
        and (step.get("with") or {}).get("persist-credentials") is not False
    ]


def injection_violations(doc: dict[str, Any], *, strict: bool = False) -> list[str]:
    """`${{ }}` inside a script is pasted in before the shell parses it: pass values via env."""
    found = []
    for step in steps(doc):
        for expression in EXPRESSION.findall(str(step.get("run", ""))):
            if strict or UNTRUSTED_CONTEXT.search(expression):
                found.append(f"step {step.get('name', '?')}: ${{{{{expression}}}}} in run")
    return found


def privileged_checkout_violations(doc: dict[str, Any]) -> list[str]:
    if not triggers(doc) & PRIVILEGED_TRIGGERS:
        return []
    found = []
    for step in steps(doc):
        options = step.get("with") or {}
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            for key in ("ref", "repository"):
                if key in options and HEAD_REFERENCE.search(str(options[key])):
                    found.append(f"checkout {key}: {options[key]} points at the PR")
        if FETCHES_PR_CODE.search(str(step.get("run", ""))):
            found.append(f"step {step.get('name', '?')} fetches PR code")
    return found


PIP_INSTALL = re.compile(r"\bpip3?\s+install\b")


def unlocked_install_violations(doc: dict[str, Any]) -> list[str]:
    """Installs that let pip pick versions at run time: a requirements file must be installed
    with `--require-hashes`, anything else (the project itself) with `--no-deps`."""
    found = []
    for step in steps(doc):
        script = re.sub(r"\\\n\s*", " ", str(step.get("run", "")))
        for command in re.split(r"\n|&&|;|\|\|", script):
            if not PIP_INSTALL.search(command):
                continue
            words = command.split()
            from_file = "-r" in words or "--requirement" in words
            if from_file and "--require-hashes" not in words:
                found.append(f"step {step.get('name', '?')}: requirements without hashes")
            elif not from_file and "--no-deps" not in words:
                found.append(f"step {step.get('name', '?')}: resolves dependencies at run time")
    return found


BAD_WORKFLOW = """\
name: bad
on: pull_request_target
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065
      - run: echo "${{ github.event.pull_request.title }}" && git fetch origin refs/pull/1/head
      - run: |
          pip install -r requirements.txt
          python -m pip install --no-deps \
            --require-hashes -r requirements.txt && python -m pip install .
  b:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - run: echo ${{ github.head_ref }}
"""


def test_workflow_files_exist():
    assert {path.name for path in WORKFLOWS} >= set(EXPECTED_PERMISSIONS)
    assert ACTION.is_file()


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_files_follow_the_safety_rules(path: Path):
    text = path.read_text(encoding="utf-8")
    doc = load(text)
    is_action = path == ACTION
    found = [
        *([] if is_action else permission_violations(doc)),
        *pin_violations(text),
        *checkout_violations(doc),
        *injection_violations(doc, strict=is_action),
        *privileged_checkout_violations(doc),
        *unlocked_install_violations(doc),
    ]
    assert found == []


@pytest.mark.parametrize("name", sorted(EXPECTED_PERMISSIONS))
def test_jobs_get_the_least_permissions(name: str):
    doc = load((WORKFLOW_DIR / name).read_text(encoding="utf-8"))
    granted = {job: spec["permissions"] for job, spec in doc["jobs"].items()}
    assert granted == EXPECTED_PERMISSIONS[name]


def test_the_rules_catch_a_pwn_request():
    doc = load(BAD_WORKFLOW)
    assert permission_violations(doc) == [
        "top-level permissions must be {} so a job without its own gets nothing",
        "job a: permissions must be an explicit mapping, got None",
        "job b: permissions must be an explicit mapping, got 'write-all'",
    ]
    assert [v.split(":")[0] for v in pin_violations(BAD_WORKFLOW)] == ["line 8", "line 11"]
    assert "not pinned" in pin_violations(BAD_WORKFLOW)[0]
    assert "lacks a `# vX.Y.Z`" in pin_violations(BAD_WORKFLOW)[1]
    assert len(checkout_violations(doc)) == 1
    assert len(injection_violations(doc)) == 2
    assert unlocked_install_violations(doc) == [
        "step ?: requirements without hashes",
        "step ?: resolves dependencies at run time",
    ]
    assert privileged_checkout_violations(doc) == [
        "checkout ref: ${{ github.event.pull_request.head.sha }} points at the PR",
        "step ? fetches PR code",
    ]


def test_a_base_checkout_under_pull_request_target_passes():
    doc = load(BAD_WORKFLOW.replace("github.event.pull_request.head.sha", "github.sha"))
    assert privileged_checkout_violations(doc) == ["step ? fetches PR code"]


def test_each_action_is_pinned_to_one_sha_everywhere():
    pins: dict[str, set[str]] = {}
    for path in ALL_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = USES_LINE.match(line)
            if match and "@" in match.group(1):
                action, sha = match.group(1).split("@", 1)
                repo = "/".join(action.split("/")[:2])
                pins.setdefault(repo, set()).add(sha)
    assert {"actions/checkout", "actions/setup-python", "actions/cache"} <= set(pins)
    assert {repo: shas for repo, shas in pins.items() if len(shas) > 1} == {}


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is a dev dependency: pip install -e '.[dev]'"
    return found


def test_zizmor_finds_nothing():
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona", "pedantic", "--format", "json",
         *map(str, ALL_FILES)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert json.loads(result.stdout) == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_zizmor_ignores_say_why_they_are_safe():
    for path in ALL_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = ZIZMOR_IGNORE.search(line)
            if match:
                reason = match.group(1).strip().lstrip("-—: ").strip()
                assert len(reason) >= 20, f"{path.name}:{number}: ignore without a reason"


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("custom.github-workflows-require-timeout", WORKFLOWS),
        ("vendor.github-actions", [ACTION]),
    ],
    ids=["workflows", "timeouts", "action"],
)
def test_schema(schema: str, paths: list[Path]):
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *map(str, paths)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hook():
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "paperlist"
    assert hook["entry"] == "paperlist check"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    assert files.search("README.md")
    assert files.search("lists/papers.markdown")
    assert not files.search("setup.py")
    assert not files.search("README.md.orig")


def run_action_script(tmp_path: Path, **inputs: str) -> tuple[int, list[str], str]:
    """Run the action's final script with a stand-in `paperlist` that records its argv."""
    (script_step,) = [s for s in load(ACTION.read_text())["runs"]["steps"]
                      if s.get("name") == "Run paperlist"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "paperlist"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/argv"\n')
    fake.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PAPERLIST_COMMAND": "check", "PAPERLIST_PATH": "", "PAPERLIST_CONFIG": "",
        "PAPERLIST_OUTPUT_FORMAT": "github", "PAPERLIST_DRY_RUN": "false",
        "PAPERLIST_LABEL": "", "PAPERLIST_BOT_LOGIN": "",
        **{f"PAPERLIST_{key.upper()}": value for key, value in inputs.items()},
    }
    result = subprocess.run(
        ["bash", "-e", "-c", script_step["run"]], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=30, check=False,
    )
    argv_file = tmp_path / "argv"
    argv = argv_file.read_text().splitlines() if argv_file.exists() else []
    return result.returncode, argv, result.stdout


def test_action_passes_inputs_as_arguments(tmp_path: Path):
    code, argv, _ = run_action_script(
        tmp_path, path="lists/a b.md\n\n$(touch pwned).md\n", config="cfg.yml"
    )
    assert code == 0
    assert argv == ["check", "lists/a b.md", "$(touch pwned).md",
                    "--output-format", "github", "--config", "cfg.yml"]
    assert not (tmp_path / "pwned").exists()


def test_action_review_and_digest_take_dry_run(tmp_path: Path):
    assert run_action_script(tmp_path, command="review")[1] == ["review"]
    assert run_action_script(tmp_path, command="digest", dry_run="true", config="c.yml")[1] == [
        "digest", "--dry-run", "--config", "c.yml"]


def test_action_runs_the_link_report_and_the_comment_command(tmp_path: Path):
    assert run_action_script(tmp_path, command="link-report")[1] == ["link-report"]
    code, argv, _ = run_action_script(
        tmp_path, command="link-report", path="README.md\nlists/more.md", label="dead links",
        bot_login="paperlist-app[bot]", dry_run="true", config="c.yml")
    assert code == 0
    assert argv == ["link-report", "README.md", "lists/more.md", "--label", "dead links",
                    "--bot-login", "paperlist-app[bot]", "--dry-run", "--config", "c.yml"]
    assert run_action_script(tmp_path, command="command", dry_run="true")[1] == [
        "command", "--dry-run"]
    # Each input the script reads is declared, and reaches it through env only.
    action = load(ACTION.read_text())
    assert {"label", "bot-login"} <= set(action["inputs"])
    (step,) = [s for s in action["runs"]["steps"] if s.get("name") == "Run paperlist"]
    assert step["env"]["PAPERLIST_BOT_LOGIN"] == "${{ inputs.bot-login }}"
    assert "${{" not in step["run"]


def test_action_rejects_an_unknown_command(tmp_path: Path):
    code, argv, stdout = run_action_script(tmp_path, command="check; touch pwned")
    assert code == 2
    assert argv == []
    assert stdout.startswith("::error")
    assert "touch" not in stdout
    assert not (tmp_path / "pwned").exists()


def test_links_workflow_caches_the_file_paperlist_writes():
    from lint_rules.config import find_config, load_config
    from lint_rules.links.command import cache_path
    from lint_rules.links.settings import Settings

    doc = load((WORKFLOW_DIR / "links.yml").read_text(encoding="utf-8"))
    list_path = ROOT / doc["env"]["LIST_PATH"]
    config = load_config(find_config(list_path, ROOT))
    written = Path(cache_path(Settings.from_config(config, {}), config)).relative_to(ROOT)
    cached = {step["with"]["path"] for step in steps(doc)
              if str(step.get("uses", "")).startswith("actions/cache/")}
    assert cached == {written.as_posix()}


def test_links_workflow_reports_in_an_issue_without_failing_on_flaky_hosts():
    doc = load((WORKFLOW_DIR / "links.yml").read_text(encoding="utf-8"))
    runs = [str(step.get("run", "")) for step in steps(doc)]
    assert any(r.strip().startswith("paperlist link-report ") for r in runs)
    assert not any("--links" in r for r in runs)  # the issue replaces failing the job
    assert doc["concurrency"]["cancel-in-progress"] is False  # two runs would race on the issue


def test_installs_come_from_the_lock_with_hashes():
    """Every workflow that installs paperlist, and the action, install the hashed lock first."""
    installers = set()
    for path in ALL_FILES:
        installs = [str(step.get("run", "")) for step in steps(load(path.read_text("utf-8")))
                    if PIP_INSTALL.search(str(step.get("run", "")))]
        assert all("--require-hashes" in run and "requirements.txt" in run for run in installs)
        installers |= {path.name} if installs else set()
    assert installers >= {*EXPECTED_PERMISSIONS, ACTION.name}
    assert (ROOT / "requirements.txt").is_file()


def test_dependabot_keeps_actions_and_the_lock_current():
    config = ROOT / ".github" / "dependabot.yml"
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(config)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    updates = {(u["package-ecosystem"], u["directory"])
               for u in load(config.read_text("utf-8"))["updates"]}
    assert updates >= {("github-actions", "/"), ("pip", "/")}

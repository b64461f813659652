"""The CLI end to end, in process: exit codes, fixing, outputs and bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sarif_pydantic import Sarif

from bot.cli import main as paperlist
from lint_rules.parse import parse

from ..conftest import EXAMPLE_DIR


def run(*argv: str) -> tuple[int, str, str]:
    from bot.cli import add_bot_commands
    from lint_rules.cli import build_parser
    from lint_rules.cli import run as run_cli

    parser, sub = build_parser()
    add_bot_commands(sub)
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(parser, list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_check_example_exits_1_on_the_two_empty_links(example_copy: Path) -> None:
    code, out, _ = run("check", str(example_copy))
    assert code == 1
    assert f"{example_copy}:31:7: PL103" in out or ":31:7: PL103" in out
    summary = out.rstrip().splitlines()[-1]
    assert "Found " in summary and "fixable with `paperlist check --fix`" in summary
    assert "1 more fix with `--fix --unsafe-fixes`" in summary  # the mixed quote on line 83


def test_fix_keeps_every_entry_and_is_idempotent(example_copy: Path) -> None:
    before = example_copy.read_text("utf-8")
    code, _, _ = run("check", "--fix", str(example_copy))
    after = example_copy.read_text("utf-8")
    assert code == 1  # the empty links have no automatic fix
    assert len(parse(after).entries) == len(parse(before).entries) == 45
    assert "Classiﬁcation" not in after and "Classification" in after
    assert not any(line != line.rstrip() for line in after.splitlines())
    assert "https://arxiv.org/abs/2010.05352)" in after
    assert after.endswith("\n")
    run("check", "--fix", str(example_copy))
    assert example_copy.read_text("utf-8") == after  # a second run changes nothing
    _, diff, _ = run("check", "--diff", str(example_copy))
    assert diff == ""


def test_fix_touches_nothing_outside_its_edits(example_copy: Path) -> None:
    before = example_copy.read_text("utf-8").splitlines()
    run("check", "--fix", "--select", "PL110", str(example_copy))
    after = example_copy.read_text("utf-8").splitlines()
    changed = [i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [74]


def test_diff_writes_nothing(example_copy: Path) -> None:
    before = example_copy.read_bytes()
    code, out, _ = run("check", "--diff", str(example_copy))
    assert example_copy.read_bytes() == before
    assert out.startswith("--- a/")
    title = "[A Survey on Semi-, Self- and Unsupervised Learning in Image Classi{}cation]"
    assert "-- [ ] " + title.format("ﬁ") in out
    assert "+- [ ] " + title.format("fi") in out
    assert code == 1


def test_diff_applies_with_git(tmp_path: Path, example_copy: Path) -> None:
    import subprocess

    original = example_copy.read_text("utf-8")
    _, diff, _ = run("check", "--diff", str(example_copy))
    assert "\\ No newline at end of file" in diff  # the list's last line has none
    repo = tmp_path / "repo"
    repo.mkdir()
    target = repo / example_copy.name
    target.write_text(original, "utf-8")
    patch = diff.replace(f"a/{example_copy}", f"a/{target.name}").replace(
        f"b/{example_copy}", f"b/{target.name}")
    subprocess.run(["git", "apply", "-"], input=patch, text=True, cwd=repo, check=True)
    run("check", "--fix", str(example_copy))
    assert target.read_text("utf-8") == example_copy.read_text("utf-8")


def test_select_and_ignore(example_copy: Path) -> None:
    code, out, _ = run("check", "--select", "PL11", "--ignore", "PL112", "--output-format",
                       "json", str(example_copy))
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert rules == {"PL110", "PL113", "PL114", "PL116"}
    assert code == 0  # no error-severity rule selected


def test_json_shape_and_fix_projection(example_copy: Path) -> None:
    _, out, _ = run("check", "--output-format", "json", str(example_copy))
    data = json.loads(out)
    lig = next(f for f in data["findings"] if f["rule"] == "PL110")
    for key in ("path", "line", "end_line", "column", "rule", "name", "severity", "message", "fix"):
        assert key in lig
    assert lig["line"] == lig["end_line"] == 74
    assert lig["name"] == "typographic-ligature"
    assert "Classification" in lig["fix"]["replacement"]
    assert "\n" not in lig["fix"]["replacement"]
    empty = [f for f in data["findings"] if f["rule"] == "PL103"]
    assert [f["fix"] for f in empty] == [None, None]
    assert data["summary"]["errors"] == 2


def test_github_output_is_workflow_commands(example_copy: Path) -> None:
    _, out, _ = run("check", "--output-format", "github", str(example_copy))
    lines = out.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert any(line.startswith("::error file=") and ",line=31," in line for line in lines)


def test_sarif_validates(example_copy: Path) -> None:
    _, out, _ = run("check", "--output-format", "sarif", str(example_copy))
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    sarif = Sarif.model_validate(log)
    results = sarif.runs[0].results or []
    assert any(r.rule_id == "PL103" for r in results)


@pytest.mark.parametrize("content", [b"\x00\x01binary\x00", b"\xff\xfe\x00a"])
def test_binary_input_is_exit_2_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(content)
    code, out, err = run("check", str(path))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "binary" in err or "UTF-8" in err


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nope.md"))
    assert code == 2
    assert err.strip().endswith("nope.md: no such file")


def test_invalid_config_names_key_and_line(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("- [ ] [T](https://arxiv.org/abs/2101.05224). arXiv.\n")
    (tmp_path / ".paperlist.yml").write_text("list: README.md\nsections:\n  require_venu: [year]\n")
    code, _, err = run("check", str(tmp_path / "README.md"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert ".paperlist.yml:3" in err and "sections.require_venu" in err


def test_exit_zero_keeps_findings_but_not_the_failure(example_copy: Path) -> None:
    code, out, _ = run("check", "--exit-zero", str(example_copy))
    assert code == 0 and "PL103" in out


def test_unknown_rule_selector_is_exit_2(example_copy: Path) -> None:
    code, _, err = run("check", "--select", "PL999", str(example_copy))
    assert code == 2 and "PL999" in err


def test_broken_markdown_is_reported_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(
        "## 2021\n"
        "- [ ] [Big Self-Supervised Models](https://arxiv.org/abs/2101.05224). arXiv.\n"
        "- [ ] [Unclosed bracket(https://arxiv.org/abs/2010.05352). arXiv.\n"
        "- [ ] [Stray html](https://arxiv.org/abs/2011.01355). arXiv. <div><span\n"
        "- [ ] [[[[nested](https://x.org/a). arXiv.\n"
        "<table><tr>\n"
    )
    code, out, err = run("check", "--output-format", "json", str(path))
    assert code == 1 and err == ""
    found = {(f["line"], f["rule"]) for f in json.loads(out)["findings"]}
    assert (3, "PL101") in found
    assert (4, "PL117") in found
    assert not any(rule == "PL001" for _, rule in found)


def test_show_style_names_each_section_of_a_mixed_list(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(
        "# Mixed\n\n## Papers\n"
        "- [ ] [Big Self-Supervised Models](https://arxiv.org/abs/2101.05224). arXiv.\n"
        "- [ ] [MoCo-CXR](https://arxiv.org/abs/2010.05352). arXiv.\n\n## Classics\n"
        "- **Deep learning** (2015), Y. LeCun et al. [[pdf]](https://www.nature.com/articles/x)\n"
        "- **Batch normalization** (2015), S. Ioffe [[pdf]](https://arxiv.org/abs/1502.03167)\n")
    code, out, _ = run("check", "--show-style", str(path))
    assert code == 0
    assert f"{path}:3: Papers: checkbox" in out and f"{path}:7: Classics: bold-year" in out
    _, out, _ = run("check", "--output-format", "json", str(path))
    sections = json.loads(out)["summary"]["section_styles"][str(path)]
    assert [s["style"] for s in sections] == ["checkbox", "bold-year"]


def test_rules_and_rule_commands() -> None:
    code, out, _ = run("rules")
    assert code == 0 and "PL103  empty-link" in out
    code, out, _ = run("rule", "empty-link")
    assert code == 0 and out.startswith("# PL103 empty-link") and "## Why is this bad?" in out
    code, _, err = run("rule", "PL999")
    assert code == 2 and "PL999" in err


def test_no_path_uses_the_config_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE_DIR)
    code, out, _ = run("check", "--select", "PL103")
    assert code == 1 and out.count("PL103") == 2


def test_console_script_entry_point(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(EXAMPLE_DIR)
    assert paperlist(["check", "--select", "PL110", "README.md"]) == 0
    assert "PL110" in capsys.readouterr().out


def test_version() -> None:
    import subprocess
    import sys

    from lint_rules import __version__

    done = subprocess.run([sys.executable, "-m", "bot.cli", "--version"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout == f"paperlist {__version__}\n"
    assert __version__.count(".") == 2 and all(p.isdigit() for p in __version__.split("."))


def test_every_config_problem_is_one_line_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("- [ ] [T](https://arxiv.org/abs/2101.05224). arXiv.\n")
    (tmp_path / ".paperlist.yml").write_text("lsit: README.md\nfoo: [1]\nlinks:\n  timeout: .inf\n")
    code, out, err = run("check", str(tmp_path / "README.md"))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert [line.split(": invalid config: ")[1].split(":")[0] for line in lines] == [
        "`lsit`", "`foo`", "`links.timeout`"]
    assert all(line.startswith("paperlist: error: ") for line in lines)
    assert lines[0].endswith("did you mean `list`?")
    assert [line.split(".paperlist.yml:")[1].split(":")[0] for line in lines] == ["1", "2", "4"]


@pytest.mark.parametrize("config", [
    "x: " + "[" * 5000 + "]" * 5000 + "\n",
    "links:\n  timeout: .nan\n",
    "a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
])
def test_hostile_configs_are_exit_2_with_one_line(tmp_path: Path, config: str) -> None:
    (tmp_path / "README.md").write_text("- [ ] [T](https://arxiv.org/abs/2101.05224). arXiv.\n")
    (tmp_path / ".paperlist.yml").write_text(config)
    code, out, err = run("check", str(tmp_path / "README.md"))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "Traceback" not in err and "invalid config" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused() -> None:
    code, out, err = run("check", "/dev/zero")
    assert code == 2 and out == ""
    assert err == "paperlist: error: /dev/zero: is not a regular file, not a list file to check\n"


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    code, _, err = run("check", str(fifo))
    assert code == 2 and "not a regular file" in err and len(err.splitlines()) == 1


def test_a_list_over_the_size_limit_is_refused(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from lint_rules import cli

    monkeypatch.setattr(cli, "MAX_LIST_BYTES", 1000)
    path = tmp_path / "README.md"
    path.write_text("- [ ] [T](https://arxiv.org/abs/2101.05224). arXiv.\n" * 30)
    code, _, err = run("check", str(path))
    assert code == 2 and "larger than" in err and len(err.splitlines()) == 1
    assert cli.MAX_LIST_BYTES == 1000 and len(path.read_bytes()) > 1000


def test_fix_does_not_follow_a_planted_temporary_file_symlink(tmp_path: Path,
                                                              example_copy: Path) -> None:
    import os

    victim = tmp_path.parent / f"{tmp_path.name}-victim.txt"
    victim.write_text("precious\n")
    planted = example_copy.with_name(f".{example_copy.name}.paperlist-tmp")
    planted.symlink_to(victim)
    os.chmod(example_copy, 0o640)
    before = example_copy.read_text("utf-8")
    code, _, _ = run("check", "--fix", str(example_copy))
    assert code == 1
    assert victim.read_text() == "precious\n"  # the link's target is untouched
    assert planted.is_symlink()  # and the link is left as it was
    assert not example_copy.is_symlink()
    after = example_copy.read_text("utf-8")
    assert after != before and "Classification" in after
    assert os.stat(example_copy).st_mode & 0o777 == 0o640  # the list keeps its permissions
    leftovers = [p.name for p in example_copy.parent.iterdir() if p.name.endswith("-tmp")]
    assert leftovers == [planted.name]  # no temporary file left behind
    victim.unlink()


def test_fix_leaves_no_temporary_file_when_the_write_fails(
        example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    before = example_copy.read_bytes()
    code, _, err = run("check", "--fix", str(example_copy))
    assert code == 2
    assert err == (f"paperlist: error: {example_copy}: cannot write the fixed list "
                   "(Permission denied); it is unchanged\n")
    assert example_copy.read_bytes() == before
    assert sorted(p.name for p in example_copy.parent.iterdir()) == [".paperlist.yml",
                                                                      "README.md"]


def test_fix_where_no_file_can_be_created_is_exit_2(
        example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    before = example_copy.read_bytes()
    code, _, err = run("check", "--fix", str(example_copy))
    assert code == 2 and len(err.splitlines()) == 1
    assert "cannot write the fixed list (Read-only file system)" in err
    assert example_copy.read_bytes() == before


@pytest.mark.parametrize("with_config", [True, False])
def test_a_plain_check_imports_only_what_it_needs(with_config: bool, tmp_path: Path) -> None:
    """Start-up time: what a pre-commit hook's `check` does not use is not imported."""
    import shutil
    import subprocess
    import sys

    cwd = EXAMPLE_DIR
    if not with_config:  # the user's list as they keep it: no .paperlist.yml anywhere up
        cwd = tmp_path
        shutil.copyfile(EXAMPLE_DIR / "README.md", cwd / "README.md")
    code = (
        "import sys\n"
        "from bot.cli import main\n"
        "main(['check', '--exit-zero', 'README.md'])\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stderr.split())
    assert "lint_rules.engine" in loaded and "lint_rules.report.text" in loaded
    unwanted = {"jsonschema", "github", "requests", "urllib3", "difflib", "bot.review",
                "bot.digest", "lint_rules.links.http", "lint_rules.links.command",
                "lint_rules.report.sarif", "lint_rules.report.json", "lint_rules.fixer",
                "lint_rules.links", "email.utils", "tempfile", "importlib.resources", "shutil",
                "rapidfuzz"}
    if not with_config:
        unwanted |= {"yaml", "lint_rules.schema"}
    else:
        assert {"yaml", "lint_rules.schema"} <= loaded  # the config was read and validated
    assert unwanted & loaded == set()


def test_the_package_exports_its_public_api_lazily() -> None:
    import subprocess
    import sys

    import lint_rules

    for name in lint_rules.__all__:
        assert getattr(lint_rules, name) is not None
    with pytest.raises(AttributeError):
        _ = lint_rules.no_such_name
    code = "import sys, lint_rules; print('lint_rules.engine' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "False"  # importing the package loads none of the engine


def test_a_command_builds_only_its_own_parser_and_help_lists_them_all(
        capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import BOT_COMMANDS, add_bot_commands
    from lint_rules.cli import LINT_COMMANDS, build_parser, command_named

    everything = [*LINT_COMMANDS, *BOT_COMMANDS]
    assert command_named(["check", "README.md"], everything) == "check"
    assert command_named(["--help"], everything) is None
    assert command_named(["chek"], everything) is None
    for only in ("check", "review", "link-report"):
        _, sub = build_parser(only)
        add_bot_commands(sub, only)
        assert list(sub.choices) == [only]
    # The whole command line still behaves as one parser with every command.
    assert paperlist(["--help"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in everything)
    assert paperlist(["chek"]) == 2
    assert "invalid choice: 'chek' (choose from 'check', 'links'" in capsys.readouterr().err
    assert paperlist(["review", "--help"]) == 0
    assert "--event-path" in capsys.readouterr().out

"""Registry selection, inline suppression, severity overrides, config, docs and layering."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lint_rules.config import Config, parse_config_text
from lint_rules.docs import missing_sections, render_all
from lint_rules.engine import REGISTRY, check_text
from lint_rules.errors import ConfigError, UsageError
from lint_rules.findings import Severity

from ..conftest import ROOT

ENTRY = "- [ ] [Patch2Self](https://arxiv.org/pdf/2011.01355.pdf). NeurIPS 2020. \n"


def codes(selected) -> set[str]:
    return {r.code for r in selected}


def test_longest_selector_wins() -> None:
    assert codes(REGISTRY.select(["PL1"], ["PL109"])) == {
        r.code for r in REGISTRY if r.code.startswith("PL1")} - {"PL109"}
    assert codes(REGISTRY.select(["PL109"], ["PL1"])) == {"PL109"}
    assert codes(REGISTRY.select(["empty-link"])) == {"PL103"}
    with pytest.raises(UsageError):
        REGISTRY.select(["PL9"])


def test_rule_codes_and_names_are_unique_and_well_formed() -> None:
    import re

    for rule in REGISTRY:
        assert re.fullmatch(r"PL\d{3}", rule.code), rule
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule
        assert not rule.name.startswith("no-"), rule


@pytest.mark.parametrize("comment,suppressed", [
    ("<!-- paperlist-disable-next-line PL114 -->\n", {"PL114"}),
    ("<!-- paperlist-disable-next-line non-canonical-arxiv-link PL109 -->\n", {"PL114", "PL109"}),
    ("<!-- paperlist-disable-next-line -->\n", {"PL114", "PL109"}),
    ("<!-- paperlist-disable PL1 -->\n", {"PL114", "PL109"}),
    ("<!-- paperlist-disable PL114 -->\n<!-- paperlist-enable PL114 -->\n", set()),
    ("<!-- paperlist-disable-file PL109 -->\n", {"PL109"}),
])
def test_inline_suppression(comment: str, suppressed: set[str]) -> None:
    found = {f.code for f in check_text(comment + ENTRY) if f.line == comment.count("\n") + 1}
    assert {"PL114", "PL109"} - suppressed == found


def test_suppression_inside_code_blocks_is_ignored() -> None:
    text = "```\n<!-- paperlist-disable-file -->\n```\n" + ENTRY
    assert {f.code for f in check_text(text)} >= {"PL114", "PL109"}


def test_severity_override_from_config() -> None:
    config = parse_config_text(
        "rules:\n  severity:\n    PL114: error\n    trailing-whitespace: info\n")
    found = {f.code: f.severity for f in check_text(ENTRY, config=config)}
    assert found["PL114"] is Severity.ERROR and found["PL109"] is Severity.INFO


def test_config_select_and_ignore() -> None:
    config = parse_config_text("rules:\n  ignore: [PL109]\n")
    assert {f.code for f in check_text(ENTRY, config=config)} == {"PL114"}


@pytest.mark.parametrize("text,key,line", [
    ("list: README.md\nrule:\n  select: [PL1]\n", "rule", 2),
    ("sections:\n  require_venue: year\n", "sections.require_venue", 2),
    ("rules:\n  select: [PL1]\n  severity:\n    PL109: loud\n", "rules.severity.PL109", 4),
    ("list: 3\n", "list", 1),
])
def test_config_errors_name_key_and_line(text: str, key: str, line: int) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config_text(text, "cfg.yml")
    assert (err.value.key, err.value.line) == (key, line)
    assert str(err.value).startswith(f"cfg.yml:{line}: invalid config: `{key}`")


def test_errors_found_after_validation_name_the_line_too(tmp_path: Path) -> None:
    from lint_rules.engine import make_context

    config = parse_config_text(
        "list: README.md\nvenues:\n  prefer:\n    - TMI\n    - Journal of Nowhere\n", "cfg.yml")
    with pytest.raises(ConfigError) as err:
        make_context(config)
    assert (err.value.key, err.value.line) == ("venues.prefer[1]", 5)
    assert config.line_of("venues.prefer") == 3 and config.line_of("venues.nothing") == 2


def test_empty_config_means_defaults() -> None:
    assert parse_config_text("") == Config({}, ".paperlist.yml")


def test_example_config_is_valid() -> None:
    from lint_rules.config import load_config

    config = load_config(ROOT / "examples/self-supervised-medical-imaging/.paperlist.yml")
    assert config.get("list") == "README.md"


def test_readme_config_example_is_valid() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Configuration: `.paperlist.yml`", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    config = parse_config_text(example, "README.md")
    assert {"sections", "rules", "venues", "links", "digest"} <= set(config.data)


def test_every_rule_docstring_has_the_sections() -> None:
    for rule in REGISTRY:
        assert missing_sections(rule) == [], rule.code


def test_docs_rules_md_is_in_sync() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert committed == render_all(REGISTRY), (
        "docs/rules.md is stale: run `python -m lint_rules.docs docs/rules.md`")


def _imports(package: str) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[path] = names
    return found


def test_lint_rules_never_imports_bot_or_github() -> None:
    for path, names in _imports("lint_rules").items():
        roots = {n.split(".")[0] for n in names}
        assert not roots & {"bot", "github"}, path
        http = roots & {"requests", "httpx", "urllib3", "aiohttp", "http"}
        if http:
            assert path.parent.name == "links", (path, http)


def test_only_the_gateway_modules_import_pygithub() -> None:
    for path, names in _imports("bot").items():
        if any(n.split(".")[0] == "github" for n in names):
            assert path.parent.name == "github" and path.parent.parent.name == "bot", path

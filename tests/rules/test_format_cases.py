"""Data-driven cases for the PL1xx format rules (tests/rules/cases/format.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lint_rules.config import Config
from lint_rules.engine import REGISTRY, check_document, check_text, make_context
from lint_rules.fixer import fix_to_fixpoint
from lint_rules.parse import parse

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "format.yml").read_text("utf-8"))


def _ids(kind: str) -> list[tuple[str, int, dict]]:
    return [(code, i, case) for code, block in CASES.items()
            for i, case in enumerate(block.get(kind, []))]


def _case_id(value: object) -> str:
    return value if isinstance(value, str) else str(value) if isinstance(value, int) else ""


@pytest.mark.parametrize(("code", "index", "case"), _ids("fail"),
                         ids=_case_id)
def test_rule_fires(code: str, index: int, case: dict) -> None:
    config = Config(case.get("config") or {})
    findings = [f for f in check_text(case["text"], config=config, select=[code]) if f.code == code]
    assert sorted({f.line for f in findings}) == case["lines"], findings


@pytest.mark.parametrize(("code", "index", "case"), _ids("pass"),
                         ids=_case_id)
def test_rule_stays_quiet(code: str, index: int, case: dict) -> None:
    config = Config(case.get("config") or {})
    found = check_text(case["text"], config=config, select=[code])
    assert [f for f in found if f.code == code] == []


@pytest.mark.parametrize(("code", "index", "case"), [c for c in _ids("fail") if "fix" in c[2]],
                         ids=_case_id)
def test_rule_fix(code: str, index: int, case: dict) -> None:
    rules = REGISTRY.select([code])
    ctx = make_context(Config())

    def lint(text: str):
        doc = parse(text)
        return doc, check_document(doc, rules, ctx)

    result = fix_to_fixpoint(case["text"], lint, unsafe=True)
    assert result.text == case["fix"]
    assert [f for f in result.findings if f.code == code] == []


def test_every_format_rule_has_cases() -> None:
    codes = {r.code for r in REGISTRY if r.code.startswith("PL1")}
    assert codes <= set(CASES), sorted(codes - set(CASES))
    for code in codes:
        assert CASES[code].get("fail") and CASES[code].get("pass"), code

"""Run the YAML rule cases of one family: `fail` texts raise the rule on `lines`, `pass` texts
do not, `fix` is the text after every fix of the rule (safe and unsafe) to a fixpoint, and
`config` (optional) is the `.paperlist.yml` content the case runs with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from lint_rules.config import Config
from lint_rules.engine import REGISTRY, check_document, check_text, make_context
from lint_rules.findings import Finding
from lint_rules.fixer import fix_to_fixpoint
from lint_rules.parse import parse

CASES_DIR = Path(__file__).parent / "cases"


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((CASES_DIR / name).read_text("utf-8"))


def cases(data: dict[str, Any], kind: str) -> list[tuple[str, int, dict[str, Any]]]:
    return [(code, i, case) for code, block in data.items()
            for i, case in enumerate(block.get(kind, []))]


def case_id(value: object) -> str:
    return value if isinstance(value, str) else str(value) if isinstance(value, int) else ""


def findings(code: str, case: dict[str, Any]) -> list[Finding]:
    config = Config(case.get("config") or {})
    return [f for f in check_text(case["text"], config=config, select=[code]) if f.code == code]


def fixed(code: str, case: dict[str, Any]) -> tuple[str, list[Finding]]:
    config = Config(case.get("config") or {})
    rules = REGISTRY.select([code])
    ctx = make_context(config)

    def lint(text: str) -> tuple[Any, list[Finding]]:
        doc = parse(text, config)
        return doc, check_document(doc, rules, ctx)

    result = fix_to_fixpoint(case["text"], lint, unsafe=True)
    return result.text, [f for f in result.findings if f.code == code]


def docstring_examples(code: str) -> tuple[str, str]:
    """The `## Example` and `Use instead:` markdown blocks of a rule's docstring."""
    rule = REGISTRY.get(code)
    assert rule is not None, code
    doc = rule.doc()
    bad = doc.split("## Example", 1)[1].split("```markdown\n", 1)[1].split("```", 1)[0]
    good = doc.split("Use instead:", 1)[1].split("```markdown\n", 1)[1].split("```", 1)[0]
    return bad, good


# What the docstring examples assume of the list's config (PL204 needs its topics).
DOC_CONFIG = {"sections": {"topics": ["Segmentation"]}}


def check_docstring_examples(code: str) -> None:
    bad, good = docstring_examples(code)
    assert findings(code, {"text": bad, "config": DOC_CONFIG}), f"{code}: Example is quiet"
    assert not findings(code, {"text": good, "config": DOC_CONFIG}), f"{code}: Use instead fires"

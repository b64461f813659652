"""`--fix` never merges a list item into the line before (issue 12): a paper nested under another
keeps its own line, whatever the fixes around it."""

from __future__ import annotations

from lint_rules.config import Config
from lint_rules.engine import REGISTRY, check_document, make_context
from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.fixer import fix_to_fixpoint, merged_item
from lint_rules.model import Document
from lint_rules.parse import parse

NESTED = (
    "## 2020\n\n"
    "- [ ] [A paper on the first thing](https://arxiv.org/abs/2001.00001). NeurIPS 2020.\n"
    "  - [ ] [B paper on the second thing](https://arxiv.org/abs/2101.00002). MICCAI 2021.\n"
    "- [ ] [C paper on the third thing](https://arxiv.org/abs/2001.00003). NeurIPS 2020.\n"
)
RULES = REGISTRY.select()
CTX = make_context(Config())


def lint(text: str) -> tuple[Document, list[Finding]]:
    doc = parse(text)
    return doc, check_document(doc, RULES, CTX)


def test_an_entry_ends_at_its_nested_item() -> None:
    doc = parse(NESTED)
    a = doc.entries[0]
    assert a.title == "A paper on the first thing"
    assert a.venue_text == "NeurIPS 2020" and a.year == 2020
    assert [lk.url for lk in a.links] == ["https://arxiv.org/abs/2001.00001"]


def test_fix_with_unsafe_fixes_leaves_the_nested_paper_alone() -> None:
    result = fix_to_fixpoint(NESTED, lint, unsafe=True)
    assert result.text == NESTED
    assert not result.refused


def _fix_at(start: int, end: int, content: str) -> Fix:
    return Fix.safe("edit", Edit(start, end, content))


def test_an_edit_joining_an_item_to_the_line_before_is_refused() -> None:
    nl = NESTED.index("\n  - [ ] [B")
    assert merged_item(NESTED, _fix_at(nl, nl + 3, " ")) == nl + 1
    # Eating the venue's period, the line break and the marker: the merge.
    venue_end = NESTED.index("2020.\n  -") + 4
    assert merged_item(NESTED, _fix_at(venue_end, nl + 5, ". ")) is not None


def test_marker_changes_and_whole_line_deletions_are_not_merges() -> None:
    b = NESTED.index("  - [ ] [B")
    b_end = NESTED.index("\n", b) + 1
    assert merged_item(NESTED, _fix_at(b + 2, b + 3, "*")) is None  # another bullet
    assert merged_item(NESTED, _fix_at(b, b_end, "")) is None  # the whole line goes
    assert merged_item(NESTED, _fix_at(b - 1, b_end - 1, "")) is None  # …with the break before
    assert merged_item(NESTED, _fix_at(b + 8, b + 9, "b")) is None  # inside the item's text


def test_fixer_refuses_the_merging_fix_and_applies_the_others() -> None:
    nl = NESTED.index("\n  - [ ] [B")
    merge = Finding("PL999", "merge", Severity.WARNING, "m", 3, 1, 3, 2, nl, nl + 3,
                    _fix_at(nl, nl + 3, " "))
    first = NESTED.index("NeurIPS")
    harmless = Finding("PL998", "venue", Severity.WARNING, "m", 3, 1, 3, 2, first, first + 7,
                       _fix_at(first, first + 7, "NeurIPS"))
    calls = []

    def fake(text: str) -> tuple[Document, list[Finding]]:
        calls.append(text)
        return parse(text), ([merge, harmless] if len(calls) == 1 else [])

    result = fix_to_fixpoint(NESTED, fake)
    assert result.text == NESTED  # the harmless fix changes nothing; the merge never ran
    assert result.refused == [
        "the PL999 fix on line 3 would merge the list item on line 4 into the line before; "
        "it was not applied"]

"""Property tests: the parser never raises, and --fix is lossless and idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint_rules.config import Config
from lint_rules.engine import REGISTRY, check_document, make_context
from lint_rules.findings import Edit, Fix
from lint_rules.fixer import apply_edits, fix_to_fixpoint, papers
from lint_rules.parse import parse

RULES = REGISTRY.select()
CTX = make_context(Config())


def lint(text: str):
    doc = parse(text)
    return doc, check_document(doc, RULES, CTX)


titles = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="[]()\n\r`<>\\"),
    min_size=1, max_size=40,
).filter(lambda t: t.strip())
urls = st.sampled_from([
    "https://arxiv.org/abs/2101.05224", "https://arxiv.org/pdf/2010.05352.pdf",
    "http://proceedings.mlr.press/v126/hu20a.html", "", "htps://x.org/a", "arxiv.org/abs/1",
    "https://link.springer.com/chapter/10.1007/978-3-030-59710-8_46",
])
venues = st.sampled_from(["MICCAI 2020", "TMI", "arXiv", "NeurIPS 2020 ", "", "ISBI 2020..",
                          "Medical Image Analysis"])
tails = st.sampled_from(["", " ", "  ", "\u00a0", " [Code](https://github.com/a/b)",
                         " [[Code](https://github.com/a/b)]", ".", "\u200b"])
boxes = st.sampled_from(["[ ] ", "[x] ", ""])


@st.composite
def entry_lines(draw: st.DrawFn) -> str:
    title = draw(titles).replace("fi", draw(st.sampled_from(["fi", "ﬁ"])))
    venue = draw(venues)
    sep = draw(st.sampled_from([". ", " ", "", ".. "]))
    return f"- {draw(boxes)}[{title}]({draw(urls)}){sep if venue else ''}{venue}{draw(tails)}"


@st.composite
def paper_lists(draw: st.DrawFn) -> str:
    lines = ["# A list", ""]
    for year in draw(st.lists(st.sampled_from([2021, 2020, 2019]), min_size=1, max_size=3)):
        lines.append(draw(st.sampled_from([f"## {year}", f"## {year} ", f"##{year}"])))
        if draw(st.booleans()):
            lines.append("*Segmentation*")
        lines.extend(draw(st.lists(entry_lines(), min_size=1, max_size=5)))
        lines.append("")
    text = "\n".join(lines)
    return text if draw(st.booleans()) else text.rstrip("\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paper_lists())
def test_fix_is_lossless_and_idempotent(text: str) -> None:
    before, _ = lint(text)
    first = fix_to_fixpoint(text, lint)  # what `check --fix` applies
    after, _ = lint(first.text)
    # Only a repeat of an entry may go (duplicate-entry's safe fix removes the later copy of
    # an entry written the same way); every distinct paper stays.
    distinct = {(e.title.strip(), e.url) for e in before.entries}
    assert len(distinct) <= len(after.entries) <= len(before.entries)
    # Fixes change how titles are written (ligatures, quotes), never which papers are listed.
    assert set(papers(after)) == set(papers(before))
    second = fix_to_fixpoint(first.text, lint)
    assert second.text == first.text
    assert second.applied == 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parser_and_rules_never_raise_on_any_text(text: str) -> None:
    doc, findings = lint(text)
    assert all(f.code != "PL001" for f in findings), [f.message for f in findings]
    assert all(1 <= f.line <= max(doc.source.line_count, 1) + 1 for f in findings)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="[]()-*#!<>`\\ \nabc:/.x", max_size=200))
def test_parser_survives_bracket_soup(text: str) -> None:
    doc, findings = lint(text)
    assert all(f.code != "PL001" for f in findings)
    for e in doc.entries:
        assert 0 <= e.span.start <= e.span.end <= len(text)


def test_overlapping_edits_wait_for_the_next_pass() -> None:
    text = "abcdef"
    fixes = [Fix.safe("x", Edit(1, 4, "X")), Fix.safe("y", Edit(2, 5, "Y")),
             Fix.safe("z", Edit(5, 6, "Z"))]
    new, applied = apply_edits(text, fixes)
    assert (new, applied) == ("aXeZ", 2)


def test_a_pass_that_would_lose_an_entry_is_refused() -> None:
    text = "- [ ] [Alpha](https://a.org/1). arXiv.\n- [ ] [Beta](https://b.org/2). arXiv.\n"

    def lossy(t: str):
        doc = parse(t)
        if "Beta" not in t:
            return doc, []
        start = t.index("- [ ] [Beta]")
        from lint_rules.findings import Finding, Severity
        f = Finding("PL999", "x", Severity.WARNING, "m", 2, 1, 2, 1, start, len(t),
                    Fix.safe("drop", Edit.delete(start, len(t))))
        return doc, [f]

    result = fix_to_fixpoint(text, lossy)
    assert result.text == text and result.refused

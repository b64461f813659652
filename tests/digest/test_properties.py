"""Properties over arbitrary text: the query stays well-formed, the entry line stays one entry."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.arxiv.query import QuerySpec, build_search_query
from bot.digest.render import entry_line
from lint_rules.arxiv_atom import ArxivEntry
from lint_rules.config import Config
from lint_rules.parse import parse

terms = st.text(min_size=1, max_size=30).filter(lambda t: any(c.isalnum() for c in t))


def _balanced(query: str) -> bool:
    depth = 0
    in_phrase = False
    for ch in query:
        if ch == '"':
            in_phrase = not in_phrase
        elif not in_phrase and ch in "()":
            depth += 1 if ch == "(" else -1
            if depth < 0:
                return False
    return depth == 0 and not in_phrase


@settings(max_examples=150, deadline=None)
@given(st.lists(terms, min_size=1, max_size=5), st.lists(terms, max_size=3))
def test_query_is_balanced_for_any_terms(keywords, excluded):
    spec = QuerySpec.from_config({"keywords": keywords, "excluded": excluded})
    if spec.is_empty:
        return
    try:
        query = build_search_query(spec)
    except ValueError:
        return  # a term made only of quotes and parentheses is refused, not mangled
    assert _balanced(query)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=120).filter(lambda t: t.strip()))
def test_entry_line_parses_back_as_one_entry_with_the_arxiv_link(title):
    paper = ArxivEntry(
        id="2611.01234", version=1, title=" ".join(title.split()), summary="", authors=(),
        published=None, updated=None, primary_category="cs.CV", categories=(), doi=None,
        journal_ref=None, comment=None, abs_url="", pdf_url=None,
    )  # fmt: skip
    line = entry_line(paper)
    assert "\n" not in line
    doc = parse(f"# List\n\n## 2026\n{line}\n", Config())
    assert len(doc.entries) == 1
    assert doc.entries[0].arxiv_id == "2611.01234"
    assert doc.entries[0].venue == "arXiv"

"""The digest issue body: paste-ready entries, placement, explanation, marker, size limit."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from html import unescape

from markdown_it import MarkdownIt

from bot.digest.dedupe import parse_marker
from bot.digest.rank import Neighbour, Placement, Ranked
from bot.digest.render import (
    MAX_BODY,
    DigestSummary,
    Suggestion,
    entry_line,
    excerpt,
    iso_week,
    issue_title,
    prose,
    render_body,
)
from lint_rules.arxiv_atom import ArxivEntry
from lint_rules.model import Entry, Span

SUMMARY = DigestSummary(
    week="2026-W48",
    since=datetime(2026, 11, 17, tzinfo=UTC),
    until=datetime(2026, 11, 25, 23, 59, tzinfo=UTC),
    found=7,
    already_listed=2,
    suggested_before=1,
)
NEAR = Entry(
    line=12, end_line=12, span=Span(0, 1), style="checkbox", section=1,
    title="MoCo-CXR: MoCo Pretraining Improves Representation and Transferability of Chest X-ray "
    "Models", topic="Feature Learning",
)  # fmt: skip


def _paper(identifier: str = "2611.00001", title: str = "A [bracketed] <b>title</b>", **kw):
    values = dict(
        id=identifier, version=1, title=title,
        summary="First sentence about @alice and X-ray. Second sentence.",
        authors=("A", "B", "C", "D", "E"), published=datetime(2026, 11, 20, tzinfo=UTC),
        updated=None, primary_category="eess.IV", categories=("eess.IV",), doi=None,
        journal_ref=None, comment=None, abs_url="", pdf_url=None,
    )  # fmt: skip
    values.update(kw)
    return ArxivEntry(**values)


def _suggestion(paper: ArxivEntry) -> Suggestion:
    ranked = Ranked(paper, 0.61, 0.35, 1.0, ("self-supervised", "X-ray"), (Neighbour(NEAR, 0.46),))
    return Suggestion(ranked, Placement(2026, False, "Feature Learning"))


def test_iso_week_and_title():
    assert iso_week(date(2026, 11, 25)) == "2026-W48"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"  # ISO years differ from calendar years
    assert issue_title("2026-W48") == "arXiv digest 2026-W48"


def test_entry_line_is_paste_ready_and_escaped():
    assert entry_line(_paper()) == (
        "- [ ] [A \\[bracketed\\] &lt;b&gt;title&lt;/b&gt;]"
        "(https://arxiv.org/abs/2611.00001). arXiv."
    )
    assert entry_line(_paper("cs/0112017", "Old id")) == (
        "- [ ] [Old id](https://arxiv.org/abs/cs/0112017). arXiv."
    )


def test_excerpt_is_one_sentence_cut_at_a_word():
    assert excerpt("One. Two.") == "One."
    long = "word " * 100
    cut = excerpt(long, limit=50)
    assert cut.endswith(" …") and len(cut) <= 52 and "wor …" not in cut


def test_body_holds_marker_placement_authors_and_explanation():
    body = render_body(SUMMARY, [_suggestion(_paper())])
    assert parse_marker(body).ids == ("2611.00001",)
    assert "`## 2026` (new section) › topic *Feature Learning*" in body
    assert "**Authors:** A, B, C, D et al." in body
    assert "First sentence about @\u2060alice and X-ray." in body
    assert "Second sentence" not in body
    assert "MoCo-CXR: MoCo Pretraining" in body and "(0.46)" in body
    assert "keywords 1.00 (self-supervised, X-ray)" in body
    assert "Found 7; 2 already in the list, 1 suggested in earlier digests." in body


def test_warnings_are_shown():
    summary = replace(SUMMARY, warnings=("empty first page 3 times",))
    assert "> [!WARNING]\n> empty first page 3 times" in render_body(summary, [])


def test_body_stays_under_githubs_limit_and_marker_lists_only_shown_papers():
    huge = [_suggestion(_paper(f"2611.{i:05d}", "T" * 900, summary="S" * 3000)) for i in range(200)]
    body = render_body(SUMMARY, huge)
    assert len(body) <= MAX_BODY
    shown = parse_marker(body).ids
    assert 0 < len(shown) < 200
    assert all(f"abs/{i})" in body for i in shown)
    assert f"{200 - len(shown)} more left out" in body


# Every way an arXiv submitter could make our issue render something: issue 12's attack list.
HOSTILE = (
    "![x](https://evil.example/pixel.png) [Click here](https://evil.example/phish) "
    "<img src=https://evil.example/p.png> <a href='https://evil.example'>a</a> "
    "<https://evil.example/auto> https://evil.example/bare www.evil.example/w "
    "thanks @octocat &#64;hubot see #1, octo-lab/papers#2 and GH-3 "
    "**bold** `code` $\\alpha$ [ref]: https://evil.example"
)
_RENDERED_MENTION = re.compile(r"(?<![\w\u2060])@\w")
_RENDERED_REFERENCE = re.compile(r"(?<![\w\u2060])#\d|\w/\w+#\d|\bGH-\d", re.IGNORECASE)
_AUTOLINKED = re.compile(r"\b(?:https?://|www\.)", re.IGNORECASE)


def _html_and_text(markdown: str) -> tuple[str, str]:
    html = MarkdownIt("commonmark").render(markdown)
    text = unescape(re.sub(r"<[^>]+>", "", html))
    return html, text


def test_prose_renders_as_literal_text():
    html, text = _html_and_text(prose(HOSTILE))
    assert re.fullmatch(r"<p>[^<]*</p>\n", html), html  # no tag at all: no img, a, code, em
    assert not _RENDERED_MENTION.search(text) and not _RENDERED_REFERENCE.search(text)
    assert not _AUTOLINKED.search(text)  # GitHub autolinks bare URLs in text
    # …and a reader still sees what the submitter wrote.
    assert text.strip().replace("\u2060", "") == HOSTILE


def test_every_arxiv_field_of_a_suggestion_is_escaped():
    paper = _paper(
        title="Segment ![x](https://evil.example/t.png) @octocat #1",
        summary=HOSTILE,
        authors=("@octocat", "[Eve](https://evil.example)", "<b>Mallory</b>"),
        journal_ref="MICCAI 2026 #4 <img src=x>",
        comment="Code: https://evil.example/code, thanks @hubot, fixes owner/repo#5",
    )
    body = render_body(SUMMARY, [_suggestion(paper)])
    html, _ = _html_and_text(body)
    links = re.findall(r'<a href="([^"]*)"', html)
    assert links == ["https://arxiv.org/abs/2611.00001"]  # only the paste-ready entry's link
    assert "<img" not in html and "<b>" not in html
    prose_text = re.sub(r"<a href[^>]*>.*?</a>", "", html, flags=re.DOTALL)
    prose_text = unescape(re.sub(r"<[^>]+>", "", prose_text))
    assert not _RENDERED_MENTION.search(prose_text)
    assert not _RENDERED_REFERENCE.search(prose_text)
    assert not _AUTOLINKED.search(prose_text)
    assert "**Journal ref:** MICCAI 2026 #\u20604 &lt;img src=x&gt;" in body
    assert "**Comments:** Code: https\u2060://evil.example/code" in body


def test_entry_line_title_stays_inside_its_link_text():
    paper = _paper(title="Hi](https://evil.example) ![x](https://evil.example/p.png) \\")
    html, _ = _html_and_text(entry_line(paper))
    assert re.findall(r'<a href="([^"]*)"', html) == ["https://arxiv.org/abs/2611.00001"]
    assert "<img" not in html

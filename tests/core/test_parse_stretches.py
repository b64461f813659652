"""A long list is parsed a stretch at a time: the tokens, and so the document, are the same as
from one parse of the whole text."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from markdown_it.token import Token

from lint_rules.parse import _MD, _token_stretches, parse

from ..conftest import DATA, EXAMPLE_LIST

# The module, not the function the package exports under the same name.
parse_module = importlib.import_module("lint_rules.parse")
LISTS = [*sorted((DATA / "corpus").glob("*__*.md")), EXAMPLE_LIST]


def _fields(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [(t.type, t.tag, t.nesting, t.map, t.level, t.content, t.markup, t.info, t.hidden)
            for t in tokens]


def _stretched(text: str) -> list[list[Token]]:
    return list(_token_stretches(text))


@pytest.fixture
def short_stretches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_module, "STRETCH_LINES", 3)


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name[:30])
def test_real_lists_parse_the_same_in_stretches(path: Path, short_stretches: None) -> None:
    text = path.read_text("utf-8").replace("]:", "] :")  # reference definitions: parsed whole
    stretches = _stretched(text)
    assert len(stretches) > 3  # the lists really were cut
    assert _fields([t for s in stretches for t in s]) == _fields(_MD.parse(text))


BLOCKS_LEFT_OPEN = {
    # A fence whose closing line comes after a heading: the heading is code.
    "fence": "```\ncode\n\n## not a heading\n\n```\n",
    "tilde fence": "~~~~ python\n\n## not a heading\n~~~\n\n## still code\n~~~~\n",
    # An HTML comment that hides old sections, a common sight in awesome lists.
    "comment": "<!--\n## Old section\n\n## Another\n\n- [ ] [Paper](https://a.org)\n-->\n",
    "script": "<script>\n\n## not a heading\n</script>\n",
    # A closed fence, then a heading: cut there.
    "closed": "```\n## code\n```\n\n## a heading\n",
}


@pytest.mark.parametrize("name", list(BLOCKS_LEFT_OPEN))
def test_a_stretch_never_ends_inside_a_fence_or_an_html_block(name: str,
                                                              short_stretches: None) -> None:
    entries = "".join(f"- [ ] [Paper {i}](https://arxiv.org/abs/2101.{i:05d}). MICCAI 2021.\n"
                      for i in range(4))
    text = ("# List\n\n## 2021\n" + entries + "\n" + BLOCKS_LEFT_OPEN[name] + "\n## 2020\n"
            + entries + "\n## 2019\n" + entries + "\n## 2018\n" + entries)
    tokens = [t for s in _stretched(text) for t in s]
    assert _fields(tokens) == _fields(_MD.parse(text))
    headings = [t.content for t in tokens if t.type == "inline" and t.content[:1] in "12La"]
    assert headings[-3:] == ["2020", "2019", "2018"]
    # Past a block left open the rest is one piece; a closed one is cut after as usual.
    assert len(_stretched(text)) == (4 if name == "closed" else 1)


def test_reference_definitions_keep_the_text_whole(short_stretches: None) -> None:
    text = "".join(f"## {2000 + i}\n\n- [Paper][p{i}]\n\n" for i in range(10))
    text += "".join(f"[p{i}]: https://arxiv.org/abs/2101.{i:05d}\n" for i in range(10))
    assert len(_stretched(text)) == 1


def test_a_long_list_reads_the_same_whole_and_in_stretches(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = EXAMPLE_LIST.read_text("utf-8")
    whole = parse(text)
    monkeypatch.setattr(parse_module, "STRETCH_LINES", 4)
    cut = parse(text)
    assert len(_stretched(text)) > 3

    def shape(doc):  # type: ignore[no-untyped-def]
        return ([(e.line, e.end_line, e.title, e.url, e.venue_text, e.topic, e.section)
                 for e in doc.entries],
                [(s.title, s.line, s.end_line, s.kind, s.year) for s in doc.sections],
                [(c.line, c.reason) for c in doc.candidates], doc.opaque_lines,
                [(h.line, h.text) for h in doc.headings], doc.styles)

    assert shape(cut) == shape(whole) and len(whole.entries) == 45


# Lines that open, close or interrupt blocks in every way CommonMark has, for random documents.
POOL = ["## H", "# H", "### Sub", "", "", "", "```", "~~~", "```py", "````", "<!--", "-->",
        "<div>", "</div>", "<script>", "</script>", "- item", "  - nested", "> quote",
        "    code", "para text", "| a | b |", "|---|---|", "***", "- [ ] [T](u). V 2020.",
        "  ```", "<pre>", "</pre>", "<?php", "?>", "<![CDATA[", "]]>", "<!DOCTYPE html>",
        "1. one", "Setext", "===", "---", "#", "\t## tab", "<!-- c -->", "```` ~~~", "~~~ a`b",
        "``` a`b", "* star", "> ```", "- ```", "\t```", "   ```", "  ## indented", "<style>",
        "</style>"]


def test_random_documents_parse_the_same_in_stretches(short_stretches: None) -> None:
    import random

    rng = random.Random(13)
    cut = 0
    for _ in range(1500):
        text = "\n".join(rng.choice(POOL) for _ in range(rng.randint(5, 60))) + "\n"
        if rng.random() < 0.2:
            text = text.replace("\n", "\r\n")
        stretches = _stretched(text)
        cut += len(stretches) > 1
        assert _fields([t for s in stretches for t in s]) == _fields(_MD.parse(text)), text
    assert cut >= 40  # many were really cut (a block left open keeps the rest whole)

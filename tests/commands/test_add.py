"""`/paperlist add` without GitHub: placement and entries written in each style of list."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.commands.add import Adder
from bot.commands.entry import code_url_in
from bot.commands.parse import parse_command, ticked_ids
from bot.digest.dedupe import format_marker
from lint_rules.arxiv_atom import ArxivEntry
from lint_rules.config import Config
from lint_rules.parse import parse


def paper(identifier: str, title: str, journal_ref: str | None = None, year: int = 2022,
          comment: str | None = None, summary: str = "") -> ArxivEntry:
    return ArxivEntry(identifier, 1, title, summary, ("Ann Lee", "Bo Chen", "Cy Dee"),
                      datetime(year, 5, 1, tzinfo=UTC), None, "cs.CV", ("cs.CV",), None,
                      journal_ref, comment, f"https://arxiv.org/abs/{identifier}", None)


VISION = paper("2201.00009", "Contrastive image pretraining at scale", "CVPR 2022",
               comment="Code: https://github.com/x/y.")
SPEECH = paper("2203.00008", "Speech recognition with contrastive coding")
PAPERS = {p.id: p for p in (VISION, SPEECH)}

NESTED = """\
# List

## Vision
### 2021
- [ ] [Contrastive image features](https://arxiv.org/abs/2101.00001). CVPR 2021.
- [ ] [Masked image pretraining](https://arxiv.org/abs/2102.00001). ICCV 2021.

### 2020
- [ ] [Rotation image prediction](https://arxiv.org/abs/2001.00001). CVPR 2020.

## Speech
- [ ] [Speech recognition pretraining](https://arxiv.org/abs/2006.00001). NeurIPS 2020.
- [ ] [Speech contrastive coding](https://arxiv.org/abs/2007.00001). ICASSP 2021.
"""
TABLE = """\
# List

## Papers

| Title | Venue | Code |
| --- | --- | --- |
| [Contrastive features](https://arxiv.org/abs/2101.00001) | CVPR 2021 | [code](https://x.io) |
| [Masked image pretraining](https://arxiv.org/abs/2102.00001) | ICCV 2021 | |
| [Rotation image prediction](https://arxiv.org/abs/2001.00001) | CVPR 2020 | |
"""
TITLE_LINES = """\
# List

## Papers

- Contrastive image features.
  [[pdf]](https://arxiv.org/pdf/2101.00001)
  [[code]](https://github.com/a/b)
  - Ann Lee, Bo Chen. *CVPR 2021*
- Masked image pretraining.
  [[pdf]](https://arxiv.org/pdf/2102.00001)
  - Ann Lee, Bo Chen. *ICCV 2021*
- Rotation image prediction.
  [[pdf]](https://arxiv.org/pdf/2001.00001)
  - Cy Dee. *CVPR 2020*
"""
BOLD_YEAR = """\
# List

## Papers

- **Contrastive image features** (2021), A. Lee et al. [[pdf]](https://arxiv.org/pdf/2101.00001)
- **Masked image pretraining** (2021), B. Chen et al. [[pdf]](https://arxiv.org/pdf/2102.00001)
- **Rotation image prediction** (2020), C. Dee et al. [[pdf]](https://arxiv.org/pdf/2001.00001)
"""


def added_lines(before: str, after: str) -> list[str]:
    old = before.splitlines()
    return [ln for ln in after.splitlines() if ln not in old]


def test_years_below_topics_choose_the_topic_then_its_year():
    result = Adder(NESTED, Config()).add([VISION.id, SPEECH.id], PAPERS)
    assert [a.where for a in result.added] == ["`### 2022`", "`## Speech`"]
    doc = parse(result.text, Config())
    headings = [(s.title.strip(), s.level) for s in doc.sections]
    assert headings[1:5] == [("Vision", 2), ("2022", 3), ("2021", 3), ("2020", 3)]
    speech = next(e for e in doc.entries if e.arxiv_id == SPEECH.id)
    assert doc.sections[speech.section].title == "Speech"


def test_table_rows_keep_their_columns():
    result = Adder(TABLE, Config()).add([VISION.id, SPEECH.id], PAPERS)
    assert added_lines(TABLE, result.text) == [
        "| [Contrastive image pretraining at scale](https://arxiv.org/abs/2201.00009) | CVPR 2022"
        " | [code](https://github.com/x/y) |",
        "| [Speech recognition with contrastive coding](https://arxiv.org/abs/2203.00008) | arXiv"
        " 2022 | |",
    ]


def test_multi_line_entries_take_authors_and_the_lists_pdf_links():
    # A list that writes every venue with its year writes a preprint's too: `arXiv 2022`.
    result = Adder(TITLE_LINES, Config()).add([VISION.id, SPEECH.id], PAPERS)
    text = result.text
    assert ("- Speech recognition with contrastive coding.\n"
            "  [[pdf]](https://arxiv.org/pdf/2203.00008)\n"
            "  - Ann Lee, Bo Chen, Cy Dee. *arXiv 2022*") in text
    assert ("  [[code]](https://github.com/x/y)\n  - Ann Lee, Bo Chen, Cy Dee. *CVPR 2022*"
            in text)


def test_bold_year_entries_get_the_papers_year_and_short_authors():
    result = Adder(BOLD_YEAR, Config()).add([SPEECH.id], PAPERS)
    assert added_lines(BOLD_YEAR, result.text) == [
        "- **Speech recognition with contrastive coding** (2022), Ann Lee et al. "
        "[[pdf]](https://arxiv.org/pdf/2203.00008)"]


def test_checked_boxes_are_not_copied():
    text = ("# L\n\n## 2022\n- [x] [Contrastive image features](https://arxiv.org/abs/2201.00001)."
            " CVPR 2022.\n")
    result = Adder(text, Config()).add([VISION.id], PAPERS)
    assert added_lines(text, result.text)[0].startswith("- [ ] [Contrastive image pretraining")


@pytest.mark.parametrize(("body", "ids", "invalid"), [
    ("/paperlist add 2510.13768 arXiv:2510.14532v2, https://arxiv.org/abs/2101.05224",
     ("2510.13768", "2510.14532", "2101.05224"), ()),
    ("please\n/paperlist add 2510.13768 $(rm -rf ~) `x`", ("2510.13768",),
     ("$(rm", "-rf", "~)", "`x`")),
    ("/paperlist add", (), ()),
])
def test_commands_are_parsed_as_data(body, ids, invalid):
    command = parse_command(body)
    assert command is not None and command.name == "add"
    assert command.ids == ids and command.invalid == invalid


@pytest.mark.parametrize("body", ["> /paperlist add 2510.13768", "```\n/paperlist add 1\n```",
                                  "see /paperlist add 2510.13768"])
def test_quoted_or_inline_commands_are_not_commands(body):
    assert parse_command(body) is None


def test_ticked_ids_come_from_the_digest_marker_only():
    body = "\n".join([
        format_marker("2026-W48", ["2611.00001", "2611.00002"]),
        "- [x] [A](https://arxiv.org/abs/2611.00001). arXiv.",
        "- [ ] [B](https://arxiv.org/abs/2611.00002). arXiv.",
        "- [x] [Not suggested](https://arxiv.org/abs/2611.00099). arXiv.",
    ])
    assert ticked_ids(body) == ["2611.00001"]


def test_code_links_are_repositories_named_by_the_record():
    assert code_url_in("Code: https://github.com/a/b.git.", None) == "https://github.com/a/b"
    assert code_url_in(None, "see https://github.com/a") is None
    assert code_url_in("https://gitlab.com/g/p)") == "https://gitlab.com/g/p"


def test_a_section_that_writes_no_venue_gets_none():
    text = ("# L\n\n## Surveys\n"
            "- [ ] [A survey of image pretraining](https://arxiv.org/abs/2101.00001)\n"
            "- [ ] [A survey of contrastive image learning](https://arxiv.org/abs/2102.00001)\n"
            "- [ ] [A survey of image features](https://arxiv.org/abs/2103.00001)\n")
    survey = paper("2201.00007", "A survey of contrastive image pretraining", "CVPR 2022")
    result = Adder(text, Config()).add([survey.id], {survey.id: survey})
    assert added_lines(text, result.text) == [
        "- [ ] [A survey of contrastive image pretraining](https://arxiv.org/abs/2201.00007)"]


def test_a_topic_the_year_lacks_gets_its_subheading_in_the_configured_order():
    from lint_rules.config import load_config
    from tests.conftest import EXAMPLE_DIR, EXAMPLE_LIST

    config = load_config(EXAMPLE_DIR / ".paperlist.yml")
    text = EXAMPLE_LIST.read_text("utf-8")
    shape = paper("1905.00001", "Self-supervised discovery of anatomical shape landmarks in "
                  "cardiac MRI", "MICCAI 2019", year=2019)
    result = Adder(text, config).add([shape.id], {shape.id: shape})
    assert [a.where for a in result.added] == ["`## 2019` › Shape Analysis"]
    lines = result.text.splitlines()
    at = lines.index("*Shape Analysis*", lines.index("## 2019"))
    assert lines[at + 1].startswith("- [ ] [Self-supervised discovery of anatomical shape")
    assert lines[at + 2] == "" and lines[at + 3] == "*Others*"


def test_a_missing_year_section_is_added_in_the_lists_order_and_form():
    from lint_rules.config import load_config
    from tests.conftest import EXAMPLE_DIR, EXAMPLE_LIST

    config = load_config(EXAMPLE_DIR / ".paperlist.yml")
    text = EXAMPLE_LIST.read_text("utf-8")
    new = paper("2501.00004", "Masked autoencoders for CT segmentation", year=2025)
    result = Adder(text, config).add([new.id], {new.id: new})
    lines = result.text.splitlines()
    at = lines.index("## 2025")
    assert lines[at + 1] == ("- [ ] [Masked autoencoders for CT segmentation]"
                             "(https://arxiv.org/abs/2501.00004). arXiv.")
    assert lines[at + 2] == "" and lines[at + 3].rstrip() == "## 2021"
    assert result.added[0].where == "`## 2025`"


VENUE_PREFIX = """\
# List

## Papers

1. [CVPR 2021] **Contrastive image features** [[paper]](https://arxiv.org/abs/2101.00001)
2. [ICCV 2021] **Masked image pretraining** [[paper]](https://arxiv.org/abs/2102.00001)
3. [CVPR 2020] **Rotation image prediction** [[paper]](https://arxiv.org/abs/2001.00001)
"""
BOLD_BLOCK = """\
# List

## Papers

**Contrastive image features**<br>
*Ann Lee, Bo Chen*<br>
[1st Jan., 2021] [CVPR, 2021]<br>
[[Paper](https://arxiv.org/pdf/2101.00001.pdf)] [[GitHub](https://github.com/a/b)]<br>

**Masked image pretraining**<br>
*Cy Dee*<br>
[2nd Feb., 2021] [ICCV, 2021]<br>
[[Paper](https://arxiv.org/pdf/2102.00001.pdf)]<br>

**Rotation image prediction**<br>
*Cy Dee*<br>
[3rd Mar., 2020] [CVPR, 2020]<br>
[[Paper](https://arxiv.org/pdf/2001.00001.pdf)]<br>
"""


def test_ordered_lists_continue_their_numbering():
    result = Adder(VENUE_PREFIX, Config()).add([VISION.id, SPEECH.id], PAPERS)
    assert added_lines(VENUE_PREFIX, result.text) == [
        # The list has no code link to copy the form of: the common `[[Code](url)]`.
        "4. [CVPR 2022] **Contrastive image pretraining at scale** "
        "[[paper]](https://arxiv.org/abs/2201.00009) [[Code](https://github.com/x/y)]",
        "5. [arXiv 2022] **Speech recognition with contrastive coding** "
        "[[paper]](https://arxiv.org/abs/2203.00008)",
    ]


def test_bold_blocks_take_date_venue_and_authors_in_the_lists_forms():
    result = Adder(BOLD_BLOCK, Config()).add([SPEECH.id], PAPERS)
    assert result.refused == []
    assert ("**Speech recognition with contrastive coding**<br>\n*Ann Lee, Bo Chen, Cy Dee*<br>\n"
            "[1st May, 2022] [arXiv, 2022]<br>\n[[Paper](https://arxiv.org/pdf/2203.00008.pdf)]<br>"
            ) in result.text


def test_a_date_written_after_the_links_is_the_papers_date():
    text = ("# List\n\n## Papers\n\n"
            "**Contrastive image features** \\\n*A. Lee* \\\nCVPR 2021. "
            "[[Paper](https://arxiv.org/abs/2101.00001)] \\\n6 Dec 2021\n\n"
            "**Masked image pretraining** \\\n*B. Chen* \\\nICCV 2021. "
            "[[Paper](https://arxiv.org/abs/2102.00001)] \\\n10 Feb 2021\n")
    result = Adder(text, Config()).add([SPEECH.id], PAPERS)
    assert result.text.endswith(
        "**Speech recognition with contrastive coding** \\\n*Ann Lee, Bo Chen, Cy Dee* \\\n"
        "arXiv 2022. [[Paper](https://arxiv.org/abs/2203.00008)] \\\n1 May 2022\n")


def test_an_empty_year_heading_takes_the_paper_instead_of_a_second_one():
    text = ("# L\n\n## 2021\n- [ ] [Contrastive image features](https://arxiv.org/abs/2101.00001)."
            " CVPR 2021.\n\n## 2020\n\n## 2019\n- [ ] [Rotation image prediction]"
            "(https://arxiv.org/abs/1901.00001). CVPR 2019.\n")
    old = paper("2005.00005", "Jigsaw image pretraining", "CVPR 2020", year=2020)
    result = Adder(text, Config()).add([old.id], {old.id: old})
    lines = result.text.splitlines()
    assert lines.count("## 2020") == 1
    assert lines[lines.index("## 2020") + 1].startswith("- [ ] [Jigsaw image pretraining]")


def test_venues_take_the_lists_own_majority_spelling():
    text = ("# L\n\n## Papers\n"
            "- [ ] [Contrastive image features](https://arxiv.org/abs/2101.00001). Arxiv 2021.\n"
            "- [ ] [Masked image pretraining](https://arxiv.org/abs/2102.00001). Arxiv 2021.\n"
            "- [ ] [Rotation image prediction](https://arxiv.org/abs/2001.00001). CVPR 2020.\n")
    result = Adder(text, Config()).add([SPEECH.id], PAPERS)
    assert added_lines(text, result.text) == [
        "- [ ] [Speech recognition with contrastive coding](https://arxiv.org/abs/2203.00008). "
        "Arxiv 2022."]


def test_titles_cannot_break_the_markup():
    odd = paper("2204.00010", "A [bracketed] `code` title | with a pipe, @octocat and <b>html</b>")
    result = Adder(TABLE, Config()).add([odd.id], {odd.id: odd})
    row = added_lines(TABLE, result.text)[0]
    assert row.startswith("| [A \\[bracketed\\] \\`code\\` title \\| with a pipe, @octocat "
                          "and &lt;b&gt;html&lt;/b&gt;](https://arxiv.org/abs/2204.00010) |")
    doc = parse(result.text, Config())
    entry = next(e for e in doc.entries if e.arxiv_id == odd.id)
    assert entry.url == "https://arxiv.org/abs/2204.00010" and entry.venue_text == "arXiv 2022"

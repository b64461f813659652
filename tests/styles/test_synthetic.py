# ruff: noqa: E501  (the sample lists are real-length markdown lines)
"""A small list in each of the eight styles, a list mixing two styles, pinning, and graceful
degradation: every part of an entry is found at its exact offsets."""

from __future__ import annotations

import pytest

from lint_rules.config import Config
from lint_rules.model import Document, Entry, LinkRole
from lint_rules.parse import parse

CHECKBOX = """\
# Papers

## 2020
- [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://arxiv.org/abs/2010.00001). MICCAI 2020.
- [x] [Patch2Self: Denoising Diffusion MRI](https://arxiv.org/abs/2011.01355). NeurIPS 2020. [[Code](https://github.com/x/patch2self)]
- [ ] [Self-Path: Self-supervision for Pathology](https://ieeexplore.ieee.org/document/9343323). TMI.
"""

YEAR_LINK = """\
# Papers

## Segmentation
- [ ] [2020: Contrastive Rendering for Ultrasound Image Segmentation](https://arxiv.org/abs/2010.00001). MICCAI.
- [x] [2021 - Self-Path: Self-supervision for Pathology](https://ieeexplore.ieee.org/document/9343323) TMI
- [ ] [(2019) Models Genesis](https://arxiv.org/abs/1908.06912). MICCAI 2019. [[Code](https://github.com/x/mg)]
"""

VENUE_PREFIX = """\
# Papers

## Detection
1. [MICCAI 2020] **Contrastive Rendering for Ultrasound Image Segmentation** [[paper]](https://arxiv.org/abs/2010.00001) [[code]](https://github.com/x/cr)
2. [TMI 2021] [Self-Path: Self-supervision for Pathology](https://ieeexplore.ieee.org/document/9343323) [[code]](https://github.com/x/sp)

## Segmentation
- [[NeurIPS 2020](https://arxiv.org/abs/2011.01355)] Patch2Self: Denoising Diffusion MRI. [[code](https://github.com/x/p2s)]
- [[ISBI 2020](https://ieeexplore.ieee.org/document/9098559)] Leveraging Self-supervised Denoising for Image Segmentation.

## Synthesis
- **[CVPR'21]** Models Genesis [[paper]](https://arxiv.org/abs/1908.06912)
- **[MICCAI'19]** Self-supervised Feature Learning by Playing a Rubik's Cube [[paper]](https://arxiv.org/abs/1910.02241)
"""

BOLD_BLOCK = """\
# Papers

## Foundation models

**Segment Anything in Medical Images**<br>
*Jun Ma, Yuting He, Bo Wang*<br>
[24th Apr., 2023] [arXiv, 2023]<br>
[[Paper](https://arxiv.org/abs/2304.12306)] [[GitHub](https://github.com/bowang-lab/MedSAM)]<br>

**Towards Generalist Biomedical AI** \\
*Tao Tu, Shekoofeh Azizi* \\
[26th Jul., 2023] [Nature Medicine, 2023] \\
[[Paper](https://arxiv.org/abs/2307.14334)]

**MedCLIP: Contrastive Learning from Unpaired Medical Images and Text**<br>*Zifeng Wang, Jimeng Sun*<br>[18th Oct., 2022] [EMNLP, 2022]<br>[[Paper](https://arxiv.org/abs/2210.10163)]
"""

TITLE_LINES = """\
# Papers

## Theory
- A Theoretical Analysis of Contrastive Unsupervised Representation Learning.
  [[pdf]](https://arxiv.org/pdf/1902.09229.pdf)
  [[code]](https://github.com/x/theory)
  - Sanjeev Arora, Hrishikesh Khandeparkar, and Nikunj Saunshi. *ICML 2019*

- Understanding the Behaviour of Contrastive Loss.
  [[pdf]](https://arxiv.org/pdf/2012.09740.pdf)
  - Feng Wang and Huaping Liu. *CVPR 2021*.

- Predicting What You Already Know Helps: Provable Self-Supervised Learning.
  [[pdf]](https://arxiv.org/pdf/2008.01064.pdf)
  - Jason D. Lee, Qi Lei, Nikunj Saunshi, and Jiacheng Zhuo.
"""

TABLE = """\
# Papers

## 2020

| Venue | Paper | Authors | Date | Code |
|:-----:|-------|---------|------|------|
| MICCAI 2020 | [Contrastive Rendering for Ultrasound Image Segmentation](https://arxiv.org/abs/2010.00001) | H. Li et al. | 2020-09 | [code](https://github.com/x/cr) |
| TMI | **[Self-Path: Self-supervision for Pathology](https://ieeexplore.ieee.org/document/9343323)** | N. Koohbanani | 2021-01 | |
| NeurIPS 2020 | [Patch2Self: Denoising Diffusion MRI](https://arxiv.org/abs/2011.01355) | S. Fadnavis | 2020-11 | [GitHub](https://github.com/x/p2s) |
"""

TITLE_FIELDS = """\
# Papers

## Segmentation

**Contrastive Rendering for Ultrasound Image Segmentation**
- Paper: https://arxiv.org/abs/2010.00001
- Code: https://github.com/x/cr
- Venue: MICCAI 2020

**Self-Path: Self-supervision for Pathology**
- Paper: [IEEE](https://ieeexplore.ieee.org/document/9343323)
- Authors: N. Koohbanani, B. Unnikrishnan

- **Patch2Self: Denoising Diffusion MRI**
  - Paper: https://arxiv.org/abs/2011.01355
  - Code: https://github.com/x/p2s
"""

BOLD_YEAR = """\
# Papers

### Understanding
- **Distilling the knowledge in a neural network** (2015), G. Hinton et al. [[pdf]](http://arxiv.org/pdf/1503.02531)
- **Visualizing and understanding convolutional networks** (2014), M. Zeiler and R. Fergus [[pdf]](http://arxiv.org/pdf/1311.2901) [[code]](https://github.com/x/viz)
- Deep learning (Book, 2016), Goodfellow et al. [[html]](http://www.deeplearningbook.org/)
- Reducing the dimensionality of data with neural networks, G. Hinton and R. Salakhutdinov. [[pdf]](http://example.org/science.pdf)
"""

SAMPLES = {
    "checkbox": CHECKBOX, "year-link": YEAR_LINK, "venue-prefix": VENUE_PREFIX,
    "bold-block": BOLD_BLOCK, "title-lines": TITLE_LINES, "table": TABLE,
    "title-fields": TITLE_FIELDS, "bold-year": BOLD_YEAR,
}
COUNTS = {"checkbox": 3, "year-link": 3, "venue-prefix": 6, "bold-block": 3,
          "title-lines": 3, "table": 3, "title-fields": 3, "bold-year": 4}


def _spans_hold(doc: Document, e: Entry) -> None:
    text = doc.text
    assert e.title_span is not None and text[e.title_span.start:e.title_span.end] == e.title
    if e.url is not None:
        assert e.url_span is not None and text[e.url_span.start:e.url_span.end] == e.url
    if e.venue_text is not None:
        assert e.venue_span is not None
        assert text[e.venue_span.start:e.venue_span.end] == e.venue_text
    for lk in e.links:
        assert text[lk.url_span.start:lk.url_span.end] == lk.url
        assert e.span.start <= lk.span.start < lk.span.end <= e.span.end
    assert [lk.role for lk in e.links].count(LinkRole.PRIMARY) == (1 if e.url else 0)


@pytest.mark.parametrize("style", list(SAMPLES))
def test_each_style_is_detected_and_read_exactly(style: str) -> None:
    doc = parse(SAMPLES[style])
    assert len(doc.entries) == COUNTS[style]
    assert {e.style for e in doc.entries} == {style}
    assert {s.style for s in doc.sections if s.style} == {style}
    assert not doc.candidates
    for e in doc.entries:
        _spans_hold(doc, e)


@pytest.mark.parametrize("style", list(SAMPLES))
def test_pinning_a_style_reads_only_that_style(style: str) -> None:
    other = "checkbox" if style != "checkbox" else "bold-year"
    assert parse(SAMPLES[style], Config({"style": style})).entries
    assert all(e.style == other for e in parse(SAMPLES[style], Config({"style": other})).entries)


def test_year_link_moves_the_year_out_of_the_title() -> None:
    e1, e2, e3 = parse(YEAR_LINK).entries
    assert (e1.title, e1.year, e1.venue_text) == (
        "Contrastive Rendering for Ultrasound Image Segmentation", 2020, "MICCAI")
    assert (e2.title, e2.year, e2.venue_text, e2.checkbox) == (
        "Self-Path: Self-supervision for Pathology", 2021, "TMI", "x")
    assert (e3.title, e3.year) == ("Models Genesis", 2019)
    assert [lk.role for lk in e3.links] == [LinkRole.PRIMARY, LinkRole.EXTRA]


def test_venue_prefix_reads_all_three_forms() -> None:
    es = parse(VENUE_PREFIX).entries
    got = [(e.title, e.venue, e.year, e.url) for e in es]
    assert got[0] == ("Contrastive Rendering for Ultrasound Image Segmentation", "MICCAI", 2020,
                      "https://arxiv.org/abs/2010.00001")
    assert got[1][:3] == ("Self-Path: Self-supervision for Pathology", "TMI", 2021)
    assert got[2] == ("Patch2Self: Denoising Diffusion MRI", "NeurIPS", 2020,
                      "https://arxiv.org/abs/2011.01355")
    assert got[3][1:3] == ("ISBI", 2020)
    assert got[4] == ("Models Genesis", "CVPR", 2021, "https://arxiv.org/abs/1908.06912")
    assert es[0].links[1].role is LinkRole.EXTRA and es[2].links[1].url == "https://github.com/x/p2s"
    assert es[5].arxiv_id == "1910.02241"


def test_bold_block_reads_br_backslash_and_one_line_forms() -> None:
    es = parse(BOLD_BLOCK).entries
    assert [(e.venue, e.year, e.date) for e in es] == [
        ("arXiv", 2023, "24th Apr., 2023"), ("Nature Medicine", 2023, "26th Jul., 2023"),
        ("EMNLP", 2022, "18th Oct., 2022")]
    assert es[0].authors == "Jun Ma, Yuting He, Bo Wang"
    assert [lk.label for lk in es[0].links] == ["Paper", "GitHub"]
    assert es[2].title == "MedCLIP: Contrastive Learning from Unpaired Medical Images and Text"


def test_title_lines_reads_authors_and_venue_from_the_sub_item() -> None:
    es = parse(TITLE_LINES).entries
    assert es[0].title.endswith("Representation Learning")
    assert es[0].authors == "Sanjeev Arora, Hrishikesh Khandeparkar, and Nikunj Saunshi"
    assert (es[0].venue, es[0].year) == ("ICML", 2019)
    assert [lk.label for lk in es[0].links] == ["[pdf]", "[code]"]
    assert (es[1].venue, es[1].year) == ("CVPR", 2021)
    assert es[2].venue_text is None and es[2].authors and es[2].authors.endswith("Zhuo")


def test_table_columns_in_any_order() -> None:
    es = parse(TABLE).entries
    assert [(e.venue, e.year) for e in es] == [("MICCAI", 2020), ("TMI", 2021), ("NeurIPS", 2020)]
    assert es[0].authors == "H. Li et al." and es[0].date == "2020-09"
    assert es[1].title == "Self-Path: Self-supervision for Pathology"
    assert [lk.role for lk in es[2].links] == [LinkRole.PRIMARY, LinkRole.EXTRA]
    assert es[2].links[1].label == "GitHub"


def test_table_without_a_title_column_is_not_entries() -> None:
    doc = parse("# L\n\n## Stats\n\n| Year | Count |\n|---|---|\n| 2020 | 3 |\n")
    assert not doc.entries and not doc.candidates


def test_title_fields_reads_paragraph_and_item_titles() -> None:
    doc = parse(TITLE_FIELDS)
    es = doc.entries
    assert [e.title for e in es] == ["Contrastive Rendering for Ultrasound Image Segmentation",
                                     "Self-Path: Self-supervision for Pathology",
                                     "Patch2Self: Denoising Diffusion MRI"]
    assert (es[0].venue, es[0].year) == ("MICCAI", 2020)
    assert es[0].url == "https://arxiv.org/abs/2010.00001"
    assert es[0].links[1].role is LinkRole.EXTRA
    assert es[1].authors == "N. Koohbanani, B. Unnikrishnan"
    assert es[0].end_line == es[0].line + 3
    # Entry titles are not topics.
    assert not [t for t in doc.topics if t.name in {e.title for e in es}]
    assert all(e.topic is None for e in es)


def test_bold_year_reads_plain_and_yearless_titles() -> None:
    es = parse(BOLD_YEAR).entries
    assert [(e.year, e.authors) for e in es] == [
        (2015, "G. Hinton et al"), (2014, "M. Zeiler and R. Fergus"),
        (2016, "Goodfellow et al"), (None, "G. Hinton and R. Salakhutdinov")]
    assert es[2].title == "Deep learning"
    assert es[3].title == "Reducing the dimensionality of data with neural networks"


MIXED = CHECKBOX + "\n" + TITLE_LINES.replace("# Papers\n", "")


def test_a_list_mixing_two_styles_detects_each_section() -> None:
    doc = parse(MIXED)
    by_section = {s.title: s.style for s in doc.sections}
    assert by_section["2020"] == "checkbox" and by_section["Theory"] == "title-lines"
    assert doc.styles.count("checkbox") == 1 and doc.styles.count("title-lines") == 1
    assert len(doc.entries) == 6


MIXED_WITH_NOTES = """\
# Papers

Some intro text with a [link](https://example.org).

- A note about this list, no link at all
- Another note

## 2020
- **Distilling the knowledge in a neural network** (2015), G. Hinton et al. [[pdf]](http://arxiv.org/pdf/1503.02531)
- Theano: a framework, R. Al-Rfou et al.
- **Adam: A method for stochastic optimization** (2014), D. Kingma and J. Ba [[pdf]](http://arxiv.org/pdf/1412.6980)

## Contributing
- Fork the repository
- Add your paper [here](https://example.org/form)

## License
[![CC0](http://example.org/cc0.svg)](https://creativecommons.org/publicdomain/zero/1.0/)
"""


def test_text_fitting_no_style_is_reported_only_among_entries() -> None:
    doc = parse(MIXED_WITH_NOTES)
    assert len(doc.entries) == 2
    assert [(c.line, c.reason) for c in doc.candidates] == [
        (10, "has no year `(YYYY)` and no `[[pdf]](url)` link")]


HOUSEKEEPING = """\
# Papers

## 2020
- [ ] [Self-Supervised Representation Learning for Ultrasound Video](https://arxiv.org/abs/2003.00105). ISBI 2020.

## Contributing
- [ ] Fork this repository
- [ ] [Open a pull request](https://github.com/x/y/pulls)

## Table of Contents
- [2020](#2020)
- [ ] [Entry template](https://example.org/template)

## License
- [ ] [CC0](https://creativecommons.org/publicdomain/zero/1.0/)
"""


def test_contributing_contents_and_licence_sections_hold_no_entries() -> None:
    doc = parse(HOUSEKEEPING)
    assert [e.line for e in doc.entries] == [4]
    assert not doc.candidates
    assert [s.style for s in doc.sections] == ["", "checkbox", "", "", ""]


@pytest.mark.parametrize("prose", [
    "[Notice] This list is not maintained; see [the new one](https://example.org/list) instead.\n",
    "**Community**\n- Discord: https://discord.gg/example\n- Twitter: https://twitter.com/example\n",
    "**Note**<br>\nsee [the wiki](https://example.org/wiki) for the format\n",
    "- Add your paper [here](https://example.org/form)\n- Or open an issue\n",
    "- **2016** :  +60 citations or \"More Papers from 2016\"\n- **2015** :  +200 citations\n",
])
def test_prose_that_looks_a_little_like_entries_is_not_read_as_entries(prose: str) -> None:
    doc = parse(f"# A list\n\n## Notes\n\n{prose}")
    assert not doc.entries and not doc.candidates


def test_bracket_venue_paragraphs_are_entries() -> None:
    doc = parse("# A\n\n**[CVPR'21]** Models Genesis [[paper]](https://arxiv.org/abs/1908.06912)\n\n"
                "**[MICCAI'19]** Rubik's Cube [[paper]](https://arxiv.org/abs/1910.02241)\n")
    assert [(e.venue, e.year, e.style) for e in doc.entries] == [
        ("CVPR", 2021, "venue-prefix"), ("MICCAI", 2019, "venue-prefix")]


def test_the_schema_names_every_style() -> None:
    import json
    from importlib import resources

    from lint_rules.styles import STYLES

    schema = json.loads(resources.files("lint_rules").joinpath("data/config.schema.json")
                        .read_text("utf-8"))
    assert schema["properties"]["style"]["enum"] == [s.name for s in STYLES]


TABLE_PLAIN = """\
# Papers

## Reading list

| Year | Title | Link | Code |
|------|-------|------|------|
| 2020 | Contrastive Rendering for Ultrasound Image Segmentation | [arXiv](https://arxiv.org/abs/2010.00001) | [GitHub](https://github.com/x/cr) |
| 2021 | Self\\|Path: pipes escaped in a title | [PDF](https://example.org/sp.pdf) | |
"""


def test_table_with_a_plain_title_and_a_link_column() -> None:
    es = parse(TABLE_PLAIN).entries
    assert [(e.title, e.year, e.url) for e in es] == [
        ("Contrastive Rendering for Ultrasound Image Segmentation", 2020,
         "https://arxiv.org/abs/2010.00001"),
        ("Self\\|Path: pipes escaped in a title", 2021, "https://example.org/sp.pdf"),
    ]
    assert es[0].arxiv_id == "2010.00001" and es[0].venue_text is None
    assert [lk.role for lk in es[0].links] == [LinkRole.PRIMARY, LinkRole.EXTRA]


BROKEN = {
    "venue-prefix": ("- [MICCAI 2020] **A paper whose link was lost**\n", VENUE_PREFIX, "## Detection\n"),
    "bold-block": ("**A paper whose link was lost**<br>\nsee the proceedings<br>\n\n", BOLD_BLOCK,
                   "## Foundation models\n\n"),
    "title-lines": ("- A paper whose link was lost.\n", TITLE_LINES, "## Theory\n"),
    "bold-year": ("- Theano: A Python framework for fast computation, R. Al-Rfou et al.\n", BOLD_YEAR,
                  "### Understanding\n"),
}


@pytest.mark.parametrize("style", list(BROKEN))
def test_a_broken_entry_is_reported_among_entries_and_not_alone(style: str) -> None:
    broken, sample, heading = BROKEN[style]
    among = sample.replace(heading, heading + broken, 1)
    doc = parse(among)
    assert len(doc.entries) == COUNTS[style]
    assert [doc.source.line_text(c.line).strip() for c in doc.candidates] == [
        broken.splitlines()[0].strip()]
    alone = parse(f"# A list\n\n## Notes\n\n{broken}")
    assert not alone.entries and not alone.candidates

# ruff: noqa: E501  (the sample entries are real-length markdown lines)
"""Shapes real lists use that were misread or silently not read, with made-up entries in those
shapes: markers, paragraph entries, titles with date and venue on one line, title-fields variants,
news and datasets beside papers, acronyms before quoted titles, links inside table titles."""

from __future__ import annotations

import pytest

from lint_rules.engine import check_text
from lint_rules.findings import Severity
from lint_rules.model import SectionKind
from lint_rules.parse import parse


def _errors(text: str) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in check_text(text) if f.severity is Severity.ERROR]


@pytest.mark.parametrize("marker", [":star:", ":fire:", "🔥", "⭐️", "🆕", "[NEW]", "**[NEW]**", "(New)", "NEW!"])
def test_a_marker_before_or_after_the_title_keeps_the_entry(marker: str) -> None:
    text = ("## 2020\n"
            f"- [ ] {marker} [Contrastive learning of global and local features](https://arxiv.org/abs/2006.10511). NeurIPS 2020.\n"
            f"- [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224) {marker}. NeurIPS 2020.\n"
            f"- [ ] [Models Genesis](https://arxiv.org/abs/2004.07882). NeurIPS 2020. {marker}\n")
    doc = parse(text)
    assert [(e.title[:12], e.venue_text) for e in doc.entries] == [
        ("Contrastive ", "NeurIPS 2020"), ("Big Self-Sup", "NeurIPS 2020"),
        ("Models Genes", "NeurIPS 2020")]
    assert not doc.candidates and not doc.unread
    assert _errors(text) == []


def test_a_marker_before_a_bracketed_venue() -> None:
    text = ("## Papers\n"
            "- :fire: **[CVPR'24]** :star: Rethinking contrastive pretraining [[paper]](https://arxiv.org/abs/2401.00001)\n"
            "- [MICCAI 2020] **Self-supervised anatomical embeddings** [[paper]](https://arxiv.org/abs/2012.02383)\n")
    doc = parse(text)
    assert [(e.title, e.venue_text) for e in doc.entries] == [
        ("Rethinking contrastive pretraining", "CVPR'24"),
        ("Self-supervised anatomical embeddings", "MICCAI 2020")]


def test_paragraph_entries_with_a_tag_line_are_read() -> None:
    text = ("# A list\n## Segmentation\n"
            "Contrastive learning of global and local features for medical image segmentation  \n"
            "🕝 **[NeurIPS'20]** **[[PDF]](https://arxiv.org/abs/2006.10511)** **[[Code]](https://github.com/a/b)**\n\n"
            "Models Genesis: Generic Autodidactic Models for 3D Medical Image Analysis  \n"
            "🕝 **[MedIA'21]** **[[PDF]](https://arxiv.org/abs/2004.07882)**\n\n"
            "This list is kept by our lab; see\n[our site](https://example.org) for more.\n")
    doc = parse(text)
    assert [(e.style, e.venue_text, e.year, e.arxiv_id) for e in doc.entries] == [
        ("title-tags", "NeurIPS'20", 2020, "2006.10511"),
        ("title-tags", "MedIA'21", 2021, "2004.07882")]
    assert doc.entries[0].title == "Contrastive learning of global and local features for medical image segmentation"
    assert not doc.unread


def test_bold_title_with_date_and_venue_on_its_line() -> None:
    text = ("## Medical\n"
            "**Self-supervised learning for medical image analysis.** [20th Nov., 2020] [BIBM, 2020].<br>\n"
            "*A. Author, B. Author*<br>\n"
            "[[PDF](https://arxiv.org/abs/2011.00001)] [[Github](https://github.com/a/b)]\n")
    (entry,) = parse(text).entries
    assert (entry.title, entry.date, entry.venue_text, entry.authors) == (
        "Self-supervised learning for medical image analysis", "20th Nov., 2020", "BIBM, 2020",
        "A. Author, B. Author")


def test_title_fields_variants() -> None:
    text = ("## Pathology\n"
            "**1. Self-Path: Self-supervision for Classification of Pathology Images**\n"
            "- 作者: A. Author\n"
            "- Paper(Oral): https://ieeexplore.ieee.org/document/9343323\n"
            "- Code: https://github.com/x/y\n\n"
            "**2. Another paper on contrastive segmentation of organs**\n"
            "- Paper: None\n"
            "- Code: https://github.com/x/z\n")
    doc = parse(text)
    assert [(e.title, e.url) for e in doc.entries] == [
        ("Self-Path: Self-supervision for Classification of Pathology Images",
         "https://ieeexplore.ieee.org/document/9343323"),
        ("Another paper on contrastive segmentation of organs", "None")]
    # The placeholder is the error, nothing else.
    assert _errors(text) == [(8, "PL103")]


@pytest.mark.parametrize("placeholder", ["#", "TBD", "coming soon"])
def test_placeholder_links_are_errors(placeholder: str) -> None:
    text = ("## 2020\n"
            f"- [ ] [A paper whose link is to come]({placeholder}). MICCAI 2020.\n"
            "- [ ] [Models Genesis](https://arxiv.org/abs/2004.07882). MICCAI 2020.\n")
    assert _errors(text) == [(2, "PL103")]


def test_news_and_datasets_beside_papers_are_not_papers() -> None:
    text = ("# A list\n## News\n"
            "* [24.1] We released the [code](https://github.com/a/b) of our paper.\n"
            "* [23.12] Our survey was accepted.\n"
            "## Papers\n"
            "- [ ] [Models Genesis](https://arxiv.org/abs/2004.07882). MedIA 2021.\n"
            "- [ ] [Big Self-Supervised Models](https://arxiv.org/abs/2101.05224). ICCV 2021.\n"
            "## Datasets\n"
            "- [ ] [BraTS](https://www.med.upenn.edu/cbica/brats/). MICCAI 2020.\n"
            "- [ ] [Models Genesis](https://arxiv.org/abs/2004.07882). MedIA 2021.\n")
    doc = parse(text)
    assert [e.title for e in doc.entries if doc.section_of(e).title == "News"] == []
    kinds = {s.title: s.kind for s in doc.sections}
    assert kinds["Papers"] is SectionKind.PAPERS and kinds["Datasets"] is SectionKind.RESOURCES
    # A dataset page that shares a paper's link is not a duplicate paper.
    assert _errors(text) == []


def test_an_acronym_before_a_quoted_title() -> None:
    text = ("## Methods\n"
            '- **MoCo**: "Momentum Contrast for Unsupervised Visual Representation Learning", CVPR, 2020. [[paper]](https://arxiv.org/abs/1911.05722)\n'
            '- **SimCLR**: "A Simple Framework for Contrastive Learning of Visual Representations", ICML, 2020. [[paper]](https://arxiv.org/abs/2002.05709)\n')
    assert [e.title for e in parse(text).entries] == [
        "Momentum Contrast for Unsupervised Visual Representation Learning",
        "A Simple Framework for Contrastive Learning of Visual Representations"]


def test_a_table_title_keeps_no_link_markup() -> None:
    text = ("| Title | Venue | Code |\n|---|---|---|\n"
            "| Momentum Contrast for Unsupervised Visual Representation Learning [(paper)](https://arxiv.org/abs/1911.05722) | CVPR 2020 | [code](https://github.com/a/b) |\n")
    (entry,) = parse(text).entries
    assert (entry.title, entry.url) == (
        "Momentum Contrast for Unsupervised Visual Representation Learning",
        "https://arxiv.org/abs/1911.05722")


def test_trailing_whitespace_is_info_and_keeps_hard_breaks() -> None:
    text = ("**A paper on contrastive learning**  \n*A. Author*  \n"
            "[[Paper](https://arxiv.org/abs/2006.10511)] \n\nplain paragraph   \n\n")
    found = [f for f in check_text(text) if f.code == "PL109"]
    assert [f.line for f in found] == [3, 5]
    assert all(f.severity is Severity.INFO for f in found)
    # Spaces after a backslash: removing them would make the backslash a hard break.
    assert [f.line for f in check_text("a line \\  \nnext line\n", select=["PL109"])] == []


def test_a_checkbox_paper_nested_under_another_is_an_entry_of_its_own() -> None:
    text = ("## 2020\n"
            "- [ ] [Paper A about contrastive things](https://arxiv.org/abs/2001.00001). NeurIPS 2020. [[Code](https://github.com/a/b)]\n"
            "  - [ ] [Paper B about other things](https://arxiv.org/abs/2002.00002). MICCAI 2020.\n"
            "- [ ] [Paper C about more things](https://arxiv.org/abs/2003.00003). ICML 2020.\n"
            "  - A note about C, with a [link](https://example.org).\n")
    doc = parse(text)
    assert [(e.line, e.end_line, e.venue_text, len(e.links)) for e in doc.entries] == [
        (2, 2, "NeurIPS 2020", 2), (3, 3, "MICCAI 2020", 1), (4, 5, "ICML 2020", 1)]
    assert _errors(text) == []


def test_a_title_lines_paper_indented_under_another_is_an_entry_of_its_own() -> None:
    text = ("## Others\n"
            "- Self-Supervised Learning via Conditional Motion Propagation.\n"
            "  [[pdf]](https://arxiv.org/abs/1903.11412)\n"
            "  - Xiaohang Zhan, Xingang Pan. *CVPR 2019*\n"
            "   - Self-supervised visual feature learning with deep neural networks: A survey.\n"
            "   [[pdf]](https://arxiv.org/abs/1902.06162)\n"
            "   - Longlong Jing, Yingli Tian\n")
    doc = parse(text)
    assert [(e.line, e.end_line, e.arxiv_id) for e in doc.entries] == [
        (2, 4, "1903.11412"), (5, 6, "1902.06162")]

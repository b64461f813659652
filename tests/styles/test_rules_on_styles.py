# ruff: noqa: E501  (the sample entries are real-length markdown lines)
"""The paper-aware rules (duplicates, venues, placement, links) read every style: the same four
papers, written in each style under `## 2020`, give the same findings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lint_rules.engine import check_text
from lint_rules.parse import parse

PAPERS = [
    ("Self-Supervised Contrastive Video-Speech Representation Learning for Ultrasound", "https://arxiv.org/abs/2008.06607", "MICCAI 2020"),
    ("Contrastive learning of global and local features for medical image segmentation", "https://arxiv.org/abs/2006.10511", "Neurips 2020"),
    ("Self-Supervised Representation Learning for Ultrasound Video", "https://arxiv.org/abs/2003.00105", "ISBI 2019"),
    # The first paper again, through its PDF link.
    ("Self-Supervised Contrastive Video-Speech Representation Learning for Ultrasound", "https://arxiv.org/pdf/2008.06607.pdf", "MICCAI 2020"),
    # The list's own spelling of NeurIPS, which the `Neurips` above is held to.
    ("Big Self-Supervised Models Advance Medical Image Classification", "https://arxiv.org/abs/2101.05224", "NeurIPS 2020"),
    ("Models Genesis: Generic Autodidactic Models for 3D Medical Image Analysis", "https://arxiv.org/abs/1908.06912", "NeurIPS 2020"),
]


def _year(venue: str) -> str:
    return venue.split()[-1]


WRITE: dict[str, Callable[[str, str, str], str]] = {
    "checkbox": lambda t, u, v: f"- [ ] [{t}]({u}). {v}.\n",
    "year-link": lambda t, u, v: f"- [ ] [{_year(v)}: {t}]({u}). {v}.\n",
    "venue-prefix": lambda t, u, v: f"- [{v}] **{t}** [[paper]]({u})\n",
    "bold-block": lambda t, u, v: f"**{t}**<br>\n*A. Author*<br>\n[1st Jan., {_year(v)}] [{v}]<br>\n[[Paper]({u})]\n\n",
    "title-lines": lambda t, u, v: f"- {t}.\n  [[pdf]]({u})\n  - A. Author. *{v}*\n",
    "table": lambda t, u, v: f"| [{t}]({u}) | {v} |\n",
    "title-fields": lambda t, u, v: f"**{t}**\n- Paper: {u}\n- Venue: {v}\n\n",
    "bold-year": lambda t, u, v: f"- **{t}** ({_year(v)}), A. Author et al. [[pdf]]({u})\n",
}


def _list(style: str) -> str:
    body = "".join(WRITE[style](*p) for p in PAPERS)
    if style == "table":
        body = "| Paper | Venue |\n|---|---|\n" + body
    return f"# Papers\n\n## 2020\n\n{body}"


@pytest.mark.parametrize("style", list(WRITE))
def test_duplicates_venues_placement_and_links_on_every_style(style: str) -> None:
    text = _list(style)
    entries = parse(text).entries
    assert [e.style for e in entries] == [style] * len(PAPERS)
    by_entry: list[set[str]] = [set() for _ in entries]
    for f in check_text(text):
        for i, e in enumerate(entries):
            if e.line <= f.line <= e.end_line:
                by_entry[i].add(f.code)
    _, alias, misplaced, dup, *_ = by_entry
    assert "PL301" in dup  # the same arXiv paper twice, through its PDF link
    # A link labelled `pdf` keeps its PDF; other labels are pointed at the abstract page.
    assert ("PL114" in dup) is ("[[pdf]]" not in text)
    if style == "bold-year":
        return  # this style writes no venue
    assert "PL401" in alias  # `Neurips` for `NeurIPS`
    assert "PL202" in misplaced  # a 2019 venue under `## 2020`

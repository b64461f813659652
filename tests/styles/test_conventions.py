# ruff: noqa: E501  (the sample lists are real-length markdown lines)
"""House conventions (PL6xx): learned from the list's majority, silent on a consistent list,
and fixed to the majority form."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_rules.config import Config
from lint_rules.conventions import Observation, Thresholds, establish, rewrite_arxiv
from lint_rules.engine import check_text
from lint_rules.findings import Applicability, Finding
from lint_rules.fixer import apply_edits
from lint_rules.model import Span
from tests.conftest import EXAMPLE_LIST
from tests.styles.test_corpus import XMINDFLOW
from tests.styles.test_synthetic import SAMPLES


def _pl6(text: str, config: Config | None = None) -> list[Finding]:
    return [f for f in check_text(text, config=config) if f.code.startswith("PL6")]


@pytest.mark.parametrize("path", [EXAMPLE_LIST, XMINDFLOW], ids=["user", "xmindflow"])
def test_a_consistent_real_list_gets_no_convention_finding(path: Path) -> None:
    assert _pl6(path.read_text("utf-8")) == []


@pytest.mark.parametrize("style", list(SAMPLES))
def test_the_consistent_synthetic_lists_get_no_convention_finding(style: str) -> None:
    assert _pl6(SAMPLES[style]) == []


def _fixed(text: str, finding: Finding) -> str:
    assert finding.fix is not None
    return apply_edits(text, [finding.fix])[0]


THOMHERT_LIKE = """\
# Papers

## Theory
- A Theoretical Analysis of Contrastive Unsupervised Representation Learning.
  [[pdf]](https://arxiv.org/pdf/1902.09229.pdf)
  - Sanjeev Arora and Nikunj Saunshi. *ICML 2019*
- Understanding the Behaviour of Contrastive Loss.
  [[pdf]](https://arxiv.org/pdf/2012.09740.pdf)
  - Feng Wang and Huaping Liu. *CVPR 2021*
- Predicting What You Already Know Helps: Provable Self-Supervised Learning.
  [[pdf]](https://arxiv.org/pdf/2008.01064.pdf)
  - Jason D. Lee and Qi Lei. *Zorblax Symposium 2020*
- Contrastive learning, multi-view redundancy, and linear models.
  [[pdf]](https://arxiv.org/pdf/2008.10150)
  - Christopher Tosh and Daniel Hsu. *Zorblax symposium 2021*.
- Understanding Self-supervised Learning with Dual Deep Networks.
  [[PDF]](https://arxiv.org/pdf/2010.00578.pdf)
  - Yuandong Tian and Surya Ganguli. *Zorblax Symposium 2021*
- Representation Learning: A Review and New Perspectives
  [[pdf]](https://arxiv.org/pdf/1206.5538.pdf)
  - Yoshua Bengio and Pascal Vincent. *Zorblax Symposium 2013*
"""


def test_each_break_of_the_majority_is_found_and_fixed_to_it() -> None:
    found = {f.code: f for f in _pl6(THOMHERT_LIKE)}
    assert set(found) == {"PL601", "PL602", "PL604", "PL605"}, [f.message for f in found.values()]

    spelling = found["PL601"]
    assert spelling.line == 15 and "`Zorblax symposium`" in spelling.message
    assert "*Zorblax Symposium 2021*." in _fixed(THOMHERT_LIKE, spelling)

    label = found["PL602"]
    assert label.line == 17 and "`PDF`" in label.message
    assert "[[pdf]](https://arxiv.org/pdf/2010.00578.pdf)" in _fixed(THOMHERT_LIKE, label)

    arxiv = found["PL605"]
    assert arxiv.line == 14 and "arxiv.org/pdf/ID.pdf" in arxiv.message
    assert "(https://arxiv.org/pdf/2008.10150.pdf)" in _fixed(THOMHERT_LIKE, arxiv)

    periods = [f for f in _pl6(THOMHERT_LIKE) if f.code == "PL604"]
    assert [(f.line, f.fix and f.fix.title) for f in periods] == [
        (15, "Remove the period"), (19, "Add the period")]
    fixed = THOMHERT_LIKE
    for f in sorted(periods, key=lambda f: -f.start):
        fixed = _fixed(fixed, f)
    assert "*Zorblax symposium 2021*\n" in fixed
    assert "Review and New Perspectives.\n" in fixed


JOURNALS = """\
# Papers

## 2021
- [ ] [SMORE: A Self-Supervised Anti-Aliasing and Super-Resolution Algorithm for MRI](https://ieeexplore.ieee.org/document/9253710). TMI 2021.
- [ ] [Interpretability-Driven Sample Selection Using Self Supervised Learning](https://ieeexplore.ieee.org/document/9361645). TMI.
- [ ] [Transferable Visual Words](https://ieeexplore.ieee.org/document/9359803). TMI.
- [ ] [A novel multiple instance learning framework for COVID-19 severity assessment](https://www.sciencedirect.com/science/article/pii/S1361841521000244). Medical Image Analysis.
- [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224). MICCAI 2021.
"""


def test_a_journal_year_against_the_list_convention_is_flagged_with_an_unsafe_fix() -> None:
    (finding,) = _pl6(JOURNALS)
    assert finding.code == "PL603" and finding.line == 4
    assert "`TMI 2021`" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "9253710). TMI.\n" in _fixed(JOURNALS, finding)


def test_journals_with_years_ask_for_the_section_year() -> None:
    text = (JOURNALS.replace("TMI.", "TMI 2021.")
            .replace("Medical Image Analysis.", "Medical Image Analysis 2021.")
            .replace("9359803). TMI 2021.", "9359803). TMI."))
    (finding,) = _pl6(text)
    assert finding.line == 6 and "has no year" in finding.message
    assert "9359803). TMI 2021.\n" in _fixed(text, finding)


def test_an_even_split_is_no_convention() -> None:
    seen = [Observation(None, form, Span(0, 0))  # type: ignore[arg-type]
            for form in ("Code", "Code", "code", "code")]
    assert establish("label", seen, Thresholds()) is None
    assert establish("label", seen[:3], Thresholds(min_share=0.6, min_count=2)) is not None


def test_thresholds_come_from_the_config() -> None:
    strict = Config({"conventions": {"min_share": 0.95}})
    assert _pl6(THOMHERT_LIKE, strict) == []


def test_the_schema_accepts_the_conventions_keys() -> None:
    import json
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("lint_rules").joinpath("data/config.schema.json")
                        .read_text("utf-8"))
    jsonschema.validate({"conventions": {"min_share": 0.8, "min_count": 4}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"conventions": {"min_share": 0.4}}, schema)


def test_rewrite_arxiv_keeps_scheme_and_version() -> None:
    assert rewrite_arxiv("http://arxiv.org/pdf/1703.06211v2.pdf", "pdf") == \
        "http://arxiv.org/pdf/1703.06211v2"
    assert rewrite_arxiv("https://arxiv.org/pdf/1904.13132", "pdf.pdf") == \
        "https://arxiv.org/pdf/1904.13132.pdf"
    assert rewrite_arxiv("https://arxiv.org/abs/1904.13132", "pdf") is None

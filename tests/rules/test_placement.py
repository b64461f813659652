"""PL2xx placement rules: YAML cases (tests/rules/cases/placement.yml) and the user's list."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lint_rules.config import Config
from lint_rules.engine import REGISTRY, check_text
from tests.conftest import EXAMPLE_LIST

from .casefile import case_id, cases, check_docstring_examples, findings, fixed, load

CASES = load("placement.yml")
USER_LIST = EXAMPLE_LIST
EXAMPLE = Path(__file__).parents[2] / "examples" / "self-supervised-medical-imaging"


@pytest.mark.parametrize(("code", "index", "case"), cases(CASES, "fail"), ids=case_id)
def test_placement_rule_fires(code, index, case):
    assert sorted({f.line for f in findings(code, case)}) == case["lines"]


@pytest.mark.parametrize(("code", "index", "case"), cases(CASES, "pass"), ids=case_id)
def test_placement_rule_stays_quiet(code, index, case):
    assert findings(code, case) == []


@pytest.mark.parametrize(("code", "index", "case"),
                         [c for c in cases(CASES, "fail") if "fix" in c[2]], ids=case_id)
def test_placement_rule_fix(code, index, case):
    text, remaining = fixed(code, case)
    assert text == case["fix"]
    assert len(remaining) == len(case["lines"]) - 1  # only the typo had a fix


def test_every_placement_rule_has_cases():
    codes = {r.code for r in REGISTRY if r.code.startswith("PL2")}
    assert codes == {"PL201", "PL202", "PL203", "PL204", "PL205"} and codes <= set(CASES)


def _user_list() -> tuple[str, Config]:
    text = (EXAMPLE / "README.md").read_text("utf-8") if (EXAMPLE / "README.md").exists() \
        else USER_LIST.read_text("utf-8")
    config = yaml.safe_load((EXAMPLE / ".paperlist.yml").read_text("utf-8")) \
        if (EXAMPLE / ".paperlist.yml").exists() else {}
    return text, Config(config)


def test_users_list_moco_cxr_preprint_under_2021_is_the_only_placement_finding():
    text, config = _user_list()
    found = check_text(text, config=config, select=["PL2"])
    assert [(f.code, f.line) for f in found] == [("PL203", 12)]
    (moco,) = found
    assert moco.severity == "warning"
    assert moco.message == ("arXiv preprint `2010.05352` is from 2020 but sits under `## 2021`; "
                            "file it under 2020, or name the venue that published it in 2021")


def test_venue_year_mismatch_names_the_right_section():
    text = ("## 2020\n- [ ] [How to Learn from Unlabeled Volume Data](https://link.springer.com/"
            "chapter/10.1007/978-3-030-32226-7_72). MICCAI 2019.\n## 2019\n"
            "- [ ] [Rubik](https://link.springer.com/chapter/10.1007/978-3-030-32251-9_46). "
            "MICCAI 2019.\n")
    (f,) = check_text(text, select=["PL202"])
    assert f.severity == "warning" and f.fix is None
    assert f.message == ("Venue `MICCAI 2019` is from 2019 but the entry is under `## 2020`; "
                         "move it to `## 2019` (line 3)")
    assert f.related_lines == (3,)
    without_2019 = text.split("## 2019")[0] + "## 2018\n"
    (g,) = check_text(without_2019, select=["PL202"])
    assert g.message.endswith("; the list has no `## 2019` section yet")
    assert g.related_lines == ()


def test_a_list_filing_papers_by_preprint_year_is_not_told_to_move_them():
    # Three of four papers sit a year before their venue: the list files by arXiv year.
    text = "## 2019\n" + "".join(
        f"- [ ] [Paper {i} on self-supervised learning](https://arxiv.org/abs/1912.0{i}001). "
        f"{venue}.\n" for i, venue in enumerate(["CVPR 2020", "ICLR 2020", "AAAI 2020",
                                                   "MICCAI 2019", "MICCAI 2021"]))
    found = check_text(text, select=["PL202"])
    assert [f.line for f in found] == [6]  # two years off is still reported


def test_out_of_order_message_says_the_direction():
    (f,) = check_text("## 2021\n## 2019\n## 2020\n", select=["PL201"])
    assert f.message == ("Year section `## 2020` comes after `## 2019` (line 2); the year "
                         "sections run newest first")
    (g,) = check_text("## 2021\n## 2020\n## 2021\n", select=["PL201"])
    assert g.message == "Year section `## 2021` repeats `## 2021` of line 1; merge them"


@pytest.mark.parametrize("code", ["PL201", "PL202", "PL203", "PL204", "PL205"])
def test_docstring_example_fires_and_its_fix_does_not(code):
    check_docstring_examples(code)


def test_venue_year_mismatch_names_the_sibling_year_section():
    text = ("## Conference papers\n### 2020\n### 2019\n## Journal papers\n### 2020\n"
            "- [ ] [Self-supervised learning for medical image analysis using image context "
            "restoration](https://www.sciencedirect.com/science/article/abs/pii/S1361841518304699)"
            ". Medical Image Analysis 2019.\n### 2019\n")
    (f,) = check_text(text, select=["PL202"])
    assert f.message.endswith("is under `### 2020`; move it to `### 2019` (line 7)")


def test_a_list_filing_preprints_by_another_year_is_not_told_to_move_them():
    # Four of five arXiv papers sit a year after their preprint: the list files by the year it
    # added them. One stray preprint in a list that files by preprint year is reported.
    later = "## 2024\n" + "".join(
        f"- [ ] [Preprint {i} on segmentation](https://arxiv.org/abs/2310.0{i}001). arXiv.\n"
        for i in range(4))
    assert check_text(later + "- [ ] [On time](https://arxiv.org/abs/2401.00001). arXiv.\n",
                      select=["PL203"]) == []
    usual = "## 2023\n" + "".join(
        f"- [ ] [Preprint {i} on segmentation](https://arxiv.org/abs/2310.0{i}001). arXiv.\n"
        for i in range(5)) + "- [ ] [Late](https://arxiv.org/abs/2201.00001). arXiv.\n"
    assert [f.line for f in check_text(usual, select=["PL203"])] == [7]

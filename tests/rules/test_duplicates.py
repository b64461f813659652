"""PL3xx duplicate rules: YAML cases (tests/rules/cases/duplicates.yml), real lists, blocking."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from lint_rules.config import Config
from lint_rules.engine import REGISTRY, check_text
from lint_rules.rules.duplicates.similar_title import _candidate_pairs, max_edits
from tests.conftest import DATA, EXAMPLE_LIST

from .casefile import case_id, cases, check_docstring_examples, findings, fixed, load

CASES = load("duplicates.yml")
CORPUS = DATA / "corpus"
EXAMPLE = Path(__file__).parents[2] / "examples" / "self-supervised-medical-imaging"


@pytest.mark.parametrize(("code", "index", "case"), cases(CASES, "fail"), ids=case_id)
def test_duplicate_rule_fires(code, index, case):
    assert sorted({f.line for f in findings(code, case)}) == case["lines"]


@pytest.mark.parametrize(("code", "index", "case"), cases(CASES, "pass"), ids=case_id)
def test_duplicate_rule_stays_quiet(code, index, case):
    assert findings(code, case) == []


@pytest.mark.parametrize(("code", "index", "case"),
                         [c for c in cases(CASES, "fail") if "fix" in c[2]], ids=case_id)
def test_duplicate_rule_fix(code, index, case):
    text, remaining = fixed(code, case)
    assert text == case["fix"]
    assert remaining == []


def test_every_duplicate_rule_has_cases():
    codes = {r.code for r in REGISTRY if r.code.startswith("PL3")}
    assert codes == {"PL301", "PL302", "PL303", "PL304"} and codes <= set(CASES)


def test_pdf_and_versioned_abs_message_names_the_other_line():
    text = ("## 2021\n"
            "- [ ] [MoCo-CXR](https://arxiv.org/pdf/2010.05352.pdf). arXiv.\n"
            "- [ ] [MoCo-CXR: MoCo Pretraining](https://arxiv.org/abs/2010.05352v2). arXiv.\n")
    (f,) = check_text(text, select=["PL3"])
    assert (f.code, f.severity, f.line, f.related_lines) == ("PL301", "error", 3, (2,))
    assert f.message == ("Entry `MoCo-CXR: MoCo Pretraining` duplicates line 2: same arXiv id "
                         "`2010.05352`")
    # Which copy to keep is for a human: no fix ever deletes an entry.
    assert f.fix is None


def test_exact_duplicate_is_reported_and_never_deleted():
    entry = ("- [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning]"
             "(https://arxiv.org/abs/2011.01355). NeurIPS 2020.")
    text = f"## 2020\n{entry}\n- [ ] [Other](https://arxiv.org/abs/2003.00105). ISBI 2020.\n{entry}"
    (f,) = check_text(text, select=["PL301"])
    assert (f.line, f.severity, f.fix) == (4, "error", None)


def test_cross_listing_list_gets_info_naming_the_other_section():
    papers = [(f"Paper number {i} about diffusion models for images", f"2101.0{i:04d}")
              for i in range(6)]
    gen = "".join(f"- [ ] [{t}](https://arxiv.org/abs/{a}). ICLR 2021.\n" for t, a in papers)
    seg = "".join(f"- [ ] [{t}](https://arxiv.org/abs/{a}). ICLR 2021.\n" for t, a in papers[:4])
    text = f"## Generation\n{gen}## Segmentation\n{seg}{seg.splitlines()[0]}\n"
    found = check_text(text, select=["PL301"])
    across = [f for f in found if f.line <= 12]
    assert len(across) == 4
    assert all(f.severity == "info" and "under `Generation`" in f.message for f in across)
    # A repeat inside one section is a slip, cross-lister or not.
    (same,) = [f for f in found if f.line == 13]
    assert same.severity == "error" and same.related_lines == (9,)


def test_a_view_section_re_listing_papers_is_not_a_duplicate():
    papers = [(f"A benchmark paper number {i} on representations", f"1905.0{i:04d}")
              for i in range(8)]
    body = "".join(f"- [ ] [{t}](https://arxiv.org/abs/{a}). CVPR 2019.\n" for t, a in papers)
    view = "".join(f"- [ ] [{t}](https://arxiv.org/abs/{a}). CVPR 2019.\n" for t, a in papers[:2])
    text = f"## Benchmark code\n{view}## 2019\n{body}"
    assert all(f.severity == "info" for f in check_text(text, select=["PL3"]))
    # The same single repeat without a view section is an error.
    text = f"## Segmentation\n{body}## Detection\n{view.splitlines()[0]}\n" + "".join(
        f"- [ ] [Other paper {i} on detection of things](https://arxiv.org/abs/2001.0{i:04d}). "
        "CVPR 2020.\n" for i in range(5))
    assert [f.severity for f in check_text(text, select=["PL301"])] == ["error"]


def test_users_list_has_no_duplicates():
    text = (EXAMPLE / "README.md").read_text("utf-8") if (EXAMPLE / "README.md").exists() \
        else EXAMPLE_LIST.read_text()
    assert check_text(text, select=["PL3"]) == []


@pytest.mark.skipif(not CORPUS.exists(), reason="corpus not present")
def test_terryum_corpus_real_duplicate_and_traps():
    text = (CORPUS / "terryum__awesome-deep-learning-papers.md").read_text("utf-8")
    found = check_text(text, select=["PL3"])
    # "Learning hierarchical features for scene labeling" is listed twice (lines 127, 375).
    assert [(f.code, f.line, f.related_lines) for f in found] == [("PL301", 375, (127,))]
    lines = text.splitlines()
    citeseer = [i + 1 for i, line in enumerate(lines) if "citeseerx" in line]
    assert len(citeseer) == 4 and not {f.line for f in found} & set(citeseer)
    # Two works titled "Deep learning" (Goodfellow 2016, LeCun 2015) are not one paper.
    assert all("Deep learning" not in f.message for f in found)


def test_allow_across_sections_still_catches_duplicates_within_a_topic():
    entry = "- [ ] [Self-Supervised Representation Learning for Ultrasound Video]" \
            "(https://arxiv.org/abs/2003.00105). ISBI 2020.\n"
    text = f"## 2020\n*Feature Learning*\n{entry}{entry}\n*Segmentation*\n{entry}"
    config = Config({"duplicates": {"allow_across_sections": True}})
    found = check_text(text, config=config, select=["PL301"])
    assert [(f.line, f.severity) for f in found] == [(4, "error"), (7, "info")]
    found = check_text(text, config=Config({"duplicates": {"allow_across_sections": False}}),
                       select=["PL301"])
    assert [(f.line, f.severity) for f in found] == [(4, "error"), (7, "error")]


def _typo(title: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(title) - 1)
    op = rng.choice("dsit")
    if op == "d":
        return title[:i] + title[i + 1:]
    if op == "s":
        return title[:i] + rng.choice("aeiourst") + title[i + 1:]
    if op == "i":
        return title[:i] + rng.choice("aeiourst") + title[i:]
    return title[:i - 1] + title[i] + title[i - 1] + title[i + 1:]


def test_blocking_finds_every_pair_brute_force_finds():
    rng = random.Random(7)
    words = [f"w{n}x" for n in range(400)] + ["self", "supervised", "learning", "medical",
                                               "image", "segmentation", "for", "with", "the"]
    titles = [" ".join(rng.choice(words) for _ in range(rng.randint(5, 12))) for _ in range(300)]
    titles += [_typo(t, rng) for t in titles[:40]]
    compact = [t.replace(" ", "") for t in titles]
    brute = set()
    for i in range(len(titles)):
        for j in range(i + 1, len(titles)):
            limit = max_edits(len(compact[i]))
            if OSA.distance(compact[i], compact[j]) <= limit and \
                    len(set(titles[i].split()) ^ set(titles[j].split())) <= 6:
                brute.add((i, j))
    blocked = {(i, j) for i, j, _ in _candidate_pairs(titles)}
    assert len(brute) >= 35
    assert brute <= blocked


def test_letter_count_bound_keeps_every_pair_a_small_list_would_report():
    """Small lists are filtered by letter counts before rapidfuzz; the bound is exact."""
    from lint_rules.rules.duplicates.similar_title import _FEW_PAIRS

    rng = random.Random(11)
    words = ["self", "supervised", "contrastive", "learning", "medical", "image",
             "segmentation", "for", "with", "pretraining", "ultrasound", "mri", "ct"]
    near_pairs = 0
    for _ in range(40):
        titles = [" ".join(rng.choice(words) for _ in range(rng.randint(4, 9)))
                  for _ in range(12)]
        titles += [_typo(_typo(t, rng), rng) for t in titles[:6]]
        titles += [" ".join(reversed(t.split())) for t in titles[:3]]  # same letters, far apart
        compact = [t.replace(" ", "") for t in titles]
        scored = {(i, j): d for i, j, d in _candidate_pairs(titles)}
        assert all(d == OSA.distance(compact[i], compact[j]) for (i, j), d in scored.items())
        for i in range(len(titles)):
            for j in range(i + 1, len(titles)):
                if OSA.distance(compact[i], compact[j]) <= max_edits(len(compact[i])) and \
                        len(set(titles[i].split()) ^ set(titles[j].split())) <= 6:
                    near_pairs += 1
                    assert (i, j) in scored
    assert near_pairs >= 100 and len(titles) * (len(titles) - 1) // 2 <= _FEW_PAIRS


def test_similar_title_blocking_stays_fast_on_thousands_of_titles():
    rng = random.Random(3)
    vocab = [f"{rng.choice('bcdfghklmnprstvz')}{rng.choice('aeiou')}{n}" for n in range(20000)]
    common = ["self", "supervised", "learning", "for", "medical", "image", "segmentation"]
    titles = [" ".join(rng.sample(common, 3) + rng.sample(vocab, 6)) for _ in range(5000)]
    titles[4999] = _typo(titles[10], rng)
    import time

    start = time.perf_counter()
    pairs = _candidate_pairs(titles)
    assert time.perf_counter() - start < 5
    assert (10, 4999) in {(i, j) for i, j, _ in pairs}


@pytest.mark.parametrize("code", ["PL301", "PL302", "PL303", "PL304"])
def test_docstring_example_fires_and_its_fix_does_not(code):
    check_docstring_examples(code)

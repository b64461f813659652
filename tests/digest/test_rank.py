"""Ranking by fit to the list plus keyword match, with its explanation."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.arxiv.query import QuerySpec
from bot.digest.rank import KeywordMatcher, Ranker, keyword_only, placement, tokens
from lint_rules.config import Config
from lint_rules.parse import parse
from tests.conftest import EXAMPLE_LIST

LIST = EXAMPLE_LIST
SPEC = QuerySpec.from_config(
    {
        "keywords": ["self-supervised", "contrastive learning"],
        "required": [["MRI", "CT", "X-ray", "ultrasound", "pathology", "medical"]],
        "excluded": ["remote sensing"],
    }
)


def _p(title: str, summary: str = "") -> SimpleNamespace:
    return SimpleNamespace(title=title, summary=summary)


@pytest.fixture(scope="module")
def doc():
    return parse(LIST.read_text("utf-8"), Config())


@pytest.fixture(scope="module")
def ranker(doc) -> Ranker:
    return Ranker.from_document(doc, SPEC)


def test_tokens_fold_plurals_stop_words_and_add_bigrams():
    assert tokens("Images of the Self-Supervised models") == [
        "image", "self", "supervised", "model", "image_self", "self_supervised",
        "supervised_model",
    ]  # fmt: skip
    assert "analysis" in tokens("analysis") and "ct" in tokens("CT")


def test_keyword_share_counts_groups_and_excluded_terms_zero_it():
    matcher = KeywordMatcher(SPEC)
    assert matcher.score("Self-supervised learning for MRI", "") == (
        1.0, ("self-supervised", "MRI"),
    )  # fmt: skip
    assert matcher.score("Contrastive learning", "on natural images")[0] == 0.5
    assert matcher.score("Self-supervised CT", "for remote sensing")[0] == 0.0
    # Whole words only: "CT" does not match inside "object".
    assert matcher.score("Object detection", "")[0] == 0.0


def test_list_like_paper_outranks_keyword_match_without_fit(ranker):
    fitting = _p("Self-supervised contrastive learning for ultrasound video representation")
    keyword_only_match = _p("Self-supervised learning of medical billing codes")
    unrelated = _p("Attention is all you need")
    ranked = ranker.rank([unrelated, keyword_only_match, fitting])
    assert [r.paper for r in ranked] == [fitting, keyword_only_match, unrelated]
    best = ranked[0]
    assert best.fit > ranked[1].fit
    assert "Ultrasound" in best.nearest[0].entry.title
    assert best.matched == ("self-supervised", "contrastive learning", "ultrasound")
    assert ranked[2].score == 0.0 and ranked[2].nearest == ()


def test_abstract_contributes_but_title_weighs_more(ranker):
    title_hit = ranker.explain(_p("Self-supervised pathology image classification", "We study."))
    abstract_hit = ranker.explain(_p("A study", "Self-supervised pathology image classification"))
    assert title_hit.fit > abstract_hit.fit > 0


def test_recent_entries_weigh_more(doc):
    flat = Ranker.from_document(doc, SPEC, recency_boost=0.0)
    boosted = Ranker.from_document(doc, SPEC, recency_boost=1.0)
    paper = _p("MoCo pretraining for chest X-ray models")  # nearest: a 2021 entry
    assert boosted.explain(paper).nearest[0].similarity > flat.explain(paper).nearest[0].similarity


def test_placement_takes_year_and_neighbours_topic(doc, ranker):
    ranked = ranker.explain(_p("Contrastive learning for ultrasound image segmentation"))
    where = placement(ranked, doc, 2020)
    assert where.year == 2020 and where.year_heading_exists
    assert where.topic == "Segmentation"
    assert not placement(ranked, doc, 2026).year_heading_exists


def test_keyword_only_baseline_orders_by_share_then_matches():
    a = _p("Self-supervised contrastive learning for MRI and CT")
    b = _p("Self-supervised MRI")
    c = _p("Contrastive learning")
    assert [p for p, _ in keyword_only([c, b, a], SPEC)] == [a, b, c]

"""Ranking benchmark for the arXiv digest: does the ranker put this list's kind of paper first?

Labelled set, built from real lists (titles only: neither the list nor the corpus files carry
abstracts, so this measures the title part of the ranker):

- **positives**: the user's list's paper entries (its year sections), split in two halves per
  round: the ranker learns from one half and must find the other; plus seven medical
  self-supervised papers from the corpus that are not in the list (two from thomhert's medical SSL
  list, five clearly self-supervised ones from xmindflow's medical foundation models list).
- **negatives**: every paper of terryum's general deep-learning list (non-medical, non-SSL, and
  two medical non-SSL), the general (non-medical) self-supervised papers of thomhert's list, and
  the non-self-supervised medical papers of xmindflow's list (LLMs, chat models, SAM adaptations,
  generalist models). The xmindflow titles whose SSL status cannot be told from the title
  (vision-language pre-training, foundation models) are left out rather than guessed; they are
  named in ``AMBIGUOUS``.

Each of ``--rounds`` random 50/50 splits of the list is scored with both halves held out in turn.
Reported per method: precision@10, recall@15 (the share of held-out positives that an issue with
the default ``top: 15`` would show), R-precision and average precision, as means over all folds.
Methods: ``keyword-only`` (the baseline: the share of query term groups matched), ``fit-only``
(TF-IDF similarity to the list's entries) and ``ranker`` (the digest's default combination).
A second pool keeps only the hard negatives (general SSL and medical non-SSL).

Run: ``python benchmarks/digest/rank_bench.py [--rounds 10] [--seed 7]``
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.arxiv.query import QuerySpec  # noqa: E402
from bot.digest.rank import KeywordMatcher, Ranker  # noqa: E402
from lint_rules.config import load_config  # noqa: E402
from lint_rules.identifiers import normalize_title  # noqa: E402
from lint_rules.model import SectionKind  # noqa: E402
from lint_rules.parse import parse  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LIST = ROOT / "examples" / "self-supervised-medical-imaging" / "README.md"
CORPUS = ROOT / "tests" / "data" / "corpus"
CONFIG = ROOT / "examples" / "self-supervised-medical-imaging" / ".paperlist.yml"

# thomhert: medical self-supervised papers (the rest of that list is general SSL).
THOMHERT_MEDICAL = {
    "Contrastive Semi-Supervised Learning for 2D Medical Image Segmentation",
    "Gaining insight into SARS-CoV-2 infection and COVID-19 severity using self-supervised edge "
    "features and Graph Neural Networks",
}
# xmindflow: titles that say they are self-supervised or contrastive (positives) ...
XMINDFLOW_SSL = {
    "Enhancing Representation in Radiography-Reports Foundation Model: A Granular Alignment "
    "Algorithm Using Masked Contrastive Learning",
    "Knowledge Boosting: Rethinking Medical Contrastive Vision-Language Pre-Training",
    "MedCLIP: Contrastive Learning from Unpaired Medical Images and Text",
    "Expert-level detection of pathologies from unannotated chest X-ray images via "
    "self-supervised learning",
    "LVM-Med: Learning Large-Scale Self-Supervised Vision Models for Medical Imaging via "
    "Second-order Graph Matching",
}
# ... and titles whose training cannot be told from the title: left out of the set.
AMBIGUOUS = {
    "Foundational Models in Medical Imaging: A Comprehensive Survey and Future Vision",
    "A visual-language foundation model for pathology image analysis using medical Twitter",
    "Text-guided Foundation Model Adaptation for Pathological Image Classification",
    "Visual Language Pretrained Multiple Instance Zero-Shot Transfer for Histopathology Images",
    "Large-Scale Domain-Specific Pretraining for Biomedical Vision-Language Processing",
    "Towards Unifying Medical Vision-and-Language Pre-training via Soft Prompts",
    "Learning to Exploit Temporal Structure for Biomedical Vision Language Processing",
    "CLIP-Driven Universal Model for Organ Segmentation and Tumor Detection",
    "Clinical-BERT: Vision-Language Pre-training for Radiograph Diagnosis and Reports Generation",
    "MedBLIP: Bootstrapping Language-Image Pre-training from 3D Medical Images and Texts",
    "Virchow: A Million-Slide Digital Pathology Foundation Model",
    "A foundation model for generalizable disease detection from retinal images",
}


@dataclass(frozen=True)
class Item:
    title: str
    label: bool
    source: str
    summary: str = ""


def terryum_titles(text: str) -> list[str]:
    body = text[text.index("### Understanding") :]
    titles = []
    for line in body.splitlines():
        if not line.startswith("- "):
            continue
        m = re.match(r"- \*\*(.+?)\*\*", line)
        if m is None:
            m = re.match(r"- (.+?)(?: \(\d{4}\)|, [A-Z]\. )", line)
        if m is not None:
            titles.append(m.group(1).strip().rstrip("."))
    return titles


def thomhert_titles(text: str) -> list[str]:
    body = text[text.index("## Theory") : text.index("## Talks")]
    lines = body.splitlines()
    titles = []
    for line, nxt in zip(lines, [*lines[1:], ""], strict=True):
        m = re.match(r"\s*-\s+(.+)", line)
        # A paper is a bullet followed by its [[pdf]] line (or carrying it inline).
        if m and ("[[pdf]]" in nxt or "[[pdf]]" in line) and not line.lstrip().startswith("- ["):
            titles.append(re.sub(r"\s*\[\[pdf\]\].*$", "", m.group(1)).strip().rstrip("."))
    return titles


def xmindflow_titles(text: str) -> list[str]:
    return [m.strip() for m in re.findall(r"^\*\*(.+?)\*\*", text, flags=re.MULTILINE)]


def build_set() -> tuple[list, list[Item], list[Item]]:
    """(list paper entries, external positives, negatives)"""
    config = load_config(CONFIG)
    doc = parse(LIST.read_text("utf-8"), config)
    entries = [e for e in doc.entries if doc.sections[e.section].kind is SectionKind.YEAR]
    listed = {normalize_title(e.title) for e in doc.entries}

    external: list[Item] = []
    negatives: list[Item] = []
    seen: set[str] = set(listed)

    def add(title: str, label: bool, source: str) -> None:
        key = normalize_title(title)
        if key in seen:
            return  # already in the list, or a duplicate across the corpus files
        seen.add(key)
        (external if label else negatives).append(Item(title, label, source))

    for t in terryum_titles((CORPUS / "terryum__awesome-deep-learning-papers.md").read_text()):
        add(t, False, "terryum (general DL)")
    for t in thomhert_titles((CORPUS / "thomhert__awesome-medical-ssl.md").read_text()):
        add(t, t in THOMHERT_MEDICAL, "thomhert")
    xm = CORPUS / "xmindflow__Awesome-Foundation-Models-in-Medical-Imaging.md"
    for t in xmindflow_titles(xm.read_text()):
        if t not in AMBIGUOUS:
            add(t, t in XMINDFLOW_SSL, "xmindflow")
    return entries, external, negatives


def metrics(ranked: Sequence[Item], top: int = 15) -> dict[str, float]:
    labels = [it.label for it in ranked]
    positives = sum(labels)
    hits = 0
    precisions = []
    for i, lab in enumerate(labels, 1):
        if lab:
            hits += 1
            precisions.append(hits / i)
    return {
        "P@10": sum(labels[:10]) / 10,
        f"R@{top}": sum(labels[:top]) / positives,
        "R-prec": sum(labels[:positives]) / positives,
        "AP": sum(precisions) / positives,
    }


def run(rounds: int, seed: int, fit_weight: float) -> dict[str, dict[str, dict[str, float]]]:
    entries, external, negatives = build_set()
    spec = QuerySpec.from_config(load_config(CONFIG).get("digest"))
    hard = [n for n in negatives if not n.source.startswith("terryum")]
    rng = random.Random(seed)
    results: dict[str, dict[str, list[dict[str, float]]]] = {}
    matcher = KeywordMatcher(spec)
    for _ in range(rounds):
        order = entries[:]
        rng.shuffle(order)
        half = len(order) // 2
        for train, test in ((order[:half], order[half:]), (order[half:], order[:half])):
            held = [Item(e.title, True, "list (held out)") for e in test]
            ranker = Ranker(train, spec, fit_weight=fit_weight)
            fit_only = Ranker(train, spec, fit_weight=1.0)

            def by_keyword(it: Item) -> float:
                share, matched = matcher.score(it.title, it.summary)
                return share + 0.001 * len(matched)

            methods: dict[str, Callable[[Item], float]] = {
                "keyword-only": by_keyword,
                "fit-only": lambda it, r=fit_only: r.explain(it).score,
                "ranker": lambda it, r=ranker: r.explain(it).score,
            }
            for pool_name, negs in (("all negatives", negatives), ("hard negatives", hard)):
                pool = held + external + negs
                # Ties are broken by a fixed shuffle, not by input order (positives come first).
                tiebreak = {id(it): rng.random() for it in pool}
                for name, score in methods.items():
                    ranked = sorted(pool, key=lambda it, s=score: (-s(it), tiebreak[id(it)]))
                    results.setdefault(pool_name, {}).setdefault(name, []).append(metrics(ranked))
    summary = {}
    for pool_name, by_method in results.items():
        summary[pool_name] = {
            name: {k: statistics.mean(m[k] for m in runs) for k in runs[0]}
            for name, runs in by_method.items()
        }
    summary["_sizes"] = {
        "list entries": float(len(entries)),
        "external positives": float(len(external)),
        "negatives": float(len(negatives)),
        "hard negatives": float(len(hard)),
        "folds": float(rounds * 2),
    }
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="random 50/50 splits (x2 folds)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fit-weight", type=float, default=0.6, help="the ranker's default")
    args = parser.parse_args(argv)
    summary = run(args.rounds, args.seed, args.fit_weight)
    sizes = summary.pop("_sizes")
    print(
        f"labelled set: {int(sizes['list entries'])} list entries (half held out per fold), "
        f"{int(sizes['external positives'])} external positives, "
        f"{int(sizes['negatives'])} negatives ({int(sizes['hard negatives'])} hard); "
        f"{int(sizes['folds'])} folds, seed {args.seed}"
    )
    for pool_name, by_method in summary.items():
        print(f"\n{pool_name}:")
        print(f"  {'method':<14}{'P@10':>8}{'R@15':>8}{'R-prec':>8}{'AP':>8}")
        for name, m in by_method.items():
            print(
                f"  {name:<14}{m['P@10']:>8.3f}{m['R@15']:>8.3f}{m['R-prec']:>8.3f}{m['AP']:>8.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Leave-one-out placement benchmark for `/paperlist add`. Prints figures; never a test.

For each paper entry of a list (all of them, or a seeded sample of `--sample` on long lists):
remove the entry, re-parse the rest, and ask the same code `/paperlist add` runs
(:meth:`bot.commands.add.Adder.plan`) where the paper would go. The paper's metadata is taken
from the entry itself, no network: its title, its arXiv id (when it links arXiv), its venue text
as the `journal_ref` (unless it is a preprint venue), its year from the venue, the arXiv id or,
failing both, its section. The abstract is empty: the lists carry none, so the ranker sees titles
only (on real adds it also reads the arXiv abstract).

Figures per list:
- topic agreement: the topic key chosen (non-year headings and topic subheading) equals the
  curator's, over entries whose year section offered more than one topic (a real choice);
- section agreement: year and topic both equal, over all entries;
- year-rule consistency: the year section chosen is the one the list's year rule gives for the
  paper's metadata (100% expected: the rule is applied, never overridden by topic votes);
- year agreement with the curator: the rule's year equals the entry's section year.

An entry whose paper is listed again elsewhere (cross-listed copies) is skipped and counted:
`/paperlist add` reports such a paper as already listed instead of placing it.

Usage:
    python benchmarks/add/placement.py [LIST.md ...] [--sample N] [--seed S]
Without paths: the bundled example list, then ../shared/corpus/*.md when present.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.commands.add import Adder  # noqa: E402
from bot.commands.placement import (  # noqa: E402
    files_by_year,
    section_parents,
    slots_of,
    topic_key,
)
from bot.digest.dedupe import ListIndex  # noqa: E402
from lint_rules.arxiv_atom import ArxivEntry  # noqa: E402
from lint_rules.config import Config, find_config, load_config  # noqa: E402
from lint_rules.identifiers import arxiv_year  # noqa: E402
from lint_rules.model import Document, Entry  # noqa: E402
from lint_rules.parse import parse  # noqa: E402
from lint_rules.publication import PAPER_SECTIONS, entry_arxiv_id  # noqa: E402
from lint_rules.venues import VenueKind, VenueTable, load_venue_table  # noqa: E402

EXAMPLE = ROOT / "examples" / "self-supervised-medical-imaging" / "README.md"
CORPUS = ROOT.parent / "shared" / "corpus"


def paper_from(entry: Entry, doc: Document, table: VenueTable) -> ArxivEntry:
    identifier = entry_arxiv_id(entry) or f"9999.{entry.line:05d}"
    reading = table.read(entry.venue_text) if entry.venue_text else None
    journal_ref = None
    if reading is not None and reading.kind is not VenueKind.PREPRINT:
        journal_ref = entry.venue_text
    year = (reading.parsed.year if reading is not None else None) or (
        arxiv_year(identifier) if entry_arxiv_id(entry) else None) or (
        doc.sections[entry.section].effective_year) or 2020
    if journal_ref and reading is not None and reading.parsed.year is None:
        journal_ref = f"{journal_ref} ({year})"  # a journal's year, from its section
    return ArxivEntry(identifier, 1, entry.title, "", (), datetime(year, 6, 1, tzinfo=UTC),
                      None, "", (), None, journal_ref, None,
                      f"https://arxiv.org/abs/{identifier}", None)


def without(text: str, doc: Document, entry: Entry) -> str:
    start = doc.source.line_start(entry.line)
    end = doc.source.line_starts[entry.end_line] if entry.end_line < len(
        doc.source.line_starts) else len(text)
    return text[:start] + text[end:]


def bench(path: Path, sample: int, seed: int) -> dict[str, float] | None:
    path = path.resolve()
    found = find_config(path, path.parent) if path.parent != CORPUS.resolve() else None
    config = load_config(found) if found and found.parent == path.parent else Config()
    text = path.read_text("utf-8")
    table = load_venue_table(config)
    doc = parse(text, config)
    entries = [e for e in doc.entries if doc.sections[e.section].kind in PAPER_SECTIONS
               and e.title]
    if len(entries) < 5:
        return None
    if sample and len(entries) > sample:
        entries = random.Random(seed).sample(entries, sample)
    parents = section_parents(doc)
    choices = {}
    for slot in slots_of(doc):
        choices.setdefault(slot.year, set()).add(slot.key)
    by_year = files_by_year(doc)
    n = topic_n = topic_ok = both_ok = rule_ok = year_ok = year_n = repeats = 0
    started = time.perf_counter()
    for entry in entries:
        original_year = doc.sections[entry.section].effective_year
        original_key = topic_key(doc, entry, parents)
        rest = without(text, doc, entry)
        adder = Adder(rest, config, table)
        paper = paper_from(entry, doc, table)
        if ListIndex.from_entries(adder.doc.entries).match(paper) is not None:
            # Listed again elsewhere (a cross-listed copy): `/paperlist add` would report
            # where it is rather than place it, so there is no placement to score.
            repeats += 1
            continue
        plan = adder.plan(paper)
        d = plan.decision
        # The year of the place actually chosen (a new year section or subsection: its year).
        chosen_year = d.slot.year if d.slot is not None else d.year
        n += 1
        if not by_year:
            # Not filed by year: the year rule does not apply; topics only.
            same_key = d.key == original_key
            both_ok += same_key
            topic_n += 1
            topic_ok += same_key
            continue
        # Consistent: the place carries the rule's year, or no year at all (a topic of a list
        # that files years below topics, with no year subsections).
        rule_ok += chosen_year is None or chosen_year == plan.year
        if original_year is not None:
            year_n += 1
            year_ok += plan.year == original_year
        same_key = d.key == original_key
        both_ok += same_key and chosen_year == original_year
        if len(choices.get(original_year, ())) > 1:
            topic_n += 1
            topic_ok += same_key
    elapsed = time.perf_counter() - started
    return {"entries": n, "topic_n": topic_n, "topic": 100 * topic_ok / max(topic_n, 1),
            "section": 100 * both_ok / n, "by_year": by_year,
            "rule": 100 * rule_ok / n if by_year else None,
            "year": 100 * year_ok / max(year_n, 1) if by_year else None, "seconds": elapsed,
            "topic_ok": topic_ok, "both_ok": both_ok, "repeats": repeats}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--sample", type=int, default=150, help="entries per list (0: all)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    paths = args.paths or [EXAMPLE, *sorted(CORPUS.glob("*.md"))]
    header = (f"{'list':48} {'n':>4} {'topic%':>7} {'(of)':>5} {'section%':>8} "
              f"{'yr-rule%':>8} {'yr=curator%':>11} {'s':>6}")
    print(header)
    totals: list[dict] = []
    for path in paths:
        if path.name == "README.md" and path.parent == CORPUS:
            continue
        row = bench(path, args.sample, args.seed)
        name = path.parent.name if path.name == "README.md" else path.stem
        if row is None:
            print(f"{name[:48]:48} (fewer than 5 paper entries: skipped)")
            continue
        rule = "n/a" if row["rule"] is None else f"{row['rule']:.1f}"
        year = "n/a" if row["year"] is None else f"{row['year']:.1f}"
        print(f"{name[:48]:48} {row['entries']:>4} {row['topic']:>7.1f} {row['topic_n']:>5} "
              f"{row['section']:>8.1f} {rule:>8} {year:>11} {row['seconds']:>6.1f}"
              + (f"  ({row['repeats']} listed twice: skipped)" if row["repeats"] else ""))
        totals.append(row)
    if totals:
        topic_n = sum(r["topic_n"] for r in totals)
        topic_ok = sum(r["topic_ok"] for r in totals)
        n = sum(r["entries"] for r in totals)
        print(f"{'all lists (pooled)':48} {n:>4} {100 * topic_ok / max(topic_n, 1):>7.1f} "
              f"{topic_n:>5} {100 * sum(r['both_ok'] for r in totals) / n:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

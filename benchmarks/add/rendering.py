"""Re-add benchmark for `/paperlist add`: does the written entry look like the curator's?

For a seeded sample of paper entries per list: remove the entry, add it back through the full
`/paperlist add` path (placement, rendering from the list's own entries, the `paperlist check`
gate) with metadata from the entry itself (title, arXiv id, venue as `journal_ref`, no network),
then compare the new entry with the removed one, links, authors and dates blanked (the curator
may link a publisher's page where `add` links arXiv; authors and the code link are given back
from the entry, as arXiv's record would give them, but their spelling may differ).

Figures per list: added (passed the check gate), refused, and *form agreement*: the share of
added entries whose text, so normalised, equals the curator's.

Usage:
    python benchmarks/add/rendering.py [LIST.md ...] [--sample N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from placement import CORPUS, EXAMPLE, ROOT, paper_from, without

sys.path.insert(0, str(ROOT))
from bot.commands.add import Adder
from bot.commands.entry import is_code_link
from bot.digest.dedupe import ListIndex
from lint_rules.config import Config, find_config, load_config
from lint_rules.model import Entry
from lint_rules.parse import parse
from lint_rules.publication import PAPER_SECTIONS
from lint_rules.venues import load_venue_table

_URL = re.compile(r"\((?:https?://|<)[^)\s]*\)?|https?://\S+")
_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+\.?,? \d{4}\b"
                   r"|\b\d{4}[-./]\d{2}(?:[-./]\d{2})?\b")


def shape(text: str, entry: Entry | None) -> str:
    """The entry's text with links, authors and dates blanked, whitespace folded."""
    if entry is not None:
        for value in (entry.authors, entry.date):
            if value:
                text = text.replace(value, "<x>")
    text = _URL.sub("(<url>)", text)
    text = _DATE.sub("<date>", text)
    text = re.sub(r"\[\s*[xX]\s*\]", "[ ]", text)
    return " ".join(text.split())


def bench(path: Path, sample: int, seed: int) -> dict[str, float] | None:
    path = path.resolve()
    found = find_config(path, path.parent) if path.parent != CORPUS.resolve() else None
    config = load_config(found) if found and found.parent == path.parent else Config()
    text = path.read_text("utf-8")
    table = load_venue_table(config)
    doc = parse(text, config)
    entries = [e for e in doc.entries if doc.sections[e.section].kind in PAPER_SECTIONS
               and e.title and e.url]
    if len(entries) < 5:
        return None
    if sample and len(entries) > sample:
        entries = random.Random(seed).sample(entries, sample)
    added = refused = same = 0
    started = time.perf_counter()
    for entry in entries:
        rest = without(text, doc, entry)
        adder = Adder(rest, config, table)
        paper = paper_from(entry, doc, table)
        if entry.authors:  # arXiv would give the authors; the entry is all we have here
            names = tuple(a.strip() for a in re.split(r",| and ", entry.authors) if a.strip())
            paper = replace(paper, authors=names)
        code = next((lk.url for lk in entry.extra_links if is_code_link(lk)), None)
        if code:  # as an arXiv comment naming the repository would
            paper = replace(paper, comment=f"Code: {code}")
        if ListIndex.from_entries(adder.doc.entries).match(paper) is not None:
            continue
        result = adder.add([paper.id], {paper.id: paper})
        if not result.added:
            refused += 1
            continue
        added += 1
        new_doc = parse(result.text, config)
        new = next((e for e in new_doc.entries if e.arxiv_id == paper.id), None)
        original = doc.text[entry.span.start:entry.span.end]
        written = result.added[0].entry_text
        same += shape(original, entry) == shape(written, new)
    return {"added": added, "refused": refused, "same": 100 * same / max(added, 1),
            "seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--sample", type=int, default=40, help="entries per list (0: all)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    paths = args.paths or [EXAMPLE, *sorted(CORPUS.glob("*.md"))]
    print(f"{'list':48} {'added':>5} {'refused':>7} {'same form%':>10} {'s':>6}")
    for path in paths:
        if path.name == "README.md" and path.parent == CORPUS:
            continue
        row = bench(path, args.sample, args.seed)
        name = path.parent.name if path.name == "README.md" else path.stem
        if row is None:
            print(f"{name[:48]:48} (fewer than 5 linked paper entries: skipped)")
            continue
        print(f"{name[:48]:48} {row['added']:>5} {row['refused']:>7} {row['same']:>10.1f} "
              f"{row['seconds']:>6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

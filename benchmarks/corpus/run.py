"""Trust on real lists: run ``paperlist check`` as a new user would (no config) on every real list
the project has, and score its error-severity findings against the hand labels.

For each list it prints: entries read and items that look like papers but were not read (from the
JSON summary), error lines, how many of them hold a labelled defect (precision), how many labelled
defects got an error on their line (recall), and whether ``--fix`` kept the rendered text and every
entry. Labels: ``expectations.tsv`` next to the corpus (``list, line, verdict, kind, note``); an
error line with no label counts against precision, as a false alarm would.

    python benchmarks/corpus/run.py [--corpus ../shared/corpus] [--extra FILE.md ...] [-v]
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")


def load_expectations(path: Path) -> dict[str, dict[int, tuple[str, str]]]:
    out: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[row["list"]][int(row["line"])] = (row["verdict"], row["kind"])
    return out


def run_check(path: Path, *extra: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", str(path), "--output-format", "json", *extra],
        capture_output=True, text=True, cwd=path.parent, check=False,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{path}: exit {proc.returncode}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def rendered(text: str) -> tuple[str, int]:
    """What a reader sees, modulo what a safe fix may change: the visible text with whitespace
    collapsed, case folded, ligatures and invisible characters normalised; and the hard breaks."""
    out = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    breaks = out.count("<br />") + len(re.findall(r"<br\s*/?>", out, re.I)) - out.count("<br />")
    visible = html.unescape(re.sub(r"<[^>]+>", " ", out))
    visible = INVISIBLE.sub("", unicodedata.normalize("NFKC", visible))
    return " ".join(visible.split()).casefold(), breaks


def fix_keeps(path: Path) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "README.md"
        shutil.copyfile(path, copy)
        before_json = run_check(copy)
        subprocess.run([sys.executable, "-m", "bot.cli", "check", str(copy), "--fix",
                        "--output-format", "json"], capture_output=True, cwd=ROOT, check=False)
        after_text = copy.read_text(encoding="utf-8")
        after_json = run_check(copy)
    before_text = path.read_text(encoding="utf-8")
    problems = []
    if rendered(before_text) != rendered(after_text):
        a, b = rendered(before_text), rendered(after_text)
        if a[1] != b[1]:
            problems.append(f"hard breaks {a[1]}→{b[1]}")
        else:
            i = next((i for i, (x, y) in enumerate(zip(a[0], b[0], strict=False)) if x != y),
                     min(len(a[0]), len(b[0])))
            problems.append(f"text differs: …{a[0][max(0, i - 30):i + 30]!r} vs "
                            f"…{b[0][max(0, i - 30):i + 30]!r}")
    e0, e1 = _count(before_json, "entries"), _count(after_json, "entries")
    if e0 != e1:
        problems.append(f"entries {e0}→{e1}")
    return not problems, "; ".join(problems)


def _count(data: dict, key: str) -> int | str:
    """``summary.entries`` / ``summary.unread`` of a one-file run (they are per file)."""
    value = data["summary"].get(key)
    return sum(value.values()) if isinstance(value, dict) else "?"


def score(data: dict, labels: dict[int, tuple[str, str]], verbose: bool) -> dict:
    error_lines: dict[int, list[str]] = defaultdict(list)
    for f in data["findings"]:
        if f["severity"] == "error":
            error_lines[f["line"]].append(f["rule"])
    true_lines = {ln for ln, (verdict, _) in labels.items() if verdict == "error"}
    hits = [ln for ln in error_lines if ln in true_lines]
    caught = [ln for ln in true_lines if ln in error_lines]
    if verbose:
        for ln in sorted(error_lines):
            verdict = labels.get(ln, ("unlabelled", ""))
            mark = "ok " if ln in true_lines else "BAD"
            print(f"    {mark} L{ln} {','.join(error_lines[ln])} [{verdict[0]} {verdict[1]}]")
        for ln in sorted(true_lines - set(caught)):
            print(f"    MISS L{ln} {labels[ln][1]}")
    return {"errors": len(error_lines), "hits": len(hits), "labelled": len(true_lines),
            "caught": len(caught)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--extra", type=Path, nargs="*", default=[],
                    help="more real lists (no labels: every error line counts as unlabelled)")
    ap.add_argument("--no-fix", action="store_true", help="skip the --fix round trip")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every error line")
    args = ap.parse_args()
    expectations = load_expectations(args.corpus / "expectations.tsv")
    # Our own labels for the user's list (its two empty links), which the corpus file lacks.
    for name, rows in load_expectations(Path(__file__).with_name("labels.tsv")).items():
        expectations[name].update(rows)
    lists = sorted(p for p in args.corpus.glob("*.md") if p.name != "README.md")
    lists += [p for p in sorted((args.corpus.parent / "lists").glob("*.md"))
              if p.name != "README.md"]
    lists += [ROOT / "examples" / "self-supervised-medical-imaging" / "README.md", *args.extra]
    header = (f"{'list':<52} {'read/seen':>11} {'errors':>6} {'prec':>5} "
              f"{'recall':>9} {'fix keeps text':<14}")
    print(header)
    print("-" * len(header))
    total: Counter[str] = Counter()
    for path in lists:
        name = path.stem if path.parent.name != "self-supervised-medical-imaging" else \
            "examples/self-supervised-medical-imaging (no config)"
        with tempfile.TemporaryDirectory() as tmp:  # no config: a new user's first run
            copy = Path(tmp) / path.name
            shutil.copyfile(path, copy)
            data = run_check(copy)
        labels = expectations.get(path.stem, {})
        s = score(data, labels, args.verbose)
        total.update(s)
        prec = f"{s['hits'] / s['errors']:.2f}" if s["errors"] else "-"
        rec = f"{s['caught']}/{s['labelled']}" if s["labelled"] else "-"
        keeps, why = (True, "") if args.no_fix else fix_keeps(path)
        read, unread = _count(data, "entries"), _count(data, "unread")
        seen = f"{read}/{read + unread}" if isinstance(read, int) and isinstance(unread, int) \
            else "?"
        print(f"{name[:52]:<52} {seen:>11} {s['errors']:>6} {prec:>5} {rec:>9} "
              f"{'yes' if keeps else 'NO: ' + why}")
    prec = total["hits"] / total["errors"] if total["errors"] else 1.0
    rec = total["caught"] / total["labelled"] if total["labelled"] else 1.0
    print("-" * len(header))
    print(f"{'all lists':<52} {'':>11} {total['errors']:>6} {prec:>5.2f} "
          f"{rec:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Replay real commits to a real list as fork pull requests through ``paperlist review``.

Each change directory holds ``before.md`` (the PR's base), ``after.md`` (its head) and
``meta.json`` with ``ground_truth``: what a careful reviewer would have flagged. Every change is
opened as a fork PR on the GitHub stand-in (tests/standins/github.py, real PyGithub over HTTP on
127.0.0.1), reviewed with no config, as a new user starts, and what the bot posted is measured:

- inline comments per 10 added lines (target <= 1.0);
- % of inline comments on entries without a real defect (<= 30%): a comment is on a real defect
  when its lines hold an entry the ground truth names, or the ground truth names a group
  ("(new entries)") with a kind the comment's rules can flag;
- overlapping suggestions (0): two suggestion comments whose line ranges overlap;
- longest comment and summary (<= 8,000 characters);
- 4xx answers from GitHub (0), to writes and to reads;
- % of ground-truth defects caught inline or in the summary's list of the PR's problems (>= 75%),
  matched by entry and by the rule families that can flag that kind of defect (a defect named
  as a group of new entries is also caught by the summary's count of style details).

    python benchmarks/review/replay.py [--changes DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.github.gateway import GatewaySettings  # noqa: E402
from bot.review import review_main  # noqa: E402
from tests.standins.github import FakeGitHub, render_patch  # noqa: E402

DEFAULT_CHANGES = ROOT.parent / "shared" / "corpus" / "changes"
FAST = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None, retries=1,
                       backoff_factor=0)
# Rule families (code prefixes) that can flag each kind of ground-truth defect.
KIND_RULES: dict[str, tuple[str, ...]] = {
    "shared-link-different-titles": ("PL3",),
    "link-label": ("PL1", "PL6"),
    "missing-venue": ("PL105", "PL4"),
    "wrong-section": ("PL2",),
    "duplicate (block)": ("PL3", "PL201"),
    "duplicate": ("PL3",),
    "author-typo": (),
    "wrong-link": ("PL2", "PL3", "PL5"),
    "link-format": ("PL1",),
    "wrong-venue / outdated-title": ("PL4", "PL5"),
    "wrong-link (copy-paste)": ("PL3",),
    "no-link": ("PL1",),
    "venue-format": ("PL4", "PL6", "PL1"),
    "venue-typo": ("PL4",),
    "entry-format": ("PL1", "PL6"),
    "not-a-venue": ("PL4",),
}
CODE = re.compile(r"`(PL\d{3})`")
SUMMARY_LINE = re.compile(r"^- \[[^\]]*?:(\d+)(?:–(\d+))?\]\([^)]*\) · \*\*\w+\*\* `(PL\d{3})`",
                          re.MULTILINE)


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def entry_windows(head: str, name: str) -> list[tuple[int, int]]:
    """Lines of the entries whose title is ``name``: from the title line to the next item."""
    lines = head.split("\n")
    key = norm(name)[:40]
    out = []
    for i, line in enumerate(lines):
        if key and key in norm(line):
            end = i
            while end + 1 < len(lines) and not re.match(r"^(- |#|\s*$)", lines[end + 1]):
                end += 1
            out.append((i + 1, end + 1))
    return out


def ground_truth(meta: dict, head: str) -> list[dict]:
    """Each defect with the windows of its entries (None: a group of new entries)."""
    out = []
    for gt in meta.get("ground_truth", []):
        entry = gt["entry"].strip()
        windows: list[tuple[int, int]] | None = None
        if not entry.startswith("("):
            names = [n.strip() for n in re.split(r";| / ", entry) if n.strip() not in ("", "...")]
            windows = [w for n in names for w in entry_windows(head, n)]
        out.append({"kind": gt["kind"], "entry": entry, "windows": windows,
                    "rules": KIND_RULES.get(gt["kind"], ())})
    return out


def fits(codes: set[str], rules: tuple[str, ...]) -> bool:
    return any(c.startswith(rules) for c in codes) if rules else False


def on_defect(first: int, last: int, codes: set[str], truths: list[dict],
              added: set[int]) -> bool:
    for gt in truths:
        if gt["windows"] is None:
            if fits(codes, gt["rules"]) and any(n in added for n in range(first, last + 1)):
                return True
        elif any(a <= last and first <= b for a, b in within(gt)):
            return True
    return False


def within(gt: dict) -> list[tuple[int, int]]:
    """Where a defect lies: its entries, or for a block of them (a re-added stretch with its
    heading) everything from the first to the last."""
    windows = gt["windows"] or []
    if "block" in gt["kind"] and windows:
        return [(min(a for a, _ in windows), max(b for _, b in windows))]
    return windows


def replay(change: Path, verbose: bool) -> dict:
    before = (change / "before.md").read_text(encoding="utf-8")
    after = (change / "after.md").read_text(encoding="utf-8")
    meta = json.loads((change / "meta.json").read_text(encoding="utf-8"))
    patch = render_patch(before, after)
    added: set[int] = set()
    new = 0
    for raw in patch.split("\n"):
        m = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)", raw)
        if m:
            new = int(m.group(1))
        elif raw.startswith("+"):
            added.add(new)
            new += 1
        elif not raw.startswith(("-", "\\")):
            new += 1
    with FakeGitHub("jason718/awesome-self-supervised-learning") as gh:
        gh.set_files({"README.md": before})
        number = gh.add_pull({"README.md": after}, head_repo="contributor/fork").number
        args = argparse.Namespace(repo=None, pr=number, dry_run=False, config=None, links=False,
                                  token=None, api_url=None, event_path=None)
        env = {"GITHUB_REPOSITORY": gh.full_name, "GITHUB_API_URL": gh.base_url,
               "GITHUB_TOKEN": gh.token}
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        code = review_main(args, settings=FAST, environ=env, out=out, err=err)
        seconds = time.perf_counter() - started
        comments = gh.review_comments_on(number)
        summaries = gh.issue_comments_on(number)
        write_4xx = [r for r in gh.requests if r.method != "GET" and 400 <= r.status < 500]
        read_4xx = [r for r in gh.requests if r.method == "GET" and 400 <= r.status < 500]
    truths = ground_truth(meta, after)
    summary = summaries[0]["body"] if summaries else ""
    pr_part = summary.split("<details>")[0]
    listed = [(int(m.group(1)), int(m.group(2) or m.group(1)), m.group(3))
              for m in SUMMARY_LINE.finditer(pr_part)]
    # Style details are counted per rule, without lines: they can only match a group of entries.
    counted = {c for line in pr_part.split("\n") if line.startswith("- Style details")
               for c in CODE.findall(line)}
    inline = [(c.get("start_line") or c["line"], c["line"], set(CODE.findall(c["body"])),
               "```suggestion" in c["body"] or "````suggestion" in c["body"]) for c in comments]
    noise = sum(1 for a, b, codes, _ in inline if not on_defect(a, b, codes, truths, added))
    sugg = sorted((a, b) for a, b, _, s in inline if s)
    overlaps = sum(1 for i, (a, b) in enumerate(sugg) for c, d in sugg[i + 1:]
                   if c <= b and a <= d)
    caught = 0
    for gt in truths:
        places = [(a, b, codes) for a, b, codes, _ in inline]
        places += [(a, b, {c}) for a, b, c in listed]
        hit = False
        for a, b, codes in places:
            if not fits(codes, gt["rules"]):
                continue
            if gt["windows"] is None:
                hit = any(n in added for n in range(a, b + 1))
            else:
                hit = any(x <= b and a <= y for x, y in within(gt))
            if hit:
                break
        if not hit and gt["windows"] is None:
            hit = fits(counted, gt["rules"])
        gt["caught"] = hit
        caught += hit
    row = {
        "change": change.name, "added": len(added), "inline": len(inline), "noise": noise,
        "overlaps": overlaps, "max_comment": max((len(c["body"]) for c in comments), default=0),
        "summary": len(summary), "write_4xx": len(write_4xx), "read_4xx": len(read_4xx),
        "truths": len(truths), "caught": caught, "exit": code, "seconds": seconds,
        "stderr": err.getvalue().strip(),
    }
    if verbose:
        print(f"--- {change.name}: exit {code}, {row['inline']} inline, summary {len(summary)}")
        for a, b, codes, s in inline:
            tag = "defect" if on_defect(a, b, codes, truths, added) else "NOISE"
            print(f"    inline {a}-{b} {sorted(codes)} {tag}{' +suggestion' if s else ''}: "
                  f"{after.split(chr(10))[b - 1][:70]!r}")
        for gt in truths:
            print(f"    truth {'CAUGHT' if gt['caught'] else 'missed'} {gt['kind']}: "
                  f"{gt['entry'][:60]} windows={gt['windows']}")
        for a, b, c in listed:
            print(f"    summary {a}-{b} {c}")
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=Path, default=DEFAULT_CHANGES)
    parser.add_argument("--verbose", action="store_true")
    opts = parser.parse_args(argv)
    changes = sorted(p for p in opts.changes.iterdir() if (p / "meta.json").exists())
    if not changes:
        print(f"no changes under {opts.changes}", file=sys.stderr)
        return 2
    rows = [replay(c, opts.verbose) for c in changes]
    print(f"{'change':20} {'added':>5} {'inline':>6} {'noise':>5} {'overlap':>7} "
          f"{'maxcom':>6} {'summary':>7} {'4xx':>5} {'caught':>6} {'secs':>5}")
    for r in rows:
        print(f"{r['change']:20} {r['added']:5} {r['inline']:6} {r['noise']:5} "
              f"{r['overlaps']:7} {r['max_comment']:6} {r['summary']:7} "
              f"{r['write_4xx'] + r['read_4xx']:5} "
              f"{r['caught']:>3}/{r['truths']:<2} {r['seconds']:5.1f}"
              + (f"  stderr: {r['stderr'][:80]}" if r["stderr"] else ""))
    added = sum(r["added"] for r in rows)
    inline = sum(r["inline"] for r in rows)
    noise = sum(r["noise"] for r in rows)
    truths = sum(r["truths"] for r in rows)
    caught = sum(r["caught"] for r in rows)
    print()
    print(f"changes replayed:                          {len(rows)} ({added} added lines)")
    print(f"inline comments per 10 added lines:        {10 * inline / max(added, 1):.2f}"
          f"  ({inline} comments; target <= 1.0)")
    print(f"inline comments without a real defect:     {100 * noise / max(inline, 1):.0f}%"
          f"  ({noise} of {inline}; target <= 30%)")
    print(f"overlapping suggestions:                   {sum(r['overlaps'] for r in rows)}"
          "  (target 0)")
    print(f"longest comment / summary (characters):    "
          f"{max(r['max_comment'] for r in rows)} / {max(r['summary'] for r in rows)}"
          "  (target <= 8000)")
    print(f"4xx answers (writes / reads):              {sum(r['write_4xx'] for r in rows)} / "
          f"{sum(r['read_4xx'] for r in rows)}  (target 0)")
    print(f"ground-truth defects caught (inline or summary): {100 * caught / max(truths, 1):.0f}%"
          f"  ({caught} of {truths}; target >= 75%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

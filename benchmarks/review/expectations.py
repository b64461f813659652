"""Pull requests that add a labelled line of a real list, through ``paperlist review``.

``expectations.tsv`` (next to the five real lists in the corpus) labels lines: ``error`` (a real
defect a CI gate should fail on) or ``not-an-error`` (fine, though linters have flagged it: a
deliberate cross-listing, a venue-less entry in a list without venues, a misread). For a sample
of labelled lines of each list, the PR's base is the list without that line and its head the
list as it is, so the PR adds exactly the labelled line; it is reviewed with no config against
the GitHub stand-in. Printed per list and verdict: how many PRs got an inline comment on the
line's entry, and how many had the line among the PR's problems in the summary. Errors should be
caught; lines that are not errors should get no inline comment.

    python benchmarks/review/expectations.py [--corpus DIR] [--per 5] [--seed 2]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.github.gateway import GatewaySettings  # noqa: E402
from bot.review import review_main  # noqa: E402
from tests.standins.github import FakeGitHub  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FAST = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None, retries=1,
                       backoff_factor=0)
LISTED = re.compile(r"^- \[[^\]]*?:(\d+)(?:–(\d+))?\]\(", re.MULTILINE)


def review(base: str, head: str) -> tuple[int, list[dict], str]:
    with FakeGitHub() as gh:
        gh.set_files({"README.md": base})
        number = gh.add_pull({"README.md": head}, head_repo="contributor/fork").number
        args = argparse.Namespace(repo=None, pr=number, dry_run=False, config=None, links=False,
                                  token=None, api_url=None, event_path=None)
        env = {"GITHUB_REPOSITORY": gh.full_name, "GITHUB_API_URL": gh.base_url,
               "GITHUB_TOKEN": gh.token}
        code = review_main(args, settings=FAST, environ=env, out=io.StringIO(),
                           err=io.StringIO())
        summaries = gh.issue_comments_on(number)
        return code, gh.review_comments_on(number), summaries[0]["body"] if summaries else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--per", type=int, default=5, help="labelled lines per list and verdict")
    parser.add_argument("--seed", type=int, default=2)
    opts = parser.parse_args(argv)
    with (opts.corpus / "expectations.tsv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t")
                if r["verdict"] in ("error", "not-an-error")]
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["list"], r["verdict"])].append(r)
    rng = random.Random(opts.seed)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    print(f"{'list':42} {'verdict':13} {'PRs':>4} {'inline':>6} {'summary':>7} {'secs':>6}")
    for (name, verdict), labelled in sorted(groups.items()):
        text = (opts.corpus / f"{name}.md").read_text(encoding="utf-8")
        lines = text.split("\n")
        sample = rng.sample(labelled, min(opts.per, len(labelled)))
        inline = listed = 0
        started = time.perf_counter()
        for r in sample:
            n = int(r["line"])
            _code, comments, summary = review("\n".join(lines[: n - 1] + lines[n:]), text)
            if any((c.get("start_line") or c["line"]) <= n <= c["line"] for c in comments):
                inline += 1
            pr_part = summary.split("<details>")[0]
            if any(int(a) <= n <= int(b or a) for a, b in LISTED.findall(pr_part)):
                listed += 1
        seconds = time.perf_counter() - started
        for key, value in (("prs", len(sample)), ("inline", inline), ("listed", listed)):
            totals[verdict][("prs", "inline", "listed").index(key)] += value
        print(f"{name:42} {verdict:13} {len(sample):4} {inline:6} {listed:7} {seconds:6.1f}")
    errors, fine = totals["error"], totals["not-an-error"]
    print()
    print(f"labelled errors commented inline:          {errors[1]} of {errors[0]}"
          f" ({100 * errors[1] / max(errors[0], 1):.0f}%); listed in the summary: {errors[2]}")
    print(f"lines that are not errors commented inline: {fine[1]} of {fine[0]}"
          f" ({100 * fine[1] / max(fine[0], 1):.0f}%); listed in the summary: {fine[2]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

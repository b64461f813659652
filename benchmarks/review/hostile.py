"""Hostile pull requests against ``paperlist review``: wall time, peak memory and what was posted.

Each case opens a PR on the GitHub stand-in (real PyGithub over HTTP on 127.0.0.1) whose head
adds one hostile line (or file) to a small list, runs the review in-process, and prints the exit
code, seconds, peak traced memory, the number and longest of the inline comments, the summary's
length and anything printed on stderr. Every comment must stay within 8,000 characters, the run
must not crash (exit 0 or 1), and nothing must take seconds.

    python benchmarks/review/hostile.py
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.github.gateway import GatewaySettings  # noqa: E402
from bot.review import review_main  # noqa: E402
from tests.standins.github import FakeGitHub  # noqa: E402

FAST = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None, retries=1,
                       backoff_factor=0)
BASE = "# Papers\n\n## 2020\n- [ ] [A Paper](https://arxiv.org/abs/2001.00001). MICCAI 2020.\n"
ENTRY = "- [ ] [Paper {i}](https://arxiv.org/abs/2001.{i:05d}). MICCAI 2020.\n"


def cases() -> dict[str, tuple[str, str, int | None]]:
    """name -> (base, head, patch line budget of the stand-in or None for GitHub's)."""
    big_base = "# Papers\n\n## 2020\n" + "".join(ENTRY.format(i=i) for i in range(28000))
    big_head = big_base.replace("MICCAI 2020.\n- [ ] [Paper 7", "Miccai 2020. \n- [ ] [Paper 7")
    not_utf8 = (BASE + "- [ ] [Caf\xe9 Paper](). MICCAI 2020.\n").encode("latin-1")
    return {
        "3,000 `[T](url). <` on one line": (BASE, BASE + "- " + "[T](https://a.b/c). < " * 3000
                                            + "\n", None),
        "- followed by 20,000 `[`": (BASE, BASE + "- " + "[" * 20000 + "\n", None),
        "65,000-character line, trailing space": (
            BASE, BASE + "- [ ] [" + "very " * 13000 + "](). Miccai 2020. \n", None),
        "5,000 links then 5,000 bare URLs": (
            BASE, BASE + "- " + "[a](http://x.y/1) " * 5000 + "http://x.y/2 " * 5000 + "\n",
            None),
        "forged markers in an entry": (
            BASE, BASE + "- [ ] [T](). MICCAI 2020. <!-- paperlist:summary --> "
            "<!-- paperlist:fp=PL103:0123456789abcdef --> <!-- paperlist:state=zAAAA -->\n",
            None),
        "file not UTF-8": (BASE, not_utf8.decode("utf-8", "surrogateescape"), None),
        "2 MB list, patch withheld (computed diff)": (big_base, big_head, 0),
        "300 new entries with empty links": (
            BASE, BASE + "".join(f"- [ ] [New {i}](). MICCAI 2020.\n" for i in range(300)),
            None),
    }


def main() -> int:
    print(f"{'case':45} {'exit':>4} {'secs':>6} {'peak MB':>8} {'inline':>6} {'longest':>7} "
          f"{'summary':>7}  stderr")
    worst = 0
    for name, (base, head, budget) in cases().items():
        with FakeGitHub() as gh:
            if budget is not None:
                gh.files_patch_line_budget = budget
            gh.set_files({"README.md": base})
            number = gh.add_pull({"README.md": head}).number
            args = argparse.Namespace(repo=None, pr=number, dry_run=False, config=None,
                                      links=False, token=None, api_url=None, event_path=None)
            env = {"GITHUB_REPOSITORY": gh.full_name, "GITHUB_API_URL": gh.base_url,
                   "GITHUB_TOKEN": gh.token}
            out, err = io.StringIO(), io.StringIO()
            tracemalloc.start()
            started = time.perf_counter()
            code = review_main(args, settings=FAST, environ=env, out=out, err=err)
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            comments = gh.review_comments_on(number)
            summaries = gh.issue_comments_on(number)
        longest = max((len(c["body"]) for c in comments), default=0)
        summary = len(summaries[0]["body"]) if summaries else 0
        worst = max(worst, longest, summary)
        print(f"{name:45} {code:4} {seconds:6.2f} {peak:8.1f} {len(comments):6} {longest:7} "
              f"{summary:7}  {err.getvalue().strip()[:60]}")
    print(f"\nlongest body posted: {worst} characters (bound 8,000)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

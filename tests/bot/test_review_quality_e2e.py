"""End to end, issue 11: one comment per entry with one combined suggestion, the PR's own line
blamed for a duplicate, and a summary that fits on a screen however messy the list.

``review_main`` with the real PyGithub client over HTTP against the GitHub stand-in.
"""

from __future__ import annotations

import argparse
import io
import re

import pytest

from bot.github.gateway import GatewaySettings
from bot.markers import SUMMARY_MARKER
from bot.review import review_main
from lint_rules.config import Config
from lint_rules.engine import check_text
from tests.standins.github import FakeGitHub

FAST = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None, retries=1,
                       backoff_factor=0)
BASE = """# Self-supervised papers

## 2020
- [ ] [Contrastive Pretraining for Segmentation](https://arxiv.org/abs/2001.00001). MICCAI 2020.
- [ ] [Rotation Prediction for Detection](https://arxiv.org/abs/2002.00002). NeurIPS 2020.
- [ ] [Masked Modelling for Registration](https://arxiv.org/abs/2003.00003). MICCAI 2020.
- [ ] [Jigsaw Puzzles for Classification](https://arxiv.org/abs/2004.00004). CVPR 2020.
"""
# A venue spelled unlike the list, a ligature, a pdf link and trailing spaces: four fixes.
MESSY = ("- [ ] [Self-Supervised \ufb01ne-Tuning of Encoders]"
         "(https://arxiv.org/pdf/2005.00005.pdf). Miccai 2020.  ")
FENCE = re.compile(r"^(`{3,})suggestion\n(.*?)\n?^\1$", re.DOTALL | re.MULTILINE)


@pytest.fixture
def fake():
    with FakeGitHub("octo-lab/papers") as gh:
        yield gh


def run(fake: FakeGitHub, number: int) -> tuple[int, str, str]:
    args = argparse.Namespace(repo=None, pr=number, dry_run=False, config=None, links=False,
                              token=None, api_url=None, event_path=None)
    env = {"GITHUB_REPOSITORY": fake.full_name, "GITHUB_API_URL": fake.base_url,
           "GITHUB_TOKEN": fake.token}
    out, err = io.StringIO(), io.StringIO()
    code = review_main(args, settings=FAST, environ=env, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def apply_suggestion(text: str, comment: dict) -> str:
    """What *Commit suggestion* does: the block replaces the commented lines."""
    lines = text.split("\n")
    first = comment.get("start_line") or comment["line"]
    m = FENCE.search(comment["body"])
    assert m, comment["body"]
    new = m.group(2).split("\n") if m.group(2) else []
    return "\n".join(lines[: first - 1] + new + lines[comment["line"]:])


def findings_on(text: str, line: int) -> list[str]:
    return [f.code for f in check_text(text, config=Config({}), path="README.md")
            if f.line <= line <= f.end_line]


def test_combined_suggestion_applied_leaves_the_entry_clean(fake):
    fake.set_files({"README.md": BASE})
    head = BASE + MESSY + "\n"
    number = fake.add_pull({"README.md": head}).number
    run(fake, number)
    (comment,) = fake.review_comments_on(number)
    line = head.split("\n").index(MESSY) + 1
    assert comment["line"] == line and comment.get("start_line") is None
    body = comment["body"]
    assert body.count("suggestion\n") == 1  # one suggestion for all four fixes
    assert "`PL401` venue-alias" in body
    assert "PL109" not in body and "PL110" not in body  # style details ride along silently
    assert len(findings_on(head, line)) >= 4
    fixed = apply_suggestion(head, comment)
    assert findings_on(fixed, line) == []
    # No request was refused: configs are found by listing directories, not probing names.
    assert [r for r in fake.requests if r.status >= 400] == []
    assert fixed.split("\n")[line - 1] == ("- [ ] [Self-Supervised fine-Tuning of Encoders]"
                                           "(https://arxiv.org/abs/2005.00005). MICCAI 2020.")


def test_duplicate_inserted_above_its_original_is_blamed_on_the_added_line(fake):
    fake.set_files({"README.md": BASE})
    copy = BASE.split("\n")[5]  # the Masked Modelling entry, line 6
    head = BASE.replace("## 2020\n", f"## 2020\n{copy}\n")
    number = fake.add_pull({"README.md": head}).number
    code, _out, err = run(fake, number)
    assert err == "" and code == 1  # an unintended duplicate is an error on the PR's line
    (comment,) = fake.review_comments_on(number)
    assert comment["line"] == 4  # the added copy, not the original now on line 7
    assert "`PL301` duplicate-entry" in comment["body"] and "line 7" in comment["body"]
    (summary,) = fake.issue_comments_on(number)
    on_changed = summary["body"].split("<details>")[0]
    assert "README.md:4](" in on_changed and "PL301" in on_changed
    assert "README.md:7](" not in summary["body"]


def test_pr_to_a_list_with_hundreds_of_old_problems_gets_a_short_summary(fake):
    old = "".join(f"- [ ] [Old Paper Number {n} on Self-Supervision](). MICCAI 2020. \n"
                  f"- [ ] [Old Paper Number {n} on Self-Supervision](https://arxiv.org/abs/"
                  f"2001.{n:05d}). Miccai 2020.\n" for n in range(300))
    base = BASE + old
    fake.set_files({"README.md": base})
    head = base + MESSY + "\n" + "- [ ] [A New Paper Without a Link](). MICCAI 2020.\n"
    number = fake.add_pull({"README.md": head}).number
    code, _out, err = run(fake, number)
    assert err == "" and code == 1
    (summary,) = fake.issue_comments_on(number)
    body = summary["body"]
    assert len(body) <= 8000 and body.startswith(SUMMARY_MARKER)
    pr_part, old_part = body.split("<details>")
    assert "On the lines this pull request adds or changes: **1 error" in pr_part
    n_new = len(head.split("\n")) - 1
    assert f"README.md:{n_new}](" in pr_part and f"README.md:{n_new - 1}](" in pr_part
    # Pre-existing problems: counts per rule with a handful of examples, collapsed.
    assert re.search(r"\| `PL103` empty-link \| error \| 300 \|", old_part)
    assert old_part.count("#L") <= 3 * 12
    assert all(c["line"] in (n_new - 1, n_new) for c in fake.review_comments_on(number))
    assert len(fake.review_comments_on(number)) == 2


def test_review_inline_setting_chooses_what_is_commented(fake):
    fake.set_files({"README.md": BASE, ".paperlist.yml": "review:\n  inline: error\n"})
    head = BASE + MESSY + "\n" + "- [ ] [A New Paper Without a Link](). MICCAI 2020.\n"
    number = fake.add_pull({"README.md": head}).number
    run(fake, number)
    (comment,) = fake.review_comments_on(number)  # the venue warning is summary-only now
    assert "PL103" in comment["body"]
    (summary,) = fake.issue_comments_on(number)
    assert "PL401" in summary["body"].split("<details>")[0]


def test_rerun_repeats_nothing_and_a_push_updates_the_entry_comment(fake):
    fake.set_files({"README.md": BASE})
    head = BASE + MESSY + "\n"
    number = fake.add_pull({"README.md": head}).number
    run(fake, number)
    run(fake, number)
    assert len(fake.review_comments_on(number)) == 1 and len(fake.reviews[number]) == 1
    # Fix the venue only: the entry's comment (about the venue) is gone, nothing else shown.
    fake.push(number, {"README.md": head.replace("Miccai", "MICCAI")})
    run(fake, number)
    assert fake.review_comments_on(number) == []

"""Reporters on real findings of a small list: inline plan, summary, annotations, dry run."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.diff import file_diff
from bot.filter import Anchor, FilteredFinding, Placement
from bot.markers import SUMMARY_MARKER, find_fingerprint, find_state
from bot.reporters import Item, annotations, local
from bot.reporters.inline import ExistingComment, build_review_plan, suggestion
from bot.reporters.summary import build_summary
from bot.review import lint_file
from lint_rules.findings import Applicability, Edit, Finding, Fix, Severity
from lint_rules.source import SourceText
from tests.standins.github import render_patch

BASE = """# Papers

## 2020
- [ ] [Old Paper One](https://arxiv.org/abs/2001.00001). MICCAI 2020.
- [ ] [Old Paper Two](https://arxiv.org/abs/2002.00002). MICCAI 2020.\x20
"""
HEAD = BASE + """- [ ] [New Paper Three](https://arxiv.org/pdf/2003.00003.pdf). MICCAI 2020.
- [ ] [Hi @octocat <img src=x onerror=alert(1)>](https://arxiv.org/abs/2004.00004). MICCAI 2020.
"""


def items(head: str = HEAD, inline: str = "warning") -> list[Item]:
    """The findings of ``head``; ``inline: warning`` comments every warning, so that the plan's
    mechanics show on this small list (the default policy is tested on its own)."""
    return lint_file("README.md", head, file_diff("README.md", render_patch(BASE, head)),
                     _config(inline))


def _config(inline: str = "warning"):
    from lint_rules.config import Config

    return Config({"review": {"inline": inline}})


def test_inline_plan_comments_only_added_lines_with_exact_suggestions():
    its = items()
    plan = build_review_plan(its, "a" * 40, [])
    assert plan.event == "COMMENT" and plan.commit_id == "a" * 40
    assert {c.line for c in plan.comments} == {6, 7}
    arxiv = next(c for c in plan.comments if "PL114" in c.body)
    block = re.search(r"```suggestion\n(.*)\n```", arxiv.body).group(1)
    assert block == "- [ ] [New Paper Three](https://arxiv.org/abs/2003.00003). MICCAI 2020."
    # line 5's trailing whitespace is pre-existing: summary only
    assert all(c.line != 5 for c in plan.comments)
    for c in plan.comments:
        assert find_fingerprint(c.body) == c.fingerprint
        assert "<img" not in c.body and "@octocat" not in c.body


def test_limit_overflows_to_the_summary_worst_first():
    its = items()
    plan = build_review_plan(its, "a" * 40, [], limit=1)
    shown = [i for i in its if i.filtered.should_comment]
    assert len(plan.comments) == 1 and len(plan.overflow) == len(shown) - len(plan.covered)
    ranks = [i.filtered.finding.severity.rank for i in plan.overflow]
    chosen = [i for i in its if i.fingerprint in plan.covered]
    assert all(max(i.filtered.finding.severity.rank for i in chosen) >= r for r in ranks)
    summary = build_summary(its, plan, {}, head_sha="a" * 40, files=["README.md"],
                            config_ref="main")
    assert "over the inline limit" in summary.body


def test_rerun_skips_commented_and_deletes_stale_and_duplicates():
    its = items()
    first = build_review_plan(its, "a" * 40, [])
    fp = first.comments[0].fingerprint
    existing = [
        ExistingComment(1, fp, "README.md", 6),
        ExistingComment(2, fp, "README.md", 6),  # a double post
        ExistingComment(3, "PL999:0000000000000000", "README.md", None),  # finding gone
        ExistingComment(4, "PL998:0000000000000000", "README.md", 2, has_replies=True),
        ExistingComment(5, None, "README.md", 6),  # a human's comment
    ]
    plan = build_review_plan(its, "b" * 40, existing)
    assert fp not in {c.fingerprint for c in plan.comments}
    assert plan.delete == (2, 3)
    assert fp in plan.already_commented


def test_outdated_comment_of_a_current_finding_is_replaced():
    its = items()
    fp = build_review_plan(its, "a" * 40, []).comments[0].fingerprint
    plan = build_review_plan(its, "b" * 40, [ExistingComment(1, fp, "README.md", None)])
    assert plan.delete == (1,) and fp in {c.fingerprint for c in plan.comments}
    kept = build_review_plan(its, "b" * 40,
                             [ExistingComment(1, fp, "README.md", None, has_replies=True)])
    assert kept.delete == () and fp in {c.fingerprint for c in kept.comments}


def test_standing_comments_count_toward_the_cap():
    its = items()
    first = build_review_plan(its, "a" * 40, [], limit=1)
    assert len(first.comments) == 1 and first.overflow
    standing = [ExistingComment(n, c.fingerprint, c.path, c.line)
                for n, c in enumerate(first.comments)]
    again = build_review_plan(its, "b" * 40, standing, limit=1)
    assert again.comments == () and len(again.overflow) == len(first.overflow)


def test_comments_kept_for_their_replies_count_toward_the_cap():
    """The cap bypass: reply to each comment, rename the entries, push. The replied-to comments
    stay (their findings are gone) and still fill the cap."""
    its = items()
    replied = [ExistingComment(n, f"PL301:{n:016x}", "README.md", None, has_replies=True)
               for n in range(30)]
    plan = build_review_plan(its, "b" * 40, replied)
    assert plan.comments == () and plan.delete == ()
    assert len(plan.overflow) == sum(1 for i in its if i.filtered.should_comment)
    some = build_review_plan(its, "b" * 40, replied[:29])
    assert len(some.comments) == 1


def test_suggestion_only_when_the_fix_rewrites_exactly_the_anchor():
    src = SourceText("line one\nline two\nline three\n")
    fix_elsewhere = Fix.safe("Change line three", Edit(18, 28, "LINE THREE"))
    f = Finding("PL999", "t", Severity.WARNING, "m", 1, 1, 1, 2, 0, 1, fix=fix_elsewhere)
    item = Item(FilteredFinding(f, "x", Placement.ADDED, Anchor(1)), "PL999:0", src)
    assert suggestion(item) is None
    same_line = replace(f, fix=Fix.safe("Upper", Edit(0, 4, "LINE")))
    assert suggestion(replace(item, filtered=replace(item.filtered, finding=same_line))
                      ).replacement == "LINE one"
    display = replace(f, fix=Fix((Edit(0, 4, "LINE"),), "Upper", Applicability.DISPLAY))
    assert suggestion(replace(item, filtered=replace(item.filtered, finding=display))) is None


def test_summary_counts_collapses_and_reports_fixed():
    its = items()
    plan = build_review_plan(its, "a" * 40, [])
    first = build_summary(its, plan, {}, head_sha="a" * 40, files=["README.md"],
                          config_ref="main")
    assert first.body.startswith(SUMMARY_MARKER)
    assert re.search(r"changes: \*\*\d+ errors?, \d+ warnings?, \d+ info\*\*", first.body)
    assert "<details><summary>1 finding on lines this pull request does not change" in first.body
    assert find_state(first.body) == first.state
    fixed_head = HEAD.replace("pdf/2003.00003.pdf", "abs/2003.00003")
    again = items(fixed_head)
    second = build_summary(again, build_review_plan(again, "b" * 40, []), first.state,
                           head_sha="b" * 40, files=["README.md"], config_ref="main")
    assert "Fixed since the last run (1)" in second.body and "~~PL114" in second.body


def test_summary_stays_within_8000_characters_however_many_findings():
    its = items()
    new = next(i for i in its if i.filtered.in_diff)
    old = next(i for i in its if not i.filtered.in_diff)
    many_new = [replace(new, fingerprint=f"PL114:{n:016x}") for n in range(600)]
    many_old = [replace(old, fingerprint=f"PL109:{n:016x}") for n in range(4000)]
    everything = many_new + many_old
    plan = build_review_plan(everything, "a" * 40, [])
    body = build_summary(everything, plan, {f"PL1:{n}": "x" * 50 for n in range(3000)},
                         head_sha="a" * 40, files=["README.md"], config_ref="main",
                         link_base="https://github.com/o/r/blob/" + "a" * 40).body
    assert len(body) <= 8000
    assert "more findings (run `paperlist check`)" in body
    assert body.startswith(SUMMARY_MARKER) and body.rstrip().endswith("-->")
    assert body.count("<details>") == body.count("</details>") == 1
    # the PR's problems come first, linked to their lines; the old ones are a table per rule
    assert body.index("README.md:6](https://github.com/o/r/blob/") < body.index("<details>")
    assert "| `PL109` trailing-whitespace |" in body and "| 4000 |" in body


def test_annotations_escape_and_order():
    its = items()
    text = annotations.render(its)
    lines = text.splitlines()
    assert lines[0].startswith("::error ") or lines[0].startswith("::warning ")
    assert all(ln.startswith("::") for ln in lines)
    assert "pre-existing finding(s)" in lines[-1]
    assert annotations.escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert annotations.escape_property("a:b,c") == "a%3Ab%2Cc"


def test_dry_run_prints_review_and_summary():
    its = items()
    plan = build_review_plan(its, "a" * 40, [])
    summary = build_summary(its, plan, {}, head_sha="a" * 40, files=["README.md"],
                            config_ref="main")
    text = local.render(plan, summary, pr=7)
    assert "pull request #7" in text and "README.md:6" in text and SUMMARY_MARKER in text


def test_fixed_pre_existing_findings_are_counted_not_listed():
    its = items()
    plan = build_review_plan(its, "a" * 40, [])
    first = build_summary(its, plan, {}, head_sha="a" * 40, files=["README.md"],
                          config_ref="main")
    outside = [i for i in its if not i.filtered.in_diff]
    assert outside and all(first.state[i.fingerprint] == "" for i in outside)
    remembered = {**first.state, "PL109:00000000000000ff": ""}
    again = build_summary(its, plan, remembered, head_sha="a" * 40, files=["README.md"],
                          config_ref="main")
    assert "Fixed since the last run (1):**\n- 1 finding on other lines of the list" in again.body


def test_dry_run_in_actions_cannot_smuggle_workflow_commands():
    its = items()
    plan = build_review_plan(its, "a" * 40, [])
    summary = build_summary(its, plan, {}, head_sha="a" * 40, files=["README.md"],
                            config_ref="main")
    text = local.render(plan, summary, pr=7, in_actions=True)
    lines = text.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert len(token) == 32 and lines[-1] == f"::{token}::"
    assert local.guarded("::add-mask::x", "t") == "::stop-commands::t\n::add-mask::x\n::t::\n"
    assert local.render(plan, summary, pr=7).splitlines()[0].startswith("# paperlist review")


def test_no_two_suggestions_cover_the_same_line():
    src = SourceText("line one\nline two\nline three\n")

    def item(line: int, end: int, fix: Fix, fp: str) -> Item:
        f = Finding("PL103", "x", Severity.ERROR, "m", line, 1, end, 2, 0, 1, fix=fix)
        anchor = Anchor(end, line if line < end else None)
        return Item(FilteredFinding(f, "README.md", Placement.ADDED, anchor, (line, end)), fp,
                    src)

    wide = item(1, 3, Fix.safe("Upper", Edit(0, 4, "LINE")), "PL103:" + "1" * 16)
    narrow = item(2, 2, Fix.safe("Two", Edit(14, 17, "TWO")), "PL103:" + "2" * 16)
    plan = build_review_plan([wide, narrow], "a" * 40, [])
    assert len(plan.comments) == 2
    assert sum("```suggestion" in c.body for c in plan.comments) == 1


def test_one_entry_one_comment_with_every_fix_combined():
    src = SourceText("- [ ] [T](u). Venue 2020. \n")
    entry = (1, 1)

    def item(code: str, severity: Severity, fix: Fix | None, fp: str) -> Item:
        f = Finding(code, "x", severity, f"{code} says", 1, 1, 1, 2, 0, 1, fix=fix)
        return Item(FilteredFinding(f, "README.md", Placement.ADDED, Anchor(1), entry,
                                    inline=severity is not Severity.INFO), fp, src)

    its = [item("PL401", Severity.WARNING, Fix.unsafe("Venue", Edit(14, 19, "VENUE")), "PL401:a"),
           item("PL109", Severity.INFO, Fix.safe("Strip", Edit(25, 26, "")), "PL109:b"),
           item("PL103", Severity.ERROR, None, "PL103:c"),
           # overlaps the venue fix: left out
           item("PL110", Severity.INFO, Fix.safe("Other", Edit(16, 18, "zz")), "PL110:d")]
    (comment,) = build_review_plan(its, "a" * 40, []).comments
    assert comment.body.index("PL103") < comment.body.index("PL401")  # worst first
    assert "PL109" not in comment.body  # info: silent
    block = re.search(r"```suggestion\n(.*)\n```", comment.body).group(1)
    assert block == "- [ ] [T](u). VENUE 2020."


def test_summary_lists_what_needs_a_person_and_counts_style_details():
    its = items(inline="content")
    plan = build_review_plan(its, "a" * 40, [])
    assert plan.comments == ()  # a pdf link and raw HTML: nothing to comment by default
    body = build_summary(its, plan, {}, head_sha="a" * 40, files=["README.md"],
                         config_ref="main").body
    pr_part = body.split("<details>")[0]
    assert "README.md:7 · **warning** `PL117`" in pr_part  # no fix: a person must look
    assert "README.md:6" not in pr_part  # the pdf link has a safe fix: a style detail...
    assert re.search(r"Style details \(\d+\): .*`PL114` non-canonical-arxiv-link ×1", pr_part)

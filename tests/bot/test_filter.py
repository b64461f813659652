from __future__ import annotations

from bot.diff import file_diff
from bot.filter import Anchor, Placement, filter_findings, place
from lint_rules.findings import Finding, Severity

PATCH = """@@ -1,4 +1,6 @@
 one
+two
+three
 four
 five
 six
@@ -20,3 +22,3 @@
 x
-y
+Y
 z"""


def finding(line: int, end_line: int | None = None,
            severity: Severity = Severity.ERROR) -> Finding:
    return Finding("PL999", "test-rule", severity, "msg", line, 1, end_line or line, 2, 0, 1)


DIFF = file_diff("README.md", PATCH)


def test_added_line_gets_a_single_line_anchor():
    ff = place(finding(2), DIFF, "README.md")
    assert ff.placement is Placement.ADDED and ff.anchor == Anchor(2, None) and ff.in_diff


def test_multi_line_within_one_hunk_anchors_a_range():
    ff = place(finding(2, 4), DIFF, "README.md")
    assert ff.anchor == Anchor(4, 2) and ff.anchor.first == 2


def test_context_line_is_not_commented():
    ff = place(finding(5), DIFF, "README.md")
    assert ff.placement is Placement.UNCHANGED and ff.anchor is None and not ff.in_diff


def test_outside_every_hunk():
    ff = place(finding(12), DIFF, "README.md")
    assert ff.placement is Placement.OUTSIDE and not ff.should_comment


def test_range_leaving_the_hunk_is_unanchored():
    ff = place(finding(3, 9), DIFF, "README.md")
    assert ff.placement is Placement.UNANCHORED and ff.anchor is None and ff.in_diff
    ff = place(finding(23, 30), DIFF, "README.md")
    assert ff.placement is Placement.UNANCHORED


def test_file_without_patch_or_not_in_pr():
    assert place(finding(2), file_diff("x", None), "x").placement is Placement.OUTSIDE
    assert place(finding(2), None, "x").placement is Placement.OUTSIDE


def test_without_patch_changed_lines_come_from_the_texts_but_get_no_anchor():
    computed = file_diff("x", None, fallback=("a\nb\nc\n", "a\nB\nc\n"))
    assert not computed.has_patch and computed.added_lines == {2}
    changed = place(finding(2), computed, "x")
    assert changed.placement is Placement.UNANCHORED and changed.in_diff and not changed.anchor
    assert place(finding(3), computed, "x").placement is Placement.OUTSIDE


def test_filter_never_drops():
    fs = [finding(n) for n in range(1, 30)]
    out = filter_findings(fs, DIFF, "README.md")
    assert [o.finding for o in out] == fs
    assert {o.finding.line for o in out if o.should_comment} == {2, 3, 23}


def test_inline_policy_by_severity_and_family():
    from bot.filter import InlinePolicy, inline_worthy

    def f(code: str, severity: Severity) -> Finding:
        return Finding(code, "x", severity, "m", 1, 1, 1, 2, 0, 1)

    content, style = f("PL301", Severity.WARNING), f("PL109", Severity.WARNING)
    error, info = f("PL103", Severity.ERROR), f("PL303", Severity.INFO)
    default = [inline_worthy(x) for x in (error, content, style, info)]
    assert default == [True, True, False, False]
    assert [inline_worthy(x, InlinePolicy.ERROR) for x in (error, content)] == [True, False]
    assert inline_worthy(style, InlinePolicy.WARNING) and not inline_worthy(info,
                                                                           InlinePolicy.WARNING)
    assert inline_worthy(info, InlinePolicy.ALL) and not inline_worthy(error, InlinePolicy.NONE)


def test_an_entry_touched_anywhere_places_all_its_findings():
    # Entry on lines 1-3 ("one", "two", "three"): line 1 is context, 2-3 added.
    out = filter_findings([finding(1, severity=Severity.WARNING)], DIFF, "README.md", [(1, 3)])
    assert out[0].placement is Placement.ADDED and out[0].anchor == Anchor(3, 1)
    assert out[0].entry == (1, 3) and not out[0].should_comment  # a style warning: no comment


def test_a_duplicate_of_an_old_entry_is_moved_to_the_prs_copy():
    from dataclasses import replace

    from bot.filter import blame_pr_member
    from lint_rules.findings import Edit, Fix
    from lint_rules.source import SourceText

    text = "one\ntwo\nthree\nfour\nfive\nsix\n"
    src = SourceText(text)
    # The rule reports the later copy (line 5, untouched) naming line 2 (added by the PR).
    old = replace(finding(5), code="PL301", message="Entry duplicates line 2", start=19, end=23,
                  related_lines=(2,), fix=Fix.safe("Remove", Edit(19, 24, "")))
    (moved,) = blame_pr_member([old], DIFF, [(2, 2), (5, 5)], src)
    assert (moved.line, moved.end_line, moved.related_lines) == (2, 2, (5,))
    assert moved.message == "Entry duplicates line 5"
    assert moved.fix is not None and [(e.start, e.end) for e in moved.fix.edits] == [(4, 8)]
    # The PR touched the reported copy itself, or the rule is not about a pair: left alone.
    assert blame_pr_member([replace(old, line=3, end_line=3)], DIFF, [], src)[0].line == 3
    assert blame_pr_member([replace(old, code="PL202")], DIFF, [], src)[0].line == 5

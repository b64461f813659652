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

from __future__ import annotations

import pytest

from bot.diff import LineKind, PatchError, file_diff, parse_patch
from tests.standins.github import render_patch

PATCH = """@@ -3,6 +3,7 @@ heading
 three
 four
-five
+FIVE
+five and a half
 six
 seven
 eight
@@ -20,3 +21,4 @@
 twenty
 twenty-one
 twenty-two
+twenty-three
\\ No newline at end of file"""


def test_hunks_number_both_sides():
    first, second = parse_patch(PATCH)
    assert (first.old_start, first.old_count, first.new_start, first.new_count) == (3, 6, 3, 7)
    assert first.added == {5, 6}
    assert first.right == set(range(3, 10))
    deleted = [ln for ln in first.lines if ln.kind is LineKind.DELETED]
    assert [(d.old, d.new, d.text) for d in deleted] == [(5, None, "five")]
    assert second.added == {24} and second.right == {21, 22, 23, 24}


def test_no_newline_marker_is_not_a_line():
    _, second = parse_patch(PATCH)
    assert len(second.lines) == 4


def test_file_diff_maps_lines_to_hunks():
    diff = file_diff("README.md", PATCH)
    assert diff.hunk_index(5) == 0 and diff.hunk_index(22) == 1
    assert diff.hunk_index(15) is None and diff.hunk_index(2) is None
    assert diff.added_lines == {5, 6, 24}


def test_missing_patch_has_no_lines():
    diff = file_diff("big.md", None)
    assert not diff.has_patch and diff.right_lines == frozenset()


def test_single_line_counts_default_to_one():
    (hunk,) = parse_patch("@@ -0,0 +1 @@\n+only")
    assert (hunk.old_count, hunk.new_count, hunk.added) == (0, 1, {1})


def test_garbage_is_refused():
    with pytest.raises(PatchError):
        parse_patch("diff --git a/x b/x\n@@ -1 +1 @@\n-a\n+b")
    with pytest.raises(PatchError):
        parse_patch("@@ -1 +1 @@\n*a")


@pytest.mark.parametrize("old,new", [
    ("a\nb\nc\n", "a\nB\nc\n"),
    ("".join(f"{i}\n" for i in range(40)), "".join(f"{i}\n" for i in range(40) if i % 9)),
    ("x\n", "x\ny"),
    ("", "one\ntwo\n"),
])
def test_agrees_with_the_standins_independent_reading(old, new):
    from tests.standins.github import parse_hunks

    patch = render_patch(old, new)
    ours = parse_patch(patch)
    theirs = parse_hunks(patch)
    assert [set(h.right) for h in ours] == [set(h.right) for h in theirs]
    added = {n for h in ours for n in h.added}
    new_lines = new.splitlines()
    old_set = set(old.splitlines())
    assert len(added) >= sum(1 for ln in new_lines if ln not in old_set)


@pytest.mark.parametrize("old,new", [
    ("a\nb\nc\n", "a\nB\nc\nd\n"),
    ("".join(f"{i}\n" for i in range(50)), "x\n" + "".join(f"{i}\n" for i in range(50) if i != 30)),
    ("", "new\nfile\n"),
])
def test_computed_hunks_match_a_parsed_patch(old, new):
    from bot.diff import diff_texts

    computed = diff_texts(old, new)
    parsed = parse_patch(render_patch(old, new))
    assert [(h.new_start, h.right, h.added) for h in computed] == \
        [(h.new_start, h.right, h.added) for h in parsed]


def test_large_texts_are_diffed_in_near_linear_time_with_the_same_changed_lines():
    """A PR can make both versions 2 MB; difflib's exact diff is quadratic there. The patience
    diff used beyond EXACT_PAIRS finds the same changed lines on an ordinary edit."""
    from bot.diff import EXACT_PAIRS, diff_texts

    old = [f"- [ ] [Paper {i}](https://arxiv.org/abs/2001.{i:05d}). MICCAI 2020." for i in
           range(3000)]
    new = list(old)
    new[10] += " "
    new.insert(500, "- [ ] [Inserted](https://arxiv.org/abs/2101.00001). MICCAI 2021.")
    del new[2000]
    new += ["", "- [ ] [Appended](u). X 2021."]
    assert len(old) * len(new) > EXACT_PAIRS
    hunks = diff_texts("\n".join(old) + "\n", "\n".join(new) + "\n")
    added = set().union(*(h.added for h in hunks))
    assert added == {11, 501, 3001, 3002}
    # Nothing in common: every line is new, and repeated lines do not blow up the time.
    assert len(set().union(*(h.added for h in diff_texts("x\n" * 5000, "y\n" * 5000)))) == 5000

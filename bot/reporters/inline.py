"""The review plan: one inline comment per entry the PR adds or changes, at most ``limit``
standing on the PR, each with one combined suggestion applying all of the entry's fixes.

An entry gets a comment when a finding on it is worth the contributor's attention
(``FilteredFinding.inline``, the config's ``review.inline`` policy); the comment lists those
findings, worst first. Its suggestion rewrites the anchored lines with every safe fix of every
finding on the entry — style and whitespace details included, silently — and the unsafe fixes of
the findings it shows, edits that overlap an earlier one left out. Two comments never anchor the
same entry, so no two suggestions overlap.

A comment is keyed by a fingerprint of the findings it shows, so a rerun never repeats it. The
bot's own comments are deleted, unless someone replied to them, when their findings are gone,
when they duplicate another (a double post; the oldest stays), or when GitHub marks them
outdated (the findings, if still there, are then commented afresh on their current lines). Every
comment of ours left standing counts toward the limit, replied-to ones included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot import escape
from bot.filter import Anchor
from bot.markers import REVIEW_MARKER, fp_marker, group_fingerprint
from lint_rules.findings import Applicability, Fix
from lint_rules.source import SourceText

from . import Item, severity_order

MAX_INLINE = 30
# Our own bound on a comment's length (GitHub's is 65,536): a comment is read on a screen.
MAX_COMMENT = 8000
MAX_MESSAGE = 600  # characters of one rule message quoted in a comment


@dataclass(frozen=True, slots=True)
class ExistingComment:
    """A review comment already on the PR, as the gateway listed it."""

    id: int
    fingerprint: str | None  # None: not one of ours
    path: str
    line: int | None  # None once outdated
    has_replies: bool = False


@dataclass(frozen=True, slots=True)
class PlannedComment:
    path: str
    line: int
    start_line: int | None
    body: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    commit_id: str
    body: str
    comments: tuple[PlannedComment, ...]
    already_commented: frozenset[str]  # comment fingerprints standing from an earlier run
    overflow: tuple[Item, ...]  # worth a comment, but over the limit: listed in the summary
    delete: tuple[int, ...]  # our stale or duplicate comments, without replies
    event: str = "COMMENT"
    # Fingerprints of the findings a comment (planned now or standing) shows.
    covered: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Suggestion:
    replacement: str
    deletes_lines: bool = False
    titles: tuple[str, ...] = ()  # the fixes it applies

    def block(self) -> str:
        return escape.fence(None if self.deletes_lines else self.replacement, "suggestion")


@dataclass(frozen=True, slots=True)
class EntryGroup:
    """The findings on one entry the PR wrote, and where its comment goes."""

    path: str
    anchor: Anchor
    items: tuple[Item, ...]  # every finding on the entry that the anchor covers
    shown: tuple[Item, ...]  # those the comment lists, worst first

    @property
    def fingerprint(self) -> str:
        return group_fingerprint(self.shown[0].filtered.finding.code,
                                 (i.fingerprint for i in self.shown))

    @property
    def source(self) -> SourceText:
        return self.items[0].source


def entry_groups(items: Sequence[Item]) -> list[EntryGroup]:
    """Group the anchored findings by entry; a group with nothing worth showing gets no comment
    (its findings are counted in the summary)."""
    by_entry: dict[tuple[str, tuple[int, int]], list[Item]] = {}
    for item in items:
        if item.filtered.anchor is not None:
            by_entry.setdefault((item.path, item.filtered.entry), []).append(item)
    groups = []
    for (path, _entry), members in by_entry.items():
        shown = sorted((i for i in members if i.filtered.inline), key=severity_order)
        if not shown:
            continue
        anchor = shown[0].filtered.anchor
        assert anchor is not None
        covered = tuple(i for i in members if i.filtered.anchor is not None
                        and anchor.first <= i.filtered.anchor.first
                        and i.filtered.anchor.line <= anchor.line)
        groups.append(EntryGroup(path, anchor, covered, tuple(shown)))
    return groups


def _region(source: SourceText, anchor: Anchor) -> tuple[int, int]:
    return source.line_start(anchor.first), source.line_end(anchor.line)


def _deletes_region(fix: Fix, start: int, end: int, text: str) -> bool:
    """The fix removes the anchored lines whole, with one line ending."""
    if len(fix.edits) != 1 or fix.edits[0].content:
        return False
    edit = fix.edits[0]
    before = start - edit.start
    after = edit.end - end
    return (edit.start <= start and edit.end >= end and 0 <= before <= 2 and 0 <= after <= 2
            and (before == 0 or after == 0)
            and not text[edit.start:start].strip() and not text[end:edit.end].strip())


def combined_suggestion(group: EntryGroup) -> Suggestion | None:
    """One replacement of the anchored lines applying the entry's fixes together: every safe
    fix, and the unsafe fixes of the findings shown; a fix overlapping an earlier one, or
    reaching past the anchored lines, is left out. None when nothing changes."""
    source = group.source
    text = source.text
    start, end = _region(source, group.anchor)
    shown = {id(i) for i in group.shown}
    fixes: list[Fix] = []
    for item in group.items:
        fix = item.filtered.finding.fix
        if fix is None or not fix.edits or fix.applicability is Applicability.DISPLAY:
            continue
        if fix.applicability is Applicability.UNSAFE and id(item) not in shown:
            continue
        fixes.append(fix)
    if not fixes:
        return None
    # A fix removing the whole entry (a duplicate) makes every other fix moot.
    removal = next((f for f in fixes if _deletes_region(f, start, end, text)), None)
    if removal is not None:
        return Suggestion("", True, (removal.title,))
    pieces: list[str] = []
    cursor = start
    titles: list[str] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
        if edits[0].start < cursor or edits[-1].end > end or edits[0].start < start:
            continue
        if any(b.start < a.end for a, b in pairwise(edits)):
            continue
        for edit in edits:
            pieces.append(text[cursor:edit.start])
            pieces.append(edit.content)
            cursor = edit.end
        if fix.title not in titles:
            titles.append(fix.title)
    pieces.append(text[cursor:end])
    new = "".join(pieces)
    # A suggestion replaces whole lines; it cannot add a final newline or keep a CR.
    if new == text[start:end] or new.endswith("\n") or "\r" in new:
        return None
    return Suggestion(new, False, tuple(titles))


def suggestion(item: Item) -> Suggestion | None:
    """The suggestion a comment on ``item``'s entry alone would carry."""
    anchor = item.filtered.anchor
    if anchor is None:
        return None
    return combined_suggestion(EntryGroup(item.path, anchor, (item,), (item,)))


def _finding_text(item: Item) -> tuple[str, str]:
    f = item.filtered.finding
    return (f"**{f.severity.value}** · `{f.code}` {f.name}",
            escape.inline(escape.truncate(f.message, MAX_MESSAGE)))


def comment_body(group: EntryGroup, limit: int = MAX_COMMENT, *,
                 may_suggest: bool = True) -> str:
    """The comment: the findings shown, worst first, the combined suggestion, the marker —
    within ``limit`` characters: a suggestion that does not fit is left out, and then the
    findings that do not fit are counted. ``may_suggest=False``: another comment's suggestion
    covers some of these lines."""
    marker = fp_marker(group.fingerprint)
    texts = [_finding_text(i) for i in group.shown]
    proposal = combined_suggestion(group) if may_suggest else None
    fixable = any(i.filtered.finding.fix is not None
                  and i.filtered.finding.fix.applicability is not Applicability.DISPLAY
                  for i in group.shown)

    def head(n: int) -> list[str]:
        if len(texts) == 1:
            title, message = texts[0]
            return [title, "", message]
        lines = [f"paperlist found {len(texts)} problems in this entry:", ""]
        lines += [f"- {title}: {message}" for title, message in texts[:n]]
        if n < len(texts):
            lines.append(f"- … and {len(texts) - n} more (listed in the summary comment)")
        return lines

    def tail(with_suggestion: bool) -> list[str]:
        if with_suggestion and proposal is not None:
            titles = proposal.titles
            applies = "; ".join(escape.inline(escape.truncate(t, 200)) for t in titles[:5])
            if len(titles) > 5:
                applies += f" and {len(titles) - 5} more"
            return ["", proposal.block(),
                    f"Applies: {applies} — accept it with *Commit suggestion*."]
        if proposal is not None or fixable:
            return ["", "`paperlist check --diff --unsafe-fixes` shows every fix for this entry"
                    + (" (too long to show as a suggestion here)." if proposal else ".")]
        return []

    # Lengths of the list lines, to find how many findings fit without building every body.
    widths = [len(f"- {title}: {message}") + 1 for title, message in texts]
    for with_suggestion in (True, False):
        end = "\n".join(tail(with_suggestion))
        room = limit - len(end) - len(marker) - 200
        n, used = 0, 0
        while n < len(texts) and used + widths[n] <= room:
            used += widths[n]
            n += 1
        for k in (len(texts), max(n, 1)) if n < len(texts) else (len(texts),):
            body = "\n".join([*head(k), *tail(with_suggestion), marker])
            if len(body) <= limit:
                return body
    # Only one very long finding remains: cut its text, keep the marker on the last line.
    text = "\n".join(head(1))
    return text[: max(0, limit - len(marker) - 2)] + "…\n" + marker


def build_review_plan(items: Sequence[Item], commit_id: str,
                      existing: Sequence[ExistingComment], limit: int = MAX_INLINE) -> ReviewPlan:
    groups = entry_groups(items)
    by_fp = {g.fingerprint: g for g in groups}
    ours = sorted((c for c in existing if c.fingerprint), key=lambda c: c.id)
    live: set[str] = set()  # current groups with a visible comment of ours
    delete: list[int] = []
    for c in ours:
        assert c.fingerprint is not None
        if c.line is not None and c.fingerprint in by_fp and c.fingerprint not in live:
            live.add(c.fingerprint)
        elif not c.has_replies:
            # Gone, a duplicate, or outdated (GitHub folds it under an old diff, so findings
            # that are still there get a fresh comment on their current lines).
            delete.append(c.id)
    fresh = sorted((g for g in groups if g.fingerprint not in live),
                   key=lambda g: severity_order(g.shown[0]))
    # The cap holds for the PR, not per run: every comment of ours left standing counts,
    # including those kept for their replies.
    standing = len(ours) - len(delete)
    room = max(0, limit - standing)
    chosen, over = fresh[:room], fresh[room:]
    comments = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for g in chosen:
        # Entries never overlap, but a finding outside every entry may span some: then only
        # the first comment over those lines carries a suggestion.
        span = (g.anchor.first, g.anchor.line)
        free = all(span[1] < a or b < span[0] for a, b in taken.get(g.path, []))
        taken.setdefault(g.path, []).append(span)
        comments.append(PlannedComment(g.path, g.anchor.line, g.anchor.start_line,
                                       comment_body(g, may_suggest=free), g.fingerprint))
    covered = frozenset(i.fingerprint for g in (*chosen, *(by_fp[fp] for fp in live))
                        for i in g.shown)
    overflow = tuple(i for g in over for i in g.shown)
    n = len(comments)
    body = (f"{REVIEW_MARKER}\npaperlist commented on {n} entr{'ies' if n != 1 else 'y'} this "
            "pull request adds or changes; the summary comment lists every finding.")
    return ReviewPlan(commit_id, body, tuple(comments), frozenset(live), overflow,
                      tuple(delete), covered=covered)

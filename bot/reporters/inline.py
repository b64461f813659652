"""The review plan: at most ``limit`` inline comments standing on the PR, each with a one-click
suggestion when the finding's fix rewrites exactly the anchored lines.

A finding already commented on an earlier run (same fingerprint) is not commented again. The
bot's own comments are deleted, unless someone replied to them, when their finding is gone, when
they duplicate another (a double post; the oldest stays), or when GitHub marks them outdated
(the finding, if still there, is then commented afresh on its current line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import escape
from bot.filter import Anchor
from bot.markers import REVIEW_MARKER, fp_marker
from lint_rules.findings import Applicability
from lint_rules.projection import project_fix

from . import Item, severity_order

MAX_INLINE = 30


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
    already_commented: frozenset[str]  # fingerprints with a live comment from an earlier run
    overflow: tuple[Item, ...]  # commentable, but over the limit: listed in the summary
    delete: tuple[int, ...]  # our stale or duplicate comments, without replies
    event: str = "COMMENT"


@dataclass(frozen=True, slots=True)
class Suggestion:
    replacement: str
    deletes_lines: bool = False

    def block(self) -> str:
        return escape.fence(None if self.deletes_lines else self.replacement, "suggestion")


def suggestion(item: Item) -> Suggestion | None:
    """The replacement for exactly the anchored lines, or None if the fix cannot be one."""
    f = item.filtered.finding
    anchor = item.filtered.anchor
    if f.fix is None or anchor is None or f.fix.applicability == Applicability.DISPLAY:
        return None
    projected = project_fix(item.source, f)
    if projected is None or (projected.line, projected.end_line) != (anchor.first, anchor.line):
        return None
    new = projected.replacement
    # A suggestion replaces whole lines; it cannot add a final newline or keep a CR.
    if new.endswith("\n") or "\r" in new:
        return None
    if new == item.source.lines_text(anchor.first, anchor.line) and not projected.deletes_lines:
        return None
    return Suggestion(new, projected.deletes_lines)


def comment_body(item: Item) -> str:
    f = item.filtered.finding
    parts = [f"**{f.severity.value}** · `{f.code}` {f.name}", "", escape.inline(f.message)]
    suggested = suggestion(item)
    if suggested is not None and f.fix is not None:
        parts += ["", suggested.block(),
                  f"{escape.inline(f.fix.title)} — apply it with *Commit suggestion*."]
    elif f.fix is not None and f.fix.applicability != Applicability.DISPLAY:
        parts += ["", f"Fix available: {escape.inline(f.fix.title)} (`paperlist check --fix`)."]
    parts.append(fp_marker(item.fingerprint))
    return "\n".join(parts)


def build_review_plan(items: Sequence[Item], commit_id: str,
                      existing: Sequence[ExistingComment], limit: int = MAX_INLINE) -> ReviewPlan:
    current = {item.fingerprint for item in items}
    ours = sorted((c for c in existing if c.fingerprint), key=lambda c: c.id)
    live: set[str] = set()  # current findings with a visible comment of ours
    delete: list[int] = []
    for c in ours:
        assert c.fingerprint is not None
        if c.line is not None and c.fingerprint in current and c.fingerprint not in live:
            live.add(c.fingerprint)
        elif not c.has_replies:
            # Gone, a duplicate, or outdated (GitHub folds it under an old diff, so a finding
            # that is still there gets a fresh comment on its current line).
            delete.append(c.id)
    fresh = sorted((i for i in items if i.filtered.should_comment and i.fingerprint not in live),
                   key=severity_order)
    # The cap holds for the PR, not per run: comments still standing count toward it.
    room = max(0, limit - len(live))
    chosen, overflow = fresh[:room], fresh[room:]
    comments = []
    for item in chosen:
        anchor: Anchor = item.filtered.anchor  # type: ignore[assignment]
        comments.append(PlannedComment(item.path, anchor.line, anchor.start_line,
                                       comment_body(item), item.fingerprint))
    n = len(comments)
    body = (f"{REVIEW_MARKER}\npaperlist found {n} problem{'s' if n != 1 else ''} on lines this "
            "pull request changes; the summary comment lists every finding.")
    return ReviewPlan(commit_id, body, tuple(comments), frozenset(live & current),
                      tuple(overflow), tuple(delete))

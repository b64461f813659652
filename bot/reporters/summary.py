"""The sticky summary comment: counts by severity, every finding on the PR's lines, pre-existing
findings collapsed, and what was fixed since the last run — within GitHub's 65,536 characters.

Found again on the next run by its hidden marker and edited in place; it carries the fingerprints
it reported (base64 state marker) so that the next run can tell what disappeared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot import escape
from bot.markers import SUMMARY_MARKER, state_marker
from lint_rules.findings import Severity

from . import Item, severity_order
from .inline import ReviewPlan

MAX_BODY = 65536
STATE_BUDGET = 16000  # characters of remembered fingerprints, so the state never crowds the list


@dataclass(frozen=True, slots=True)
class SummaryPlan:
    body: str
    state: dict[str, str]


def _counts(items: Iterable[Item]) -> str:
    counts = Counter(i.filtered.finding.severity for i in items)
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        n = counts[severity]
        plural = "s" if n != 1 and severity is not Severity.INFO else ""
        parts.append(f"{n} {severity.value}{plural}")
    return ", ".join(parts)


def label(item: Item) -> str:
    f = item.filtered.finding
    subject = escape.truncate(" ".join((f.subject or "").split()), 60)
    return f"{f.code} {f.name}" + (f": {subject}" if subject else "")


def _line(item: Item, note: str = "") -> str:
    f = item.filtered.finding
    where = escape.code(f"{item.path}") + (f" line {f.line}" if f.end_line <= f.line
                                           else f" lines {f.line}–{f.end_line}")
    text = f"- {where} · **{f.severity.value}** `{f.code}` {f.name}: {escape.inline(f.message)}"
    return text + (f" _({note})_" if note else "")


def _fit(lines: list[str], budget: int, what: str) -> list[str]:
    """As many lines as fit in ``budget`` characters, then a count of the rest."""
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        if used + len(line) + 1 > budget - 80:
            out.append(f"- … and {len(lines) - i} more {what} not shown (comment size limit)")
            break
        out.append(line)
        used += len(line) + 1
    return out


def build_summary(items: Sequence[Item], plan: ReviewPlan, previous_state: Mapping[str, str],
                  *, head_sha: str, files: Sequence[str], config_ref: str,
                  unpatched: Sequence[str] = (), inline_refused: bool = False,
                  limit: int = MAX_BODY) -> SummaryPlan:
    """``unpatched``: files GitHub sent no patch for (their changed lines were computed);
    ``inline_refused``: GitHub refused the review, so every finding is listed here instead."""
    in_diff = sorted((i for i in items if i.filtered.in_diff), key=severity_order)
    outside = sorted((i for i in items if not i.filtered.in_diff), key=severity_order)
    planned = {c.fingerprint for c in plan.comments}
    overflow = {i.fingerprint for i in plan.overflow}

    def note(item: Item) -> str:
        if item.fingerprint in planned or item.fingerprint in plan.already_commented:
            return "commented inline"
        if item.fingerprint in overflow:
            return ("not commented: GitHub refused the review" if inline_refused
                    else "not commented: over the inline limit")
        return "no inline comment possible here"

    current = {i.fingerprint for i in items}
    gone = [label for fp, label in previous_state.items() if fp not in current]
    fixed = sorted(label for label in gone if label)
    fixed_elsewhere = len(gone) - len(fixed)  # pre-existing ones, remembered without a label

    head = [SUMMARY_MARKER, "### paperlist review", ""]
    if in_diff:
        head.append(f"On the lines this pull request changes: **{_counts(in_diff)}**.")
    else:
        head.append("No problems on the lines this pull request changes.")
    if outside:
        head.append(f"Elsewhere in the changed list files (not introduced here): "
                    f"{_counts(outside)}.")
    if inline_refused:
        head.append("GitHub refused this run's inline comments (the pull request may have "
                    "changed meanwhile); the next run will try again.")
    for path in unpatched:
        head.append(f"GitHub sent no diff for {escape.code(path)} (too large): its changed lines "
                    "were worked out from the two versions and get no inline comments.")
    footer = ["", f"<sub>Checked {', '.join(escape.code(p) for p in files)} at "
              f"`{head_sha[:7]}` with the configuration of {escape.code(config_ref)}.</sub>"]

    state: dict[str, str] = {}
    used = 0
    for item in (*in_diff, *outside):
        entry = label(item) if item.filtered.in_diff else ""
        used += len(item.fingerprint) + len(entry) + 8
        if used > STATE_BUDGET:
            break
        state[item.fingerprint] = entry
    marker = state_marker(state)

    fixed_lines = [f"- ~~{escape.plain(lb)}~~" for lb in fixed]
    if fixed_elsewhere:
        fixed_lines.append(f"- {fixed_elsewhere} finding{'s' if fixed_elsewhere != 1 else ''} "
                           "on other lines of the list")
    n_fixed = len(fixed) + fixed_elsewhere
    diff_lines = [_line(i, note(i)) for i in in_diff]
    outside_lines = [_line(i) for i in outside]
    fixed_block = ["", f"**Fixed since the last run ({n_fixed}):**", *fixed_lines] if n_fixed \
        else []
    fixed_total = len("\n".join(fixed_block)) + 1
    fixed_limit = min(fixed_total, max(0, (limit - len("\n".join(head + footer)) -
                                           len(marker)) // 4))
    if fixed_block and fixed_total > fixed_limit:
        fixed_block = fixed_block[:2] + _fit(fixed_lines, fixed_limit, "fixed findings")

    fixed_size = len("\n".join(fixed_block)) + 1
    room = limit - len("\n".join(head + footer)) - len(marker) - fixed_size - 300
    diff_block = ["", *_fit(diff_lines, room, "findings")] if diff_lines else []
    room -= len("\n".join(diff_block)) + 1
    outside_block: list[str] = []
    if outside_lines:
        outside_block = ["", "<details><summary>"
                         f"{len(outside)} finding{'s' if len(outside) != 1 else ''} on lines this "
                         "pull request does not change</summary>", "",
                         *_fit(outside_lines, room - 40, "findings"), "", "</details>"]
    body = "\n".join([*head, *diff_block, *fixed_block, *outside_block, *footer, marker])
    if len(body) > limit:  # defensive: the budgets above should make this unreachable
        body = body[: limit - len(marker) - 1] + "\n" + marker
    return SummaryPlan(body, state)

"""The sticky summary comment, within 8,000 characters however old and messy the list.

What this PR introduces comes first: counts by severity, then each problem on the lines it adds
or changes that needs a person, with a link to the line (commented first, then worst first);
style details (info notes, house conventions, safely fixable formatting) are counted per rule.
Then what was fixed since the last run, and the pre-existing problems, collapsed, as counts per
rule with a few example lines each.

Found again on the next run by its first line (the marker) and edited in place; its last line
carries the fingerprints it reported (compressed state marker) so that the next run can tell
what disappeared.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot import escape
from bot.filter import CONTENT_FAMILIES, STYLE_FAMILIES
from bot.markers import SUMMARY_MARKER, state_marker
from lint_rules.findings import Applicability, Severity

from . import Item, severity_order
from .inline import ReviewPlan

MAX_BODY = 8000  # our bound; GitHub's is 65,536
STATE_BUDGET = 2000  # characters of the state marker, so the state never crowds the list
PREEXISTING_BUDGET = 1800  # the collapsed pre-existing table
FIXED_BUDGET = 700
EXAMPLES = 3  # example lines per pre-existing rule
MAX_MESSAGE = 160


@dataclass(frozen=True, slots=True)
class SummaryPlan:
    body: str
    state: dict[str, str]


@dataclass(frozen=True, slots=True)
class FileNote:
    """Something about a whole file the summary must say (it could not be read as UTF-8...)."""

    path: str
    text: str


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


class _Where:
    """Links to lines of the head commit (``link_base`` is ``…/blob/SHA``), or plain text."""

    def __init__(self, link_base: str | None) -> None:
        self.base = link_base.rstrip("/") if link_base else None

    def __call__(self, path: str, line: int, end_line: int | None = None) -> str:
        span = f"{line}" if not end_line or end_line <= line else f"{line}–{end_line}"
        text = f"{escape.plain(path)}:{span}"
        if self.base is None:
            return text
        anchor = f"#L{line}" + (f"-L{end_line}" if end_line and end_line > line else "")
        return f"[{text}]({self.base}/{escape.url_path(path)}{anchor})"


def needs_a_person(item: Item) -> bool:
    """Listed one by one in the summary, rather than counted as a style detail."""
    f = item.filtered.finding
    if item.filtered.inline or f.code.startswith(CONTENT_FAMILIES):
        return True
    if f.severity is Severity.INFO or f.code.startswith(STYLE_FAMILIES):
        return False
    return f.fix is None or f.fix.applicability is not Applicability.SAFE


def _fit(lines: Sequence[str], budget: int, more: str) -> list[str]:
    """As many lines as fit in ``budget`` characters, then a count of the rest."""
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        if used + len(line) + 1 > budget - len(more) - 16:
            out.append(f"- … and {len(lines) - i} {more}")
            break
        out.append(line)
        used += len(line) + 1
    return out


def _state(in_diff: Sequence[Item], outside: Sequence[Item]) -> tuple[dict[str, str], str]:
    """The fingerprints to remember (the PR's with a label, then pre-existing ones without),
    as many as the state budget holds."""
    candidates = [(i.fingerprint, escape.truncate(label(i), 60)) for i in in_diff]
    candidates += [(i.fingerprint, "") for i in outside]
    n = len(candidates)
    while True:
        state = dict(candidates[:n])
        marker = state_marker(state)
        if len(marker) <= STATE_BUDGET or n == 0:
            return state, marker
        n = n * 3 // 4


def _preexisting(outside: Sequence[Item], where: _Where, budget: int) -> list[str]:
    by_rule: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in outside:
        f = item.filtered.finding
        by_rule[(f.code, f.name)].append(item)
    ranked = sorted(by_rule.items(), key=lambda kv: (-max(i.filtered.finding.severity.rank
                                                          for i in kv[1]), -len(kv[1]), kv[0]))
    rows = []
    for (code, name), group in ranked:
        worst = max(i.filtered.finding.severity.rank for i in group)
        severity = next(s for s in Severity if s.rank == worst).value
        examples = ", ".join(where(i.path, i.filtered.finding.line) for i in
                             sorted(group, key=lambda i: (i.path, i.filtered.finding.line))
                             [:EXAMPLES])
        rows.append(f"| `{code}` {name} | {severity} | {len(group)} | {examples} |")
    header = ["| rule | severity | findings | for example |", "| --- | --- | --- | --- |"]
    used = sum(len(h) + 1 for h in header)
    out = list(header)
    for i, row in enumerate(rows):
        if used + len(row) + 1 > budget - 60:
            rest = sum(len(g) for _, g in ranked[i:])
            out.append(f"| … {len(rows) - i} more rules | | {rest} | |")
            break
        out.append(row)
        used += len(row) + 1
    return out


def build_summary(items: Sequence[Item], plan: ReviewPlan, previous_state: Mapping[str, str],
                  *, head_sha: str, files: Sequence[str], config_ref: str,
                  unpatched: Sequence[str] = (), inline_refused: bool = False,
                  notes: Sequence[FileNote] = (), link_base: str | None = None,
                  limit: int = MAX_BODY) -> SummaryPlan:
    """``unpatched``: files GitHub sent no patch for (their changed lines were computed);
    ``inline_refused``: GitHub refused the review, so no finding was commented inline;
    ``notes``: problems with whole files; ``link_base``: ``https://github.com/OWNER/REPO/blob/SHA``
    to link each finding to its line."""
    where = _Where(link_base)
    in_diff = sorted((i for i in items if i.filtered.in_diff), key=severity_order)
    outside = sorted((i for i in items if not i.filtered.in_diff), key=severity_order)
    covered = plan.covered
    overflow = {i.fingerprint for i in plan.overflow}

    def note(item: Item) -> str:
        if item.fingerprint in covered:
            return "commented inline"
        if item.fingerprint in overflow:
            return ("not commented: GitHub refused the review" if inline_refused
                    else "not commented: over the inline limit")
        return ""

    current = {i.fingerprint for i in items}
    gone = [lb for fp, lb in previous_state.items() if fp not in current]
    fixed = sorted(lb for lb in gone if lb)
    fixed_elsewhere = len(gone) - len(fixed)  # pre-existing ones, remembered without a label

    state, marker = _state(in_diff, outside)

    head = [SUMMARY_MARKER, "### paperlist review", ""]
    if in_diff:
        commented = sum(1 for i in in_diff if i.fingerprint in covered)
        head.append(f"On the lines this pull request adds or changes: **{_counts(in_diff)}**"
                    + (f" ({commented} commented inline)." if commented else "."))
    elif files:
        head.append("No problems on the lines this pull request adds or changes.")
    else:
        head.append("No list file of this pull request could be reviewed.")
    for file_note in notes:
        head.append(f"- **{escape.plain(file_note.path)}**: {escape.inline(file_note.text)}")
    if inline_refused:
        head.append("GitHub refused this run's inline comments (the pull request may have "
                    "changed meanwhile); the next run will try again.")
    for path in unpatched:
        head.append(f"GitHub sent no diff for {escape.code(path)} (too large): its changed lines "
                    "were worked out from the two versions and get no inline comments.")
    checked = (f"Checked {', '.join(escape.code(p) for p in files[:10])}"
               + (f" and {len(files) - 10} more" if len(files) > 10 else "") + " at"
               if files else "At")
    footer = ["", f"<sub>{checked} `{head_sha[:7]}` with the configuration of "
              f"{escape.code(escape.truncate(config_ref, 100))}.</sub>"]

    # The PR's problems, those commented inline first: what needs a person is listed (errors,
    # content findings, warnings without a safe fix); house-style and whitespace details (info,
    # conventions, safely fixable formatting) are counted per rule.
    listed = sorted((i for i in in_diff if needs_a_person(i)),
                    key=lambda i: (note(i) != "commented inline", severity_order(i)))
    details = Counter(f"`{i.filtered.finding.code}` {i.filtered.finding.name}"
                      for i in in_diff if not needs_a_person(i))
    diff_lines = []
    for item in listed:
        f = item.filtered.finding
        text = (f"- {where(item.path, f.line, f.end_line)} · **{f.severity.value}** `{f.code}` "
                f"{f.name}: {escape.inline(escape.truncate(f.message, MAX_MESSAGE))}")
        n = note(item)
        diff_lines.append(text + (f" _({n})_" if n else ""))
    info_line = (f"- Style details ({sum(details.values())}): "
                 + ", ".join(f"{k} ×{v}" for k, v in details.most_common())
                 + " — the suggestions or `paperlist check --fix` fix those that can be fixed"
                 ) if details else ""

    fixed_block: list[str] = []
    n_fixed = len(fixed) + fixed_elsewhere
    if n_fixed:
        fixed_lines = [f"- ~~{escape.plain(lb)}~~" for lb in fixed]
        if fixed_elsewhere:
            fixed_lines.append(f"- {fixed_elsewhere} finding{'s' if fixed_elsewhere != 1 else ''}"
                               " on other lines of the list")
        fixed_block = ["", f"**Fixed since the last run ({n_fixed}):**",
                       *_fit(fixed_lines, FIXED_BUDGET, "more fixed")]

    outside_block: list[str] = []
    if outside:
        table = _preexisting(outside, where, PREEXISTING_BUDGET)
        outside_block = ["", f"<details><summary>{len(outside)} finding"
                         f"{'s' if len(outside) != 1 else ''} on lines this pull request does "
                         f"not change ({_counts(outside)})</summary>", "", *table, "",
                         "</details>"]

    def size(lines: Sequence[str]) -> int:
        return sum(len(x) + 1 for x in lines)

    room = (limit - size(head) - size(footer) - len(marker) - size(fixed_block)
            - size(outside_block) - len(info_line) - 40)
    diff_block = ["", *_fit(diff_lines, room, "more findings (run `paperlist check`)")] \
        if diff_lines else []
    if info_line:
        diff_block += ([""] if not diff_block else []) + [info_line]
    body = "\n".join([*head, *diff_block, *fixed_block, *outside_block, *footer, marker])
    if len(body) > limit:
        # Many file notes or long paths: keep the marker lines, drop the middle.
        keep = limit - len(marker) - len(SUMMARY_MARKER) - 40
        middle = "\n".join([*head[1:], *diff_block])[:keep]
        body = "\n".join([SUMMARY_MARKER, middle, "…(cut to fit)", marker])
    return SummaryPlan(body, state)

"""Workflow-command annotations: the fallback when the token may not comment (fork PRs).

They need no token. GitHub shows at most 10 errors and 10 warnings per step, so the findings on
the PR's own lines come first, worst first; pre-existing ones are only counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from lint_rules.findings import Severity

from . import Item, severity_order

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(item: Item) -> str:
    f = item.filtered.finding
    props = [f"file={escape_property(item.path)}", f"line={f.line}",
             f"endLine={max(f.end_line, f.line)}", f"col={f.column}",
             f"title={escape_property(f'{f.code} {f.name}')}"]
    return f"::{_COMMAND[f.severity]} {','.join(props)}::{escape_data(f.message)}"


def render(items: Sequence[Item]) -> str:
    in_diff = sorted((i for i in items if i.filtered.in_diff), key=severity_order)
    lines = [annotation(i) for i in in_diff]
    outside = sum(1 for i in items if not i.filtered.in_diff)
    if outside:
        lines.append(escape_data(f"::notice::{outside} pre-existing finding(s) on lines this pull "
                                 "request does not change; run `paperlist check` to see them"))
    return "\n".join(lines) + ("\n" if lines else "")

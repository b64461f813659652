"""The pull request's title and body, and the reply on the issue. Pure.

Text from arXiv and from the comment is neutralised (no mentions, no HTML) before it is shown.
The PR body carries a hidden marker with the issue and the ids it holds, so a later command on
the same issue rebuilds the same branch with the earlier papers kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.commands.add import AddResult
from bot.digest.render import neutralise

MARKER = "paperlist-command"
_MARKER = re.compile(
    r"<!--\s*paperlist-command\s+issue=(?P<issue>\d+)\s+ids=(?P<ids>[^\s>]*)\s*-->")
MAX_BODY = 65_536


@dataclass(frozen=True, slots=True)
class PrMarker:
    issue: int
    ids: tuple[str, ...]


def format_marker(issue: int, ids: Sequence[str]) -> str:
    return f"<!-- {MARKER} issue={issue} ids={','.join(ids)} -->"


def parse_pr_marker(body: str) -> PrMarker | None:
    m = _MARKER.search(body or "")
    if m is None:
        return None
    return PrMarker(int(m.group("issue")), tuple(i for i in m.group("ids").split(",") if i))


def reply_marker(issue: int) -> str:
    return f"<!-- {MARKER}-reply issue={issue} -->"


def _code(text: str) -> str:
    text = neutralise(text).replace("`", "'")
    return f"`{text}`"


def pr_title(issue: int, result: AddResult) -> str:
    n = len(result.added)
    return f"Add {n} paper{'s' if n != 1 else ''} requested in #{issue}"


def pr_body(issue: int, ids: Sequence[str], result: AddResult, list_path: str) -> str:
    lines = [format_marker(issue, ids), "",
             f"Papers requested with `/paperlist add` in #{issue}, added to `{list_path}`.", ""]
    for a in result.added:
        lines.append(f"- **{neutralise(a.paper.title)}** ([arXiv:{a.paper.id}]"
                     f"(https://arxiv.org/abs/{a.paper.id})) → {neutralise(a.where)}, "
                     f"line {a.line}")
        for why in a.why:
            lines.append(f"  - {neutralise(why)}")
    lines += _other_outcomes(result)
    lines += ["", "`paperlist check` on the result: no new finding.",
              "", "<sub>Opened by `paperlist command`; a new `/paperlist add` on the issue "
              "updates this pull request.</sub>"]
    body = "\n".join(lines) + "\n"
    return body if len(body) <= MAX_BODY else body[: MAX_BODY - 40] + "\n\n… (cut to fit)\n"


def _other_outcomes(result: AddResult) -> list[str]:
    lines: list[str] = []
    if result.listed:
        lines += ["", "Already in the list, not added:"]
        lines += [f"- arXiv:{x.identifier}: {neutralise(x.reason)}, line {x.line} under "
                  f"{neutralise(x.where)}" for x in result.listed]
    if result.unknown:
        lines += ["", "Not found on arXiv: " + ", ".join(_code(i) for i in result.unknown)]
    if result.refused:
        lines += ["", "Not added:"]
        lines += [f"- arXiv:{r.identifier}: {neutralise(r.reason)}" for r in result.refused]
    return lines


def reply_body(issue: int, result: AddResult, pull_url: str | None, invalid: Sequence[str],
               note: str = "") -> str:
    lines = [reply_marker(issue)]
    if pull_url and result.added:
        lines.append(f"{pull_url} adds {len(result.added)} "
                     f"paper{'s' if len(result.added) != 1 else ''}:")
        lines += [f"- arXiv:{a.paper.id} → {neutralise(a.where)}" for a in result.added]
    elif not result.added:
        lines.append("Nothing to add.")
    if note:
        lines += ["", neutralise(note)]
    lines += _other_outcomes(result)
    if invalid:
        lines += ["", "Not arXiv ids, ignored: " + ", ".join(_code(t) for t in invalid)]
    return "\n".join(lines) + "\n"

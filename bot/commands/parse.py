"""Maintainer commands in an issue comment, and the papers ticked in a digest issue. Pure.

A command is a line of its own starting with ``/paperlist`` (not quoted, not in a code block):
``/paperlist add 2510.13768 2510.14532`` or ``/paperlist add`` alone (the ticked suggestions of
the digest issue), ``/paperlist update-venues``. Ids may be written as ``2510.13768``,
``arXiv:2510.13768v2`` or an arXiv link; anything else is kept as an unknown token to report,
never guessed at. The comment is only ever read as data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.digest.dedupe import parse_marker
from lint_rules.identifiers import arxiv_id, arxiv_id_in_text

COMMANDS = ("add", "update-venues")
MAX_IDS = 50
_COMMAND = re.compile(r"^/paperlist[ \t]+(?P<name>[a-z-]+)(?P<args>[^\n]*)$", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~)")
_TICKED = re.compile(r"^\s*[-*+][ \t]+\[[xX]\][ \t]+(?P<rest>.*)$")
_LINK = re.compile(r"\]\((?P<url>[^)\s]+)\)")


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # "add" | "update-venues"
    ids: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()  # tokens that are not arXiv ids
    truncated: bool = False


def _plain_lines(body: str) -> str:
    """The comment without quoted lines and fenced code: a quoted command is not one."""
    out, fenced = [], False
    for line in body.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if fenced or line.lstrip().startswith(">"):
            continue
        out.append(line.strip())
    return "\n".join(out)


def parse_id(token: str) -> str | None:
    token = token.strip().strip(",;.")
    if token.startswith(("http://", "https://")):
        return arxiv_id(token)
    found = arxiv_id_in_text(token)
    if found is None:
        return None
    bare = re.sub(r"(?i)^arxiv:\s*", "", token)
    bare = re.sub(r"v\d+$", "", bare)
    return found if bare.lower() == found.lower() else None


def parse_command(body: str) -> Command | None:
    """The first ``/paperlist`` command in the comment, or None."""
    m = _COMMAND.search(_plain_lines(body or ""))
    if m is None:
        return None
    name = m.group("name")
    tokens = [t for t in re.split(r"[\s,]+", m.group("args")) if t]
    if name not in COMMANDS:
        return Command(name, (), tuple(tokens))
    ids: list[str] = []
    invalid: list[str] = []
    for token in tokens:
        found = parse_id(token)
        if found is None:
            invalid.append(token[:60])
        elif found not in ids:
            ids.append(found)
    return Command(name, tuple(ids[:MAX_IDS]), tuple(invalid[:20]), len(ids) > MAX_IDS)


def ticked_ids(issue_body: str) -> list[str]:
    """arXiv ids of the ticked suggestions (``- [x] [Title](https://arxiv.org/abs/ID)``);
    in a digest issue only those its marker lists, so a ticked link elsewhere is not taken."""
    marker = parse_marker(issue_body or "")
    allowed = {i.lower() for i in marker.ids} if marker else None
    ids: list[str] = []
    for line in (issue_body or "").split("\n"):
        m = _TICKED.match(line)
        if m is None:
            continue
        for link in _LINK.finditer(m.group("rest")):
            found = arxiv_id(link.group("url"))
            if found and (allowed is None or found.lower() in allowed) and found not in ids:
                ids.append(found)
                break
    return ids

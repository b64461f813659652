"""Make text from a pull request safe to quote in a GitHub comment.

PR text (titles, URLs, venue strings) ends up in rule messages. Quoted raw it could ping people
(``@octocat``), render HTML (``<img src=x onerror=...>``), or close our markup and inject its own
links. Everything we quote goes through :func:`inline`; suggestion bodies, which GitHub applies
verbatim, go in a fence longer than any backtick run inside (:func:`fence`), where nothing renders.
"""

from __future__ import annotations

import html
import re

# A zero-width space after "@" stops GitHub linking and notifying, and stays invisible.
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_ZWSP = "&#8203;"


def neutralise_mentions(text: str) -> str:
    return _MENTION.sub("@" + _ZWSP, text)


def plain(text: str) -> str:
    """Literal text in markdown prose: no HTML, no markdown, no mentions, one line."""
    text = re.sub(r"\s+", " ", text)
    text = html.escape(text, quote=False)  # & < > become entities, so no tag can open
    text = re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)
    return neutralise_mentions(text)


def code(text: str) -> str:
    """Text shown as inline code: an HTML ``<code>`` element holding escaped text.

    A markdown code span cannot hold entities, so a title with ``<img>`` would sit raw in the
    body; inside ``<code>`` it is entity-escaped and still renders as code.
    """
    text = re.sub(r"\s+", " ", text)
    text = html.escape(text, quote=False).replace("|", "&#124;")
    return f"<code>{neutralise_mentions(text)}</code>"


def inline(message: str) -> str:
    """A rule message for a comment: its `code spans` as :func:`code`, the rest as :func:`plain`."""
    out = []
    pos = 0
    for m in _CODE_SPAN.finditer(message):
        out.append(plain(message[pos : m.start()]))
        out.append(code(m.group(2).strip() or m.group(2)))
        pos = m.end()
    out.append(plain(message[pos:]))
    return "".join(out)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def fence(content: str | None, info: str = "") -> str:
    """A fenced block whose fence is longer than any backtick run in ``content``.

    ``None`` makes a block with no line at all (a suggestion that deletes the anchored lines),
    unlike ``""``, which is one empty line.
    """
    longest = max((len(run) for run in re.findall(r"`+", content or "")), default=0)
    bar = "`" * max(3, longest + 1)
    if content is None:
        return f"{bar}{info}\n{bar}"
    return f"{bar}{info}\n{content}\n{bar}"


_URL_SAFE = re.compile(r"[^A-Za-z0-9._~/-]")


def url_path(path: str) -> str:
    """A repository path as it goes in a URL: every other byte percent-encoded."""
    return _URL_SAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), path)

"""Hidden markers that let the bot recognise its own comments on a later run.

GitHub moves a review comment's ``line`` when the PR gets new commits, so a comment is keyed by a
fingerprint of what it is about — the rule and the finding's normalised subject (the entry, its
arXiv id, ...) — never by its line. Markers are HTML comments, invisible in the rendered body.
The summary also carries the fingerprints it reported, so the next run can say what was fixed;
that state is base64 JSON, which cannot close the HTML comment whatever the PR's text holds.

Markers are read only where the bot writes them: the summary marker is the body's first line,
the state and fingerprint markers its last line. A marker anywhere else is quoted text (a PR line
inside a suggestion, another bot quoting us) and is never believed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping

from lint_rules.findings import Finding

PREFIX = "paperlist"
SUMMARY_MARKER = f"<!-- {PREFIX}:summary -->"
REVIEW_MARKER = f"<!-- {PREFIX}:review -->"
_FP = re.compile(rf"<!-- {PREFIX}:fp=([0-9A-Z]+:[0-9a-f]{{16}}) -->")
_STATE = re.compile(rf"<!-- {PREFIX}:state=([A-Za-z0-9_=-]*) -->")
MAX_STATE_BYTES = 1 << 20


def first_line(body: str) -> str:
    return (body or "").split("\n", 1)[0].rstrip("\r")


def last_line(body: str) -> str:
    """The body's last non-empty line (GitHub keeps bodies as sent, but editors add newlines)."""
    return (body or "").rstrip("\r\n").rsplit("\n", 1)[-1].rstrip("\r")


def normalise_subject(text: str) -> str:
    """Case, spacing and markdown punctuation do not change what a finding is about."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\s*_`~>#\[\]()|-]+", " ", text)
    return text.strip()


def fingerprint(finding: Finding, line_text: str = "", occurrence: int = 0) -> str:
    """``CODE:hash`` of the rule and the normalised subject (the line's text if no subject)."""
    return _digest(finding.code, normalise_subject(finding.subject or line_text), occurrence)


def _digest(code: str, subject: str, occurrence: int) -> str:
    digest = hashlib.sha256(f"{code}\0{subject}\0{occurrence}".encode()).hexdigest()
    return f"{code}:{digest[:16]}"


def fingerprints(findings: Iterable[Finding], line_texts: Mapping[int, str]) -> list[str]:
    """Fingerprints of a file's findings; repeats of one (rule, subject) get an occurrence index."""
    seen: Counter[tuple[str, str]] = Counter()
    normal: dict[str, str] = {}  # thousands of findings may share one very long line
    out = []
    for f in findings:
        raw = f.subject or line_texts.get(f.line, "")
        subject = normal.get(raw)
        if subject is None:
            subject = normal[raw] = normalise_subject(raw)
        key = (f.code, subject)
        out.append(_digest(f.code, subject, seen[key]))
        seen[key] += 1
    return out


def group_fingerprint(code: str, fps: Iterable[str]) -> str:
    """One comment about several findings of an entry: keyed by the set of them, so the same
    findings are never commented twice and a changed set gets a fresh comment."""
    members = sorted(set(fps))
    if len(members) == 1:
        return members[0]
    digest = hashlib.sha256("\0".join(members).encode()).hexdigest()
    return f"{code}:{digest[:16]}"


def fp_marker(fp: str) -> str:
    return f"<!-- {PREFIX}:fp={fp} -->"


def find_fingerprint(body: str) -> str | None:
    """The fingerprint of a comment the bot wrote: its last line, and nothing but the marker."""
    m = _FP.fullmatch(last_line(body))
    return m.group(1) if m else None


def state_marker(state: Mapping[str, str]) -> str:
    # Compressed: the labels repeat rule names, and the summary has 8,000 characters in all.
    raw = zlib.compress(json.dumps(dict(state), sort_keys=True, separators=(",", ":")).encode(), 9)
    return f"<!-- {PREFIX}:state=z{base64.urlsafe_b64encode(raw).decode()} -->"


def find_state(body: str) -> dict[str, str]:
    """The fingerprint → label map a previous summary stored on its last line; empty if absent,
    elsewhere in the body, or damaged."""
    m = _STATE.fullmatch(last_line(body))
    if not m:
        return {}
    payload = m.group(1)
    try:
        if payload.startswith("z"):
            # A bounded inflate: a forged marker cannot be a decompression bomb.
            inflater = zlib.decompressobj()
            raw = inflater.decompress(base64.urlsafe_b64decode(payload[1:].encode()),
                                      MAX_STATE_BYTES)
            if inflater.unconsumed_tail:
                return {}
        else:  # written by earlier versions: plain base64 JSON
            raw = base64.urlsafe_b64decode(payload.encode())
        data = json.loads(raw)
    except (binascii.Error, ValueError, zlib.error):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def is_summary(body: str) -> bool:
    """Shaped like the bot's summary: the marker is the first line."""
    return first_line(body) == SUMMARY_MARKER

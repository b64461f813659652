"""Hidden markers that let the bot recognise its own comments on a later run.

GitHub moves a review comment's ``line`` when the PR gets new commits, so a comment is keyed by a
fingerprint of what it is about — the rule and the finding's normalised subject (the entry, its
arXiv id, ...) — never by its line. Markers are HTML comments, invisible in the rendered body.
The summary also carries the fingerprints it reported, so the next run can say what was fixed;
that state is base64 JSON, which cannot close the HTML comment whatever the PR's text holds.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

from lint_rules.findings import Finding

PREFIX = "paperlist"
SUMMARY_MARKER = f"<!-- {PREFIX}:summary -->"
REVIEW_MARKER = f"<!-- {PREFIX}:review -->"
_FP = re.compile(rf"<!-- {PREFIX}:fp=([0-9A-Z]+:[0-9a-f]{{16}}) -->")
_STATE = re.compile(rf"<!-- {PREFIX}:state=([A-Za-z0-9_=-]*) -->")


def normalise_subject(text: str) -> str:
    """Case, spacing and markdown punctuation do not change what a finding is about."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\s*_`~>#\[\]()|-]+", " ", text)
    return text.strip()


def fingerprint(finding: Finding, line_text: str = "", occurrence: int = 0) -> str:
    """``CODE:hash`` of the rule and the normalised subject (the line's text if no subject)."""
    subject = normalise_subject(finding.subject or line_text)
    digest = hashlib.sha256(f"{finding.code}\0{subject}\0{occurrence}".encode()).hexdigest()
    return f"{finding.code}:{digest[:16]}"


def fingerprints(findings: Iterable[Finding], line_texts: Mapping[int, str]) -> list[str]:
    """Fingerprints of a file's findings; repeats of one (rule, subject) get an occurrence index."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for f in findings:
        key = (f.code, normalise_subject(f.subject or line_texts.get(f.line, "")))
        out.append(fingerprint(f, line_texts.get(f.line, ""), seen[key]))
        seen[key] += 1
    return out


def fp_marker(fp: str) -> str:
    return f"<!-- {PREFIX}:fp={fp} -->"


def find_fingerprint(body: str) -> str | None:
    m = _FP.search(body or "")
    return m.group(1) if m else None


def state_marker(state: Mapping[str, str]) -> str:
    raw = json.dumps(dict(state), sort_keys=True, separators=(",", ":")).encode()
    return f"<!-- {PREFIX}:state={base64.urlsafe_b64encode(raw).decode()} -->"


def find_state(body: str) -> dict[str, str]:
    """The fingerprint → label map a previous summary stored; empty if absent or damaged."""
    m = _STATE.search(body or "")
    if not m:
        return {}
    try:
        data = json.loads(base64.urlsafe_b64decode(m.group(1).encode()))
    except (binascii.Error, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def is_summary(body: str) -> bool:
    return SUMMARY_MARKER in (body or "")

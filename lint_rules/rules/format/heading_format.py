from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...lazy_regex import lazy_compile
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext

_NO_SPACE = lazy_compile(r"^( {0,3})(#{1,6})(?=[^#\s])")


def _closing_start(line: str) -> int | None:
    """Where a heading's closing ``#`` sequence starts, with the spacing before it (what
    ``[ \t]+#+[ \t]*$`` finds), read from the end: searching that pattern is retried at every
    space of a run, quadratic on a heading of 40,000 spaces."""
    body = line.rstrip(" \t")
    hashes = len(body) - len(body.rstrip("#"))
    if hashes == 0 or hashes == len(body):
        return None
    before = body[: len(body) - hashes]
    spaced = before.rstrip(" \t")
    return len(spaced) if len(spaced) < len(before) else None


class HeadingFormat(Rule):
    """## What it does
    Flags malformed headings: `##2021` (no space after the hashes, so it is not a heading at
    all), closing hashes (`## 2021 ##`) and empty headings.

    ## Why is this bad?
    A year heading that does not render as one silently merges its papers into the previous
    year; closing hashes and empty headings clutter the table of contents.

    ## Example
    ```markdown
    ##2021
    ```

    Use instead:
    ```markdown
    ## 2021
    ```

    ## Fix safety
    Removing a closing `#` sequence is safe (it never renders). Inserting the missing space
    is unsafe: it turns a line of text into a heading.
    """

    code = "PL115"
    name = "heading-format"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        src = doc.source
        heading_lines = {h.line for h in doc.headings}
        for number in range(1, src.line_count + 1):
            if number in doc.opaque_lines:
                continue
            line = src.line_text(number)
            start = src.line_start(number)
            m = _NO_SPACE.match(line)
            if m and number not in heading_lines and re.match(r"#{1,6}\d{4}\b|#{1,6}[A-Z]",
                                                               line.lstrip()):
                at = start + m.end()
                yield self.finding(
                    doc, (start, src.line_end(number)),
                    f"`{line.strip()[:40]}` is not a heading: a space must follow the `#`",
                    severity=Severity.ERROR,
                    fix=Fix.unsafe("Insert a space after the `#`", Edit.insert(at, " ")),
                )
        for heading in doc.headings:
            line = src.line_text(heading.line)
            if not line.lstrip().startswith("#"):
                continue
            start = src.line_start(heading.line)
            if not heading.text:
                yield self.finding(doc, heading.span, "Heading is empty")
                continue
            closing = _closing_start(line)
            if closing is not None:
                s, e = start + closing, start + len(line.rstrip(" \t"))
                yield self.finding(
                    doc, (s, e),
                    f"Heading `{heading.text}` has closing `#` characters",
                    fix=Fix.safe("Remove the closing `#`", Edit.delete(s, e)),
                )

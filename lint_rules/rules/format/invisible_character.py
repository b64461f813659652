from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...lazy_regex import lazy_compile
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext

# Zero-width characters vanish; the non-breaking spaces become plain spaces.
_INVISIBLE = {
    "\u200b": ("zero-width space", ""),
    "\u200c": ("zero-width non-joiner", ""),
    "\u200d": ("zero-width joiner", ""),
    "\u2060": ("word joiner", ""),
    "\ufeff": ("zero-width no-break space", ""),
    "\u00ad": ("soft hyphen", ""),
    "\u00a0": ("non-breaking space", " "),
    "\u202f": ("narrow non-breaking space", " "),
    "\u2007": ("figure space", " "),
}
_PATTERN = lazy_compile("[" + "".join(_INVISIBLE) + "]")


class InvisibleCharacter(Rule):
    """## What it does
    Flags zero-width characters, soft hyphens and non-breaking spaces in the list.

    ## Why is this bad?
    They look like nothing or like a space, yet they make two equal titles compare unequal,
    break links they land in, and defeat search.

    ## Example
    ```markdown
    - [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224).␣arXiv.
    ```
    (where `␣` is a non-breaking space)

    Use instead:
    ```markdown
    - [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224). arXiv.
    ```

    ## Severity
    An error inside a link's URL, where it breaks the link; a warning elsewhere.
    """

    code = "PL111"
    name = "invisible-character"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        urls = sorted((lk.url_span.start, lk.url_span.end) for lk in doc.links)
        starts = [s for s, _ in urls]
        for m in _PATTERN.finditer(doc.text):
            if m.start() == 0 and m.group(0) == "\ufeff":
                continue  # a byte-order mark opening the file is harmless
            if doc.source.line_of(m.start()) in doc.opaque_lines:
                continue
            label, replacement = _INVISIBLE[m.group(0)]
            title = "Replace with a space" if replacement else "Remove it"
            i = bisect_right(starts, m.start()) - 1
            in_url = i >= 0 and urls[i][0] <= m.start() < urls[i][1]
            yield self.finding(
                doc, (m.start(), m.end()),
                f"Invisible character: {label} (U+{ord(m.group(0)):04X})"
                + (" inside a URL: the link is broken" if in_url else ""),
                severity=Severity.ERROR if in_url else Severity.WARNING,
                fix=Fix.safe(title, Edit(m.start(), m.end(), replacement)),
                subject=doc.source.line_text(doc.source.line_of(m.start())).strip(),
            )

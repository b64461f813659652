from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...lazy_regex import lazy_compile
from ...model import Document, Link
from ...rule import FixAvailability, Rule, RuleContext
from ...styles.parts import is_placeholder
from ..common import clip

_TYPO_SCHEME = lazy_compile(
    r"^(?:h+t+p+s?|htps|htp|hhtps?)(?::/{0,3}|/{1,3})(?=[^/])", re.IGNORECASE
)
_GOOD_SCHEME = lazy_compile(r"^https?://[^/\s]", re.IGNORECASE)
# Links a reader can follow that are no web address: mail, anchors, and files of the repository
# (`./paper.pdf`, `papers/2020.md`, `slides.pdf`).
_OTHER_SCHEME = lazy_compile(
    r"^(?:mailto:|ftp://|#|\.{0,2}/|[\w./-]+\.md\b|[\w./-]+\.(?:pdf|html?|txt|png|jpe?g|gif|svg"
    r"|ipynb|zip)$)",
    re.IGNORECASE,
)
# A path inside the repository, checked after host-like links (`github.com/a/b` has no scheme).
_RELATIVE = lazy_compile(r"^[\w.-]+(?:/[\w.%~-]+)+/?$")
_HOST_LIKE = lazy_compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/:?#]|$)",
                          re.IGNORECASE | re.ASCII)
_GLUED = lazy_compile(r"(?:%5Cn|\\n|\s)(?=https?://)", re.IGNORECASE)


class MalformedUrl(Rule):
    """## What it does
    Flags link destinations that are not well-formed web addresses: no scheme
    (`arxiv.org/abs/…`), a typo'd scheme (`htps://`, `https//`), spaces inside, or several
    URLs glued into one.

    ## Why is this bad?
    GitHub renders such a link relative to the repository or not at all, so readers land on a
    404 page of the repository instead of the paper.

    ## Example
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](htps://arxiv.org/abs/2011.01355). NeurIPS 2020.
    ```

    Use instead:
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](https://arxiv.org/abs/2011.01355). NeurIPS 2020.
    ```

    ## Fix safety
    A typo'd scheme is fixed safely. Adding a missing `https://`, encoding spaces and keeping
    only the first of glued URLs are unsafe fixes: they guess what was meant.
    """

    code = "PL104"
    name = "malformed-url"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for entry in doc.entries:
            for link in entry.links:
                url = link.url
                if not url.strip() or link.bare or is_placeholder(url):
                    continue  # empty-link reports empty and placeholder links
                found = self._problem(url)
                if found is None:
                    continue
                message, fix = found
                edit_fix = None
                if fix is not None:
                    replacement, safe, title = fix
                    edit = Edit(link.url_span.start, link.url_span.end, replacement)
                    edit_fix = Fix.safe(title, edit) if safe else Fix.unsafe(title, edit)
                yield self.finding(doc, link.url_span, message, fix=edit_fix,
                                   subject=f"{entry.title}|{url}")

    @staticmethod
    def _problem(url: str) -> tuple[str, tuple[str, bool, str] | None] | None:
        shown = clip(url, 80)
        glued = _GLUED.search(url)
        if glued and glued.start() > 0 and _GOOD_SCHEME.match(url):
            first = url[: glued.start()]
            return (f"URL `{shown}` holds several URLs glued together",
                    (first, False, f"Keep only `{clip(first, 60)}`"))
        if _GOOD_SCHEME.match(url):
            if re.search(r"\s", url):
                fixed = re.sub(r"\s", "%20", url.strip())
                return (f"URL `{shown}` contains spaces",
                        (fixed, False, "Encode the spaces as `%20`"))
            return None
        typo = _TYPO_SCHEME.match(url)
        if typo:
            scheme = "https://" if "s" in typo.group(0).lower() else "http://"
            fixed = scheme + url[typo.end():]
            return (f"URL `{shown}` has a misspelt scheme",
                    (fixed, True, f"Replace with `{clip(fixed, 60)}`"))
        if _OTHER_SCHEME.match(url):
            return None
        if _HOST_LIKE.match(url):
            fixed = "https://" + url
            return (f"URL `{shown}` has no scheme, so GitHub treats it as a file in the repository",
                    (fixed, False, f"Replace with `{clip(fixed, 60)}`"))
        if _RELATIVE.match(url):
            return None
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
            return None  # another scheme (doi:, data:…) is the author's choice
        return f"URL `{shown}` is not a web address", None


def link_problem(link: Link) -> bool:
    """Whether :class:`MalformedUrl` reports this link (other rules skip such links)."""
    return bool(link.url.strip()) and MalformedUrl._problem(link.url) is not None

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext

# (straight, curly opening/closing) per kind of quote.
_KINDS = {
    "apostrophe": ("'", "’"),
    "double quote": ('"', "“”"),
}


class MixedQuotes(Rule):
    """## What it does
    Flags entry titles whose quotes or apostrophes are straight (`'`) where most titles of the
    list use curly ones (`’`), or the other way round.

    ## Why is this bad?
    Mixed quotes look careless, and `Rubik's` and `Rubik’s` do not match in a search.

    ## Example
    ```markdown
    - [ ] [Revisiting Rubik’s Cube: Self-supervised Learning with Volume-Wise Transformation](https://link.springer.com/chapter/10.1007/978-3-030-59719-1_24). MICCAI 2020.
    - [ ] [Self-supervised Feature Learning for 3D Medical Images by Playing a Rubik's Cube](https://link.springer.com/chapter/10.1007/978-3-030-32251-9_46). MICCAI 2019.
    ```

    Use instead:
    ```markdown
    - [ ] [Self-supervised Feature Learning for 3D Medical Images by Playing a Rubik’s Cube](https://link.springer.com/chapter/10.1007/978-3-030-32251-9_46). MICCAI 2019.
    ```

    ## Fix safety
    The fix is unsafe: it is a matter of style, and an apostrophe inside a code name may be
    meant straight.
    """

    code = "PL112"
    name = "mixed-quotes"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        text = doc.text
        titled = [e for e in doc.entries if e.title_span is not None]
        for kind, (straight, curly) in _KINDS.items():
            uses = {"straight": 0, "curly": 0}
            for e in titled:
                uses["straight"] += e.title.count(straight)
                uses["curly"] += sum(e.title.count(c) for c in curly)
            if not uses["straight"] or not uses["curly"] or uses["straight"] == uses["curly"]:
                continue
            minority_is_straight = uses["straight"] < uses["curly"]
            for e in titled:
                assert e.title_span is not None
                edits = []
                for i in range(e.title_span.start, e.title_span.end):
                    ch = text[i]
                    if minority_is_straight and ch == straight:
                        edits.append(Edit(i, i + 1, _curl(text, i, straight, curly)))
                    elif not minority_is_straight and ch in curly:
                        edits.append(Edit(i, i + 1, straight))
                if not edits:
                    continue
                want = "curly" if minority_is_straight else "straight"
                yield self.finding(
                    doc, (edits[0].start, edits[-1].end),
                    f"Title uses a {'straight' if minority_is_straight else 'curly'} {kind} "
                    f"where the list's titles use {want} ones",
                    fix=Fix.unsafe(f"Use {want} {kind}s", *edits),
                    subject=e.title,
                )


def _curl(text: str, i: int, straight: str, curly: str) -> str:
    if len(curly) == 1:
        return curly
    opening = i == 0 or text[i - 1] in " \t([{-—"
    return curly[0] if opening else curly[1]

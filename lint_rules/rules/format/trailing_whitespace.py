from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...lazy_regex import lazy_compile
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext

_BLOCK_START = lazy_compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|\||```|~~~|$)")


class TrailingWhitespace(Rule):
    """## What it does
    Flags spaces and tabs at the end of a line.

    ## Why is this bad?
    Invisible trailing spaces make diffs noisy (every edit of the line shows a whitespace
    change) and, two or more of them, can turn into an unintended line break.

    ## Example
    ```markdown
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI 2020.␠
    ```

    Use instead:
    ```markdown
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI 2020.
    ```

    Two or more spaces before a line that continues the same paragraph are a deliberate hard
    line break and are left alone, as are code blocks.

    ## Severity
    Info: invisible to readers, so it never fails a build and never gets a review comment of
    its own; `--fix` removes it.
    """

    code = "PL109"
    name = "trailing-whitespace"
    severity = Severity.INFO
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        src = doc.source
        count = src.line_count
        for number in range(1, count + 1):
            if number in doc.opaque_lines:
                continue
            line = src.line_text(number)
            stripped = line.rstrip(" \t")
            if stripped == line:
                continue
            trailing = line[len(stripped):]
            if stripped.endswith("\\"):
                continue  # removing the spaces would turn the backslash into a hard break
            if len(trailing) >= 2 and trailing.strip(" ") == "" and stripped and number < count:
                following = src.line_text(number + 1)
                if not _BLOCK_START.match(following):
                    continue  # a markdown hard break inside a paragraph
            start = src.line_start(number) + len(stripped)
            end = src.line_end(number)
            yield self.finding(
                doc, (start, end),
                f"Line ends with {len(trailing)} trailing whitespace character"
                f"{'s' if len(trailing) > 1 else ''}",
                fix=Fix.safe("Remove trailing whitespace", Edit.delete(start, end)),
                subject=stripped.strip(),
            )

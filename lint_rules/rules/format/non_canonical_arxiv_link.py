from __future__ import annotations

import re
from collections.abc import Iterator

from ...conventions import link_arxiv_form, links_to_pdfs
from ...findings import Edit, Finding, Fix, Severity
from ...identifiers import canonical_arxiv_url
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext
from ...styles.parts import label_word
from ..conventions.common import thresholds


class NonCanonicalArxivLink(Rule):
    """## What it does
    Flags arXiv links that are not of the form `https://arxiv.org/abs/ID`: PDF links,
    `http://`, `www.` or `export.` hosts, `.pdf` endings.

    ## Why is this bad?
    The abstract page is the paper's stable home: it shows the title, authors, versions and
    every format, and opens fast. A PDF link downloads a file, and mixed forms hide duplicates
    from readers.

    ## Example
    ```markdown
    - [ ] [MoCo-CXR: MoCo Pretraining Improves Representation and Transferability of Chest X-ray Models](https://arxiv.org/pdf/2010.05352.pdf). arXiv.
    ```

    Use instead:
    ```markdown
    - [ ] [MoCo-CXR: MoCo Pretraining Improves Representation and Transferability of Chest X-ray Models](https://arxiv.org/abs/2010.05352). arXiv.
    ```

    A version pinned on purpose (`/abs/2010.05352v2`) is kept, and kept by the fix.

    ## Options
    A list whose own convention is to link PDFs (most of its arXiv links, by the
    `conventions.min_share` and `conventions.min_count` thresholds) keeps its PDF links: this
    rule then reports only other forms, and `inconsistent-arxiv-link-form` keeps the PDF links alike.
    """

    code = "PL114"
    name = "non-canonical-arxiv-link"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        pdf_house = links_to_pdfs(doc, thresholds(ctx.config))
        for link in doc.links:
            identity = link.identity
            identifier = identity.arxiv_id
            if identifier is None:
                continue
            is_pdf = (link_arxiv_form(link) or "").startswith("pdf")
            # A list that links PDFs, or a link labelled `pdf`, promises the reader a PDF.
            if is_pdf and (pdf_house or label_word(link.label) == "pdf"):
                continue
            version = identity.arxiv_version
            canonical = canonical_arxiv_url(identifier) + (f"v{version}" if version else "")
            if link.url == canonical or re.fullmatch(re.escape(canonical) + r"/?", link.url):
                continue
            yield self.finding(
                doc, link.url_span,
                f"arXiv link `{link.url}` is not the abstract page `{canonical}`",
                fix=Fix.safe(f"Replace with `{canonical}`",
                             Edit(link.url_span.start, link.url_span.end, canonical)),
                subject=identifier,
            )

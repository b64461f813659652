from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from ...findings import Edit, Finding, Fix, Severity
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext

# Hosts that serve the same pages over https (checked by hand; a list can add more under
# `links.https_hosts`). Subdomains of a listed domain count too.
HTTPS_HOSTS = frozenset({
    "arxiv.org", "export.arxiv.org", "github.com", "github.io", "gitlab.com", "bitbucket.org",
    "doi.org", "dx.doi.org", "proceedings.mlr.press", "jmlr.org", "openreview.net",
    "ieeexplore.ieee.org", "link.springer.com", "sciencedirect.com", "pubmed.ncbi.nlm.nih.gov",
    "ncbi.nlm.nih.gov", "papers.nips.cc", "proceedings.neurips.cc", "openaccess.thecvf.com",
    "aclanthology.org", "nature.com", "dl.acm.org", "onlinelibrary.wiley.com", "youtube.com",
    "biorxiv.org", "medrxiv.org", "semanticscholar.org", "huggingface.co", "paperswithcode.com",
    "ojs.aaai.org", "aaai.org", "ijcai.org", "mdpi.com", "frontiersin.org", "researchgate.net",
    "citeseerx.ist.psu.edu", "cv-foundation.org", "thecvf.com", "academic.oup.com",
    "journals.plos.org", "medium.com", "google.com", "wikipedia.org", "lilianweng.github.io",
    "iclr.cc", "icml.cc", "neurips.cc", "miccai.org", "cs.toronto.edu", "stanford.edu",
})


def serves_https(host: str, extra: frozenset[str] = frozenset()) -> bool:
    host = host.lower().removeprefix("www.")
    known = HTTPS_HOSTS | extra
    parts = host.split(".")
    # Only suffixes as deep as the deepest known host can match: a host of 60,000 labels must
    # not join and look up every suffix.
    depth = max(h.count(".") for h in known) + 1
    return any(".".join(parts[i:]) in known
               for i in range(max(0, len(parts) - depth), len(parts) - 1))


class InsecureLink(Rule):
    """## What it does
    Flags `http://` links to hosts known to serve the same page over `https://`.

    ## Why is this bad?
    Plain http can be tampered with on the way, costs readers a redirect, and some browsers
    warn or refuse. The https address is the same page.

    ## Example
    ```markdown
    - [ ] [Self-Supervised Pretraining with DICOM metadata in Ultrasound Imaging](http://proceedings.mlr.press/v126/hu20a.html). Machine Learning for Healthcare Conference 2020.
    ```

    Use instead:
    ```markdown
    - [ ] [Self-Supervised Pretraining with DICOM metadata in Ultrasound Imaging](https://proceedings.mlr.press/v126/hu20a.html). Machine Learning for Healthcare Conference 2020.
    ```

    ## Options
    `links.https_hosts`: more hosts known to serve https.
    """

    code = "PL113"
    name = "insecure-link"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        extra = frozenset(h.lower() for h in ctx.config.get("links.https_hosts", []))
        for link in doc.links:
            if not link.url.lower().startswith("http://"):
                continue
            try:
                host = urlsplit(link.url).hostname or ""
            except ValueError:
                continue
            if not serves_https(host, extra):
                continue
            fixed = "https://" + link.url[len("http://"):]
            yield self.finding(
                doc, link.url_span,
                f"Link to `{host}` uses http://, but the host serves https",
                fix=Fix.safe("Use https://", Edit(link.url_span.start, link.url_span.start + 7,
                                                  "https://")),
                subject=fixed,
            )

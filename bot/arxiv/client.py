"""The arXiv query API over one ``requests.Session``, paced and paged, with retries. (I/O)

arXiv's terms ask for one request every 3 seconds on one connection; the pause is measured from
the end of the previous answer and applies to retries too. 429 and 503 (and other 5xx, connection
errors) are retried with exponential backoff, honouring ``Retry-After``. The API sometimes answers
an empty page for a query that has results: an empty page before ``totalResults`` is reached is
retried, and an empty *first* page is retried a few times and then reported as a warning, because
it cannot be told apart from a truly empty window.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from lint_rules.arxiv_atom import (
    MAX_FEED_BYTES,
    ArxivEncodingError,
    ArxivEntry,
    ArxivError,
    ArxivFeedError,
    Feed,
    parse_feed,
)
from lint_rules.links.verdict import retry_after

DEFAULT_URL = "https://export.arxiv.org/api/query"
USER_AGENT = "paperlist-digest/0.1 (+https://github.com/; weekly digest of a curated paper list)"
# arXiv caps a page at 2000 and a query at 30000 results.
MAX_PAGE_SIZE = 2000
MAX_RESULTS_CAP = 30000
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

log = logging.getLogger(__name__)


class ArxivUnavailableError(ArxivError):
    """arXiv kept answering 429/5xx or not at all, past the retry budget."""


class ArxivResponseTooLargeError(ArxivError):
    """An answer longer than the cap: read no further, whatever it claims to be."""


@dataclass
class SearchResult:
    entries: list[ArxivEntry]
    total_results: int
    requests: int
    warnings: list[str] = field(default_factory=list)


class ArxivClient:
    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        delay_seconds: float = 3.0,
        page_size: int = 100,
        max_retries: int = 4,
        empty_page_retries: int = 2,
        backoff_seconds: float | None = None,
        timeout: float = 30.0,
        max_response_bytes: int = MAX_FEED_BYTES,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if delay_seconds < 0:
            raise ValueError("delay_seconds must be >= 0")
        self.base_url = base_url
        self.delay_seconds = delay_seconds
        self.page_size = max(1, min(page_size, MAX_PAGE_SIZE))
        self.max_retries = max_retries
        self.empty_page_retries = empty_page_retries
        # Backoff starts at the pacing delay: waiting less than that would break the terms anyway.
        self.backoff_seconds = delay_seconds if backoff_seconds is None else backoff_seconds
        self.timeout = timeout
        self.max_response_bytes = max_response_bytes
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self._sleep = sleep
        self._clock = clock
        self._last_request: float | None = None
        self.request_count = 0

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> ArxivClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search(
        self,
        search_query: str,
        *,
        max_results: int = 1000,
        sort_by: str = "submittedDate",
        sort_order: str = "descending",
    ) -> SearchResult:
        """Every entry for ``search_query`` up to ``max_results``, page by page."""
        max_results = min(max_results, MAX_RESULTS_CAP)
        entries: list[ArxivEntry] = []
        seen: set[str] = set()
        warnings: list[str] = []
        total: int | None = None
        start = 0
        requests_before = self.request_count
        while start < max_results and (total is None or start < total):
            size = min(self.page_size, max_results - start)
            params = {
                "search_query": search_query,
                "start": str(start),
                "max_results": str(size),
                "sortBy": sort_by,
                "sortOrder": sort_order,
            }
            feed = self._page_with_empty_retries(params, start, total)
            if feed is None:
                if start == 0:
                    msg = (
                        f"arXiv returned an empty first page {self.empty_page_retries + 1} times "
                        f"for {search_query!r}: either nothing matched or the API misbehaved"
                    )
                    warnings.append(msg)
                    log.warning(msg)
                    total = 0
                else:
                    msg = (
                        f"arXiv kept returning an empty page at start={start} of {total} results; "
                        f"stopping with {len(entries)} entries"
                    )
                    warnings.append(msg)
                    log.warning(msg)
                break
            if total is None:
                total = feed.total_results
            for entry in feed.entries:
                if entry.id not in seen:
                    seen.add(entry.id)
                    entries.append(entry)
            start += len(feed.entries)
        return SearchResult(
            entries=entries,
            total_results=total or 0,
            requests=self.request_count - requests_before,
            warnings=warnings,
        )

    def _page_with_empty_retries(
        self, params: dict[str, str], start: int, total: int | None
    ) -> Feed | None:
        """A page with entries, or None when it stayed empty through the retries."""
        for attempt in range(self.empty_page_retries + 1):
            feed = self._get(params)
            if feed.entries:
                return feed
            # A first page claiming zero results is still retried: the API's random empty
            # answers also say totalResults 0.
            known_total = feed.total_results if total is None else total
            if start > 0 and start >= known_total:
                return None
            if attempt < self.empty_page_retries:
                log.info("empty page at start=%d, retrying (%d)", start, attempt + 1)
        return None

    def _get(self, params: dict[str, str]) -> Feed:
        last_problem = ""
        for attempt in range(self.max_retries + 1):
            if attempt:
                self._sleep(self.backoff_seconds * 2 ** (attempt - 1))
            self._pace()
            try:
                response = self.session.get(
                    self.base_url, params=params, timeout=self.timeout, stream=True
                )
                body = self._read_capped(response)
            except requests.RequestException as exc:
                self._last_request = self._clock()
                last_problem = f"{type(exc).__name__}: {exc}"
                log.warning("arXiv request failed (%s), attempt %d", last_problem, attempt + 1)
                continue
            # Pace from the end of the answer: the server then sees at least `delay` between
            # requests, whatever the connection set-up and transfer times were.
            self._last_request = self._clock()
            if response.status_code in _RETRY_STATUSES:
                last_problem = f"HTTP {response.status_code}"
                log.warning("arXiv answered %s, attempt %d", last_problem, attempt + 1)
                self._honour_retry_after(response)
                continue
            if response.status_code >= 400:
                # arXiv explains a bad query in an Atom error feed; raise with its message.
                # Anything else (an HTML 404 page, say) is reported by its status.
                with contextlib.suppress(ArxivFeedError):
                    parse_feed(body)
                raise ArxivError(f"HTTP {response.status_code} for {response.url}")
            try:
                return parse_feed(body)
            except ArxivEncodingError:
                raise
            except ArxivFeedError as exc:
                # A truncated or HTML answer is transient more often than not.
                last_problem = str(exc)
                log.warning("arXiv answer unreadable (%s), attempt %d", exc, attempt + 1)
        raise ArxivUnavailableError(
            f"gave up after {self.max_retries + 1} attempts; last problem: {last_problem}"
        )

    def _read_capped(self, response: requests.Response) -> bytes:
        """The body, decompressed, up to the cap; a longer one raises without being read on.

        Small chunks bound what one read can inflate to (a compressed "bomb" grows ~1000x).
        """
        cap = self.max_response_bytes
        try:
            declared = int(response.headers.get("Content-Length", "") or -1)
            if declared > cap:
                raise ArxivResponseTooLargeError(
                    f"answer of {declared} bytes is over the {cap}-byte cap ({response.url})"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_content(16384):
                size += len(chunk)
                if size > cap:
                    raise ArxivResponseTooLargeError(
                        f"answer is over the {cap}-byte cap ({response.url}); not read further"
                    )
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            response.close()

    def _honour_retry_after(self, response: requests.Response) -> None:
        headers = {k.lower(): v for k, v in response.headers.items()}
        wait = retry_after(headers, time.time())
        if wait is not None:
            # Capped so a hostile or confused header cannot stall a scheduled run for hours.
            self._sleep(min(wait, 120.0))

    def _pace(self) -> None:
        now = self._clock()
        if self._last_request is not None:
            wait = self._last_request + self.delay_seconds - now
            if wait > 0:
                self._sleep(wait)
        self.request_count += 1

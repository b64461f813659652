"""Has a listed preprint been published since? Ask arXiv, then Crossref, politely. **I/O**.

For every preprint entry (venue arXiv, bioRxiv, "preprint" or none) with an arXiv id or DOI:

- arXiv's query API in ``id_list`` batches (as the link checker does) for ``journal_ref`` and
  the published ``doi``; one session, at least ``delay`` seconds (3 by arXiv's terms) between
  requests, 429/5xx retried with backoff honouring ``Retry-After``;
- Crossref's REST API ``/works/{doi}`` for ``container-title``, ``event`` and ``published``, in
  its polite pool (``mailto`` from the config, in the query and the User-Agent); a bioRxiv or
  other preprint DOI is followed once along ``relation.is-preprint-of`` to the published work.

Answers are cached in a JSON file (``published.cache``, default
``.paperlist-cache/published.json`` next to the config): a preprint still unpublished is asked
again after ``recheck_days``; a published one is kept for good. A weekly run thus asks only
about entries that are new or due. A failed lookup is logged and left out, never a finding.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import requests

from lint_rules.arxiv_atom import ArxivEntry, ArxivError
from lint_rules.config import Config
from lint_rules.model import Document
from lint_rules.publication import (
    PublishedRecord,
    entry_arxiv_id,
    is_preprint_doi,
    preprint_entries,
    record_keys,
)
from lint_rules.venues import VenueTable

from .arxiv_batch import batches, entries_by_id, query_url
from .verdict import retry_after

log = logging.getLogger(__name__)

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_CROSSREF_API = "https://api.crossref.org"
DEFAULT_CACHE = ".paperlist-cache/published.json"
USER_AGENT = "paperlist-published/0.1 (published-since-listed check of a curated paper list)"
_RETRY = frozenset({429, 500, 502, 503, 504})
DAY = 86400.0


@dataclass(frozen=True)
class PublishedSettings:
    arxiv_api_url: str = DEFAULT_ARXIV_API
    crossref_api_url: str = DEFAULT_CROSSREF_API
    mailto: str | None = None
    arxiv_delay: float = 3.0
    crossref_delay: float = 1.0
    batch_size: int = 100
    retries: int = 3
    backoff: float = 3.0
    timeout: float = 30.0
    recheck_days: float = 7.0
    cache_path: str | None = DEFAULT_CACHE
    enabled: bool = True
    arxiv_api: bool = True  # `links.arxiv_api: false` keeps arXiv's API out of the run

    @classmethod
    def from_config(cls, config: Config, env: Mapping[str, str]) -> PublishedSettings:
        block: Mapping[str, Any] = config.get("published", {}) or {}
        arxiv = (config.get("links.arxiv_api_url") or config.get("digest.arxiv_api_url")
                 or env.get("PAPERLIST_ARXIV_URL") or DEFAULT_ARXIV_API)
        cache = block.get("cache", DEFAULT_CACHE)
        if cache and not os.path.isabs(cache):
            base = os.path.dirname(os.path.abspath(config.path)) if config.path else os.getcwd()
            cache = os.path.join(base, cache)
        return cls(
            arxiv_api_url=str(arxiv),
            crossref_api_url=str(block.get("crossref_api_url")
                                 or env.get("PAPERLIST_CROSSREF_URL") or DEFAULT_CROSSREF_API),
            mailto=block.get("mailto") or env.get("PAPERLIST_CROSSREF_MAILTO") or None,
            arxiv_delay=float(block.get("delay_seconds", 3.0)),
            crossref_delay=float(block.get("crossref_delay_seconds", 1.0)),
            batch_size=int(block.get("batch_size", 100)),
            retries=int(block.get("retries", 3)),
            backoff=float(block.get("backoff_seconds", 3.0)),
            recheck_days=float(block.get("recheck_days", 7.0)),
            cache_path=cache or None,
            enabled=bool(block.get("enabled", True)),
            arxiv_api=bool(config.get("links.arxiv_api", True)),
        )


class PublishedCache:
    """``key -> record``; published records never expire, unpublished ones after a while."""

    def __init__(self, path: str | None, recheck: float) -> None:
        self.path = path
        self.recheck = recheck
        self.records: dict[str, PublishedRecord] = {}
        self._dirty = False

    @classmethod
    def load(cls, path: str | None, recheck: float) -> PublishedCache:
        cache = cls(path, recheck)
        if not path or not os.path.exists(path):
            return cache
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            cache.records = {r["key"]: PublishedRecord.from_json(r)
                             for r in data.get("records", []) if isinstance(r, dict)}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            cache.records = {}  # a broken cache only costs a fresh lookup
        return cache

    def fresh(self, key: str, now: float) -> PublishedRecord | None:
        record = self.records.get(key)
        if record is None:
            return None
        published = bool(record.journal_ref or record.container or record.doi)
        return record if published or now - record.checked_at < self.recheck else None

    def store(self, records: Iterable[PublishedRecord]) -> None:
        for record in records:
            self.records[record.key] = record
            self._dirty = True

    def save(self) -> None:
        if not self.path or not self._dirty:
            return
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        payload = {"version": 1,
                   "records": [r.to_json() for _, r in sorted(self.records.items())]}
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(self.path) or ".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=1)
        os.replace(tmp, self.path)


@dataclass
class PoliteSession:
    """One ``requests.Session`` per API: paced from the end of the previous answer, retried
    with exponential backoff on 429/5xx and connection errors, ``Retry-After`` honoured."""

    delay: float
    retries: int
    backoff: float
    timeout: float
    user_agent: str
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)
    requests_made: int = 0
    # Set when every attempt of a request failed to connect: the API is out of reach for this
    # run, and later requests give up at once instead of each waiting out their backoff.
    unreachable: bool = False
    _last: float | None = None

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = self.user_agent

    def get(self, url: str, params: Mapping[str, str] | None = None) -> requests.Response | None:
        """The answer (any status but 429/5xx), or None when the retries ran out."""
        if self.unreachable:
            return None
        connected = False
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            if self._last is not None:
                wait = self._last + self.delay - time.monotonic()
                if wait > 0:
                    self.sleep(wait)
            self.requests_made += 1
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.RequestException as exc:
                self._last = time.monotonic()
                log.warning("%s failed (%s), attempt %d", url, exc, attempt + 1)
                continue
            self._last = time.monotonic()
            connected = True
            if response.status_code not in _RETRY:
                return response
            headers = {k.lower(): v for k, v in response.headers.items()}
            wait = retry_after(headers, time.time())
            log.warning("%s answered %d, attempt %d", url, response.status_code, attempt + 1)
            if wait is not None:
                self.sleep(min(wait, 120.0))
        if not connected:
            self.unreachable = True
            log.warning("%s is out of reach; not asking it again in this run", url)
        return None

    def close(self) -> None:
        self.session.close()


class Unanswered(Exception):
    """An API could not be asked this run; nothing is recorded, so the next run asks again."""


class PublicationFinder:
    def __init__(self, settings: PublishedSettings,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        s = settings
        agent = f"{USER_AGENT} (mailto:{s.mailto})" if s.mailto else USER_AGENT
        self.arxiv = PoliteSession(s.arxiv_delay, s.retries, max(s.backoff, s.arxiv_delay),
                                   s.timeout, agent, sleep)
        self.crossref = PoliteSession(s.crossref_delay, s.retries, s.backoff, s.timeout, agent,
                                      sleep)

    def close(self) -> None:
        self.arxiv.close()
        self.crossref.close()

    def __enter__(self) -> PublicationFinder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- arXiv ------------------------------------------------------------------------------
    def arxiv_records(self, ids: Sequence[str], now: float) -> dict[str, ArxivEntry]:
        found: dict[str, ArxivEntry] = {}
        for batch in batches(ids, self.settings.batch_size):
            response = self.arxiv.get(query_url(self.settings.arxiv_api_url, batch))
            if response is None or response.status_code != 200:
                log.warning("arXiv gave no answer for %d ids; they are asked again next run",
                            len(batch))
                continue
            try:
                found.update(entries_by_id(response.content, batch))
            except ArxivError as exc:
                log.warning("arXiv refused a batch: %s", exc)
        return found

    # --- Crossref ---------------------------------------------------------------------------
    def crossref_work(self, doi: str) -> dict[str, Any] | None:
        """The work, or None when Crossref does not know the DOI; raises
        :class:`Unanswered` when it could not be asked (the question stays open)."""
        url = f"{self.settings.crossref_api_url.rstrip('/')}/works/{quote(doi, safe='/()._;-')}"
        params = {"mailto": self.settings.mailto} if self.settings.mailto else None
        response = self.crossref.get(url, params)
        if response is None:
            raise Unanswered(f"Crossref gave no answer for {doi}")
        if response.status_code != 200:
            if response.status_code != 404:
                log.warning("Crossref answered %d for %s", response.status_code, doi)
            return None
        try:
            message = response.json().get("message")
        except ValueError:
            return None
        return message if isinstance(message, dict) else None

    def published_work(self, doi: str) -> dict[str, Any] | None:
        """The work behind ``doi``; for a preprint DOI, the work it is a preprint of."""
        work = self.crossref_work(doi)
        if work is None:
            return None
        if work.get("type") == "posted-content" or is_preprint_doi(doi):
            targets = (work.get("relation") or {}).get("is-preprint-of") or []
            target = next((t.get("id") for t in targets if t.get("id-type") == "doi"), None)
            return self.crossref_work(str(target)) if target else None
        return work


def _year(work: Mapping[str, Any]) -> int | None:
    for key in ("published-print", "published", "published-online", "issued"):
        parts = (work.get(key) or {}).get("date-parts") or []
        if parts and parts[0] and isinstance(parts[0][0], int):
            return int(parts[0][0])
    return None


def _container(work: Mapping[str, Any]) -> tuple[str, ...]:
    names = [str(c) for c in work.get("container-title") or [] if c]
    event = (work.get("event") or {}).get("name")
    if event:
        names.append(str(event))
    names += [str(c) for c in work.get("short-container-title") or [] if c]
    return tuple(dict.fromkeys(names))


def collect(doc: Document, table: VenueTable, settings: PublishedSettings,
            finder: PublicationFinder | None = None, now: float | None = None
            ) -> dict[str, PublishedRecord]:
    """A record for every preprint entry of ``doc`` that arXiv or Crossref could answer for."""
    now = time.time() if now is None else now
    cache = PublishedCache.load(settings.cache_path, settings.recheck_days * DAY)
    wanted: dict[str, PublishedRecord] = {}
    todo_arxiv: list[str] = []
    todo_doi: list[str] = []
    for entry in preprint_entries(doc, table):
        keys = record_keys(entry)
        cached = next((r for k in keys if (r := cache.fresh(k, now)) is not None), None)
        if cached is not None:
            for k in keys:
                wanted[k] = replace(cached, key=k)
            continue
        identifier = entry_arxiv_id(entry)
        if identifier and settings.arxiv_api:
            todo_arxiv.append(identifier.lower())
        elif entry.doi:
            todo_doi.append(entry.doi.lower())
    own = finder is None
    finder = finder or PublicationFinder(settings)
    fresh: list[PublishedRecord] = []
    try:
        papers = finder.arxiv_records(list(dict.fromkeys(todo_arxiv)), now) if todo_arxiv else {}
        for identifier in dict.fromkeys(todo_arxiv):
            paper = papers.get(identifier)
            if paper is None:
                continue
            record = PublishedRecord(f"arxiv:{identifier}", paper.journal_ref, paper.doi,
                                     checked_at=now)
            if paper.doi and not is_preprint_doi(paper.doi):
                try:
                    work = finder.published_work(paper.doi)
                except Unanswered as exc:
                    log.warning("%s; asked again next run", exc)
                    continue
                if work is not None:
                    record = replace(record, container=_container(work), year=_year(work))
            fresh.append(record)
        for doi in dict.fromkeys(todo_doi):
            try:
                work = finder.published_work(doi)
            except Unanswered as exc:
                log.warning("%s; asked again next run", exc)
                continue
            record = PublishedRecord(f"doi:{doi}", checked_at=now)
            if work is not None:
                record = replace(record, doi=str(work.get("DOI") or "") or None,
                                 container=_container(work), year=_year(work))
            fresh.append(record)
    finally:
        if own:
            finder.close()
    cache.store(fresh)
    cache.save()
    for record in fresh:
        wanted[record.key] = record
    return wanted


def for_check(doc: Document, config: Config, rules: Sequence[Any],
              env: Mapping[str, str] | None = None) -> dict[str, PublishedRecord] | None:
    """The records ``check --links`` hands to the rules; None when `preprint-published` is not
    selected or ``published.enabled`` is false, so nothing is asked."""
    if not any(getattr(r, "code", "") == "PL506" for r in rules):
        return None
    settings = PublishedSettings.from_config(config, os.environ if env is None else env)
    if not settings.enabled:
        return None
    from lint_rules.venues import load_venue_table

    return collect(doc, load_venue_table(config), settings)

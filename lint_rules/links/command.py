"""``paperlist links`` and the verdicts behind ``check --links``: the edge that wires settings,
cache and checker together. **I/O** (through :mod:`.http` and :mod:`.cache`).

Each distinct URL (fragment dropped) is checked once per run however often the list repeats it;
every occurrence is reported with its own line.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import TextIO
from urllib.parse import urldefrag, urlsplit

from lint_rules.config import Config
from lint_rules.identifiers import arxiv_id
from lint_rules.model import Document, Link

from .cache import VerdictCache
from .github_repo import repo_of
from .http import LinkChecker
from .settings import Settings
from .verdict import LinkResult, Verdict


def http_links(doc: Document) -> Iterator[Link]:
    return (link for link in doc.links if _is_http(link.url))


def _is_http(url: str) -> bool:
    try:
        return urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:  # not a URL at all: malformed-url's business
        return False


def hostname(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # a bad port; the request will say so
        return ""


def request_url(url: str) -> str:
    """The URL as requested: the fragment never reaches the server."""
    return urldefrag(url.strip())[0]


def cache_path(settings: Settings, config: Config) -> str | None:
    path = settings.cache_path
    if not path or os.path.isabs(path):
        return path
    base = os.path.dirname(os.path.abspath(config.path)) if config.path else os.getcwd()
    return os.path.join(base, path)


def collect_verdicts(docs: list[Document], config: Config, progress: bool) -> dict[str, LinkResult]:
    """A verdict for every http(s) link of ``docs``, keyed by the URL as written."""
    written = list(dict.fromkeys(link.url for doc in docs for link in http_links(doc)))
    return check_urls(written, config, progress)


def check_urls(written: list[str], config: Config, progress: bool) -> dict[str, LinkResult]:
    """Verdicts for some URLs only (a pull request's added links), keyed as given."""
    settings = Settings.from_config(config, os.environ)
    written = [u for u in dict.fromkeys(written) if _is_http(u)]
    by_request: dict[str, LinkResult] = {}
    now = time.time()
    cache = VerdictCache.load(cache_path(settings, config), settings.ttl, settings.host_hint_ttl)
    to_check: list[str] = []
    arxiv: dict[str, str] = {}
    github: dict[str, tuple[str, str]] = {}
    for url in dict.fromkeys(request_url(u) for u in written):
        parts = urlsplit(url)
        pattern = settings.skipped_by(url, hostname(url), parts.netloc.lower())
        if pattern is not None:
            by_request[url] = LinkResult(
                url, Verdict.SKIPPED, detail=f"skipped by `{pattern}`", checked_at=now
            )
            continue
        cached = cache.fresh(url, now)
        if cached is not None:
            by_request[url] = replace(cached, detail=_cached_detail(cached))
            continue
        to_check.append(url)
        identifier = arxiv_id(url)
        if identifier:
            arxiv[url] = identifier
        repo = repo_of(url)
        if repo:
            github[url] = repo
    bar = _Progress(len(to_check)) if progress and _interactive() else None
    checker = LinkChecker(
        settings,
        hints=cache.host_hints(now),
        on_result=bar.advance if bar else None,
    )
    try:
        fresh = checker.check(to_check, arxiv, github)
    finally:
        if bar:
            bar.close()
    by_request.update(fresh)
    cache.store(fresh.values())
    cache.store_host_hints(checker.learned, time.time())
    cache.save()
    return {u: replace(by_request[request_url(u)], url=u) for u in written}


def links_main(
    paths: list[str],
    docs: list[Document],
    config: Config,
    output_format: str,
    stdout: TextIO,
    progress: bool,
) -> int:
    """``paperlist links``: report every link (``markdown``: the link report issue's body);
    exit 1 if any is dead."""
    verdicts = collect_verdicts(docs, config, progress and output_format == "text")
    rows = [
        (path, link, verdicts[link.url])
        for path, doc in zip(paths, docs, strict=True)
        for link in http_links(doc)
    ]
    if output_format == "json":
        payload = {"links": [_json_row(path, link, r) for path, link, r in rows]}
        stdout.write(json.dumps(payload, indent=2) + "\n")
    elif output_format == "markdown":
        from datetime import UTC, datetime

        from .report_markdown import render_markdown, report_rows

        report = report_rows(paths, docs, verdicts)
        stdout.write(render_markdown(report, checked_at=datetime.now(UTC)))
    else:
        for path, link, r in rows:
            stdout.write(_text_row(path, link, r) + "\n")
    return 1 if any(r.verdict is Verdict.DEAD for _, _, r in rows) else 0


def _json_row(path: str, link: Link, result: LinkResult) -> dict[str, object]:
    return {
        "path": path,
        "url": link.url,
        "line": link.line,
        "verdict": result.verdict.value,
        "status": result.status,
        "final_url": result.final_url,
        "detail": result.detail,
    }


def _text_row(path: str, link: Link, result: LinkResult) -> str:
    status = "-" if result.status is None else str(result.status)
    row = f"{path}:{link.line}: {result.verdict.value} {status} {link.url}"
    return f"{row} -> {result.final_url}" if result.final_url else row


def _cached_detail(result: LinkResult) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(result.checked_at))
    return f"{result.detail} (cached {when})" if result.detail else f"cached {when}"


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


class _Progress:
    """A one-line bar on stderr; only ever drawn on a terminal."""

    WIDTH = 30

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.dead = 0
        self._drawn = 0.0

    def advance(self, result: LinkResult) -> None:
        self.done += 1
        self.dead += result.verdict is Verdict.DEAD
        now = time.monotonic()
        if now - self._drawn >= 0.1 or self.done == self.total:
            self._drawn = now
            filled = self.WIDTH * self.done // max(1, self.total)
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} links,"
                f" {self.dead} dead"
            )
            sys.stderr.flush()

    def close(self) -> None:
        if self.total:
            sys.stderr.write("\n")
            sys.stderr.flush()

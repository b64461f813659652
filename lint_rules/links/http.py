"""Concurrent, polite HTTP for link checks: the only HTTP in ``lint_rules``. **I/O**.

One scheduler thread (the caller's) owns all state; a pool of daemon worker threads only sends
requests and hands back :class:`~lint_rules.links.verdict.Answer` objects. Every request, each
redirect hop and retry included, goes through the scheduler, which keeps:

- a global limit on requests in flight and one per host;
- a minimum interval between two requests to one host, and one request at a time until the
  host's first answer, so what it teaches (HEAD refused, bots blocked) applies to the rest;
- a per-host pause from ``Retry-After`` / rate-limit headers: nothing is sent to that host
  before it ends, and a host that said 429 is from then on asked one request at a time and
  more slowly;
- what each host taught (HEAD refused, bots blocked), so its other links are asked the right
  way at once;
- the run's time budget: what is not finished by then is reported ``skipped``.

The decisions themselves (what an answer means, what to send next) are the pure
:func:`~lint_rules.links.verdict.step`.
"""

from __future__ import annotations

import heapq
import itertools
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationParseError,
    LocationValueError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from lint_rules.arxiv_atom import ArxivError

from .arxiv_batch import batches, entries_by_id, query_url, split_answer
from .github_repo import api_headers, api_url, result_from_api
from .guard import BlockedAddressError, guarded_pool_classes
from .settings import HostRule, Settings
from .verdict import Answer, Failure, Hint, LinkResult, Probe, Verdict, retry_after, step

# urllib3 >= 2.6 inflates a compressed body only as far as the bytes asked for, so these caps
# hold for "compression bombs" too.
_BODY_LIMIT = 16384  # enough of a page to recognise a challenge
_DRAIN_LIMIT = 262144  # read on to keep the connection alive; a longer body costs a reconnect
_API_BODY_LIMIT = 8 * 1024 * 1024
_PAUSE_MARGIN = 0.05  # the server's clock started its window before our answer arrived
_WARM_UP = 1.0


@dataclass
class _Host:
    key: str  # lower-case netloc
    rule: HostRule | None
    interval: float
    limit: int
    hints: set[Hint] = field(default_factory=set)
    answered: bool = False  # until its first answer a host gets one request at a time…
    first_sent: float | None = None  # …or for _WARM_UP seconds, if that answer is slow
    inflight: int = 0
    next_send: float = 0.0
    pause_until: float = 0.0
    # Links not yet asked, in list order; and follow-ups of links under way (redirect hops,
    # retries, second attempts) by the time they may go. Follow-ups go first, so a link
    # finishes soon after it starts and what it teaches reaches the host's other links.
    fresh: deque[object] = field(default_factory=deque)
    queue: list[tuple[float, int, object]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _ProbeJob:
    probe: Probe


@dataclass(frozen=True, slots=True)
class _ArxivJob:
    ids: tuple[str, ...]
    urls_by_id: Mapping[str, Sequence[str]]
    attempt: int = 0


@dataclass(frozen=True, slots=True)
class _GithubJob:
    url: str
    owner: str
    repo: str
    target: str  # the API URL asked next (a renamed repository answers 301)
    attempt: int = 0
    hops: int = 0


@dataclass(frozen=True, slots=True)
class _Request:
    method: str
    url: str
    headers: Mapping[str, str]
    body_limit: int
    api: bool = False  # to an endpoint the config names, not a list's link


class LinkChecker:
    """Checks URLs live. ``check`` may be called once per instance."""

    def __init__(
        self,
        settings: Settings,
        *,
        hints: Mapping[str, Iterable[Hint]] | None = None,
        on_result: Callable[[LinkResult], None] | None = None,
    ) -> None:
        self.settings = settings
        self.on_result = on_result
        self.requests_sent = 0
        self.learned: dict[str, set[Hint]] = {}
        self._initial_hints = {k: set(v) for k, v in (hints or {}).items()}
        self._hosts: dict[str, _Host] = {}
        self._busy: dict[str, _Host] = {}  # hosts with queued work, in insertion order
        self._seq = itertools.count()
        self._inflight = 0
        self._open: set[str] = set()
        self._results: dict[str, LinkResult] = {}
        self._work: queue.SimpleQueue[tuple[object, _Host, _Request] | None] = queue.SimpleQueue()
        self._done: queue.SimpleQueue[tuple[object, _Host, Answer]] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        timeout = urllib3.Timeout(connect=settings.connect_timeout, read=settings.timeout)
        pool_options: dict[str, Any] = {"block": False, "retries": False, "timeout": timeout}
        # A list's links may reach only the addresses the policy allows (see .guard); the
        # arXiv and GitHub APIs are endpoints the config or environment names, so trusted.
        self._pool = urllib3.PoolManager(
            num_pools=256, maxsize=max(1, settings.per_host_concurrency), **pool_options
        )
        self._pool.pool_classes_by_scheme = guarded_pool_classes(settings.addresses)
        self._api_pool = urllib3.PoolManager(
            num_pools=4, maxsize=max(1, settings.per_host_concurrency), **pool_options
        )

    # -- public -----------------------------------------------------------------------------

    def check(
        self,
        urls: Sequence[str],
        arxiv: Mapping[str, str] | None = None,
        github: Mapping[str, tuple[str, str]] | None = None,
    ) -> dict[str, LinkResult]:
        """Verdicts for ``urls``.

        Those in ``arxiv`` (url → arXiv id) go through the arXiv API first, those in ``github``
        (url → (owner, repo)) through the GitHub API when a token is set.
        """
        deadline = time.monotonic() + self.settings.budget
        arxiv = dict(arxiv or {}) if self.settings.arxiv_api else {}
        github = dict(github or {}) if self.settings.github_token else {}
        self._open = set(urls)
        for url in urls:
            if url in github and url not in arxiv:
                owner, repo = github[url]
                target = api_url(self.settings.github_api_url, owner, repo)
                self._push(self._host(target), _GithubJob(url, owner, repo, target))
            elif url not in arxiv:
                self._enqueue(_ProbeJob(Probe(url, url)))
        urls_by_id: dict[str, list[str]] = {}
        for url, identifier in arxiv.items():
            if url in self._open:
                urls_by_id.setdefault(identifier, []).append(url)
        for ids in batches(urls_by_id, self.settings.arxiv_batch_size):
            job = _ArxivJob(tuple(ids), {i: urls_by_id[i] for i in ids})
            self._enqueue_api(job)
        try:
            self._run(deadline)
        finally:
            for _ in self._threads:
                self._work.put(None)
        return self._results

    # -- scheduling ---------------------------------------------------------------------------

    def _run(self, deadline: float) -> None:
        while self._open:
            now = time.monotonic()
            if now >= deadline:
                self._expire()
                return
            wake = self._dispatch(now, deadline)
            try:
                item = self._done.get(timeout=max(0.0, wake - now))
            except queue.Empty:
                continue
            self._complete(*item)
            while True:
                try:
                    item = self._done.get_nowait()
                except queue.Empty:
                    break
                self._complete(*item)

    def _dispatch(self, now: float, deadline: float) -> float:
        """Send what may be sent now (one per host per pass); return when to look again."""
        wake = deadline
        sent = True
        while sent:
            sent = False
            for host in list(self._busy.values()):
                if self._inflight >= self.settings.concurrency:
                    return wake  # a completion will wake the loop
                if not host.queue and not host.fresh:
                    del self._busy[host.key]
                    continue
                warming = not host.answered and (
                    host.first_sent is None or now < host.first_sent + _WARM_UP
                )
                if host.inflight >= (1 if warming else host.limit):
                    if warming and host.first_sent is not None:
                        wake = min(wake, host.first_sent + _WARM_UP)
                    continue
                follow_up = host.queue[0][0] if host.queue else None
                ready = max(host.next_send, host.pause_until)
                if not host.fresh and follow_up is not None:
                    ready = max(ready, follow_up)
                if ready > now:
                    wake = min(wake, ready)
                    continue
                if follow_up is not None and follow_up <= now:
                    job = heapq.heappop(host.queue)[2]
                else:
                    job = host.fresh.popleft()
                self._send(host, job, now)
                sent = True
        return wake

    def _send(self, host: _Host, job: object, now: float) -> None:
        if host.first_sent is None:
            host.first_sent = now
        host.inflight += 1
        host.next_send = now + host.interval
        self._inflight += 1
        self.requests_sent += 1
        if isinstance(job, _ProbeJob):
            probe = self._resolve(host, job.probe)
            job = _ProbeJob(probe)
            request = _Request(
                probe.method,
                probe.target,
                self._headers(host, probe.browser),
                _BODY_LIMIT if probe.method == "GET" else 0,
            )
        elif isinstance(job, _GithubJob):
            assert self.settings.github_token is not None
            headers = api_headers(self.settings.github_token, self.settings.user_agent)
            request = _Request("GET", job.target, headers, _API_BODY_LIMIT, api=True)
        else:
            assert isinstance(job, _ArxivJob)
            url = query_url(self.settings.arxiv_api_url, job.ids)
            request = _Request("GET", url, self._headers(host, False), _API_BODY_LIMIT, api=True)
        self._work.put((job, host, request))
        if len(self._threads) < min(self.settings.concurrency, self._inflight):
            thread = threading.Thread(target=self._worker, name="paperlist-link", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _resolve(self, host: _Host, probe: Probe) -> Probe:
        """Ask the way this host wants to be asked."""
        rule = host.rule
        if not probe.browser and (Hint.BROWSER in host.hints or (rule and rule.browser)):
            probe = replace(probe, browser=True, get=True)
        if not probe.get and (
            Hint.GET in host.hints
            or self.settings.method == "get"
            or (rule is not None and rule.method == "get")
        ):
            probe = replace(probe, get=True)
        return probe

    def _headers(self, host: _Host, browser: bool) -> dict[str, str]:
        if browser:
            headers = {
                "User-Agent": self.settings.browser_user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "en-US,en;q=0.9",
            }
        else:
            headers = {
                "User-Agent": self.settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            }
        if host.rule:
            headers.update(host.rule.headers)
        return headers

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = parts.netloc.lower()
        host = self._hosts.get(key)
        if host is None:
            try:
                name = (parts.hostname or "").lower()
            except ValueError:  # a bad port: the request fails and says so
                name = ""
            rule = self.settings.host_rule(name, key)
            host = _Host(
                key=key,
                rule=rule,
                interval=rule.interval
                if rule and rule.interval is not None
                else self.settings.per_host_interval,
                limit=rule.concurrency
                if rule and rule.concurrency
                else self.settings.per_host_concurrency,
                hints=set(self._initial_hints.get(key, ())),
            )
            self._hosts[key] = host
        return host

    def _enqueue(self, job: _ProbeJob, not_before: float | None = None) -> None:
        self._push(self._host(job.probe.target), job, not_before)

    def _enqueue_api(self, job: _ArxivJob) -> None:
        host = self._host(self.settings.arxiv_api_url)
        # arXiv's terms: one request at a time, one every few seconds.
        host.limit = 1
        host.interval = max(host.interval, self.settings.arxiv_delay)
        self._push(host, job)

    def _push(self, host: _Host, job: object, not_before: float | None = None) -> None:
        """Queue a new link (``not_before`` None) or a follow-up due at ``not_before``."""
        if not_before is None:
            host.fresh.append(job)
        else:
            heapq.heappush(host.queue, (not_before, next(self._seq), job))
        self._busy[host.key] = host

    def _finish(self, result: LinkResult) -> None:
        if result.url not in self._open:
            return
        self._open.discard(result.url)
        self._results[result.url] = result
        if self.on_result is not None:
            self.on_result(result)

    def _expire(self) -> None:
        detail = f"not checked within the run's time budget ({self.settings.budget:g} s)"
        for url in sorted(self._open):
            self._finish(LinkResult(url, Verdict.SKIPPED, detail=detail, checked_at=time.time()))

    # -- completions ------------------------------------------------------------------------

    def _complete(self, job: object, host: _Host, answer: Answer) -> None:
        host.answered = True
        host.inflight -= 1
        self._inflight -= 1
        if isinstance(job, _ProbeJob):
            self._complete_probe(job.probe, host, answer)
        elif isinstance(job, _GithubJob):
            self._complete_github(job, host, answer)
        else:
            assert isinstance(job, _ArxivJob)
            # arXiv's pace counts from the end of the previous request, with no jitter of ours
            # (a reused connection arrives sooner than a new one) eating into it.
            host.next_send = max(host.next_send, time.monotonic() + self.settings.arxiv_delay)
            self._complete_arxiv(job, host, answer)

    def _pause(self, host: _Host, seconds: float, rate_limited: bool) -> None:
        host.pause_until = max(host.pause_until, time.monotonic() + seconds + _PAUSE_MARGIN)
        if rate_limited:
            # It told us we were too fast: from now on one at a time, and slower.
            host.limit = 1
            host.interval = min(max(host.interval * 1.5, 0.2), 10.0)

    def _complete_probe(self, probe: Probe, host: _Host, answer: Answer) -> None:
        accepted = host.rule.accept if host.rule else frozenset()
        nxt = step(
            probe,
            answer,
            now=time.time(),
            policy=self.settings.policy,
            accepted=accepted,
            head_trusted=Hint.HEAD in host.hints,
        )
        if nxt.pause_host:
            self._pause(host, nxt.pause_host, answer.status == 429)
        if nxt.hint is not None and nxt.hint not in host.hints:
            host.hints.add(nxt.hint)
            self.learned.setdefault(host.key, set()).add(nxt.hint)
        if nxt.result is not None:
            self._finish(nxt.result)
        elif nxt.probe is not None:
            self._enqueue(_ProbeJob(nxt.probe), time.monotonic() + nxt.delay)

    def _complete_arxiv(self, job: _ArxivJob, host: _Host, answer: Answer) -> None:
        retry_after = answer.headers.get("retry-after", "")
        if answer.status == 200:
            try:
                found = entries_by_id(answer.body, job.ids)
            except ArxivError:
                found = None
            # The API sometimes answers an empty page for ids it has: ask once more.
            if found is not None and (found or job.attempt > 0):
                results, unresolved = split_answer(job.urls_by_id, found, time.time())
                for result in results.values():
                    self._finish(result)
                self._fallback(unresolved)
                return
            if found is not None:
                self._push(host, replace(job, attempt=job.attempt + 1), time.monotonic())
                return
        elif job.attempt < 2 and (
            answer.failure is not None or answer.status == 429 or (answer.status or 0) >= 500
        ):
            wait = float(retry_after) if retry_after.isdigit() else self.settings.arxiv_delay
            self._pause(host, wait, answer.status == 429)
            self._push(host, replace(job, attempt=job.attempt + 1), time.monotonic())
            return
        self._fallback([u for urls in job.urls_by_id.values() for u in urls])

    def _complete_github(self, job: _GithubJob, host: _Host, answer: Answer) -> None:
        status = answer.status or 0
        wait = retry_after(answer.headers, time.time())
        if wait is not None and status in (403, 429):
            # The token's rate limit is spent: wait if that is short, else ask the page.
            self._pause(host, wait, rate_limited=True)
            if wait <= self.settings.policy.max_retry_after and job.attempt < 2:
                self._push(host, replace(job, attempt=job.attempt + 1), time.monotonic())
            else:
                self._fallback([job.url])
            return
        location = answer.headers.get("location", "")
        if status in (301, 302, 307, 308) and location and job.hops < 3:
            target = urljoin(job.target, location)
            # The token never leaves the API host.
            if urlsplit(target).netloc.lower() == host.key:
                self._push(host, replace(job, target=target, hops=job.hops + 1), time.monotonic())
                return
        if (answer.failure is not None or status >= 500) and (
            job.attempt < self.settings.policy.retries
        ):
            delay = self.settings.policy.backoff * 2**job.attempt
            self._push(host, replace(job, attempt=job.attempt + 1), time.monotonic() + delay)
            return
        result = result_from_api(job.url, job.owner, job.repo, status, answer.body, time.time())
        if result is None:
            self._fallback([job.url])
        else:
            self._finish(result)

    def _fallback(self, urls: Iterable[str]) -> None:
        """Links the API could not vouch for get the ordinary check of their page."""
        for url in urls:
            self._enqueue(_ProbeJob(Probe(url, url)))

    # -- the workers' side ------------------------------------------------------------------

    def _worker(self) -> None:
        while True:
            item = self._work.get()
            if item is None:
                return
            job, host, request = item
            try:
                answer = self._fetch(request)
            except Exception as exc:  # a dead worker would stall the whole run
                answer = Answer(failure=Failure.CONNECTION, error=f"{type(exc).__name__}: {exc}")
            self._done.put((job, host, answer))

    def _fetch(self, request: _Request) -> Answer:
        pool = self._api_pool if request.api else self._pool
        try:
            response = pool.request(
                request.method,
                request.url,
                headers=dict(request.headers),
                redirect=False,
                retries=False,
                preload_content=False,
            )
        except BlockedAddressError as exc:
            return Answer(failure=Failure.BLOCKED, error=str(exc))
        except NameResolutionError as exc:
            return Answer(failure=Failure.DNS, error=_reason(exc))
        except NewConnectionError as exc:
            refused = isinstance(exc.__cause__, ConnectionRefusedError) or "refused" in str(exc)
            return Answer(
                failure=Failure.REFUSED if refused else Failure.CONNECTION, error=_reason(exc)
            )
        except (ConnectTimeoutError, ReadTimeoutError) as exc:
            return Answer(failure=Failure.TIMEOUT, error=_reason(exc))
        except SSLError as exc:
            return Answer(failure=Failure.TLS, error=_reason(exc))
        except (LocationParseError, LocationValueError, ValueError) as exc:
            return Answer(failure=Failure.INVALID, error=_reason(exc))
        except (ProtocolError, HTTPError, OSError) as exc:
            return Answer(failure=Failure.CONNECTION, error=_reason(exc))
        headers = {k.lower(): v for k, v in response.headers.items()}
        body = b""
        try:
            if request.body_limit:
                body = response.read(request.body_limit)
            drained = 0
            while drained <= _DRAIN_LIMIT:
                chunk = response.read(65536)
                if not chunk:
                    break
                drained += len(chunk)
            else:
                response.close()  # too long to read through; the pool reconnects
        except (HTTPError, OSError):
            response.close()  # the status is known; a body cut short changes nothing
        finally:
            response.release_conn()
        return Answer(status=response.status, headers=headers, body=body)


def _reason(exc: BaseException) -> str:
    text = str(exc.__cause__ or exc)
    return text.split(": ", 1)[-1][:160] if "): " in text else text[:160]

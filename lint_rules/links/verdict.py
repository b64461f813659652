"""What an HTTP answer means for a link, and what to do next. Pure: no clock, no I/O.

A link check is a small state machine. :class:`Probe` is its state (the URL being requested, the
redirect hops so far, how it is being asked); :func:`step` takes the probe and the :class:`Answer`
to its last request and returns a :class:`Step`: either the next request to send (maybe after a
delay, maybe after the whole host pauses) or the final :class:`LinkResult`. The scheduler in
:mod:`lint_rules.links.http` only executes steps, so every verdict rule is tested here without
a server.

The rules, in the order they apply:

- a host that resolves to a non-public address (loopback, private, link-local, cloud
  metadata; :mod:`lint_rules.links.guard`) is never requested: ``skipped``, saying why;
- a connection refused or a name that does not resolve is ``dead`` (after one retry);
  timeouts are retried and then ``timeout``; other connection errors are retried, then
  ``unverifiable``;
- 3xx is followed by hand (so every hop is spaced and counted); a loop or more than
  ``max_redirects`` hops is ``dead``; a chain that starts with 301/308 ends as ``redirect``
  with ``final_url`` where the permanent hops lead; 302/303/307 are never rewritten;
- 429 pauses the host for ``Retry-After`` and asks again; 5xx is retried with backoff, because
  a flaky server is alive;
- HEAD answered 405/501/400 (HEAD refused) is asked again with GET;
- 401/403/418/999 and challenge pages are asked again with a browser-like GET; only if that
  also is refused is the link ``unverifiable``: a bot block is never called dead;
- 404/410 are ``dead``; a HEAD's 404 is confirmed with a GET until the host has shown that
  its HEAD answers tell the truth (some servers answer HEAD 404 for pages that exist).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any
from urllib.parse import urljoin, urlsplit


class Verdict(StrEnum):
    OK = "ok"
    REDIRECT = "redirect"
    DEAD = "dead"
    TIMEOUT = "timeout"
    UNVERIFIABLE = "unverifiable"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The verdict on one URL. ``final_url`` is set only for a permanent redirect."""

    url: str
    verdict: Verdict
    status: int | None = None
    final_url: str | None = None
    detail: str = ""
    arxiv_id: str | None = None
    arxiv_title: str | None = None
    checked_at: float = 0.0  # epoch seconds; what the cache's time-to-live counts from

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "verdict": self.verdict.value,
            "status": self.status,
            "final_url": self.final_url,
            "detail": self.detail,
            "arxiv_id": self.arxiv_id,
            "arxiv_title": self.arxiv_title,
            "checked_at": self.checked_at,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinkResult:
        return cls(
            url=str(data["url"]),
            verdict=Verdict(data["verdict"]),
            status=data.get("status"),
            final_url=data.get("final_url"),
            detail=str(data.get("detail") or ""),
            arxiv_id=data.get("arxiv_id"),
            arxiv_title=data.get("arxiv_title"),
            checked_at=float(data.get("checked_at") or 0.0),
        )


class Failure(StrEnum):
    """Why a request got no HTTP answer at all."""

    TIMEOUT = "timeout"
    REFUSED = "refused"
    DNS = "dns"
    TLS = "tls"
    CONNECTION = "connection"  # reset, closed mid-answer, protocol error
    INVALID = "invalid"  # a URL no client can request
    BLOCKED = "blocked"  # its host resolves to an address we may not reach: never requested


@dataclass(frozen=True, slots=True)
class Answer:
    """What one request got: a status with headers (keys lower-case), or a failure."""

    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""  # the first bytes of a GET body, for challenge pages
    failure: Failure | None = None
    error: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    retries: int = 2  # for 5xx and connection errors
    timeout_retries: int = 1
    backoff: float = 0.5  # first retry delay; doubles
    max_redirects: int = 10
    max_rate_limited: int = 4  # 429s for one link before giving up on it
    default_retry_after: float = 5.0  # a 429 without Retry-After
    max_retry_after: float = 120.0  # a longer pause is not waited for


@dataclass(frozen=True, slots=True)
class Probe:
    """One link being checked; ``target`` is the URL of the current (or next) request."""

    url: str
    target: str
    get: bool = False  # GET rather than HEAD
    browser: bool = False  # browser-like headers
    hops: tuple[tuple[int, str], ...] = ()  # (status, where it pointed) for each redirect
    failures: int = 0  # transient failures at the current hop
    rate_limited: int = 0
    confirming: bool = False  # this GET checks a HEAD's 404

    @property
    def method(self) -> str:
        return "GET" if self.get or self.browser else "HEAD"


class Hint(StrEnum):
    """What a host taught us, to apply to its other links."""

    GET = "get"  # HEAD is refused or untruthful there
    BROWSER = "browser"  # it refuses bot-like requests
    HEAD = "head"  # a HEAD's 404 there was confirmed by a GET: trust the next ones


@dataclass(frozen=True, slots=True)
class Step:
    """Either ``probe`` (send it after ``delay`` seconds) or ``result``.

    ``pause_host`` asks that no request go to the answering host for that many seconds;
    ``hint`` is something the answering host taught us.
    """

    probe: Probe | None = None
    result: LinkResult | None = None
    delay: float = 0.0
    pause_host: float | None = None
    hint: Hint | None = None


HEAD_REFUSED = frozenset({400, 405, 406, 501})
BOT_BLOCKED = frozenset({401, 403, 418, 999})  # 999: LinkedIn and kin
GONE = frozenset({404, 410})
PERMANENT = frozenset({301, 308})
RETRYABLE_4XX = frozenset({408, 425})


def retry_after(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds to stay away from a host, from ``Retry-After`` or rate-limit headers.

    ``now`` is the current epoch time (for HTTP dates and epoch resets).
    """
    value = headers.get("retry-after", "").strip()
    if value:
        if value.isdigit():
            return float(value)
        try:
            import email.utils  # only Retry-After dates need it; ~9 ms at start-up

            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(0.0, when.timestamp() - now)
    for remaining, reset in (
        ("x-ratelimit-remaining", "x-ratelimit-reset"),
        ("ratelimit-remaining", "ratelimit-reset"),
    ):
        if headers.get(remaining, "").strip() != "0":
            continue
        raw = headers.get(reset, "").strip()
        try:
            number = float(raw)
        except ValueError:
            continue
        # GitHub sends an epoch; the IETF draft sends a delta.
        return max(0.0, number - now) if number > 1e9 else number
    return None


def is_challenge(answer: Answer) -> bool:
    """A bot challenge page (Cloudflare and kin): says nothing about the link."""
    if answer.headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    if answer.status not in (403, 429, 503):
        return False
    server = answer.headers.get("server", "").lower()
    body = answer.body[:16384].lower()
    markers = (b"just a moment", b"challenge-platform", b"cf-chl", b"captcha", b"ddos-guard")
    return ("cloudflare" in server or "ddos-guard" in server) and any(m in body for m in markers)


def step(
    probe: Probe,
    answer: Answer,
    *,
    now: float,
    policy: Policy = Policy(),  # frozen, so one shared default is safe
    accepted: frozenset[int] = frozenset(),
    head_trusted: bool = False,
) -> Step:
    """The next move after ``answer`` to ``probe``'s request. ``now`` is epoch seconds.

    ``head_trusted``: the answering host has shown that its HEAD 404s are true.
    """
    if answer.failure is not None:
        return _on_failure(probe, answer, now, policy)
    status = answer.status or 0
    pause = retry_after(answer.headers, now)
    if status in accepted or 200 <= status < 300:
        # A page that a HEAD called missing is there: this host's HEAD answers mislead.
        hint = Hint.GET if probe.confirming else None
        return replace(_finish_live(probe, status, now), pause_host=pause, hint=hint)
    if 300 <= status < 400 and status != 304:
        return _on_redirect(probe, status, answer, now, policy)
    if status == 429 and not is_challenge(answer):
        return _on_rate_limited(probe, status, pause, now, policy)
    if status in GONE:
        if probe.method == "HEAD" and not head_trusted:
            return Step(probe=replace(probe, get=True, confirming=True))
        detail = "gone" if status == 410 else "not found"
        hint = Hint.HEAD if probe.confirming else None
        return Step(result=_result(probe, Verdict.DEAD, status, now, detail), hint=hint)
    if is_challenge(answer):
        if not probe.browser:
            return Step(probe=_escalate(probe), hint=Hint.BROWSER)
        return Step(result=_result(probe, Verdict.UNVERIFIABLE, status, now, "bot challenge"))
    if status in BOT_BLOCKED:
        if not probe.browser:
            # The host refuses bots: its other links are asked browser-like at once, which
            # spares it a request per link that could only be refused.
            return Step(probe=_escalate(probe), hint=Hint.BROWSER)
        return Step(result=_result(probe, Verdict.UNVERIFIABLE, status, now, "refuses bots"))
    if status in HEAD_REFUSED and not probe.get and not probe.browser:
        return Step(probe=replace(probe, get=True), hint=Hint.GET)
    if status >= 500 or status in RETRYABLE_4XX:
        return _on_server_error(probe, status, pause, now, policy)
    if 400 <= status < 500:
        if not probe.browser:
            return Step(probe=_escalate(probe))
        return Step(result=_result(probe, Verdict.DEAD, status, now, f"HTTP {status}"))
    return Step(result=_result(probe, Verdict.UNVERIFIABLE, status, now, f"HTTP {status}"))


def _escalate(probe: Probe) -> Probe:
    return replace(probe, browser=True, get=True, failures=0)


def _on_failure(probe: Probe, answer: Answer, now: float, policy: Policy) -> Step:
    kind = answer.failure
    detail = f"{kind}: {answer.error}" if answer.error else str(kind)
    retry = replace(probe, failures=probe.failures + 1)
    delay = policy.backoff * 2**probe.failures
    if kind is Failure.INVALID:
        return Step(result=_result(probe, Verdict.DEAD, None, now, detail))
    if kind is Failure.BLOCKED:
        where = f"redirects to {probe.target}; " if probe.hops else ""
        detail = f"{where}not fetched: {answer.error or 'a non-public address'}"
        return Step(result=_result(probe, Verdict.SKIPPED, None, now, detail))
    if kind is Failure.TIMEOUT:
        if probe.failures < policy.timeout_retries:
            return Step(probe=retry, delay=delay)
        return Step(result=_result(probe, Verdict.TIMEOUT, None, now, detail))
    if kind in (Failure.REFUSED, Failure.DNS, Failure.TLS):
        if probe.failures < 1:
            return Step(probe=retry, delay=delay)
        return Step(result=_result(probe, Verdict.DEAD, None, now, detail))
    if probe.failures < policy.retries:
        return Step(probe=retry, delay=delay)
    return Step(result=_result(probe, Verdict.UNVERIFIABLE, None, now, detail))


def _on_redirect(probe: Probe, status: int, answer: Answer, now: float, policy: Policy) -> Step:
    location = answer.headers.get("location", "").strip()
    if not location:
        return _finish_live(probe, status, now)
    target = urljoin(probe.target, location)
    if urlsplit(target).scheme not in ("http", "https"):
        detail = f"redirects to {target}"
        return Step(result=_result(probe, Verdict.UNVERIFIABLE, status, now, detail))
    seen = {probe.url, *(where for _, where in probe.hops)}
    if target in seen or len(probe.hops) >= policy.max_redirects:
        detail = "redirect loop" if target in seen else "too many redirects"
        return Step(result=_result(probe, Verdict.DEAD, status, now, f"{detail} at {target}"))
    # A new hop may be a new host: its method is decided afresh, browser mode is kept.
    nxt = replace(
        probe,
        target=target,
        hops=(*probe.hops, (status, target)),
        get=False,
        failures=0,
        rate_limited=0,
        confirming=False,
    )
    return Step(probe=nxt)


def _on_rate_limited(
    probe: Probe, status: int, pause: float | None, now: float, policy: Policy
) -> Step:
    wait = pause if pause is not None else policy.default_retry_after * 2**probe.rate_limited
    if probe.rate_limited >= policy.max_rate_limited or wait > policy.max_retry_after:
        detail = f"rate limited (Retry-After {wait:g} s)"
        result = _result(probe, Verdict.UNVERIFIABLE, status, now, detail)
        return Step(result=result, pause_host=wait)
    return Step(probe=replace(probe, rate_limited=probe.rate_limited + 1), pause_host=wait)


def _on_server_error(
    probe: Probe, status: int, pause: float | None, now: float, policy: Policy
) -> Step:
    if probe.failures < policy.retries:
        delay = max(policy.backoff * 2**probe.failures, pause or 0.0)
        # A Retry-After on a 503 speaks for the whole host, as on a 429.
        return Step(
            probe=replace(probe, failures=probe.failures + 1), delay=delay, pause_host=pause
        )
    if status == 503 and not probe.browser:
        # Some hosts answer bots with 503 (Amazon does); one browser-like request tells.
        return Step(probe=replace(probe, browser=True, get=True))
    if status == 504 or status == 408:
        return Step(result=_result(probe, Verdict.TIMEOUT, status, now, f"HTTP {status}"))
    if status == 503:
        return Step(result=_result(probe, Verdict.UNVERIFIABLE, status, now, "unavailable"))
    return Step(result=_result(probe, Verdict.DEAD, status, now, f"HTTP {status} after retries"))


def permanent_target(probe: Probe) -> str | None:
    """Where the leading permanent (301/308) hops lead; ``None`` if the first hop is not one."""
    final = None
    for status, where in probe.hops:
        if status not in PERMANENT:
            break
        final = where
    return final


def _finish_live(probe: Probe, status: int, now: float) -> Step:
    final = permanent_target(probe)
    if final is not None and final != probe.url:
        detail = f"moved to {final}"
        return Step(result=_result(probe, Verdict.REDIRECT, status, now, detail, final))
    detail = f"via {len(probe.hops)} temporary redirect(s)" if probe.hops else ""
    return Step(result=_result(probe, Verdict.OK, status, now, detail))


def _result(
    probe: Probe,
    verdict: Verdict,
    status: int | None,
    now: float,
    detail: str,
    final_url: str | None = None,
) -> LinkResult:
    if verdict is Verdict.DEAD and probe.hops and "redirect" not in detail:
        detail = f"{detail} at {probe.target}"
    return LinkResult(probe.url, verdict, status, final_url, detail, checked_at=now)

"""The ``links:`` section of the config, read once into typed settings. Pure.

Durations may be numbers of seconds or strings with a unit: ``"90s"``, ``"30m"``, ``"12h"``,
``"7d"``. Per-host rules are keyed by host name patterns (``"*.sciencedirect.com"``,
``"github.com"``); the first pattern that matches a link's host (or ``host:port``) applies.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lint_rules.config import Config
from lint_rules.errors import ConfigError

from .guard import AddressPolicy
from .verdict import Policy, Verdict

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_USER_AGENT = "paperlist-linkcheck/0.1 (a link checker for curated paper lists)"
BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
DAY = 86400.0
# Dead and timed-out links are re-checked every run: a finding must be current. Live links are
# trusted for a week, permanent redirects a month, hosts that block bots for three days.
DEFAULT_TTL: Mapping[Verdict, float] = {
    Verdict.OK: 7 * DAY,
    Verdict.REDIRECT: 30 * DAY,
    Verdict.UNVERIFIABLE: 3 * DAY,
    Verdict.DEAD: 0.0,
    Verdict.TIMEOUT: 0.0,
    Verdict.SKIPPED: 0.0,
}

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": DAY}


# The schema bounds durations written as numbers to a year; one written with a unit is bounded
# here, where it is read: longer waits overflow the OS's timeouts and kill a link worker.
MAX_DURATION = 365 * DAY


def duration(value: Any, default: float) -> float:
    """Seconds from a number or a ``"7d"``-style string; ``default`` when unset."""
    if value is None:
        return default
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        m = _DURATION.match(str(value))
        if m is None:
            raise ValueError(f"not a duration: {value!r}")
        seconds = float(m.group(1)) * _UNITS[m.group(2)]
    if not 0 <= seconds <= MAX_DURATION:
        raise ValueError(f"duration {value!r} is not between 0 and a year ({MAX_DURATION:.0f} s)")
    return seconds


@dataclass(frozen=True, slots=True)
class HostRule:
    pattern: str
    accept: frozenset[int] = frozenset()
    headers: Mapping[str, str] = field(default_factory=dict)
    skip: tuple[re.Pattern[str], ...] = ()
    interval: float | None = None
    concurrency: int | None = None
    method: str | None = None  # "get" to never send HEAD there
    browser: bool = False  # start with browser-like headers there

    def matches(self, hostname: str, netloc: str) -> bool:
        return fnmatch.fnmatch(hostname, self.pattern) or fnmatch.fnmatch(netloc, self.pattern)


@dataclass(frozen=True, slots=True)
class Settings:
    timeout: float = 10.0
    connect_timeout: float = 5.0
    budget: float = 600.0  # the whole run; what is left unchecked is reported as skipped
    concurrency: int = 32
    per_host_concurrency: int = 4
    per_host_interval: float = 0.15
    method: str = "head"
    policy: Policy = field(default_factory=Policy)
    user_agent: str = DEFAULT_USER_AGENT
    browser_user_agent: str = BROWSER_USER_AGENT
    skip: tuple[re.Pattern[str], ...] = ()
    hosts: tuple[HostRule, ...] = ()
    cache_path: str | None = None
    ttl: Mapping[Verdict, float] = field(default_factory=lambda: dict(DEFAULT_TTL))
    host_hint_ttl: float = 7 * DAY
    arxiv_api: bool = True
    arxiv_api_url: str = DEFAULT_ARXIV_API
    arxiv_delay: float = 3.0
    arxiv_batch_size: int = 100
    github_api_url: str = "https://api.github.com"
    github_token: str | None = None
    # Which addresses a list's links may reach: public ones only unless the config says so.
    addresses: AddressPolicy = field(default_factory=AddressPolicy)

    def host_rule(self, hostname: str, netloc: str) -> HostRule | None:
        return next((r for r in self.hosts if r.matches(hostname, netloc)), None)

    def skipped_by(self, url: str, hostname: str, netloc: str) -> str | None:
        """The pattern that excludes ``url`` from checking, if any."""
        rule = self.host_rule(hostname, netloc)
        for pattern in (*self.skip, *(rule.skip if rule else ())):
            if pattern.search(url):
                return pattern.pattern
        return None

    @classmethod
    def from_config(cls, config: Config, env: Mapping[str, str]) -> Settings:
        """Settings from the config's ``links:`` section; ``env`` supplies tokens and URLs.

        A value the schema lets through but that cannot be used (a regular expression that
        does not compile) raises :class:`ConfigError` naming the key.
        """
        try:
            return cls._from_config(config, env)
        except (re.error, ValueError, TypeError) as exc:
            raise ConfigError(config.path or ".paperlist.yml", "links", config.line_of("links"),
                              str(exc)) from exc

    @classmethod
    def _from_config(cls, config: Config, env: Mapping[str, str]) -> Settings:
        links: Mapping[str, Any] = config.get("links", {}) or {}
        cache: Mapping[str, Any] = links.get("cache", {}) or {}
        ttl = dict(DEFAULT_TTL)
        for name, value in (cache.get("ttl", {}) or {}).items():
            ttl[Verdict(name)] = duration(value, ttl[Verdict(name)])
        timeout = duration(links.get("timeout"), 10.0)
        policy = Policy(
            retries=int(links.get("retries", 2)),
            timeout_retries=int(links.get("timeout_retries", 1)),
            backoff=duration(links.get("backoff"), 0.5),
            max_redirects=int(links.get("max_redirects", 10)),
            max_retry_after=duration(links.get("max_retry_after"), 120.0),
        )
        arxiv_url = (
            links.get("arxiv_api_url")
            or config.get("digest.arxiv_api_url")
            or env.get("PAPERLIST_ARXIV_URL")
            or DEFAULT_ARXIV_API
        )
        return cls(
            timeout=timeout,
            connect_timeout=min(timeout, duration(links.get("connect_timeout"), 5.0)),
            budget=duration(links.get("budget"), 600.0),
            concurrency=int(links.get("concurrency", 32)),
            per_host_concurrency=int(links.get("per_host_concurrency", 4)),
            per_host_interval=duration(links.get("per_host_interval"), 0.15),
            method=str(links.get("method", "head")).lower(),
            policy=policy,
            user_agent=str(links.get("user_agent") or DEFAULT_USER_AGENT),
            browser_user_agent=str(links.get("browser_user_agent") or BROWSER_USER_AGENT),
            skip=tuple(re.compile(p) for p in links.get("skip", []) or []),
            hosts=tuple(_host_rule(p, r or {}) for p, r in (links.get("hosts", {}) or {}).items()),
            cache_path=cache.get("path", ".paperlist-cache/links.json")
            if cache.get("enabled", True)
            else None,
            ttl=ttl,
            host_hint_ttl=duration(cache.get("host_hint_ttl"), 7 * DAY),
            arxiv_api=bool(links.get("arxiv_api", True)),
            arxiv_api_url=str(arxiv_url),
            arxiv_delay=duration(links.get("arxiv_delay"), 3.0),
            arxiv_batch_size=int(links.get("arxiv_batch_size", 100)),
            github_api_url=str(env.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
            github_token=(env.get("GITHUB_TOKEN") or None)
            if links.get("github_token", True)
            else None,
            addresses=AddressPolicy.from_setting(links.get("allow_private")),
        )


def _host_rule(pattern: str, raw: Mapping[str, Any]) -> HostRule:
    return HostRule(
        pattern=pattern.lower(),
        accept=frozenset(int(s) for s in raw.get("accept", []) or []),
        headers={str(k): str(v) for k, v in (raw.get("headers", {}) or {}).items()},
        skip=tuple(re.compile(p) for p in raw.get("skip", []) or []),
        interval=duration(raw.get("interval"), 0.0) if "interval" in raw else None,
        concurrency=int(raw["concurrency"]) if "concurrency" in raw else None,
        method=str(raw["method"]).lower() if "method" in raw else None,
        browser=bool(raw.get("browser", False)),
    )

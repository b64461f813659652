"""The verdict cache between runs: one JSON file, a time-to-live per verdict. **I/O**.

A scheduled run re-checks only what is due: dead and timed-out links every run, live ones after
their TTL. The file also remembers what hosts taught us (HEAD refused, bots blocked), so a
second run asks each host the right way at once. A missing or unreadable file is an empty
cache, never an error: the cache only saves work.

    {"version": 1,
     "links": {"https://…": {"verdict": "ok", "status": 200, …, "checked_at": 1764000000.0}},
     "hosts": {"example.org": {"hints": ["get"], "at": 1764000000.0}}}
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from typing import Any

from .verdict import Hint, LinkResult, Verdict

VERSION = 1


class VerdictCache:
    def __init__(
        self,
        path: str | None,
        ttl: Mapping[Verdict, float],
        host_hint_ttl: float = 7 * 86400.0,
    ) -> None:
        self.path = path
        self.ttl = ttl
        self.host_hint_ttl = host_hint_ttl
        self._links: dict[str, dict[str, Any]] = {}
        self._hosts: dict[str, dict[str, Any]] = {}
        self._dirty = False

    @classmethod
    def load(
        cls, path: str | None, ttl: Mapping[Verdict, float], host_hint_ttl: float = 7 * 86400.0
    ) -> VerdictCache:
        cache = cls(path, ttl, host_hint_ttl)
        if not path or not os.path.exists(path):
            return cache
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            return cache
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return cache
        links = data.get("links")
        hosts = data.get("hosts")
        cache._links = links if isinstance(links, dict) else {}
        cache._hosts = hosts if isinstance(hosts, dict) else {}
        return cache

    def fresh(self, url: str, now: float) -> LinkResult | None:
        """The cached result for ``url`` if it is still within its verdict's TTL."""
        raw = self._links.get(url)
        if not isinstance(raw, dict):
            return None
        try:
            result = LinkResult.from_json({**raw, "url": url})
        except (KeyError, ValueError, TypeError):
            return None
        ttl = self.ttl.get(result.verdict, 0.0)
        if ttl <= 0 or now - result.checked_at >= ttl or result.checked_at > now:
            return None
        return result

    def store(self, results: Iterable[LinkResult]) -> None:
        for result in results:
            if result.verdict is Verdict.SKIPPED:
                continue
            data = result.to_json()
            del data["url"]
            self._links[result.url] = data
            self._dirty = True

    def host_hints(self, now: float) -> dict[str, frozenset[Hint]]:
        out: dict[str, frozenset[Hint]] = {}
        for host, raw in self._hosts.items():
            if not isinstance(raw, dict) or now - float(raw.get("at", 0)) >= self.host_hint_ttl:
                continue
            known = {h.value for h in Hint}
            out[host] = frozenset(Hint(h) for h in raw.get("hints", []) if h in known)
        return out

    def store_host_hints(self, hints: Mapping[str, Iterable[Hint]], now: float) -> None:
        for host, hs in hints.items():
            values = sorted(h.value for h in hs)
            if values:
                self._hosts[host] = {"hints": values, "at": now}
                self._dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is silently not kept."""
        if not self.path or not self._dirty:
            return
        directory = os.path.dirname(os.path.abspath(self.path))
        try:
            os.makedirs(directory, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".links-", suffix=".json", dir=directory)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(
                    {"version": VERSION, "links": self._links, "hosts": self._hosts},
                    f,
                    indent=0,
                    sort_keys=True,
                )
            os.replace(tmp, self.path)
        except OSError:
            return
        self._dirty = False

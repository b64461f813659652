"""The scheduler against scripted hosts on 127.0.0.1: verdicts, manners, budget."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest

from lint_rules.links.http import LinkChecker
from lint_rules.links.settings import HostRule, Settings
from lint_rules.links.verdict import Hint, Policy, Verdict
from tests.links.servers import LOOPBACK_ALLOWED, Host, Reply, blocks_bots, refused_url

pytestmark = pytest.mark.timeout(30)

FAST = Settings(
    timeout=0.5,
    connect_timeout=0.5,
    budget=20.0,
    per_host_interval=0.0,
    policy=Policy(backoff=0.05),
    cache_path=None,
    arxiv_api=False,
    addresses=LOOPBACK_ALLOWED,
)


@pytest.fixture
def host() -> Iterator[Host]:
    h = Host()
    yield h
    h.close()


def check(settings: Settings, *urls: str) -> tuple[dict, LinkChecker]:
    checker = LinkChecker(settings)
    return checker.check(list(urls)), checker


def test_404_410_and_200(host: Host) -> None:
    host.routes.update({"/ok": Reply(200), "/missing": Reply(404), "/gone": Reply(410)})
    results, checker = check(FAST, host.url("/ok"), host.url("/missing"), host.url("/gone"))
    verdicts = {u.rsplit("/", 1)[1]: (r.verdict, r.status) for u, r in results.items()}
    assert verdicts == {
        "ok": (Verdict.OK, 200),
        "missing": (Verdict.DEAD, 404),
        "gone": (Verdict.DEAD, 410),
    }
    # A HEAD's 404 is confirmed by a GET; then the host's HEAD answers are trusted.
    assert [s.method for s in host.requests_to("/missing")] == ["HEAD", "GET"]
    assert checker.learned == {host.netloc: {Hint.HEAD}}


def test_a_host_known_to_answer_head_truthfully_gets_head_only(host: Host) -> None:
    host.routes.update({"/ok": Reply(200), "/missing": Reply(404), "/gone": Reply(410)})
    urls = [host.url("/ok"), host.url("/missing"), host.url("/gone")]
    checker = LinkChecker(FAST, hints={host.netloc: {Hint.HEAD}})
    results = checker.check(urls)
    assert [results[u].verdict for u in urls] == [Verdict.OK, Verdict.DEAD, Verdict.DEAD]
    assert [s.method for s in host.seen] == ["HEAD"] * 3 and checker.requests_sent == 3


def test_head_404_for_a_page_that_exists_is_caught_by_get(host: Host) -> None:
    host.routes["/cms"] = lambda seen: Reply(404) if seen.method == "HEAD" else Reply(200)
    results, checker = check(FAST, host.url("/cms"))
    assert results[host.url("/cms")].verdict is Verdict.OK
    assert checker.learned == {host.netloc: {Hint.GET}}


def test_refused_connection_is_dead() -> None:
    url = refused_url()
    results, _ = check(FAST, url)
    assert results[url].verdict is Verdict.DEAD and results[url].detail.startswith("refused")


def test_hanging_server_is_a_timeout_after_one_retry(host: Host) -> None:
    host.routes["/hang"] = Reply(hang=3.0)
    started = time.monotonic()
    results, _ = check(FAST, host.url("/hang"))
    assert results[host.url("/hang")].verdict is Verdict.TIMEOUT
    assert len(host.requests_to("/hang")) == 2
    assert time.monotonic() - started < 2.5


def test_500_then_200_is_alive(host: Host) -> None:
    host.routes["/flaky"] = [Reply(500), Reply(502), Reply(200)]
    results, _ = check(FAST, host.url("/flaky"))
    assert results[host.url("/flaky")].verdict is Verdict.OK
    assert len(host.requests_to("/flaky")) == 3


def test_429_retry_after_is_honoured_for_the_whole_host(host: Host) -> None:
    limited = Reply(429, {"Retry-After": "1"})
    host.routes["/a"] = [limited, Reply(200)]
    for name in "bcd":
        host.routes[f"/{name}"] = Reply(200)
    urls = [host.url(f"/{n}") for n in "abcd"]
    settings = Settings(**{**_fields(FAST), "per_host_interval": 0.05, "per_host_concurrency": 1})
    results, _ = check(settings, *urls)
    assert all(r.verdict is Verdict.OK for r in results.values())
    first_429 = host.requests_to("/a")[0].at
    inside = [s for s in host.seen if first_429 < s.at < first_429 + 1.0]
    assert inside == [], inside
    assert len(host.requests_to("/a")) == 2


def test_403_to_bots_resolved_by_a_browser_like_attempt(host: Host) -> None:
    host.routes["/article1"] = blocks_bots(Reply(200))
    host.routes["/article2"] = blocks_bots(Reply(404), status=418)
    host.routes["/article3"] = blocks_bots(Reply(200))
    # Four may be in flight, but the host's first answer comes before its other links go.
    results, checker = check(FAST, *(host.url(f"/article{i}") for i in (1, 2, 3)))
    assert results[host.url("/article1")].verdict is Verdict.OK
    assert results[host.url("/article2")].verdict is Verdict.DEAD
    assert results[host.url("/article3")].verdict is Verdict.OK
    assert checker.learned == {host.netloc: {Hint.BROWSER}}
    # Once the host has refused a bot, its other links are asked browser-like at once.
    assert len(host.seen) == 4
    assert host.seen[1].user_agent.startswith("Mozilla/5.0")


def test_challenge_for_everybody_is_unverifiable(host: Host) -> None:
    host.routes["/pub"] = Reply(403, {"cf-mitigated": "challenge"}, b"Just a moment...")
    results, _ = check(FAST, host.url("/pub"))
    assert results[host.url("/pub")].verdict is Verdict.UNVERIFIABLE


def test_head_405_falls_back_to_get(host: Host) -> None:
    host.routes["/page"] = lambda seen: Reply(405) if seen.method == "HEAD" else Reply(200)
    results, checker = check(FAST, host.url("/page"))
    assert results[host.url("/page")].verdict is Verdict.OK
    assert [s.method for s in host.seen] == ["HEAD", "GET"]
    assert checker.learned == {host.netloc: {Hint.GET}}


def test_301_chain_across_hosts_reports_the_final_url(host: Host) -> None:
    other = Host({"/new": Reply(200)})
    try:
        host.routes["/old"] = Reply(301, {"Location": "/older"})
        host.routes["/older"] = Reply(308, {"Location": other.url("/new")})
        results, _ = check(FAST, host.url("/old"))
        result = results[host.url("/old")]
        assert (result.verdict, result.final_url) == (Verdict.REDIRECT, other.url("/new"))
        assert len(other.seen) == 1
    finally:
        other.close()


def test_302_chain_is_ok_and_not_rewritten(host: Host) -> None:
    host.routes["/doi"] = Reply(302, {"Location": "/landing"})
    host.routes["/landing"] = Reply(307, {"Location": "/article"})
    host.routes["/article"] = Reply(200)
    results, _ = check(FAST, host.url("/doi"))
    assert results[host.url("/doi")].verdict is Verdict.OK
    assert results[host.url("/doi")].final_url is None


def test_redirect_loop_is_dead(host: Host) -> None:
    host.routes["/a"] = Reply(301, {"Location": "/b"})
    host.routes["/b"] = Reply(301, {"Location": "/a"})
    results, _ = check(FAST, host.url("/a"))
    assert results[host.url("/a")].verdict is Verdict.DEAD
    assert "loop" in results[host.url("/a")].detail


def test_slow_host_is_spaced_and_does_not_hold_up_others(host: Host) -> None:
    slow = Host({f"/p{i}": Reply(200, delay=0.3) for i in range(4)})
    try:
        for i in range(6):
            host.routes[f"/q{i}"] = Reply(200)
        rules = (HostRule(pattern=slow.netloc, interval=0.2, concurrency=1),)
        settings = Settings(**{**_fields(FAST), "hosts": rules})
        urls = [slow.url(f"/p{i}") for i in range(4)] + [host.url(f"/q{i}") for i in range(6)]
        started = time.monotonic()
        results, _ = check(settings, *urls)
        assert all(r.verdict is Verdict.OK for r in results.values())
        arrivals = [s.at for s in slow.seen]
        # One at a time: each request waits for the previous answer (0.3 s) and the interval.
        assert all(b - a >= 0.29 for a, b in itertools.pairwise(arrivals))
        fast_done = max(s.at for s in host.seen)
        assert fast_done - started < 1.0  # the slow host alone needs over 1.2 s
    finally:
        slow.close()


def test_global_and_per_host_concurrency_limits(host: Host) -> None:
    inflight = {"now": 0, "peak": 0}
    import threading

    lock = threading.Lock()

    def slow(seen):
        with lock:
            inflight["now"] += 1
            inflight["peak"] = max(inflight["peak"], inflight["now"])
        time.sleep(0.1)
        with lock:
            inflight["now"] -= 1
        return Reply(200)

    for i in range(12):
        host.routes[f"/c{i}"] = slow
    settings = Settings(**{**_fields(FAST), "per_host_concurrency": 3})
    results, _ = check(settings, *(host.url(f"/c{i}") for i in range(12)))
    assert len(results) == 12 and inflight["peak"] == 3


def test_time_budget_reports_unfinished_links_as_skipped(host: Host) -> None:
    host.routes["/slow"] = Reply(hang=5.0)
    host.routes["/ok"] = Reply(200)
    settings = Settings(**{**_fields(FAST), "timeout": 4.0, "budget": 1.5})
    started = time.monotonic()
    results, _ = check(settings, host.url("/slow"), host.url("/ok"))
    # The slow first answer holds the host's other links for at most the 1 s warm-up.
    assert time.monotonic() - started < 3.0  # well before the request's own timeout
    assert results[host.url("/ok")].verdict is Verdict.OK
    assert results[host.url("/slow")].verdict is Verdict.SKIPPED


def test_host_rules_accept_statuses_and_add_headers(host: Host) -> None:
    host.routes["/members"] = lambda seen: Reply(401)
    rule = HostRule(pattern="127.0.0.1", accept=frozenset({401}), headers={"X-Key": "k"})
    results, _ = check(Settings(**{**_fields(FAST), "hosts": (rule,)}), host.url("/members"))
    assert results[host.url("/members")].verdict is Verdict.OK
    assert host.seen[0].headers.get("X-Key") == "k"


def test_host_rule_that_does_not_match_changes_nothing(host: Host) -> None:
    host.routes["/members"] = Reply(401)
    rule = HostRule(pattern="*.example.org", accept=frozenset({401}))
    results, _ = check(Settings(**{**_fields(FAST), "hosts": (rule,)}), host.url("/members"))
    assert results[host.url("/members")].verdict is Verdict.UNVERIFIABLE


def _fields(settings: Settings) -> dict:
    return {name: getattr(settings, name) for name in Settings.__dataclass_fields__}


def test_a_compressed_bomb_body_is_read_only_to_the_cap(host: Host) -> None:
    """A page inflating to 64 MB: the checker reads a few KB of it, and the verdict stands."""
    import gzip
    import tracemalloc

    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    host.routes["/bomb"] = Reply(200, {"Content-Encoding": "gzip"}, body=bomb)
    host.routes["/bomb-head"] = Reply(405)
    settings = Settings(**{**_fields(FAST), "method": "get"})
    tracemalloc.start()
    try:
        results, _ = check(settings, host.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert results[host.url("/bomb")].verdict is Verdict.OK
    assert peak < 16 * 1024 * 1024

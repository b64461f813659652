"""The arXiv client against the stand-in on 127.0.0.1: paging, pacing, retries, error feeds."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.arxiv.client import ArxivClient, ArxivUnavailableError
from lint_rules.arxiv_atom import ArxivError
from tests.standins.arxiv import ArxivStandin, Paper, empty, error_400, status

DELAY = 0.05
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _papers(n: int) -> list[Paper]:
    return [
        Paper(
            id=f"2611.{i:05d}",
            title=f"Self-supervised pretraining for chest X-ray number {i}",
            summary="We pretrain on unlabelled radiographs.",
            published=NOW - timedelta(hours=i),
        )
        for i in range(n)
    ]


def _client(url: str, **kw) -> ArxivClient:
    kw.setdefault("delay_seconds", DELAY)
    kw.setdefault("backoff_seconds", 0.01)
    return ArxivClient(url, **kw)


def test_fixture_pages_are_followed_with_start_and_max_results():
    with ArxivStandin(mode="fixtures") as arxiv, _client(arxiv.url, page_size=10) as client:
        result = client.search("all:testing", max_results=20)
    assert [r.params["start"] for r in arxiv.requests] == ["0", "10"]
    assert all(r.params["max_results"] == "10" for r in arxiv.requests)
    assert len(result.entries) == 20 and result.total_results == 214881
    assert result.entries[0].id == "2202.12139"
    assert any(e.id == "2403.16981" and e.version == 2 for e in result.entries)
    assert result.warnings == []


def test_paging_stops_at_total_results_and_sends_the_query():
    with ArxivStandin(papers=_papers(25)) as arxiv, _client(arxiv.url, page_size=10) as client:
        result = client.search("abs:x", max_results=1000)
    assert [r.params["start"] for r in arxiv.requests] == ["0", "10", "20"]
    assert [e.id for e in result.entries] == [f"2611.{i:05d}" for i in range(25)]
    assert arxiv.requests[0].params["search_query"] == "abs:x"
    assert arxiv.requests[0].params["sortBy"] == "submittedDate"


def test_client_waits_at_least_the_delay_between_requests_on_one_connection():
    delay = 0.2
    with (
        ArxivStandin(papers=_papers(30)) as arxiv,
        _client(arxiv.url, page_size=10, delay_seconds=delay) as client,
    ):
        client.search("abs:x")
    gaps = arxiv.gaps()
    assert len(gaps) == 2
    # Arrival times at the server can only be later than the client's send times plus its pause.
    assert min(gaps) >= delay * 0.95, gaps
    assert len({r.client_port for r in arxiv.requests}) == 1


def test_retries_429_and_503_with_pacing_kept():
    with ArxivStandin(papers=_papers(3)) as arxiv, _client(arxiv.url) as client:
        arxiv.push(status(429, retry_after="0"), status(503))
        result = client.search("abs:x")
    assert [r.status for r in arxiv.requests] == [429, 503, 200]
    assert len(result.entries) == 3
    assert min(arxiv.gaps()) >= DELAY * 0.95


def test_gives_up_after_the_retry_budget():
    with ArxivStandin(papers=_papers(3)) as arxiv, _client(arxiv.url, max_retries=2) as client:
        arxiv.push(*[status(503)] * 5)
        with pytest.raises(ArxivUnavailableError, match="HTTP 503"):
            client.search("abs:x")
    assert len(arxiv.requests) == 3


def test_spurious_empty_first_page_is_retried():
    with ArxivStandin(papers=_papers(4)) as arxiv, _client(arxiv.url) as client:
        arxiv.push(empty())
        result = client.search("abs:x")
    assert len(arxiv.requests) == 2
    assert len(result.entries) == 4 and result.warnings == []


def test_empty_page_inside_the_results_is_retried():
    with ArxivStandin(papers=_papers(15)) as arxiv, _client(arxiv.url, page_size=10) as client:
        arxiv.push(empty(at_start=10))
        result = client.search("abs:x")
    assert [r.params["start"] for r in arxiv.requests] == ["0", "10", "10"]
    assert len(result.entries) == 15 and result.warnings == []


def test_always_empty_window_ends_with_a_warning_not_silence(caplog):
    with (
        ArxivStandin(papers=[]) as arxiv,
        _client(arxiv.url, empty_page_retries=2) as client,
        caplog.at_level(logging.WARNING, logger="bot.arxiv.client"),
    ):
        result = client.search("abs:nothing")
    assert len(arxiv.requests) == 3
    assert result.entries == [] and len(result.warnings) == 1
    assert "empty first page 3 times" in result.warnings[0]
    assert any("empty first page" in r.getMessage() for r in caplog.records)


def test_400_error_feed_raises_with_the_api_message_and_is_not_retried():
    with ArxivStandin(papers=_papers(3)) as arxiv, _client(arxiv.url) as client:
        arxiv.push(error_400())
        with pytest.raises(ArxivError) as info:
            client.search("id:abc")
    assert info.value.message == "incorrect id format for abc"
    assert not isinstance(info.value, ArxivUnavailableError)
    assert len(arxiv.requests) == 1


def test_legacy_2016_response_parses_through_the_client():
    with (
        ArxivStandin(mode="fixtures", legacy=True) as arxiv,
        _client(arxiv.url, page_size=10) as client,
    ):
        result = client.search("au:del_maestro", max_results=10)
    assert result.total_results == 31
    assert "cond-mat/0412498" in {e.id for e in result.entries}


def test_submitted_window_is_honoured_by_the_standin():
    papers = _papers(48)  # one per hour over two days
    since, until = NOW - timedelta(hours=10), NOW
    from bot.arxiv.query import submitted_window

    with ArxivStandin(papers=papers) as arxiv, _client(arxiv.url) as client:
        result = client.search(f"abs:x AND {submitted_window(since, until)}")
    assert len(result.entries) == 11


def test_retry_after_is_honoured_and_capped_and_backoff_doubles():
    slept: list[float] = []
    with (
        ArxivStandin(papers=_papers(2)) as arxiv,
        ArxivClient(
            arxiv.url, delay_seconds=0.0, backoff_seconds=1.0, sleep=slept.append
        ) as client,
    ):
        arxiv.push(status(429, retry_after="7"), status(503, retry_after="9999"), status(503))
        result = client.search("abs:x")
    assert len(result.entries) == 2
    # Retry-After 7, backoff 1; Retry-After capped at 120, backoff 2; backoff 4.
    assert slept == [7.0, 1.0, 120.0, 2.0, 4.0]


def test_other_client_errors_are_reported_by_status_not_retried():
    with ArxivStandin(papers=_papers(2)) as arxiv, _client(arxiv.url) as client:
        arxiv.push(status(404))
        with pytest.raises(ArxivError, match=r"HTTP 404 for http://127\.0\.0\.1"):
            client.search("abs:x")
    assert len(arxiv.requests) == 1


UNKNOWN_ENCODING = b'<?xml version="1.0" encoding="x-klingon"?><feed/>'


def test_unknown_encoding_is_a_clear_error_and_not_retried():
    from lint_rules.arxiv_atom import ArxivEncodingError
    from tests.standins.arxiv import Action

    with ArxivStandin(papers=_papers(3)) as arxiv, _client(arxiv.url) as client:
        arxiv.push(Action(200, UNKNOWN_ENCODING))
        with pytest.raises(ArxivEncodingError, match="x-klingon"):
            client.search("abs:x")
    assert len(arxiv.requests) == 1


def test_an_answer_over_the_cap_is_not_read_on():
    from bot.arxiv.client import ArxivResponseTooLargeError
    from tests.standins.arxiv import Action

    with ArxivStandin(papers=_papers(3)) as arxiv, _client(
        arxiv.url, max_response_bytes=100_000
    ) as client:
        arxiv.push(Action(200, b"<feed>" + b" " * 200_000 + b"</feed>"))
        with pytest.raises(ArxivResponseTooLargeError, match="100000-byte cap"):
            client.search("abs:x")
    assert len(arxiv.requests) == 1


def test_a_compressed_bomb_is_cut_off_at_the_cap(monkeypatch):
    """1 GB of gzip-inflated zeros behind a 1 MB body, with no Content-Length to warn."""
    import gzip
    import tracemalloc

    from bot.arxiv.client import ArxivResponseTooLargeError
    from tests.standins.arxiv import Action

    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    with ArxivStandin(papers=_papers(3)) as arxiv, _client(
        arxiv.url, max_response_bytes=1_000_000
    ) as client:
        arxiv.push(Action(200, bomb, (("Content-Encoding", "gzip"),)))
        tracemalloc.start()
        try:
            with pytest.raises(ArxivResponseTooLargeError):
                client.search("abs:x")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # about the cap, not the 64 MB it inflates to

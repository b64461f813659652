"""arXiv links through the API's id_list: the pure batching and answer reading, then the
checker against an arXiv stand-in on 127.0.0.1 that answers in the recorded feeds' shape."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from lint_rules.arxiv_atom import ArxivError
from lint_rules.links.arxiv_batch import batches, entries_by_id, query_url, split_answer
from lint_rules.links.http import LinkChecker
from lint_rules.links.settings import Settings
from lint_rules.links.verdict import Policy, Verdict
from tests.conftest import DATA
from tests.links.servers import LOOPBACK_ALLOWED, Host, Reply, Seen
from tests.standins.arxiv import Paper, render_feed

pytestmark = pytest.mark.timeout(30)
FIXTURES = DATA / "arxiv"
WHEN = datetime(2021, 1, 13, tzinfo=UTC)
PAPERS = {
    "2101.05224": Paper(
        "2101.05224",
        "Big Self-Supervised Models Advance Medical Image Classification",
        "s",
        WHEN,
        version=2,
    ),
    "2010.05352": Paper(
        "2010.05352",
        "MoCo-CXR: MoCo Pretraining Improves Representation and "
        "Transferability of Chest X-ray Models",
        "s",
        WHEN,
        version=3,
    ),
    "2003.00105": Paper(
        "2003.00105", "Self-Supervised Representation Learning for Ultrasound Video", "s", WHEN
    ),
}


def test_batches_dedupe_and_cut() -> None:
    assert batches(["a", "b", "a", "c", "d"], 2) == [["a", "b"], ["c", "d"]]
    assert batches([], 100) == []


def test_query_url_lists_ids_and_asks_for_all_of_them() -> None:
    url = query_url("http://127.0.0.1:9/api/query", ["2101.05224", "cs/0112017"])
    params = parse_qs(urlsplit(url).query)
    assert params == {"id_list": ["2101.05224,cs/0112017"], "max_results": ["2"]}


def test_entries_by_id_reads_a_recorded_feed() -> None:
    body = (FIXTURES / "query_all_testing_start0_max10.xml").read_bytes()
    found = entries_by_id(body, ["2202.12139", "9999.99999"])
    assert list(found) == ["2202.12139"]
    assert found["2202.12139"].title.startswith("Testing Deep Learning Models")


def test_error_feed_raises() -> None:
    with pytest.raises(ArxivError):
        entries_by_id((FIXTURES / "idlist_abc_error_http400.xml").read_bytes(), ["abc"])


def test_split_answer_sends_missing_ids_and_too_new_versions_to_the_page_check() -> None:
    body = render_feed([PAPERS["2101.05224"]], 1, 0, 1, "")
    found = entries_by_id(body, ["2101.05224", "2101.99999"])
    urls = {
        "2101.05224": ["https://arxiv.org/abs/2101.05224", "https://arxiv.org/abs/2101.05224v7"],
        "2101.99999": ["https://arxiv.org/abs/2101.99999"],
    }
    results, unresolved = split_answer(urls, found, 0.0)
    assert list(results) == ["https://arxiv.org/abs/2101.05224"]
    assert results["https://arxiv.org/abs/2101.05224"].arxiv_title == PAPERS["2101.05224"].title
    assert unresolved == ["https://arxiv.org/abs/2101.05224v7", "https://arxiv.org/abs/2101.99999"]


def api(papers: dict[str, Paper]) -> Callable[[Seen], Reply]:
    def answer(seen: Seen) -> Reply:
        ids = parse_qs(urlsplit(seen.path).query)["id_list"][0].split(",")
        hits = [papers[i] for i in ids if i in papers]
        return Reply(
            200,
            {"Content-Type": "application/atom+xml"},
            render_feed(hits, len(hits), 0, len(ids), ""),
        )

    return answer


@pytest.fixture
def arxiv() -> Iterator[Host]:
    h = Host()
    yield h
    h.close()


def settings_for(arxiv: Host, batch: int = 100) -> Settings:
    return Settings(
        timeout=0.5,
        connect_timeout=0.5,
        per_host_interval=0.0,
        policy=Policy(backoff=0.05),
        cache_path=None,
        arxiv_api_url=arxiv.url("/api/query"),
        arxiv_delay=0.3,
        arxiv_batch_size=batch,
        addresses=LOOPBACK_ALLOWED,
    )


def test_batches_are_spaced_and_pages_are_never_requested(arxiv: Host) -> None:
    arxiv.routes["/api/query"] = api(PAPERS)
    links = {arxiv.url(f"/abs/{i}"): i for i in PAPERS}
    results = LinkChecker(settings_for(arxiv, batch=2)).check(list(links), links)
    assert {r.verdict for r in results.values()} == {Verdict.OK}
    assert {r.arxiv_title for r in results.values()} == {p.title for p in PAPERS.values()}
    calls = arxiv.requests_to("/api/query")
    assert len(calls) == 2 and len(arxiv.seen) == 2  # no page request at all
    assert calls[1].at - calls[0].at >= 0.3


def test_missing_id_falls_back_to_the_page_itself(arxiv: Host) -> None:
    arxiv.routes["/api/query"] = api(PAPERS)
    known, unknown = arxiv.url("/abs/2101.05224"), arxiv.url("/abs/2101.99999")
    links = {known: "2101.05224", unknown: "2101.99999"}
    results = LinkChecker(settings_for(arxiv)).check(list(links), links)
    assert results[known].verdict is Verdict.OK
    assert (results[unknown].verdict, results[unknown].status) == (Verdict.DEAD, 404)
    # Only the missing paper's own page is asked (HEAD, then GET to confirm the 404).
    assert {s.path for s in arxiv.seen[1:]} == {"/abs/2101.99999"}


def test_empty_first_answer_is_asked_once_more(arxiv: Host) -> None:
    empty = Reply(200, body=(FIXTURES / "idlist_0000.0000_empty.xml").read_bytes())
    full = api(PAPERS)
    arxiv.routes["/api/query"] = lambda seen: empty if len(arxiv.seen) == 1 else full(seen)
    links = {arxiv.url("/abs/2003.00105"): "2003.00105"}
    results = LinkChecker(settings_for(arxiv)).check(list(links), links)
    assert results[arxiv.url("/abs/2003.00105")].arxiv_title == PAPERS["2003.00105"].title
    assert len(arxiv.requests_to("/api/query")) == 2


def test_api_rate_limit_is_waited_out(arxiv: Host) -> None:
    full = api(PAPERS)
    limited = Reply(429, {"Retry-After": "1"})
    arxiv.routes["/api/query"] = lambda seen: limited if len(arxiv.seen) == 1 else full(seen)
    links = {arxiv.url("/abs/2003.00105"): "2003.00105"}
    results = LinkChecker(settings_for(arxiv)).check(list(links), links)
    assert results[arxiv.url("/abs/2003.00105")].verdict is Verdict.OK
    calls = arxiv.requests_to("/api/query")
    assert len(calls) == 2 and calls[1].at - calls[0].at >= 1.0


def test_api_error_feed_falls_back_to_page_checks(arxiv: Host) -> None:
    error = (FIXTURES / "idlist_abc_error_http400.xml").read_bytes()
    arxiv.routes["/api/query"] = Reply(400, body=error)
    arxiv.routes["/abs/2003.00105"] = Reply(200)
    links = {arxiv.url("/abs/2003.00105"): "2003.00105"}
    results = LinkChecker(settings_for(arxiv)).check(list(links), links)
    result = results[arxiv.url("/abs/2003.00105")]
    assert result.verdict is Verdict.OK and result.arxiv_title is None

"""A stand-in for ``export.arxiv.org/api/query`` on 127.0.0.1, for tests and benchmarks.

It answers in the shape of the real responses recorded in tests/data/arxiv/:

- ``mode="fixtures"`` serves those files byte-for-byte: ``start=0`` → the first page,
  ``start=10`` → the second page, anything else → the empty feed; ``legacy=True`` serves the
  2016-era response instead of the first page.
- ``mode="entries"`` pages through synthetic papers (:class:`Paper`), rendered with the same
  elements, namespaces and link layout as the 2026 responses, filtered by the query's
  ``submittedDate:[… TO …]`` window.

Faults are scripted per request with :meth:`ArxivStandin.push` (``status(503)``, ``empty()``,
``error_400()``), consumed in order before normal answers. Every request is recorded with its
arrival time (``time.monotonic``), parameters and client port, so tests can measure pacing and
check that one connection was used. HTTP/1.1 keep-alive is on, as at arXiv.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from tests.conftest import DATA

FIXTURES = DATA / "arxiv"
FIRST_PAGE = "query_all_testing_start0_max10.xml"
SECOND_PAGE = "query_all_testing_start10_max10.xml"
EMPTY = "idlist_0000.0000_empty.xml"
ERROR_400 = "idlist_abc_error_http400.xml"
LEGACY = "legacy2016_query_au_del_maestro.xml"

_WINDOW = re.compile(r"submittedDate:\[(\d{12}) TO (\d{12})\]")


@dataclass(frozen=True)
class Paper:
    id: str  # unversioned
    title: str
    summary: str
    published: datetime
    authors: tuple[str, ...] = ("A. Author",)
    categories: tuple[str, ...] = ("cs.CV",)
    version: int = 1
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Recorded:
    at: float
    params: dict[str, str]
    client_port: int
    status: int


@dataclass(frozen=True)
class Action:
    status: int = 200
    body: bytes | None = None  # None: the normal answer
    headers: tuple[tuple[str, str], ...] = ()
    at_start: int | None = None  # only for a request with this ``start``; None: the next one


def status(code: int, retry_after: str | None = None) -> Action:
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Action(code, b"<html><body>Slow down</body></html>", headers)


def empty(at_start: int | None = None) -> Action:
    """The API's spurious empty page: ``totalResults`` 0 and no entries, with HTTP 200."""
    return Action(200, (FIXTURES / EMPTY).read_bytes(), at_start=at_start)


def error_400() -> Action:
    return Action(400, (FIXTURES / ERROR_400).read_bytes())


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_entry(paper: Paper) -> str:
    vid = f"{paper.id}v{paper.version}"
    updated = _stamp(paper.published)
    cats = "\n".join(
        f'    <category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>'
        for c in paper.categories
    )
    authors = "\n".join(
        f"    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in paper.authors
    )
    extras = []
    if paper.comment:
        extras.append(f"    <arxiv:comment>{escape(paper.comment)}</arxiv:comment>")
    extras.append(f"    <arxiv:primary_category term={quoteattr(paper.categories[0])}/>")
    if paper.journal_ref:
        extras.append(f"    <arxiv:journal_ref>{escape(paper.journal_ref)}</arxiv:journal_ref>")
    if paper.doi:
        extras.append(f"    <arxiv:doi>{escape(paper.doi)}</arxiv:doi>")
        extras.append(
            f'    <link rel="related" href="https://doi.org/{escape(paper.doi)}" title="doi"/>'
        )
    extra_xml = "\n".join(extras)
    return f"""  <entry>
    <id>http://arxiv.org/abs/{vid}</id>
    <title>{escape(paper.title)}</title>
    <updated>{updated}</updated>
    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{vid}" rel="related" type="application/pdf" title="pdf"/>
    <summary>{escape(paper.summary)}</summary>
{cats}
    <published>{_stamp(paper.published)}</published>
{extra_xml}
{authors}
  </entry>
"""


def render_feed(papers: list[Paper], total: int, start: int, per_page: int, query: str) -> bytes:
    head = f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/standin</id>
  <title>arXiv Query: search_query={escape(query)}&amp;id_list=&amp;start={start}&amp;max_results={per_page}</title>
  <updated>{_stamp(datetime.now(UTC))}</updated>
  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
"""  # noqa: E501 - the real responses put all three namespaces on one line
    return (head + "".join(render_entry(p) for p in papers) + "</feed>\n").encode("utf-8")


@dataclass
class ArxivStandin:
    mode: str = "entries"  # or "fixtures"
    papers: list[Paper] = field(default_factory=list)
    legacy: bool = False
    requests: list[Recorded] = field(default_factory=list)
    _script: list[Action] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    def push(self, *actions: Action) -> None:
        with self._lock:
            self._script.extend(actions)

    @property
    def url(self) -> str:
        assert self._server is not None, "stand-in not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/query"

    def start(self) -> ArxivStandin:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                standin._handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> ArxivStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def gaps(self) -> list[float]:
        """Seconds between consecutive request arrivals."""
        times = [r.at for r in self.requests]
        return [b - a for a, b in itertools.pairwise(times)]

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        query = parse_qs(urlsplit(handler.path).query)
        params = {k: v[0] for k, v in query.items()}
        start = int(params.get("start", "0"))
        with self._lock:
            action = next(
                (a for a in self._script if a.at_start is None or a.at_start == start), None
            )
            if action is not None:
                self._script.remove(action)
        if action is not None and action.body is not None:
            code, body, headers = action.status, action.body, action.headers
        else:
            code, body, headers = 200, self._answer(params), ()
        with self._lock:
            self.requests.append(Recorded(arrived, params, handler.client_address[1], code))
        handler.send_response(code)
        handler.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def _answer(self, params: dict[str, str]) -> bytes:
        start = int(params.get("start", "0"))
        per_page = int(params.get("max_results", "10"))
        if self.mode == "fixtures":
            name = {0: LEGACY if self.legacy else FIRST_PAGE, 10: SECOND_PAGE}.get(start, EMPTY)
            return (FIXTURES / name).read_bytes()
        query = params.get("search_query", "")
        matching = self._in_window(query)
        if params.get("id_list"):
            # As arXiv: the listed papers only, in the order asked; unknown ids are left out.
            by_id = {p.id: p for p in matching}
            wanted = [i.strip().split("v")[0] for i in params["id_list"].split(",")]
            matching = [by_id[i] for i in wanted if i in by_id]
        page = matching[start : start + per_page]
        return render_feed(page, len(matching), start, per_page, query)

    def _in_window(self, query: str) -> list[Paper]:
        papers = sorted(self.papers, key=lambda p: p.published, reverse=True)
        m = _WINDOW.search(query)
        if m is None:
            return papers
        lo, hi = (datetime.strptime(g, "%Y%m%d%H%M").replace(tzinfo=UTC) for g in m.groups())
        return [p for p in papers if lo <= p.published <= hi]

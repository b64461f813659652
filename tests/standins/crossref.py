"""A stand-in for Crossref's REST API ``/works/{doi}`` on 127.0.0.1, for tests and benchmarks.

Shaped from Crossref's documented responses (api.crossref.org/swagger-ui, "Works"): a found
work answers 200 ``application/json`` with ``{"status": "ok", "message-type": "work",
"message-version": "1.0.0", "message": {…}}``, the message holding ``DOI`` (lower case),
``type`` (``journal-article``, ``proceedings-article``, ``book-chapter``, ``posted-content`` for
preprints), ``title``, ``container-title``, ``short-container-title``, ``event``,
``published``/``published-print``/``published-online``/``issued`` as ``{"date-parts": [[Y, M,
D]]}``, and for a preprint ``relation.is-preprint-of`` naming the published DOI. An unknown DOI
answers 404 ``text/plain`` "Resource not found.". DOIs match case-insensitively, as at Crossref.

Faults are scripted with :meth:`CrossrefStandin.push` (a status, optionally with Retry-After)
and consumed in order. Every request is recorded with its path, query and User-Agent.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass(frozen=True)
class Work:
    doi: str
    title: str
    container: tuple[str, ...]
    year: int
    type: str = "journal-article"
    short_container: tuple[str, ...] = ()
    event: str | None = None
    preprint_of: str | None = None  # for type posted-content

    def message(self) -> dict[str, Any]:
        date = {"date-parts": [[self.year, 6, 1]]}
        body: dict[str, Any] = {
            "DOI": self.doi.lower(), "type": self.type, "title": [self.title],
            "container-title": list(self.container),
            "short-container-title": list(self.short_container),
            "publisher": "Example Publisher", "prefix": self.doi.split("/")[0],
            "URL": f"https://doi.org/{self.doi.lower()}", "published": date,
            "issued": date, "published-online": date,
            "indexed": {"date-parts": [[2026, 1, 5]], "date-time": "2026-01-05T00:00:00Z"},
            "relation": {},
        }
        if self.type != "posted-content":
            body["published-print"] = date
        if self.event:
            body["event"] = {"name": self.event}
        if self.preprint_of:
            body["relation"] = {"is-preprint-of": [
                {"id-type": "doi", "id": self.preprint_of.lower(), "asserted-by": "subject"}]}
        return body


@dataclass(frozen=True)
class Recorded:
    path: str
    query: dict[str, str]
    user_agent: str
    status: int


@dataclass
class CrossrefStandin:
    works: list[Work] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    _script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    def push(self, status: int, retry_after: str | None = None) -> None:
        headers = {"Retry-After": retry_after} if retry_after else {}
        with self._lock:
            self._script.append((status, headers))

    @property
    def url(self) -> str:
        assert self._server is not None, "stand-in not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> CrossrefStandin:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                standin._handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> CrossrefStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            scripted = self._script.pop(0) if self._script else None
        headers: dict[str, str] = {}
        if scripted is not None:
            status, headers = scripted
            body, kind = b'{"status":"error"}', "application/json"
        elif not parts.path.startswith("/works/"):
            status, body, kind = 404, b"Resource not found.", "text/plain"
        else:
            doi = unquote(parts.path.removeprefix("/works/")).lower()
            work = next((w for w in self.works if w.doi.lower() == doi), None)
            if work is None:
                status, body, kind = 404, b"Resource not found.", "text/plain"
            else:
                status, kind = 200, "application/json;charset=utf-8"
                body = json.dumps({"status": "ok", "message-type": "work",
                                   "message-version": "1.0.0",
                                   "message": work.message()}).encode("utf-8")
        with self._lock:
            self.requests.append(Recorded(parts.path, query,
                                          handler.headers.get("User-Agent", ""), status))
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

"""Scripted HTTP hosts on 127.0.0.1 for the link-checker tests.

Each :class:`Host` is a threaded server on its own port (so its own ``host:port``, which the
checker treats as a separate host). A route maps a path to a behaviour: a fixed answer, a
sequence of answers (one per request, the last repeating), a hang, or a function of the
request. Every request is recorded with its arrival time, method and User-Agent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lint_rules.links.guard import AddressPolicy

# These hosts are on loopback, which the checker refuses by default: tests opt in.
LOOPBACK_ALLOWED = AddressPolicy(allow_private=True)


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"<html><body>ok</body></html>"
    delay: float = 0.0  # seconds before answering
    hang: float = 0.0  # hold the connection this long and never answer


@dataclass(frozen=True)
class Seen:
    at: float  # time.monotonic() on arrival
    method: str
    path: str
    user_agent: str
    headers: dict[str, str] = field(default_factory=dict)


Behaviour = Reply | Sequence[Reply] | Callable[["Seen"], Reply]

BROWSERLESS = ("paperlist", "python", "bot", "check")


def blocks_bots(real: Reply, status: int = 403) -> Callable[[Seen], Reply]:
    """A publisher that refuses non-browser User-Agents and serves ``real`` to browsers."""

    def answer(seen: Seen) -> Reply:
        ua = seen.user_agent.lower()
        if not ua.startswith("mozilla/") or any(t in ua for t in BROWSERLESS):
            return Reply(status, body=b"<html><body>Forbidden</body></html>")
        return real

    return answer


class Host:
    def __init__(self, routes: dict[str, Behaviour] | None = None) -> None:
        self.routes: dict[str, Behaviour] = dict(routes or {})
        self.seen: list[Seen] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_HEAD(self) -> None:
                host._serve(self, "HEAD")

            def do_GET(self) -> None:
                host._serve(self, "GET")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def netloc(self) -> str:
        return f"127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.netloc}{path}"

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path.split("?")[0] == path]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _reply(self, seen: Seen) -> Reply:
        path = seen.path.split("?")[0]
        behaviour = self.routes.get(path, Reply(404, body=b"not found"))
        with self._lock:
            n = self._counts.get(path, 0)
            self._counts[path] = n + 1
        if isinstance(behaviour, Reply):
            return behaviour
        if callable(behaviour):
            return behaviour(seen)
        return behaviour[min(n, len(behaviour) - 1)]

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        seen = Seen(
            time.monotonic(),
            method,
            handler.path,
            handler.headers.get("User-Agent", ""),
            dict(handler.headers.items()),
        )
        with self._lock:
            self.seen.append(seen)
        reply = self._reply(seen)
        if reply.hang:
            time.sleep(reply.hang)
            handler.close_connection = True
            return
        if reply.delay:
            time.sleep(reply.delay)
        handler.send_response(reply.status)
        for key, value in reply.headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.end_headers()
        if method == "GET":
            handler.wfile.write(reply.body)


def refused_url() -> str:
    """A URL on a port nothing listens on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/paper"

"""A local HTTP server that answers like Elasticsearch 8 with canned responses.

No Elasticsearch runs on this machine, so the real client talks real HTTP to this
server, which records every request (method, path, query string, body) and answers
with the response a test gave it. The tests then compare what was sent with the
bodies Elasticsearch expects, and check how the engine reads the answers.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# What Elasticsearch 8 sends with every answer; the client refuses a server
# without the product header.
ES_HEADERS = {
    "X-Elastic-Product": "Elasticsearch",
    "Content-Type": "application/vnd.elasticsearch+json;compatible-with=8",
}


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    def ndjson(self) -> list:
        return [json.loads(line) for line in self.body.splitlines() if line.strip()]


class FakeElasticsearch:
    """Routes (method, path) to queued canned answers and records requests."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.unexpected: list[Request] = []
        self._routes: dict[tuple[str, str], list[tuple[int, object]]] = {}
        self._prefix_routes: dict[tuple[str, str], tuple[int, object]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def reply(self, method: str, path: str, body: object = None, status: int = 200):
        """Queue an answer; the last one queued for a route keeps being given."""
        self._routes.setdefault((method, path), []).append((status, body))

    def forget(self, method: str, path: str) -> None:
        """Drop the answers queued for a route (to replace a fixture's default)."""
        self._routes.pop((method, path), None)

    def reply_prefix(self, method: str, prefix: str, body: object, status: int = 200):
        """Answer any path starting with `prefix` (names holding a timestamp)."""
        self._prefix_routes[(method, prefix)] = (status, body)

    def sent(self, method: str, path: str) -> list[Request]:
        return [r for r in self.requests if (r.method, r.path) == (method, path)]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, request: Request) -> tuple[int, object]:
        with self._lock:
            self.requests.append(request)
            queue = self._routes.get((request.method, request.path))
            if not queue:
                for (method, prefix), answer in self._prefix_routes.items():
                    if method == request.method and request.path.startswith(prefix):
                        return answer
                self.unexpected.append(request)
                return 501, {
                    "error": f"no canned answer for {request.method} {request.path}",
                    "status": 501,
                }
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the client expects

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(
                    method=self.command,
                    path=parts.path,
                    query={k: v[-1] for k, v in parse_qs(parts.query).items()},
                    body=self.rfile.read(length) if length else b"",
                )
                status, body = fake._answer(request)
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                for name, value in ES_HEADERS.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

            def log_message(self, format, *args) -> None:  # noqa: A002
                pass  # keep test output quiet

        return Handler

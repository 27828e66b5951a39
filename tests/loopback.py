"""A loopback HTTP server that records exactly what arrives, for conformance tests."""
from __future__ import annotations

import http.server
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Arrived:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: str


class Recorder:
    """Serves on 127.0.0.1 on a free port; `arrived` lists requests in order. `reply` answers
    each request (content type, body); by default an empty 200."""

    def __init__(self, reply: Callable[[Arrived], tuple[str, str]] | None = None) -> None:
        self.arrived: list[Arrived] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _record(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length).decode("latin-1") if length else ""
                arrived = Arrived(self.command, self.path, list(self.headers.items()), body)
                recorder.arrived.append(arrived)
                content_type, answer = reply(arrived) if reply else ("text/plain", "")
                data = answer.encode()
                try:
                    self.send_response(200)
                    self.send_header("content-type", content_type)
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test): nothing to answer

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _record

            def log_message(self, *args: object) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Recorder":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

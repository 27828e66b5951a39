"""Loopback helpers: an HTTP server that records exactly what arrives (conformance tests, the
Slack stand-in), free ports, process memory, and `bbhelp serve` run as a child process."""
from __future__ import annotations

import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from bots.settings import Settings


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

            def __getattr__(self, name: str) -> Callable[[], None]:
                """Every method is recorded, in any case (curl -X post, -X Get send it as written)."""
                if name.startswith("do_"):
                    return self._record
                raise AttributeError(name)

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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid: int | str = "self") -> int:
    """Resident memory of a process (default: this one), from /proc (Linux)."""
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def cpu_seconds(pid: int | str = "self") -> float:
    """CPU time (user + system) a process has used so far, from /proc (Linux)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()  # after "pid (name)": state is field 3
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int, marker: str = "") -> list[int]:
    """Processes whose parent is `pid` (and whose command line holds `marker`), from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended while we looked
        if parent == pid and marker in command:
            found.append(int(entry))
    return sorted(found)


def tree_cpu_seconds(pid: int) -> float:
    """CPU time a process and all its descendants alive now have used (a served request costs the
    supervisor, a server worker and a triage process)."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            total += cpu_seconds(current)
        except OSError:
            continue  # ended while we looked
        pending += children(current)
    return total


class BbhelpServe:
    """`bbhelp serve` in a child process on a free loopback port, ready once /healthz answers;
    `startup_seconds` is how long that took. Used by the load test and by `python -m bench`."""

    def __init__(self, ready_within: float = 20.0, env: dict[str, str] | None = None, workers: int = 1) -> None:
        self.env = {**os.environ, **(env or {})}
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ready_within = ready_within
        self.startup_seconds = 0.0

    def __enter__(self) -> "BbhelpServe":
        started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "-m", "triage.cli", "serve", "--host", "127.0.0.1",
                                         "--port", str(self.port), "--workers", str(self.workers)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.env)
        while True:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1).close()
                self.startup_seconds = time.perf_counter() - started
                return self
            except OSError:
                if time.perf_counter() - started > self.ready_within:
                    self.process.kill()
                    raise RuntimeError(f"bbhelp serve did not answer within {self.ready_within:.0f} s") from None
                time.sleep(0.02)

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


FORM_TOKEN = re.compile(r'name="token" value="([^"]+)"')


def page_post(client: object, path: str, data: dict[str, str]) -> object:
    """POST a form of the web page as a browser would: with the token the page put in it."""
    token = FORM_TOKEN.search(client.get("/").text).group(1)
    return client.post(path, data={**data, "token": token})


def without_slack(**values: object) -> Settings:
    """Server settings with Slack off and no .env file read, whatever the environment says."""
    return Settings(_env_file=None, slack_bot_token=None, slack_signing_secret=None, **values)

"""One pasted command, two readings compared: what bbhelp's shell and curl readers make of it, and
what the installed curl (run by bash) really sent to a loopback server."""
from __future__ import annotations

import subprocess

from tests.loopback import Recorder
from triage.read.curl import requests_from_words
from triage.read.shell import read_command


def parsed(command: str) -> list[tuple]:
    """The requests bbhelp reads in the command (those curl would send), compared by `shape`."""
    words = read_command(command).words
    return [shape(r.method, path_of(r.url), r.headers, r.body) for r in requests_from_words(words) if r.sent]


def path_of(url: str) -> str:
    rest = url.split("://", 1)[1]
    path = rest[rest.find("/"):] if "/" in rest else "/"
    return path


def shape(method: str, path: str, headers: list[tuple[str, str]], body: str | None) -> tuple:
    """What the comparison looks at: headers a user controls, Authorization in full."""
    ignored = {"host", "content-length", "expect", "connection", "transfer-encoding"}
    kept = sorted((n.lower(), v) for n, v in headers if n.lower() not in ignored)
    if any(n == "content-type" and v.startswith("multipart/form-data") for n, v in kept):
        # The boundary is random per run: compare the form's presence, not its bytes.
        kept = [(n, "multipart/form-data" if n == "content-type" else v) for n, v in kept]
        body = "(multipart form)"
    return (method, path, tuple(kept), body or "")


def sent_by_curl(command: str, recorder: Recorder) -> list[tuple]:
    """The requests that reached `recorder` when bash ran the command, compared by `shape`."""
    before = len(recorder.arrived)
    subprocess.run(["bash", "-c", command], capture_output=True, timeout=20, stdin=subprocess.DEVNULL,
                   env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"})
    return [shape(a.method, a.path, a.headers, a.body) for a in recorder.arrived[before:]]

"""Calls of known clients and tools (an SDK method, a CLI command, a credential helper) as the
requests they make, from the table in knowledge/clients.toml.

Why a reader of its own: real tickets rarely show the HTTP request; they show
`bitbucket.repositories.addDefaultReviewer(...)` or `bb pr approve 12`. The table says which
request each call makes and what the client does on every request (a default JSON content type).
What the table supplies is marked as inferred, so the rules weigh it below what the ticket shows.
"""
from __future__ import annotations

from triage.gate import fold
from triage.knowledge import load
from triage.read.evidence import Collector
from triage.read.lines import LineIndex
from triage.reason.vocabulary import Seen

API = "https://api.bitbucket.org/2.0"


def extract_clients(text: str, lines: LineIndex, sink: Collector) -> None:
    kb = load()
    seen: set[tuple[str, str]] = set()
    folded = fold(text)
    for client in kb.clients:
        if not client.finder.may_match(folded):
            continue
        for match in client.finder.pattern.finditer(text):
            operation = client.operation(match.group("call"))
            line = lines.line_of(match.start())
            if operation is None or line in sink.consumed or (client.id, match.group("call")) in seen:
                continue
            seen.add((client.id, match.group("call")))
            method, path = operation
            json_header = Seen.CONTENT_TYPE_JSON in client.traits
            headers = [("Content-Type", "application/json")] if json_header else []
            inferred = ["method", "path"] + (["content_type"] if json_header else [])
            endpoint = kb.match(method, path).endpoint
            if endpoint is not None and kb.takes_no_body(endpoint):
                inferred.append("body")  # the operation takes none, so the client sends none
            sink.command_count += 1
            sink.request(origin="client", line=line, method=method, url=API + path, headers=headers,
                         client=client.id, inferred=inferred)

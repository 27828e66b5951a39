"""Find error bodies in a ticket: Bitbucket's JSON error form, other JSON errors, HTML pages.

Why: the message text is often the whole report ("Token is invalid, expired,
or not supported…"), and a 403 body's detail.required/granted names the exact
scope shortfall. JSON is decoded with the standard decoder from each likely
start, inside a bounded window, so hostile input cannot make it quadratic.
"""
from __future__ import annotations

import json
import re

from .evidence import Collector
from .facts import ErrorBody
from .lines import LineIndex
from .redaction import redact_text

CANDIDATE = re.compile(r"\{\s*\"(?:type|error|message|errors)\"")
LOOSE_MESSAGE = re.compile(r"\"message\"\s*:\s*\"((?:[^\"\\\n]|\\.){1,500})\"")
HTML_TITLE = re.compile(r"(?is)<html.{0,2000}?<title>(.{0,200}?)</title>")
WINDOW = 20_000


def extract_error_bodies(text: str, lines: LineIndex, sink: Collector) -> None:
    decoder = json.JSONDecoder()
    covered_until = -1
    for match in CANDIDATE.finditer(text):
        if match.start() < covered_until:
            continue
        window = text[match.start():match.start() + WINDOW]
        line = lines.line_of(match.start())
        try:
            value, length = decoder.raw_decode(window)
        except ValueError:
            loose = LOOSE_MESSAGE.search(window[:2000])
            if loose and "error" in window[:loose.start()]:
                sink.found.error_bodies.append(ErrorBody(line=line, form="json", message=redact_text(loose.group(1))))
            continue
        covered_until = match.start() + length
        body = _from_json(value, line)
        if body:
            sink.found.error_bodies.append(body)
            sink.consume(line, lines.line_of(covered_until))
    for match in HTML_TITLE.finditer(text):
        sink.found.error_bodies.append(ErrorBody(line=lines.line_of(match.start()), form="html",
                                           message=redact_text(match.group(1).strip())))


def _from_json(value: object, line: int) -> ErrorBody | None:
    if not isinstance(value, dict):
        return None
    error = value.get("error")
    if isinstance(error, dict):
        detail = error.get("detail")
        required = granted = []
        detail_text = ""
        if isinstance(detail, dict):
            required = [str(s) for s in detail.get("required") or [] if isinstance(s, str)]
            granted = [str(s) for s in detail.get("granted") or [] if isinstance(s, str)]
        elif isinstance(detail, str):
            detail_text = detail
        form = "bitbucket_json" if value.get("type") == "error" else "json"
        return ErrorBody(line=line, form=form, message=redact_text(str(error.get("message", ""))),
                         required=required, granted=granted, detail=redact_text(detail_text))
    message = value.get("message") or value.get("error_description") or (error if isinstance(error, str) else "")
    if message:
        return ErrorBody(line=line, form="json", message=redact_text(str(message)))
    return None

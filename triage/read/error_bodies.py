"""Find error bodies in a ticket: Bitbucket's JSON error form, other JSON errors, HTML pages.

Why: the message text is often the whole report ("Token is invalid, expired,
or not supported…"), and a 403 body's detail.required/granted names the exact
scope shortfall. JSON is decoded with the standard decoder from each likely
start that no earlier decode read past, so hostile input cannot make it quadratic.
"""
from __future__ import annotations

import json
import re

from triage.read.evidence import Collector
from triage.read.lines import LineIndex
from triage.reason.vocabulary import ErrorBody
from triage.secrets.redaction import redact_text

CANDIDATE = re.compile(r"\{\s*\"(?:type|error|message|errors)\"")
LOOSE_MESSAGE = re.compile(r"\"message\"\s*+:\s*+\"((?:[^\"\\\n]|\\.)++)\"")
HTML_START = re.compile(r"(?i)<html")
HTML_TITLE = re.compile(r"(?i)<title>([^<]*+)</title>")
LOOSE_WINDOW = 2_000  # where a broken body's "message" may still be read
MAX_MESSAGE = 500


def extract_error_bodies(text: str, lines: LineIndex, sink: Collector) -> None:
    """Each candidate is decoded once; a candidate inside text a decode already read (a valid body,
    or the part of a broken one before its error) is skipped, so every character is read by the
    decoder at most once. The loose `"message"` look-up reads each character at most once too."""
    decoder = json.JSONDecoder()
    covered_until = loose_done = -1
    seen: set[tuple[object, ...]] = set()
    for match in CANDIDATE.finditer(text):
        start = match.start()
        if start < covered_until:
            continue
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError as error:  # JSONDecodeError says where it stopped reading
            covered_until = max(getattr(error, "pos", 0), match.end())
            loose_from = max(start, loose_done)
            loose_done = start + LOOSE_WINDOW
            loose = LOOSE_MESSAGE.search(text, loose_from, loose_done)
            if loose and "error" in text[start:loose.start()]:
                message = redact_text(loose.group(1)[:MAX_MESSAGE])
                sink.found.error_bodies.append(ErrorBody(line=lines.line_of(start), form="json", message=message))
            continue
        except RecursionError:  # nested deeper than any error body, and no telling how far it read
            break
        covered_until = end
        body = _from_json(value, lines.line_of(start))
        if body:
            sink.consume(lines.line_of(start), lines.line_of(covered_until), start, covered_until)
            said = (body.form, body.message, tuple(body.required), tuple(body.granted), body.detail)
            if said not in seen:  # a log repeating one error says it once
                seen.add(said)
                sink.found.error_bodies.append(body)
    page = HTML_START.search(text)
    for match in HTML_TITLE.finditer(text, page.start() if page else len(text)):
        sink.found.error_bodies.append(ErrorBody(line=lines.line_of(match.start()), form="html",
                                                 message=redact_text(match.group(1).strip()[:MAX_MESSAGE])))


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
        fields = error.get("fields")
        if not detail_text and isinstance(fields, dict):  # a 400's fields: {"source": ["Must be an object"]}
            detail_text = "; ".join(f"{name}: {', '.join(map(str, said)) if isinstance(said, list) else said}"
                                    for name, said in list(fields.items())[:10])
        form = "bitbucket_json" if value.get("type") == "error" else "json"
        return ErrorBody(line=line, form=form, message=redact_text(str(error.get("message", ""))),
                         required=required, granted=granted, detail=redact_text(detail_text))
    # OAuth's token endpoint: {"error": "invalid_grant", "error_description": "…"}: the code and its words
    code, words = (error if isinstance(error, str) else ""), value.get("message") or value.get("error_description") or ""
    message = f"{code}: {words}" if code and words else code or words
    if message:
        return ErrorBody(line=line, form="json", message=redact_text(str(message)))
    return None

"""text -> Facts: run every extractor over a ticket, in an order that lets the
structured ones claim their lines before prose is read.

Why an orchestrator: each extractor knows one kind of evidence; the order
matters (a curl command's URL must not also count as a prose mention) and the
collector's final scrub guarantees no secret leaves in the facts.
"""
from __future__ import annotations

import html
import re

from triage.read.clients import extract_clients
from triage.read.builders import extract_built
from triage.read.code import extract_code
from triage.read.configured import extract_configured
from triage.read.curl_finder import extract_curl, extract_fragments
from triage.read.error_bodies import extract_error_bodies
from triage.read.evidence import Collector
from triage.read.git import extract_git
from triage.read.lines import LineIndex
from triage.read.powershell import extract_powershell
from triage.read.prose import extract_prose
from triage.read.transcript import extract_transcripts
from triage.reason.vocabulary import Facts
from triage.secrets.redaction import Scrubber

# A ticket copied out of a web page's source: its quotes all escaped (&quot;, &#39;), none left raw.
HTML_ESCAPED = re.compile(r"&(?:quot|#0*39|#x0*27|lt|gt|amp);")
MAX_TICKET_CHARS = 1_048_576  # about a megabyte: more is not a ticket, and would not be answered in a second


class TicketTooLarge(ValueError):
    """The ticket is longer than MAX_TICKET_CHARS; the message says both sizes."""

    def __init__(self, size: int) -> None:
        super().__init__(f"the ticket is {size:,} characters long; bbhelp reads tickets of up to "
                         f"{MAX_TICKET_CHARS:,} characters (about 1 MB)")


def readable(text: str | bytes) -> str:
    """The ticket as text every reader can take: UTF-8 decoded (bad bytes replaced), lone surrogates
    (e.g. from a JSON escape) replaced, NUL bytes dropped, Windows line ends made Unix ones, and a
    page's escaped text (curl -H &quot;Content-Type: …&quot;, no raw quote anywhere) unescaped.
    Raises TicketTooLarge over the size limit."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if len(text) > MAX_TICKET_CHARS:
        raise TicketTooLarge(len(text))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\x00", "")
    return html.unescape(text) if '"' not in text and HTML_ESCAPED.search(text) else text


def extract(text: str | bytes) -> Facts:
    """Every piece of evidence in a pasted ticket, as redacted facts. Never raises on content
    (TicketTooLarge on size)."""
    return extract_redacted(text)[0]


def extract_redacted(text: str | bytes) -> tuple[Facts, Scrubber]:
    """The facts, and the scrubber that removes every secret the extraction found, in all its forms,
    from the ticket (what the learning loop may keep)."""
    text = readable(text)
    lines = LineIndex(text)
    sink = Collector()
    extract_curl(text, lines, sink)
    extract_code(text, lines, sink)
    extract_built(text, lines, sink)
    extract_powershell(text, lines, sink)
    extract_clients(text, lines, sink)
    extract_configured(text, lines, sink)
    extract_fragments(text, lines, sink)
    extract_git(text, lines, sink)
    extract_transcripts(text, lines, sink)
    extract_error_bodies(text, lines, sink)
    ticket_date = extract_prose(text, lines, sink)
    facts = sink.facts()
    facts.ticket_date = ticket_date
    return facts, sink.scrubber

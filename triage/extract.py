"""text -> Facts: run every extractor over a ticket, in an order that lets the
structured ones claim their lines before prose is read.

Why an orchestrator: each extractor knows one kind of evidence; the order
matters (a curl command's URL must not also count as a prose mention) and the
collector's final scrub guarantees no secret leaves in the facts.
"""
from __future__ import annotations

from .code_snippets import extract_code
from .error_bodies import extract_error_bodies
from .evidence import Collector
from .extract_curl import extract_curl, extract_fragments
from .facts import Facts
from .git_commands import extract_git
from .lines import LineIndex
from .prose import extract_prose
from .redaction import Scrubber
from .transcript import extract_transcripts

MAX_CHARS = 2_000_000


def extract(text: str | bytes) -> Facts:
    """Every piece of evidence in a pasted ticket, as redacted facts. Never raises on content."""
    return extract_redacted(text)[0]


def extract_redacted(text: str | bytes) -> tuple[Facts, Scrubber]:
    """The facts, and the scrubber that removes every secret the extraction found, in all its forms,
    from the ticket (what the learning loop may keep)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text[:MAX_CHARS].replace("\r\n", "\n").replace("\x00", "")
    lines = LineIndex(text)
    sink = Collector()
    extract_curl(text, lines, sink)
    extract_code(text, lines, sink)
    extract_fragments(text, lines, sink)
    extract_git(text, lines, sink)
    extract_transcripts(text, lines, sink)
    extract_error_bodies(text, lines, sink)
    ticket_date = extract_prose(text, lines, sink)
    facts = sink.facts()
    facts.ticket_date = ticket_date
    return facts, sink.scrubber

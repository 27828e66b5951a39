"""Keyword gates in front of regex passes.

Why: a ticket is scanned by dozens of case-insensitive patterns, and most of them
cannot match most tickets. A substring test on the folded text costs a fraction
of a regex pass, so each pattern carries the words one of which any text it
matches must hold, and is skipped when none is there. A test feeds each pattern
strings generated from it to prove its words are right.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from triage.read.lines import LineIndex

CONTEXT_LINES = 1  # lines searched on either side of a gate word's line: a sentence wrapped across lines
# Past this many lines holding a word, the whole text is one span: one regex pass over it costs less
# than placing every line (a pasted megabyte of JSON has a "{" on every line). Same matches: a match
# holds a word, so it lies in a window anyway.
MAX_WINDOW_LINES = 2_000


def fold(text: str) -> str:
    """Text folded the way re.IGNORECASE compares letters: casefold, and the dotless i that
    `re` equates with i but casefold keeps."""
    return text.casefold().replace("ı", "i")


class Gated(NamedTuple):
    """A pattern and the words (lower case) one of which any text it matches holds once folded."""

    words: tuple[str, ...]
    pattern: re.Pattern[str]

    def may_match(self, folded: str) -> bool:
        return any(word in folded for word in self.words)

    def windows(self, folded: str, folded_lines: LineIndex, lines: LineIndex) -> Iterator[tuple[int, int]]:
        """The spans of the text worth searching, in order: each line holding one of the words, with
        CONTEXT_LINES on either side, overlapping ones merged. A match holds a word, so it lies in
        one of them unless it runs over more lines than that; the rest of the text is never scanned.
        (Found in the folded text, placed by line: folding may change lengths, never line breaks.)"""
        hits: set[int] = set()
        for word in self.words:
            at = folded.find(word)
            while at != -1:
                line = folded_lines.line_of(at)
                hits.add(line)
                if len(hits) > MAX_WINDOW_LINES:
                    yield 0, lines.length
                    return
                at = folded.find(word, folded_lines.span(line)[1])  # the rest of this line adds nothing
        last_line = len(lines.starts)
        span: list[int] | None = None
        for line in sorted(hits):
            first, last = max(1, line - CONTEXT_LINES), min(last_line, line + CONTEXT_LINES)
            if span is not None and first <= span[1] + 1:
                span[1] = max(span[1], last)
                continue
            if span is not None:
                yield lines.span(span[0])[0], lines.span(span[1])[1]
            span = [first, last]
        if span is not None:
            yield lines.span(span[0])[0], lines.span(span[1])[1]

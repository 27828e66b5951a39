"""Keyword gates in front of regex passes.

Why: a ticket is scanned by dozens of case-insensitive patterns, and most of them
cannot match most tickets. A substring test on the folded text costs a fraction
of a regex pass, so each pattern carries the words one of which any text it
matches must hold, and is skipped when none is there. A test feeds each pattern
strings generated from it to prove its words are right.
"""
from __future__ import annotations

import re
from typing import NamedTuple


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

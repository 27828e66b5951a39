"""Offsets to line numbers, for evidence that says where it was found."""
from __future__ import annotations

import bisect
import re


class LineIndex:
    """1-based line number of any offset in a text, in O(log n)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.length = len(text)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def span(self, line: int) -> tuple[int, int]:
        """Start and end offsets of a 1-based line, its line break excluded."""
        end = self.starts[line] - 1 if line < len(self.starts) else self.length
        return self.starts[line - 1], end

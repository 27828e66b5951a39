"""Find any of many literal strings in a text in one pass.

Why not one alternation: `re` tries the branches of `a|b|c…` one after another at
every position, so the exact-secret scrub of a megabyte ticket with hundreds of
secrets (thousands of forms) took seconds. Here a regex trie of the strings'
first characters marks where one of them may start (at most one branch per
distinct character at each step), and `str.startswith` confirms the longest.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

PREFIX = 8  # characters of each string in the trie; the rest is checked with startswith


class Literals:
    """A set of literal strings (none empty) and where they occur in a text: leftmost first,
    the longest at each position, never overlapping, as re.sub with the longest first would."""

    def __init__(self, strings: Iterable[str]) -> None:
        self._by_start: dict[str, list[str]] = {}
        for string in sorted(set(strings), key=len, reverse=True):
            self._by_start.setdefault(string[:PREFIX], []).append(string)
        self._lengths = sorted({len(start) for start in self._by_start}, reverse=True)
        self._starts = re.compile(f"(?={_trie_pattern(self._by_start)})") if self._by_start else None

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, string) of each occurrence."""
        if self._starts is None:
            return
        end = 0
        for candidate in self._starts.finditer(text):
            at = candidate.start()
            if at < end:
                continue
            found = self._longest_at(text, at)
            if found:
                end = at + len(found)
                yield at, end, found

    def _longest_at(self, text: str, at: int) -> str | None:
        for length in self._lengths:  # longer starts first: their strings are the longer ones
            for string in self._by_start.get(text[at:at + length], ()):
                if text.startswith(string, at):
                    return string
        return None


def _trie_pattern(strings: Iterable[str]) -> str:
    """A regex matching where any of `strings` starts, with branches shared along common prefixes."""
    trie: dict = {}
    for string in strings:
        node = trie
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(trie)


def _branches(node: dict) -> str:
    if "" in node:  # a whole string ends here: enough to mark a start
        return ""
    branches = [re.escape(char) + _branches(child) for char, child in node.items()]
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

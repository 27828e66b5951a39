"""curl's URL globbing: `{a,b}` sets and `[1-3]` ranges, as curl 7.88 reads them.

Why it matters: a URL written with `{workspace}` is not sent as written. curl
expands sets, so a single-item brace silently vanishes (`{ws}` -> `ws`), which
hides placeholders and breaks `{uuid}` workspace ids unless `-g` is given.

Bounded the way curl bounds it: curl counts the URLs a glob makes (failing with
"range overflow" past 2^63-1, "too many globs" at 100 pieces) and makes them one
at a time. bbhelp counts them the same way and makes only the first MAX_URLS;
the count is reported, nothing else is ever expanded.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

MAX_URLS = 16  # the URLs of one glob bbhelp reads as requests; curl would send all of them
MAX_PIECES = 100  # curl 7.88's GLOB_PATTERN_NUM: literal parts and globs together
MAX_AMOUNT = 2**63 - 1  # curl_off_t: more URLs than this is curl's "range overflow"
MAX_NUMBER = 2**64 - 1  # curl reads range ends with strtoul
# [hex:hex…] with at least one colon; after the last colon, a zone may add lower-case letters.
IPV6_HOST = re.compile(r"\[[0-9A-Fa-f.%]*+:(?:[0-9A-Fa-f.%]*+:)*+[0-9A-Fa-f.%a-z]*+\]")
NUMERIC_RANGE = re.compile(r"(?<!\d)(\d++)-[ \t]*+(\d++)(?::(\d++))?")
LITERAL_TEXT = re.compile(r"[^\\{}\[\]]++")
SET_SPECIAL = re.compile(r"[\\{}\[\]]")
SET_TEXT = re.compile(r"[^\\{}\[\],]++")
ALPHA_RANGE = re.compile(r"([A-Za-z])-([A-Za-z])(?::(\d++))?")


class GlobError(ValueError):
    """curl would refuse the URL (it prints `curl: (3) …` and sends nothing for it)."""


class Expanded(NamedTuple):
    """The first URLs of a glob, and how many curl would request in all."""

    urls: list[str]
    count: int


class Padded(Sequence[str]):
    """The values of a numeric range, zero-padded, computed on demand (never listed)."""

    def __init__(self, values: range, width: int) -> None:
        self.values, self.width = values, width
        self.size = (values.stop - values.start + values.step - 1) // values.step  # len() stops at 2^63

    def __len__(self) -> int:
        return min(self.size, MAX_AMOUNT)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return str(self.values[index]).zfill(self.width)


def expand(url: str, limit: int = MAX_URLS) -> Expanded:
    """The first `limit` URLs curl makes of `url`, in curl's order, and their total number."""
    pieces = _parse(url)
    count = 1
    for piece in pieces:
        count *= piece.size if isinstance(piece, Padded) else len(piece)
        if count > MAX_AMOUNT:
            raise GlobError("range overflow")
    return Expanded(_first(pieces, min(limit, count)), count)


def _first(pieces: list[Sequence[str]], wanted: int) -> list[str]:
    """The first `wanted` combinations, the last piece varying fastest (curl's order)."""
    indexes = [0] * len(pieces)
    urls: list[str] = []
    while len(urls) < wanted:
        urls.append("".join(piece[index] for piece, index in zip(pieces, indexes)))
        position = len(pieces) - 1
        while position >= 0:
            indexes[position] += 1
            if indexes[position] < len(pieces[position]):
                break
            indexes[position] = 0
            position -= 1
    return urls


def _parse(url: str) -> list[Sequence[str]]:
    if not any(char in url for char in "\\[]{}"):
        return [[url]]  # nothing to expand: most URLs
    pieces: list[Sequence[str]] = []
    literal: list[str] = []

    def add(piece: Sequence[str], position: int) -> None:
        pieces.append(piece)
        if len(pieces) >= MAX_PIECES:
            raise GlobError(f"too many globs in URL position {position + 1}")

    i = 0
    while i < len(url):
        char = url[i]
        if char == "\\" and i + 1 < len(url) and url[i + 1] in "{}[]":
            literal.append(url[i + 1])
            i += 2
            continue
        if char == "[":
            ipv6 = IPV6_HOST.match(url, i)
            if ipv6:
                literal.append(ipv6.group(0))
                i = ipv6.end()
                continue
        if char in "[{":
            if literal:
                add(["".join(literal)], i)
                literal = []
            end = url.find("]", i) if char == "[" else -1
            if char == "[" and end < 0:
                raise GlobError(f"bad range in URL position {i + 1}")
            piece, i = (_range(url[i + 1:end], i), end + 1) if char == "[" else _set(url, i)
            add(piece, i)
            continue
        if char in "}]":
            raise GlobError(f"unmatched close brace/bracket in URL position {i + 1}")
        plain = LITERAL_TEXT.match(url, i)
        literal.append(plain.group(0) if plain else char)
        i = plain.end() if plain else i + 1
    if literal or not pieces:
        add(["".join(literal)], len(url))
    return pieces


def _set(url: str, start: int) -> tuple[list[str], int]:
    """A {…} set's alternatives and where the set ends. Without a backslash in it, the first of
    `{ [ ] }` after the brace decides it at once; escapes need the walk below."""
    special = SET_SPECIAL.search(url, start + 1)
    if special is None:
        raise GlobError(f"unmatched brace in URL position {start + 1}")
    at, char = special.start(), special.group(0)
    if char == "}":
        if at == start + 1:
            raise GlobError(f"empty string within braces in URL position {at + 1}")
        return url[start + 1:at].split(","), at + 1
    if char in "{[":
        raise GlobError(f"nested brace in URL position {at + 1}")
    if char == "]":
        raise GlobError(f"unexpected close bracket in URL position {at + 1}")
    alternatives: list[str] = []
    current: list[str] = []
    i = start + 1
    while i < len(url):
        plain = SET_TEXT.match(url, i)
        if plain:  # the text of an alternative, at once
            current.append(plain.group(0))
            i = plain.end()
            continue
        char = url[i]
        if char == "\\" and i + 1 < len(url):
            current.append(url[i + 1])
            i += 2
            continue
        if char == "{" or char == "[":
            raise GlobError(f"nested brace in URL position {i + 1}")
        if char == "]":
            raise GlobError(f"unexpected close bracket in URL position {i + 1}")
        if char == "}" and i == start + 1:
            raise GlobError(f"empty string within braces in URL position {i + 1}")
        if char == ",":
            alternatives.append("".join(current))
            current = []
        elif char == "}":
            alternatives.append("".join(current))
            return alternatives, i + 1
        else:
            current.append(char)
        i += 1
    raise GlobError(f"unmatched brace in URL position {start + 1}")


def _range(spec: str, position: int) -> Sequence[str]:
    """A [low-high:step] range as curl 7.88 accepts it, else curl's 'bad range'."""
    bad = GlobError(f"bad range in URL position {position + len(spec) + 2}")
    numeric = NUMERIC_RANGE.fullmatch(spec)
    if numeric:
        low, high, step = int(numeric.group(1)), int(numeric.group(2)), int(numeric.group(3) or 1)
        if max(low, high, step) > MAX_NUMBER or not _steps_fit(low, high, step):
            raise bad
        width = len(numeric.group(1)) if numeric.group(1).startswith("0") else 0
        return Padded(range(low, high + 1, step), width)
    alpha = ALPHA_RANGE.fullmatch(spec)
    if alpha:
        low, high, step = ord(alpha.group(1)), ord(alpha.group(2)), int(alpha.group(3) or 1)
        if not _steps_fit(low, high, step) or high - low > ord("z") - ord("a"):
            raise bad
        return [chr(code) for code in range(low, high + 1, step)]
    raise GlobError(f"bad range specification in URL position {position + 1}")


def _steps_fit(low: int, high: int, step: int) -> bool:
    """curl's test: a step of at least 1, no larger than the range (exactly 1 for a one-value range)."""
    if step < 1:
        return False
    return step == 1 if low == high else low < high and step <= high - low

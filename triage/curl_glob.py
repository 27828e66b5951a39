"""curl's URL globbing: `{a,b}` sets and `[1-3]` ranges, as curl 7.88 expands them.

Why it matters: a URL written with `{workspace}` is not sent as written. curl
expands sets, so a single-item brace silently vanishes (`{ws}` -> `ws`), which
hides placeholders and breaks `{uuid}` workspace ids unless `-g` is given.
"""
from __future__ import annotations

import itertools
import re

MAX_URLS = 256
IPV6_HOST = re.compile(r"\[[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%a-z]*\]")
NUMERIC_RANGE = re.compile(r"(\d+)-(\d+)(?::(\d+))?")
ALPHA_RANGE = re.compile(r"([A-Za-z])-([A-Za-z])(?::(\d+))?")


class GlobError(ValueError):
    """curl would refuse the URL (it prints `curl: (3) …` and sends nothing for it)."""


def expand(url: str, limit: int = MAX_URLS) -> tuple[list[str], bool]:
    """All URLs curl makes of `url`, and whether the list was cut at `limit`."""
    pieces = _parse(url)
    options = [p if isinstance(p, list) else [p] for p in pieces]
    urls: list[str] = []
    for combo in itertools.product(*options):
        if len(urls) == limit:
            return urls, True
        urls.append("".join(combo))
    return urls, False


def _parse(url: str) -> list[str | list[str]]:
    if not any(char in url for char in "\\[]{}"):
        return [url]  # nothing to expand: most URLs
    pieces: list[str | list[str]] = []
    literal: list[str] = []
    i = 0
    while i < len(url):
        char = url[i]
        if char == "\\" and i + 1 < len(url) and url[i + 1] in "{}[],":
            literal.append(url[i + 1])
            i += 2
            continue
        if char == "[":
            ipv6 = IPV6_HOST.match(url, i)
            if ipv6:
                literal.append(ipv6.group(0))
                i = ipv6.end()
                continue
            end = url.find("]", i)
            if end < 0:
                raise GlobError(f"bad range in URL position {i + 1}")
            pieces += ["".join(literal), _range(url[i + 1:end], i)]
            literal = []
            i = end + 1
            continue
        if char == "{":
            alternatives, i = _set(url, i)
            pieces += ["".join(literal), alternatives]
            literal = []
            continue
        if char == "}":
            raise GlobError(f"unmatched close brace/bracket in URL position {i + 1}")
        literal.append(char)
        i += 1
    pieces.append("".join(literal))
    return pieces


def _set(url: str, start: int) -> tuple[list[str], int]:
    alternatives: list[str] = []
    current: list[str] = []
    i = start + 1
    while i < len(url):
        char = url[i]
        if char == "\\" and i + 1 < len(url):
            current.append(url[i + 1])
            i += 2
            continue
        if char == "{" or char == "[":
            raise GlobError(f"nested brace in URL position {i + 1}")
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


def _range(spec: str, position: int) -> list[str]:
    numeric = NUMERIC_RANGE.fullmatch(spec)
    if numeric:
        low, high, step = numeric.group(1), numeric.group(2), int(numeric.group(3) or 1)
        if int(high) < int(low) or step < 1:
            raise GlobError(f"bad range in URL position {position + 1}")
        width = len(low) if low.startswith("0") and len(low) > 1 else 0
        count = (int(high) - int(low)) // step + 1
        values = range(int(low), int(low) + min(count, MAX_URLS + 1) * step, step)
        return [str(v).zfill(width) for v in values]
    alpha = ALPHA_RANGE.fullmatch(spec)
    if alpha:
        low, high, step = alpha.group(1), alpha.group(2), int(alpha.group(3) or 1)
        if ord(high) < ord(low) or low.islower() != high.islower():
            raise GlobError(f"bad range in URL position {position + 1}")
        return [chr(c) for c in range(ord(low), ord(high) + 1, step)]
    raise GlobError(f"bad range specification in URL position {position + 1}")

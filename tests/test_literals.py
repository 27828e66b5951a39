"""The multi-string finder behind the exact-secret scrub finds what re.sub with a longest-first
alternation finds (the obvious way, too slow for thousands of secret forms), on texts built to
hold the strings, their prefixes and overlapping near-misses."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from triage.secrets.literals import Literals

ALPHABET = "ATab=%+/:x"  # few letters: strings share prefixes and overlap often
STRINGS = st.lists(st.text(ALPHABET, min_size=1, max_size=14), min_size=1, max_size=12)


def by_alternation(strings: list[str], text: str) -> list[tuple[int, int, str]]:
    pattern = re.compile("|".join(re.escape(s) for s in sorted(set(strings), key=len, reverse=True)))
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


@given(STRINGS, st.data())
def test_finds_what_a_longest_first_alternation_finds(strings: list[str], data: st.DataObject):
    pieces = st.one_of(st.sampled_from(strings), st.text(ALPHABET, max_size=6),
                       st.sampled_from(strings).map(lambda s: s[: max(1, len(s) - 1)]))
    text = "".join(data.draw(st.lists(pieces, max_size=12)))
    assert list(Literals(strings).spans(text)) == by_alternation(strings, text)


def test_thousands_of_long_strings_are_found_in_a_large_text():
    """The case that made the alternation take seconds: many long distinct strings, a large text."""
    strings = [f"ATATT{i:06d}{'q' * 40}" for i in range(3000)]
    text = ("x" * 1000 + strings[1234] + "y" * 1000) * 400
    found = list(Literals(strings).spans(text))
    assert len(found) == 400 and {s for _, _, s in found} == {strings[1234]}

"""Adversarial inputs for a regular expression, and the verdict on how its cost grows.

An attack is `prefix + pump * n + suffix`: the classic shape that makes a backtracking engine
retry the same characters (nested or adjacent repeats that can share input, a repeat at every
start position of a search). The pumps come from the pattern itself (its literal runs, the
characters its classes accept, slices of strings it matches) and from a fixed palette.
"""
from __future__ import annotations

from collections.abc import Iterator
from re import _constants as C  # noqa: N812
from re import _parser as sre_parse
from typing import NamedTuple

from tests.regex_cost import Counted

PALETTE = " \n\t-_./:=@aZ09\"'`<>{}[]()\\$%&;,|#*+?!^~"
PUMPED = 48  # characters of pump in the smallest attack (at least 16 pumps); then twice and four times as many
GROWTH_LIMIT = 3.0  # cost added by the second doubling over the first: 2 when linear, 4 when quadratic
SLACK_PER_CHAR = 4
STEPS_PER_CHAR = 200  # a linear pattern stays far below this many steps per character of input


class Attack(NamedTuple):
    prefix: str
    pump: str
    suffix: str

    def text(self, times: int) -> str:
        return self.prefix + self.pump * times + self.suffix


class Verdict(NamedTuple):
    """Costs with the pump repeated n, 2n and 4n times (n = `scale` times the attack's smallest count)."""

    attack: Attack
    costs: tuple[int, int, int]
    scale: int = 1

    @property
    def growth(self) -> float:
        """How much more the second doubling cost than the first (constant parts cancel out)."""
        first, second = self.costs[1] - self.costs[0], self.costs[2] - self.costs[1]
        if self.costs[2] >= _budget(self.attack.text(4 * self.scale * _times(self.attack))):
            return float("inf")
        return second / first if first > 0 else (1.0 if second <= 0 else float("inf"))

    @property
    def linear(self) -> bool:
        """The second doubling adds at most GROWTH_LIMIT times what the first added, give or take
        a few steps per added character (where a match ends shifts a little with the count)."""
        first, second = self.costs[1] - self.costs[0], self.costs[2] - self.costs[1]
        slack = SLACK_PER_CHAR * len(self.attack.pump) * _times(self.attack) * self.scale
        return self.growth != float("inf") and second <= GROWTH_LIMIT * first + slack


def literal_runs(pattern: str, flags: int) -> list[str]:
    """The literal strings a pattern spells out (runs of LITERAL items), anywhere in its tree."""
    runs: list[str] = []

    def walk(items: list) -> None:
        current: list[str] = []
        for op, av in items:
            if op is C.LITERAL:
                current.append(chr(av))
                continue
            if current:
                runs.append("".join(current))
                current = []
            if op is C.SUBPATTERN:
                walk(list(av[3]))
            elif op is C.BRANCH:
                for alternative in av[1]:
                    walk(list(alternative))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                walk(list(av[2]))
            elif op in (C.ASSERT, C.ASSERT_NOT):
                walk(list(av[1]))
            elif op is C.ATOMIC_GROUP:
                walk(list(av))
        if current:
            runs.append("".join(current))

    walk(list(sre_parse.parse(pattern, flags)))
    return list(dict.fromkeys(runs))


def standard_attacks(pattern: str, flags: int) -> Iterator[Attack]:
    """Single characters of the palette repeated, and the pattern's literal runs repeated alone,
    joined by a palette character, or after each other."""
    for char in PALETTE:
        yield Attack("", char, "")
    runs = literal_runs(pattern, flags)
    for run in runs:
        for joiner in ("", " ", "\n", "a", "=", '"', "'"):
            yield Attack("", run + joiner, "")
            yield Attack(run, joiner or " ", "")
    if len(runs) > 1:
        yield Attack("", "".join(runs), "")
        yield Attack("", " ".join(runs) + " ", "")


def pumped(sample: str, start: int, end: int, suffix: str) -> Attack:
    """A string the pattern matches, with its slice [start:end] repeated and `suffix` after it."""
    return Attack(sample[:start], sample[start:end], sample[end:] + suffix)


def _times(attack: Attack) -> int:
    return max(16, PUMPED // max(1, len(attack.pump)))


def _budget(text: str) -> int:
    return STEPS_PER_CHAR * len(text) + 10_000


def judge(counted: Counted, attack: Attack) -> Verdict:
    """A step in cost where the input outgrows a bounded repeat ({1,300}) happens once; a
    super-linear pattern grows as fast at every size: so a first verdict against is measured
    again at four times the sizes, and that one stands."""
    verdict = _measured(counted, attack, 1)
    return verdict if verdict.linear else _measured(counted, attack, 4)


def _measured(counted: Counted, attack: Attack, scale: int) -> Verdict:
    texts = [attack.text(_times(attack) * scale * m) for m in (1, 2, 4)]
    return Verdict(attack, tuple(counted.cost(text, budget=_budget(text)) for text in texts), scale)

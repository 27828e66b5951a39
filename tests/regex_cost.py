"""Count the steps a backtracking regular-expression engine takes, to prove patterns linear.

Why a model and not a stopwatch: wall-clock limits flake on a busy CI machine, and Python's `re`
exposes no step counter. This module runs a pattern the way `re` runs it (the same parse tree,
`re._parser`; greedy, lazy and possessive repeats, atomic groups, look-arounds, back-references,
leftmost-first alternation, single-character repeats that scan then back off) and counts every
node it tries and every character it scans. A pattern whose count grows faster than its input
backtracks super-linearly in `re` too.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from re import _constants as C  # noqa: N812 (the names re itself uses)
from re import _parser as sre_parse

Next = Callable[[int], bool]
Node = Callable[[str, int, Next], bool]


class OverBudget(Exception):
    """More steps than the caller allowed: the count is at least the budget."""


def _category(code: object) -> Callable[[str], bool]:
    word = lambda ch: ch.isalnum() or ch == "_"  # noqa: E731
    tests = {
        C.CATEGORY_DIGIT: str.isdecimal, C.CATEGORY_SPACE: str.isspace, C.CATEGORY_WORD: word,
        C.CATEGORY_LINEBREAK: lambda ch: ch == "\n",
    }
    negated = {C.CATEGORY_NOT_DIGIT: C.CATEGORY_DIGIT, C.CATEGORY_NOT_SPACE: C.CATEGORY_SPACE,
               C.CATEGORY_NOT_WORD: C.CATEGORY_WORD, C.CATEGORY_NOT_LINEBREAK: C.CATEGORY_LINEBREAK}
    if code in negated:
        positive = tests[negated[code]]
        return lambda ch: not positive(ch)
    return tests[code]


def _is_word(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


class Counted:
    """A compiled pattern whose matching counts steps (`steps`), up to `budget`."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        parsed = sre_parse.parse(pattern, flags)
        self.flags = parsed.state.flags
        self.captures: list[tuple[int, int] | None] = [None] * (parsed.state.groups + 1)
        self.steps = 0
        self.budget = 0
        self.root = self._sequence(list(parsed), self.flags)

    # -- counting ---------------------------------------------------------------------------------
    def _tick(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > self.budget:
            raise OverBudget

    def cost(self, text: str, budget: int = 2_000_000) -> int:
        """Steps of `finditer` over the whole text (every start position, every match), capped at
        `budget` (then the budget is returned)."""
        self.steps, self.budget = 0, budget
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 50 * len(text) + 10_000))
        try:
            position = 0
            while position <= len(text):
                end = self._first_match(text, position)
                if end is None:
                    break
                position = end[1] if end[1] > end[0] else end[1] + 1
        except OverBudget:
            return budget
        finally:
            sys.setrecursionlimit(limit)
        return self.steps

    def _first_match(self, text: str, position: int) -> tuple[int, int] | None:
        found: list[int] = []

        def accept(end: int) -> bool:
            found.append(end)
            return True

        for start in range(position, len(text) + 1):
            self._tick()
            self.captures = [None] * len(self.captures)
            if self.root(text, start, accept):
                return start, found[-1]
        return None

    # -- compiling the parse tree -----------------------------------------------------------------
    def _sequence(self, items: list, flags: int) -> Node:
        nodes = [self._item(op, av, flags) for op, av in items]

        def run(text: str, i: int, k: Next) -> bool:
            def at(n: int, j: int) -> bool:
                return k(j) if n == len(nodes) else nodes[n](text, j, lambda after: at(n + 1, after))
            return at(0, i)
        return run

    def _char_test(self, op: object, av: object, flags: int) -> Callable[[str], bool] | None:
        """A test for one character when the item matches exactly one, else None."""
        fold = bool(flags & C.SRE_FLAG_IGNORECASE)
        if op is C.LITERAL or op is C.NOT_LITERAL:
            wanted = chr(av)
            same = (lambda ch: ch.lower() == wanted.lower()) if fold else (lambda ch: ch == wanted)
            return same if op is C.LITERAL else (lambda ch: not same(ch))
        if op is C.ANY:
            return (lambda ch: True) if flags & C.SRE_FLAG_DOTALL else (lambda ch: ch != "\n")
        if op is C.IN:
            return self._set(av, fold)
        return None

    def _set(self, items: list, fold: bool) -> Callable[[str], bool]:
        negate = bool(items) and items[0][0] is C.NEGATE
        tests: list[Callable[[str], bool]] = []
        for op, av in items[1:] if negate else items:
            if op is C.LITERAL:
                tests.append(lambda ch, c=chr(av): ch == c)
            elif op is C.RANGE:
                tests.append(lambda ch, lo=av[0], hi=av[1]: lo <= ord(ch) <= hi)
            elif op is C.CATEGORY:
                tests.append(_category(av))
            else:
                raise NotImplementedError(f"set item {op}")

        def member(ch: str) -> bool:
            # re folds one character to one character ('ß'.upper() is 'SS': not a form re tries)
            forms = {form for form in (ch, ch.lower(), ch.upper()) if len(form) == 1} if fold else (ch,)
            return any(test(form) for form in forms for test in tests) != negate
        return member

    def _item(self, op: object, av: object, flags: int) -> Node:  # noqa: C901 (one case per opcode)
        char = self._char_test(op, av, flags)
        if char is not None:
            def one(text: str, i: int, k: Next) -> bool:
                self._tick()
                return i < len(text) and char(text[i]) and k(i + 1)
            return one
        if op is C.AT:
            return self._anchor(av, flags)
        if op is C.BRANCH:
            alternatives = [self._sequence(list(alt), flags) for alt in av[1]]

            def branch(text: str, i: int, k: Next) -> bool:
                self._tick()
                return any(alt(text, i, k) for alt in alternatives)
            return branch
        if op is C.SUBPATTERN:
            group, add, remove, inner = av
            body = self._sequence(list(inner), (flags | add) & ~remove)
            if not group:
                return body

            def captured(text: str, i: int, k: Next) -> bool:
                def close(j: int) -> bool:
                    before = self.captures[group]
                    self.captures[group] = (i, j)
                    if k(j):
                        return True
                    self.captures[group] = before
                    return False
                return body(text, i, close)
            return captured
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return self._repeat(op, av, flags)
        if op is C.ATOMIC_GROUP:
            body = self._sequence(list(av), flags)

            def atomic(text: str, i: int, k: Next) -> bool:
                end = self._first_end(body, text, i)
                return end is not None and k(end)
            return atomic
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, inner = av
            body = self._sequence(list(inner), flags)
            width = inner.getwidth()[0]
            wanted = op is C.ASSERT

            def look(text: str, i: int, k: Next) -> bool:
                self._tick()
                if direction == 1:
                    found = self._first_end(body, text, i) is not None
                else:
                    found = i - width >= 0 and body(text, i - width, lambda j: j == i)
                return found == wanted and k(i)
            return look
        if op is C.GROUPREF:
            def backref(text: str, i: int, k: Next) -> bool:
                span = self.captures[av]
                if span is None:
                    return False
                value = text[span[0]:span[1]]
                self._tick(len(value) + 1)
                return text.startswith(value, i) and k(i + len(value))
            return backref
        if op is C.GROUPREF_EXISTS:
            group, yes, no = av
            then = self._sequence(list(yes), flags)
            otherwise = self._sequence(list(no), flags) if no else (lambda text, i, k: k(i))
            return lambda text, i, k: (then if self.captures[group] else otherwise)(text, i, k)
        raise NotImplementedError(f"opcode {op}")

    def _first_end(self, body: Node, text: str, i: int) -> int | None:
        ends: list[int] = []
        body(text, i, lambda j: ends.append(j) is None)
        return ends[0] if ends else None

    def _anchor(self, code: object, flags: int) -> Node:
        multiline = bool(flags & C.SRE_FLAG_MULTILINE)
        tests = {
            C.AT_BEGINNING: lambda t, i: i == 0 or (multiline and t[i - 1] == "\n"),
            C.AT_BEGINNING_STRING: lambda t, i: i == 0,
            C.AT_END: lambda t, i: i == len(t) or (t[i] == "\n" and (multiline or i == len(t) - 1)),
            C.AT_END_STRING: lambda t, i: i == len(t),
            C.AT_BOUNDARY: lambda t, i: _is_word(t, i - 1) != _is_word(t, i),
            C.AT_NON_BOUNDARY: lambda t, i: _is_word(t, i - 1) == _is_word(t, i),
        }
        test = tests[code]

        def anchor(text: str, i: int, k: Next) -> bool:
            self._tick()
            return test(text, i) and k(i)
        return anchor

    def _repeat(self, op: object, av: tuple, flags: int) -> Node:
        low, high, inner = av
        high = sys.maxsize if high is C.MAXREPEAT else high
        items = list(inner)
        char = self._char_test(*items[0], flags) if len(items) == 1 else None
        if char is not None:
            return self._repeat_one(op, low, high, char)
        body = self._sequence(items, flags)
        if op is C.POSSESSIVE_REPEAT:
            def possessive(text: str, i: int, k: Next) -> bool:
                count, j = 0, i
                while count < high:
                    end = self._first_end(body, text, j)
                    if end is None or end == j:
                        break
                    count, j = count + 1, end
                return count >= low and k(j)
            return possessive
        greedy = op is C.MAX_REPEAT

        def repeat(text: str, i: int, k: Next) -> bool:
            def more(j: int, count: int) -> bool:
                self._tick()
                if count < high and (greedy or count >= low):
                    if not greedy and k(j):
                        return True
                    if body(text, j, lambda after: more(after, count + 1) if after != j
                            else count + 1 >= low and k(after)):
                        return True
                    return greedy and count >= low and k(j)
                return count >= low and k(j)
            return more(i, 0)
        return repeat

    def _repeat_one(self, op: object, low: int, high: int, char: Callable[[str], bool]) -> Node:
        """x*, x+?, x{m,n}, x*+ over one character: scan, then back off (what re's REPEAT_ONE does)."""
        def single(text: str, i: int, k: Next) -> bool:
            if op is C.MIN_REPEAT:
                count = 0
                while True:
                    self._tick()
                    if count >= low and k(i + count):
                        return True
                    if count >= high or i + count >= len(text) or not char(text[i + count]):
                        return False
                    count += 1
            end = i
            while end - i < high and end < len(text) and char(text[end]):
                end += 1
            self._tick(end - i + 1)
            if op is C.POSSESSIVE_REPEAT:
                return end - i >= low and k(end)
            for stop in range(end, i + low - 1, -1):
                self._tick()
                if k(stop):
                    return True
            return False
        return single

"""Triage each case in a process of its own, forked from one that has built the ruleset and never
triaged, and count the cases whose process ended abnormally.

Why forked: a memory error in the C rule engine showed only on the first triage of a process
(later ones reused a session slot the first had cleaned), so a long-lived test process hides it.
Each child is that first triage. Run with MALLOC_PERTURB_ set (the tests and the bench do) so
that memory malloc hands out is never zero by luck: a use of uninitialised memory then fails
every time instead of now and then.

    MALLOC_PERTURB_=165 python -m tests.forked --cases 2000   # prints a JSON summary
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections import Counter
from datetime import date

from tests.corpus import cases
from triage.answer.report import triage
from triage.reason import engine

NOW = date(2026, 11, 22)


def _child(text: str) -> None:
    """Triage in the child and leave without running the parent's exit handlers."""
    code = 0
    try:
        triage(text, now=NOW)
    except BaseException:  # an exception is a finding of its own: counted apart from a crash
        code = 3
    os._exit(code)


def outcome(status: int) -> str:
    """'ok', 'exception', 'signal SIGSEGV', 'exit 134' … from a waitpid status."""
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    code = os.WEXITSTATUS(status)
    return {0: "ok", 3: "exception"}.get(code, f"exit {code}")


def run(texts: list[str]) -> tuple[Counter[str], list[int]]:
    """Outcomes by kind, and the indexes of the cases that did not end 'ok'."""
    engine.build()  # the ruleset and its host exist in the parent; no session was ever opened
    counts: Counter[str] = Counter()
    failed: list[int] = []
    for index, text in enumerate(texts):
        pid = os.fork()
        if pid == 0:
            _child(text)
        _, status = os.waitpid(pid, 0)
        result = outcome(status)
        counts[result] += 1
        if result != "ok":
            failed.append(index)
    return counts, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    counts, failed = run(cases(args.cases, args.seed))
    json.dump({"cases": args.cases, "outcomes": dict(counts), "failed": failed[:50],
               "malloc_perturb": os.environ.get("MALLOC_PERTURB_", "")}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

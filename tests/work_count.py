"""Count the lines of bbhelp's own code a call executes: a measure of work that does not depend on
the machine's speed or load, for tests that prove a reader's work grows linearly with its input.
(The regular expressions' own work is counted by tests/regex_cost.py.)"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

OWN_CODE = tuple(str(Path(__file__).resolve().parents[1] / package) for package in ("triage", "bots"))


def lines_executed(work: Callable[..., object], *args: object) -> int:
    count = 0

    def local(frame, event, arg):  # noqa: ANN001 (sys.settrace's protocol)
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):  # noqa: ANN001
        return local if frame.f_code.co_filename.startswith(OWN_CODE) else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        work(*args)
    finally:
        sys.settrace(previous)
    return count

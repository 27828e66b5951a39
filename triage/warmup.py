"""Ready a long-running process before its first ticket: a triage worker (`prepare`), or the
process that serves answers made elsewhere (`prepare_front`).

Why: the first triage builds the knowledge base, the durable_rules ruleset, the templates and
the question index; doing that at start keeps it off a user's request. Then `gc.freeze()` takes
what start-up allocated out of the collector's way: every durable_rules action leaves reference
cycles behind, so full collections run often, and without the freeze each of them walks the
whole heap again (pauses of 20-40 ms at the tail of triage latency).
"""
from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date

from triage.answer.render import FORMATS, render
from triage.answer.report import Report, triage
from triage.knowledge import demo_ticket, load

WARM_UP_DATE = date(2026, 1, 1)  # any date: a warm-up only builds what a triage uses


def _render_all(report: Report) -> None:
    for fmt in FORMATS:
        render(report, fmt)


def prepare() -> None:
    """Triage and render the demo ticket and a question once, then freeze the heap."""
    for text in (demo_ticket(), "which scope lists pull requests?"):
        _render_all(triage(text, now=WARM_UP_DATE))
    gc.collect()
    gc.freeze()


def prepare_front(triage_elsewhere: Callable[[str, date], Report]) -> None:
    """For a process that renders reports made by `triage_elsewhere` (the server, whose worker
    processes triage): load the knowledge base, render a report in every format, freeze the heap."""
    load()
    _render_all(triage_elsewhere(demo_ticket(), WARM_UP_DATE))
    gc.collect()
    gc.freeze()

"""The bbhelp ruleset: one durable_rules ruleset built from the mistake catalog.

Why generated: a mistake is data (knowledge/mistakes.toml). Each domain module below registers the
rules of its layer, in order: the session opener (this module), the catalog's rules (signatures,
candidates raised from symptoms, the weight of confirming and refuting observations: catalog.py)
and the answer plan (a root cause suppresses the findings it explains: answer_plan.py). Rules read
flat engine facts only (reason/flatten.py); they never parse text.

Conclusions are recorded per session (rules/conclusions.py), so a conclusion no rule reads need
not be asserted at all.
"""
from __future__ import annotations

from durable.lang import m, ruleset, when_all

from triage.knowledge import load
from triage.reason.rules import answer_plan, catalog
from triage.reason.rules.conclusions import CONCLUSIONS

RULESET = "bbhelp"
SESSION_OPENER = {"t": "session", "fid": "session"}


def _open(c) -> None:
    """A session's first fact opens its list of conclusions. That this is an action matters more
    than what it does: durable_rules 2.0.28 allocates a session's state node without setting its
    action context (`createStateNode` in state.c leaves `context.messages` and `context.stateFact`
    as malloc left them), and `deleteStateNode` frees both pointers. Only dispatching an action
    sets them (and completing it frees them and stores NULL), so a session in which no rule ever
    fired freed two garbage pointers when it was deleted: `free(): invalid pointer` or a
    segmentation fault on the first ticket of a process whose facts no rule acted on. Every
    session now dispatches this action before anything else can happen in it."""
    CONCLUSIONS[c.s.sid] = []


def define() -> tuple[str, dict]:
    """Build the ruleset definition (name, JSON-able rules with Python actions)."""
    kb = load()
    rs = ruleset(RULESET)
    with rs:
        when_all(m.t == "session")(_open)  # the layers, in order
        catalog.register(kb)
        answer_plan.register(kb)
    return rs.define()

"""Observations -> the flat dicts durable_rules matches on.

Why flat: durable_rules conditions compare scalar fields. One observation is one fact (its name,
subject, surface, strength); the `context` fact comes last, with the date to reason at, and marks
the ticket complete: rules that test for an absent fact wait for it.
"""
from __future__ import annotations

from datetime import date

from triage.reason.observe import Observed


def engine_facts(observed: Observed, now: date) -> list[dict]:
    """Each observation once (the strongest sighting of a name on a subject and surface), then the context."""
    strongest: dict[tuple[str, str, str], dict] = {}
    for o in observed.observations:
        key = (o.name.value, o.subject, o.surface.value)
        if key not in strongest or strongest[key]["strength"] < o.strength:
            strongest[key] = {"t": "obs", "fid": f"{o.name.value}|{o.subject}|{o.surface.value}", "name": o.name.value,
                              "subject": o.subject, "surface": o.surface.value, "strength": int(o.strength),
                              "line": o.line}
    return [*strongest.values(),
            {"t": "context", "fid": "context", "now_ord": now.toordinal(), "surface": observed.surface.value}]

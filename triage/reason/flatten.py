"""Observations -> the flat dicts durable_rules matches on.

Why flat: durable_rules conditions compare scalar fields. One observation is one fact (its name,
subject, surface, strength). A weight is about the ticket, not about a subject, so each name is
also one `evidence` fact at its strongest sighting: a token seen in four places weighs on a
candidate once, in one rule action rather than four. The `context` fact comes last, with the date to
reason at, and marks the ticket complete: rules that test for an absent fact wait for it.
"""
from __future__ import annotations

from datetime import date

from triage.reason.observe import Observed


def engine_facts(observed: Observed, now: date) -> list[dict]:
    """Each observation once (the strongest sighting of a name on a subject and surface), each name's
    evidence once (its strongest sighting anywhere), then the context."""
    strongest: dict[tuple[str, str, str], dict] = {}
    evidence: dict[str, dict] = {}
    for o in observed.observations:
        key = (o.name.value, o.subject, o.surface.value)
        if key not in strongest or strongest[key]["strength"] < o.strength:
            strongest[key] = {"t": "obs", "fid": f"{o.name.value}|{o.subject}|{o.surface.value}", "name": o.name.value,
                              "subject": o.subject, "surface": o.surface.value, "strength": int(o.strength),
                              "line": o.line}
        if o.name.value not in evidence or evidence[o.name.value]["strength"] < o.strength:
            evidence[o.name.value] = {"t": "evidence", "fid": f"evidence|{o.name.value}", "name": o.name.value,
                                      "strength": int(o.strength)}
    return [*strongest.values(), *evidence.values(),
            {"t": "context", "fid": "context", "now_ord": now.toordinal(), "surface": observed.surface.value}]

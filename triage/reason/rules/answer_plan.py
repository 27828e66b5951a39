"""The answer plan: a root cause suppresses the findings it explains (the catalog's `explains`).

A confirmed root cause found for one request explains its symptom on that request only
(`same_request`), or on every request of the ticket: then it joins each symptom through one
`present` fact rather than once per request it was found for.
"""
from __future__ import annotations

from durable.lang import c, m, when_all

from triage.knowledge import Knowledge
from triage.reason.rules.conclusions import assert_once, conclude


def _explains(c) -> None:
    """Root cause `a` explains symptom `b`: the answer drops `b`."""
    conclude(c, {"t": "suppress", "fid": f"suppress|{c.b.fid}|{c.a.fid}", "target": c.b.fid, "by": c.a.fid},
             assert_it=False)


def _present(c) -> None:
    assert_once(c, {"t": "present", "fid": f"present|{c.f.name}", "name": c.f.name})


def register(kb: Knowledge) -> None:
    explains = [(mistake.id, e) for mistake in kb.mistakes.values() for e in mistake.explains]
    for root in sorted({root for root, explained in explains if not explained.same_request}):
        when_all(c.f << (m.t == "finding") & (m.name == root))(_present)
    for root, explained in explains:
        symptom = (m.t == "finding") & (m.name == explained.id)
        if explained.same_request:
            when_all(c.a << (m.t == "finding") & (m.name == root), c.b << symptom & (m.req == c.a.req))(_explains)
        else:
            when_all(c.a << (m.t == "present") & (m.name == root), c.b << symptom)(_explains)

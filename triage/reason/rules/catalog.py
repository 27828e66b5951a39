"""The mistake catalog's rules, generated from its data (knowledge/mistakes.toml), three per kind:

- a signature: every observation a mistake `requires`, on one request or git command (ticket-wide
  observations anywhere), on one of its surfaces, inside its date window, none of its `unless`
  there: the mistake is confirmed, as strongly as the weakest observation;
- a candidate: one of its `symptoms`, on one of its surfaces, inside its window: it is one of the
  known causes of what the ticket shows;
- a weight: for a candidate, each observation that `confirms` it or `refutes` it, once, at its
  strongest sighting in the ticket (the `evidence` facts of reason/flatten.py).

A candidate rule reads any of its mistake's symptoms, a weight rule any of the observations that
confirm it (or refute it), so the ruleset grows by one rule per kind and mistake, not per name:
durable_rules sets up every rule's state for each new session, and that setup is the largest fixed
cost of a triage. Adding a mistake is data and its examples; no rule is written by hand. The ranking step
(reason/ranking.py) turns these conclusions into ordered findings.
"""
from __future__ import annotations

from collections.abc import Callable

from durable.lang import c, m, none, when_all

from triage.knowledge import Knowledge, Mistake
from triage.reason.rules.conclusions import assert_once, conclude
from triage.reason.vocabulary import TICKET_WIDE, Seen, Surface


def register(kb: Knowledge) -> None:
    read_by_rules = findings_read(kb)
    for mistake in kb.mistakes.values():
        for signature in mistake.signatures:
            _signature(mistake, signature, mistake.id in read_by_rules)
        if mistake.symptoms:
            _candidate(mistake)
        if mistake.confirms:
            _weight(mistake, mistake.confirms, 1)
        if mistake.refutes:
            _weight(mistake, mistake.refutes, -1)


def findings_read(kb: Knowledge) -> frozenset[str]:
    """Mistake ids some answer-plan rule reads: a root cause or a symptom of an `explains` entry."""
    return frozenset(id_ for mistake in kb.mistakes.values() if mistake.explains
                     for id_ in (mistake.id, *(e.id for e in mistake.explains)))


def _one_of(field: str, values: list[str]):
    """A fact whose `field` holds one of these values."""
    condition = getattr(m, field) == values[0]
    for value in values[1:]:
        condition = condition | (getattr(m, field) == value)
    return condition


def _on(surfaces: list[Surface]):
    """An observation on one of these surfaces, or on an unknown one."""
    return _one_of("surface", [Surface.ANY.value, *(surface.value for surface in surfaces)])


def _when(mistake: Mistake):
    """The context fact, asserted last, inside the mistake's window: rules that read it wait for
    the whole ticket (a `none` condition is only judged once every fact is in)."""
    condition = m.t == "context"
    if mistake.window.start is not None:
        condition = condition & (m.now_ord >= mistake.window.start.toordinal())
    if mistake.window.end is not None:
        condition = condition & (m.now_ord < mistake.window.end.toordinal())
    return c.context << condition


def _observed(name: Seen, subject_of: str = ""):
    """An observation of `name`: about the same subject as the fact named `subject_of` unless it is
    ticket-wide. (A fresh reference each time: durable_rules' references extend themselves in place.)"""
    condition = (m.t == "obs") & (m.name == name.value)
    if subject_of and name not in TICKET_WIDE:
        condition = condition & (m.subject == getattr(c, subject_of).subject)
    return condition


def _signature(mistake: Mistake, requires: list[Seen], assert_it: bool) -> None:
    names = sorted(requires, key=lambda name: name in TICKET_WIDE)  # a subject's own first
    conditions = [c.o0 << _observed(names[0]) & _on(mistake.surfaces)]
    conditions += [getattr(c, f"o{i}") << _observed(name, "o0") for i, name in enumerate(names[1:], 1)]
    conditions.append(_when(mistake))
    # `unless` is judged on the signature's subject, or anywhere when the signature is ticket-wide.
    about = "" if names[0] in TICKET_WIDE else "o0"
    conditions += [none(_observed(name, about)) for name in mistake.unless]
    when_all(*conditions)(_confirmed(mistake.id, len(names), assert_it))


def _confirmed(mistake_id: str, count: int, assert_it: bool) -> Callable:
    def action(c) -> None:
        matched = [getattr(c, f"o{i}") for i in range(count)]
        subject = next((o.subject for o in matched if o.subject != "ticket"), "ticket")
        conclude(c, {"t": "finding", "fid": f"{mistake_id}|{subject}", "name": mistake_id, "req": subject,
                     "strength": min(o.strength for o in matched), "line": matched[0].line}, assert_it)
    return action


def _candidate(mistake: Mistake) -> None:
    def action(c) -> None:
        symptom = c.symptom.name
        conclude(c, {"t": "candidate", "fid": f"candidate|{mistake.id}|{symptom}", "name": mistake.id,
                     "via": symptom, "line": c.symptom.line}, assert_it=False)
        # One candidate fact per mistake, however many of its symptoms show: its weights count once.
        assert_once(c, {"t": "candidate", "fid": f"candidate|{mistake.id}", "name": mistake.id})
    symptom = (m.t == "obs") & _one_of("name", [name.value for name in mistake.symptoms]) & _on(mistake.surfaces)
    when_all(c.symptom << symptom, _when(mistake))(action)


def _weight(mistake: Mistake, names: list[Seen], sign: int) -> None:
    def action(c) -> None:
        conclude(c, {"t": "weight", "fid": f"weight|{mistake.id}|{c.evidence.name}", "name": mistake.id,
                     "by": c.evidence.name, "sign": sign, "strength": c.evidence.strength}, assert_it=False)
    when_all(c.candidate << (m.t == "candidate") & (m.name == mistake.id),
             c.evidence << (m.t == "evidence") & _one_of("name", [name.value for name in names]))(action)

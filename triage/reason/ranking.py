"""The one ranking step: the engine's conclusions -> findings ordered most likely first, and the
one piece of evidence that would separate the leading candidates.

A confirmed finding (its signature matched) is as likely as its mistake's certainty times the
strength of its weakest observation. A candidate (raised by a symptom) starts at its mistake's
prior at the ticket's date and gains for each observation that confirms it; an observation that
refutes it (stated, not merely inferred) rules it out. Causes come first, information after.
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from triage.knowledge import Knowledge
from triage.reason.engine import Outcome
from triage.reason.observe import Observed
from triage.reason.vocabulary import Seen, Strength

STRENGTH_FACTOR = {Strength.LITERAL: 1.0, Strength.NAME: 0.95, Strength.PROSE: 0.8, Strength.INFERRED: 0.65}
CONFIRMING = 0.2  # what each confirming observation adds to a candidate (times its strength factor)
# A finding seen on one of several attempts at the same endpoint with the same credential explains
# that attempt only; when every attempt failed alike, a cause of all of them is the likelier one
# ("Bearer: 401, username: 401, email: 401" with one token is a token Bitbucket refuses, not three
# mistakes). Seen on k of n attempts, a finding keeps PARTIAL_FLOOR + (1 - PARTIAL_FLOOR) * k / n of
# its confidence. (Attempts with another credential are another story: the asker moved on.)
PARTIAL_FLOOR = 0.6
CANDIDATE_CAP = 0.85  # a candidate never outranks a literally confirmed finding
CANDIDATE_FLOOR = 0.05  # below it a candidate nothing in the ticket supports is noise, not a cause to name
SHOWN_CANDIDATES = 4
ASK = "need_more_evidence"


class Ranked(NamedTuple):
    """One finding, ranked."""

    id: str
    status: str  # confirmed or candidate
    confidence: float
    subjects: list[str]  # the requests or git commands it is about ("ticket" when about none)
    via: list[str]  # candidates: the symptoms that raised it
    weighed: list[str]  # candidates: the observations that confirmed it


class Ranking(NamedTuple):
    findings: list[Ranked]
    asks: list[str]  # what to paste next, most useful first


def rank(outcome: Outcome, observed: Observed, kb: Knowledge, now: date) -> Ranking:
    confirmed: dict[str, Ranked] = {}
    inferred: dict[str, float] = {}
    for found in outcome.findings:
        mistake = kb.mistakes[found["id"]]
        confidence = round(mistake.certainty * STRENGTH_FACTOR[Strength(found["strength"])], 3)
        known = confirmed.get(found["id"])
        subjects = (known.subjects if known else []) + [found["req"]]
        if known is None or confidence > known.confidence:
            confirmed[found["id"]] = Ranked(found["id"], "confirmed", confidence, subjects, [], [])
        else:
            confirmed[found["id"]] = known._replace(subjects=subjects)
    for name, found in confirmed.items():
        share = _attempts_explained(found.subjects, observed)
        if share < 1:
            confirmed[name] = found._replace(confidence=round(found.confidence * (PARTIAL_FLOOR + (1 - PARTIAL_FLOOR)
                                                                                   * share), 3))
    raised = {candidate["id"] for candidate in outcome.candidates}
    for name, found in list(confirmed.items()):
        # A signature seen only by inference (the date, the user form, a client's habit) is a guess
        # until the ticket shows one of the mistake's symptoms: then it is a strong candidate.
        if max(f["strength"] for f in outcome.findings if f["id"] == name) == Strength.INFERRED:
            del confirmed[name]
            if name in raised:
                inferred[name] = found.confidence
    candidates = _candidates(outcome, kb, now, set(confirmed), inferred)
    # Between equally likely findings, one that explains what the ticket shows (its 403, its git
    # error) comes before one that explains none of it.
    shown = {o.name for o in observed.observations}
    ranked = sorted([*confirmed.values(), *candidates],
                    key=lambda r: (kb.mistakes[r.id].severity == "info", -r.confidence,
                                   not shown.intersection(kb.mistakes[r.id].symptoms), r.status != "confirmed", r.id))
    asks = _asks(ranked, observed, kb)
    return Ranking(ranked, asks)


def _attempts_explained(subjects: list[str], observed: Observed) -> float:
    """Of the requests the ticket makes to the endpoints a finding's requests call with their
    credential, the share it was seen on (1 when it is about the ticket, or there was one attempt; a
    URL said in prose is none)."""
    made = observed.made
    tried = {(observed.paths[subject], made[subject]) for subject in subjects if subject in made}
    if not tried:
        return 1.0
    attempts = {subject for subject in made if (observed.paths[subject], made[subject]) in tried}
    return len(attempts.intersection(subjects)) / len(attempts)


def _candidates(outcome: Outcome, kb: Knowledge, now: date, confirmed: set[str],
                inferred: dict[str, float]) -> list[Ranked]:
    raised: dict[str, list[str]] = {}
    for candidate in outcome.candidates:
        raised.setdefault(candidate["id"], [])
        if candidate["via"] not in raised[candidate["id"]]:
            raised[candidate["id"]].append(candidate["via"])
    scores: dict[str, float] = {
        name: max([kb.mistakes[name].prior_at(now, Seen(via)) for via in raised[name]] + [inferred.get(name, 0.0)])
        for name in raised}
    weighed: dict[str, list[str]] = {name: [] for name in raised}
    ruled_out: set[str] = set()
    for weight in outcome.weights:
        name, factor = weight["id"], STRENGTH_FACTOR[Strength(weight["strength"])]
        if weight["sign"] > 0 and weight["by"] not in weighed[name]:
            weighed[name].append(weight["by"])
            scores[name] += CONFIRMING * factor
        elif weight["sign"] < 0 and weight["strength"] >= Strength.PROSE:
            ruled_out.add(name)
        elif weight["sign"] < 0:
            scores[name] /= 2
    kept = [Ranked(name, "candidate", round(min(CANDIDATE_CAP, scores[name]), 3), ["ticket"], raised[name],
                   weighed[name])
            for name in raised if name not in confirmed and name not in ruled_out and scores[name] >= CANDIDATE_FLOOR]
    kept.sort(key=lambda r: (-r.confidence, r.id))
    return kept[:SHOWN_CANDIDATES]


def _asks(ranked: list[Ranked], observed: Observed, kb: Knowledge) -> list[str]:
    """What to paste next: the evidence that separates the two leading candidates when the most
    likely cause is only a candidate; the status or body when the ticket lacks them; the command
    when there is nothing to go on."""
    seen = {o.name for o in observed.observations}
    causes = [r for r in ranked if kb.mistakes[r.id].severity != "info"]
    asks: list[str] = []
    if causes and causes[0].status == "candidate":
        asks.append(_separating(causes[0], causes[1] if len(causes) > 1 and causes[1].status == "candidate"
                                else None, seen, kb))
    statuses = {name for name in seen if name.value.startswith("status_")} | {Seen.CREDENTIAL_ACCEPTED}
    errors = {name for name in seen if name.value.startswith(("error_", "git_")) or name is Seen.HTML_PAGE}
    if Seen.STATUS_400 in seen and not errors:
        asks.append(kb.observations[Seen.STATUS_400].ask)
    elif observed.paths and not (seen & statuses) and not errors:
        asks.append(kb.observations[Seen.VERBOSE].ask)
    if not observed.paths and not any(o.subject.startswith("g") for o in observed.observations) and not causes:
        asks.append(kb.asks["command"])
    return [ask for ask in dict.fromkeys(asks) if ask]


def _separating(first: Ranked, second: Ranked | None, seen: set[Seen], kb: Knowledge) -> str:
    """The ask of an observation not yet seen that weighs differently on the two leading candidates
    (confirms one, refutes the other, or confirms only one); else the first one's own ask."""
    one = kb.mistakes[first.id]
    if second is not None:
        other = kb.mistakes[second.id]
        telling = [n for n in one.confirms if n in other.refutes or n not in other.confirms] + \
                  [n for n in other.confirms if n in one.refutes or n not in one.confirms]
        for name in telling:
            ask = kb.observations[name].ask
            if name not in seen and ask:
                return kb.asks["separate"].format(first=one.title, second=other.title, ask=ask)
    return one.ask

"""One vocabulary between readers and rules (triage/reason/vocabulary.py): every observation the
observing step can make is read by some rule of the catalog, every observation a rule reads can be
made, and the catalog's own examples make each of them at least once (so a reader really does)."""
from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from triage.knowledge import load
from triage.read.extract import extract_redacted, readable
from triage.reason.observe import observe
from triage.reason.vocabulary import Seen

ROOT = Path(__file__).resolve().parents[1]
NOW = date(2026, 11, 22)


def made() -> set[Seen]:
    """What the observing step can say: the names it writes, and those knowledge data maps to."""
    kb = load()
    source = (ROOT / "triage/reason/observe.py").read_text() + (ROOT / "triage/knowledge.py").read_text()
    return ({Seen[name] for name in re.findall(r"\bSeen\.([A-Z0-9_]+)", source)} | {e.seen for e in kb.errors}
            | {trait for client in kb.clients for trait in client.traits})


def read() -> set[Seen]:
    """What the catalog's rules read: signatures, exceptions, symptoms, and what weighs either way."""
    names: set[Seen] = set()
    for m in load().mistakes.values():
        names |= {*m.requires, *(n for alternative in m.alternatives for n in alternative), *m.unless, *m.symptoms,
                  *m.confirms, *m.refutes}
    return names


@cache
def observed_in_examples() -> frozenset[Seen]:
    kb = load()
    found: set[Seen] = set()
    for m in kb.mistakes.values():
        for example in m.positive + m.negative:
            facts, _ = extract_redacted(readable(example.text))
            found |= {o.name for o in observe(facts, kb, example.now or m.now or NOW).observations}
    return frozenset(found)


def test_every_observation_made_is_read_by_a_rule():
    assert made() - read() == set()


def test_every_observation_a_rule_reads_can_be_made():
    assert read() - made() == set()


def test_the_vocabulary_holds_no_name_nothing_makes():
    assert set(Seen) - made() == set()


@pytest.mark.parametrize("name", sorted(read()), ids=str)
def test_the_examples_make_each_observation_a_rule_reads(name: Seen):
    assert name in observed_in_examples(), f"no catalog example makes {name}: add one to a mistake that reads it"


def test_every_observation_says_what_it_means_and_what_to_ask():
    kb = load()
    assert set(kb.observations) == set(Seen)
    assert all(entry.means for entry in kb.observations.values())

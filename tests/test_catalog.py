"""Every catalog entry's examples run through the whole pipeline: positives find it, negatives do not."""
from __future__ import annotations

from datetime import date

import pytest

from triage.answer.report import triage
from triage.knowledge import load

DEFAULT_NOW = date(2026, 11, 22)
CASES = [(m.id, e.text, True, e.now or m.now) for m in load().mistakes.values() for e in m.positive] + \
        [(m.id, e.text, False, e.now or m.now) for m in load().mistakes.values() for e in m.negative]


@pytest.mark.parametrize(("finding_id", "text", "expected", "now"), CASES,
                         ids=[f"{c[0]}-{'pos' if c[2] else 'neg'}{i}" for i, c in enumerate(CASES)])
def test_example(finding_id: str, text: str, expected: bool, now: date | None) -> None:
    found = {f.id for f in triage(text, now=now or DEFAULT_NOW).findings}
    assert (finding_id in found) is expected, found

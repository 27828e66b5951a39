"""The keyword gates in front of regex passes are sound: a pattern is only ever skipped when it
could not have matched. Hypothesis builds texts that each pattern matches (with anything around
them, any case, any Unicode the pattern admits) and the gate must let every one of them through;
a gate that were wrong would silently drop a signal or leave a secret unredacted."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.gate import Gated, fold
from triage.knowledge import load
from triage.read.git import ERRORS
from triage.read.prose import SIGNALS
from triage.secrets.redaction import PASSES, redact_text

GATES = {f"signal {name}": gated for name, gated in SIGNALS.items()} | {
    f"redaction {gated.pattern.pattern[:24]}": gated for gated, _ in PASSES} | {
    f"git error {kind}": gated for kind, gated in ERRORS} | {
    f"client {client.id}": client.finder for client in load().clients}


@pytest.mark.parametrize("name", sorted(GATES))
def test_the_gate_lets_through_every_text_its_pattern_matches(name: str):
    gated: Gated = GATES[name]

    @given(st.from_regex(gated.pattern))
    def check(text: str) -> None:
        assert gated.pattern.search(text)
        assert gated.may_match(fold(text)), f"{name}: {text!r} matches but holds none of {gated.words}"

    check()


def test_a_gated_pass_still_redacts_in_any_letter_case():
    """The gate reads folded text, so an upper-case or oddly cased parameter is still caught."""
    assert redact_text("CLIENT_SECRET=Zq8hXkT2pLm4Wn7v") == "CLIENT_SECRET=[redacted, 16 chars]"
    assert redact_text("Authorization: BEARER abcDEF123456ghiJKL") == "Authorization: BEARER [redacted, 18 chars]"

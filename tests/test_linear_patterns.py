"""Every regular expression the project compiles runs in time linear in its input.

Measured by counting, not by a clock: tests/regex_cost.py runs each pattern the way Python's
`re` does and counts its steps over adversarial inputs (tests/attacks.py) whose pumped part is
repeated n, 2n and 4n times; the cost the second doubling adds may be at most 3 times what the
first added (2 when linear, 4 when quadratic, far more when exponential). The patterns are the
ones compiled while importing every module and triaging the corpus (tests/patterns.py), each
judged as `finditer` over the whole input, the costliest way any of them is used.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.attacks import PALETTE, Attack, judge, pumped, standard_attacks
from tests.patterns import ROOT
from tests.regex_cost import Counted


def _shape(pattern: str) -> str:
    """Catalog templates and secret tries differ only in their literal text: judge one of each shape."""
    return re.sub(r"[A-Za-z0-9_-]+", "w", pattern)


def _collected() -> list[dict]:
    run = subprocess.run([sys.executable, "-m", "tests.patterns"], capture_output=True, text=True, check=True)
    seen: set[tuple[str, int]] = set()
    kept = []
    for found in json.loads(run.stdout):
        key = (_shape(found["pattern"]), found["flags"])
        if key not in seen:
            seen.add(key)
            kept.append(found)
    return kept


PATTERNS = _collected()
# No line number in the id: hypothesis seeds a derandomized run from the test's id, and an edit
# above a pattern must not hand it another seed (a lookahead-led pattern has seeds where
# from_regex cannot produce one match)
IDS = [f"{p['where'].split(':')[0]}:{p['pattern'][:40]}" for p in PATTERNS]


def test_the_collection_sees_the_patterns_of_every_reader():
    files = {p["where"].split(":")[0] for p in PATTERNS}
    compiling = {str(path.relative_to(ROOT)) for path in sorted((ROOT / "triage").rglob("*.py"))
                 if "re.compile(" in path.read_text()}
    assert compiling and compiling <= files


@pytest.mark.parametrize("found", PATTERNS, ids=IDS)
def test_no_repeated_text_makes_a_pattern_super_linear(found):
    counted = Counted(found["pattern"], found["flags"])
    for attack in standard_attacks(found["pattern"], found["flags"]):
        verdict = judge(counted, attack)
        assert verdict.linear, f"{found['where']}: cost grows {verdict.growth:.1f}x per doubling of {attack}"


@pytest.mark.parametrize("found", PATTERNS, ids=IDS)
@settings(max_examples=25, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_no_pumped_match_makes_a_pattern_super_linear(found, data):
    compiled = re.compile(found["pattern"], found["flags"])
    try:
        strategy = st.from_regex(compiled)
    except Exception:  # a construct hypothesis cannot generate from (possessive, atomic, look-behind)
        strategy = st.text(alphabet=PALETTE, min_size=1, max_size=30)
    sample = data.draw(strategy, label="sample")[:60] or "a"
    start = data.draw(st.integers(0, len(sample) - 1), label="start")
    end = data.draw(st.integers(start + 1, min(len(sample), start + 20)), label="end")
    suffix = data.draw(st.sampled_from(["", *PALETTE]), label="suffix")
    verdict = judge(Counted(found["pattern"], found["flags"]), pumped(sample, start, end, suffix))
    assert verdict.linear, f"{found['where']}: cost grows {verdict.growth:.1f}x per doubling of {verdict.attack}"


@pytest.mark.parametrize(("pattern", "attack", "linear"), [
    (r"\w+x", Attack("", "a", ""), False),          # every start rescans the run: quadratic
    (r"(?:a|a)*b", Attack("", "a", ""), False),     # exponential
    (r"\{Content=([^{}]{1,300}+)\}", Attack("{", "Content=", "0}"), True),  # a step past 300 chars, then linear
])
def test_the_judge_tells_a_bounded_step_from_super_linear_growth(pattern, attack, linear):
    assert judge(Counted(pattern, 0), attack).linear is linear

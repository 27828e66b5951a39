"""Run one ticket's facts through the durable_rules ruleset in a session of its own.

Why the care: durable_rules' Host starts background timer threads that
dispatch pending actions of any session, which would race with a triage
running actions synchronously; the C engine keeps global state. So the host
here runs no timers, every call into it holds one lock, each triage uses a
fresh session id, opens it with a fact whose rule fires first (a session
deleted before any action ran crashed the C engine: see rules._open) and
deletes its state at the end, even on error. The rules' conclusions are
collected per session id (rules.CONCLUSIONS) rather than read back from the
session, so facts no rule reads need not stay in it.
"""
from __future__ import annotations

import itertools
import json
import threading
from functools import lru_cache
from typing import NamedTuple

import durable_rules_engine
from durable import engine as durable_engine

from triage.logs import get_logger
from triage.reason.rules import RULESET, SESSION_OPENER, define
from triage.reason.rules.conclusions import CONCLUSIONS

LOG = get_logger("engine")
get_logger(durable_engine.__name__)  # durable_rules logs failed actions with their facts: redact those too


_NO_STATE = 3  # durable_rules' result code for "nothing to act on" (Ruleset._handle_result returns 0)


class _QuietHost(durable_engine.Host):
    """A Host without the dispatch/timer threads: all actions run inside our calls."""

    def _run(self) -> None:
        return

    def assert_all(self, ruleset_name: str, facts: list[dict]) -> None:
        """Assert a ticket's facts in one call into the C engine, then run the actions they queued.

        Why not `Host.assert_facts`: it raises MessageNotHandledException when any fact of the
        batch matched no rule, before it dispatches the actions the other facts queued, although
        the C engine took every fact (its handleMessages goes on past an unhandled one and only
        reports it). Facts no rule reads are normal here (a signal only some mistakes ask about, on
        another surface), so the batch is sent as Ruleset.assert_facts would send it and its
        state handle kept whatever the code. One call instead of one per fact halves the engine's
        cost: each call is a JSON round trip and a pass of the action loop."""
        rules = self.get_ruleset(ruleset_name)

        def asserted(batch: list[dict]) -> int:
            code, state = durable_rules_engine.assert_facts(rules._handle, json.dumps(batch, ensure_ascii=False))
            return 0 if code == _NO_STATE else state

        self._handle_function(rules, asserted, facts, None)


_LOCK = threading.Lock()
_SESSION_IDS = itertools.count(1)


@lru_cache(maxsize=1)
def _host() -> _QuietHost:
    name, definition = define()
    return _QuietHost({name: definition})


def build() -> None:
    """Build the ruleset and its host now rather than on the first ticket (no session is opened)."""
    _host()


class EngineError(RuntimeError):
    """The rule engine could not run a ticket's session."""


class RuleActionError(EngineError):
    """A rule's action raised: durable_rules only records that in the session state, so
    without this check the triage would silently miss conclusions."""


class Outcome(NamedTuple):
    """What one session concluded: confirmed findings not suppressed by a root cause, candidates
    raised from symptoms (with the symptom that raised each), and the weights for and against them."""

    findings: list[dict]
    candidates: list[dict]
    weights: list[dict]


def run(engine_facts: list[dict]) -> Outcome:
    """Assert the facts in a new session; collect its conclusions and delete the session."""
    host = _host()
    with _LOCK:
        sid = f"t{next(_SESSION_IDS)}"
        host.assert_fact(RULESET, dict(SESSION_OPENER, sid=sid))
        if sid not in CONCLUSIONS:
            # The opening action did not run, so the session's action context was never set and
            # deleting it would free garbage pointers (see rules._open): leave it, say why.
            raise EngineError(f"session {sid} did not open; left undeleted")
        try:
            host.assert_all(RULESET, [dict(fact, sid=sid) for fact in engine_facts])
            failure = host.get_state(RULESET, sid).get("exception")
        finally:
            host.delete_state(RULESET, sid)
            state = CONCLUSIONS.pop(sid)
    if failure:
        raise RuleActionError(failure)
    suppressed = {f["target"] for f in state if f["t"] == "suppress"}
    findings = [{"id": fact["name"], "req": fact["req"], "strength": fact["strength"], "line": fact["line"]}
                for fact in state if fact["t"] == "finding" and fact["fid"] not in suppressed]
    candidates = [{"id": fact["name"], "via": fact["via"], "line": fact["line"]}
                  for fact in state if fact["t"] == "candidate"]
    weights = [{"id": fact["name"], "by": fact["by"], "sign": fact["sign"], "strength": fact["strength"]}
               for fact in state if fact["t"] == "weight"]
    return Outcome(findings, candidates, weights)

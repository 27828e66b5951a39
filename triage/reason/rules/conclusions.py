"""Where the rules' actions put what they conclude: a list per session id, which the engine
registers through the session's opening rule and takes back when the triage ends. A conclusion
is asserted back into the session only when some rule reads it (each assertion is a JSON round
trip through durable_rules, the largest cost of an engine run)."""
from __future__ import annotations

from durable.engine import MessageNotHandledException, MessageObservedException

CONCLUSIONS: dict[str, list[dict]] = {}


def assert_once(c, fact: dict) -> None:
    """Assert a conclusion. durable_rules refuses a fact equal to one it holds, which is what the
    same conclusion reached through another match is (two requests, one ticket-wide finding)."""
    try:
        c.assert_fact(fact)
    except (MessageObservedException, MessageNotHandledException):
        pass  # already concluded, or a derived fact no rule reads


def conclude(c, fact: dict, assert_it: bool) -> None:
    """Record a conclusion for the engine to read back, and assert it when rules read it."""
    CONCLUSIONS[c.s.sid].append(fact)
    if assert_it:
        assert_once(c, fact)

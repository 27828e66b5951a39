"""The thumbs up/down buttons: one rating per answer, stored with the redacted answer."""
from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from ...answers import answering


def feedback(ack: Ack, action: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    if not answering(context).rate(action["value"], action["action_id"] == "feedback_up", "slack"):
        respond(text="This answer is too old to rate, or was rated already; thanks all the same.",
                response_type="ephemeral", replace_original=False)
        return
    respond(text="Thanks: knowledge-base authors read every rating.", response_type="ephemeral",
            replace_original=False)

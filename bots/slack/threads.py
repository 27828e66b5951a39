"""A Slack thread as one ticket: a user pastes the command, then the -v output, then the error."""
from __future__ import annotations

from slack_sdk import WebClient


def thread_text(client: WebClient, channel: str, thread_ts: str, upto: str) -> str:
    """Every message of the thread up to and including `upto`, oldest first, one ticket text."""
    texts: list[str] = []
    cursor = None
    while True:
        page = client.conversations_replies(channel=channel, ts=thread_ts, cursor=cursor, limit=200)
        texts += [m.get("text", "") for m in page.get("messages", []) if float(m["ts"]) <= float(upto)]
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return "\n\n".join(texts)

"""`/bbhelp scopes METHOD URL` as blocks."""
from __future__ import annotations

from triage.answer.scope_lookup import lookup_scopes

from .blocks import template_blocks


def scopes_blocks(words: list[str]) -> list[dict]:
    """Blocks for `scopes METHOD URL`; a usage line when METHOD or URL is missing."""
    if len(words) < 2:
        return [{"type": "section", "text": {"type": "mrkdwn",
                                             "text": "Usage: `/bbhelp scopes GET https://api.bitbucket.org/2.0/…`"}}]
    return template_blocks("slack_scopes.j2", lookup=lookup_scopes(words[0], words[1]))

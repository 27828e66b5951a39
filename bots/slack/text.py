"""Slack message text back to what the user typed.

Why: Slack sends message and command text escaped (&amp; &lt; &gt;) with links,
emails and mentions wrapped (<https://…>, <mailto:a@b|a@b>, <@U123>). A pasted
`curl -v` transcript only parses once `> GET …` is a `>` again.
"""
from __future__ import annotations

import re

WRAPPED = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def _unwrap(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith(("@", "#", "!")):
        return ""  # mentions and channel/special references are not ticket content
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    return target


def plain(text: str) -> str:
    """Unwrap links and mentions, then unescape the three characters Slack escapes."""
    return WRAPPED.sub(_unwrap, text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

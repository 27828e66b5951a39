"""Reports and Slack views as Block Kit, from the templates in knowledge/templates.

Why templates: every answer is a template, Block Kit included; this module only
turns the template's lines (one JSON block each) into the lists the Web API takes.
"""
from __future__ import annotations

import json

from triage.answer.render import environment, render
from triage.answer.report import Report
from triage.secrets.redaction import redact_text


def template_blocks(name: str, **values: object) -> list[dict]:
    """Blocks from a template that writes one JSON block per line; redacted as a last guard."""
    text = environment().get_template(name).render(**values)
    return [json.loads(line) for line in redact_text(text).splitlines() if line.strip()]


def answer_blocks(report: Report, share_id: str | None = None, feedback_id: str | None = None) -> list[dict]:
    """The triage as blocks: leak warning first, root cause, corrected request, scopes, the rest;
    the Share and thumbs up/down buttons when their ids are given."""
    return template_blocks("slack_blocks.j2", report=report, share_id=share_id, feedback_id=feedback_id)


def markdown_draft_blocks(report: Report) -> list[dict]:
    """A community reply to copy: the Markdown answer, shown verbatim."""
    return template_blocks("slack_draft.j2", markdown=render(report, "markdown"))


def failed_blocks() -> list[dict]:
    """What a user sees when the triage of their ticket failed (see bots/workers.py)."""
    return template_blocks("slack_failed.j2")


FAILED_TEXT = "bbhelp failed on this ticket; try again"


def view(name: str, **values: object) -> dict:
    """A modal or Home tab view (one JSON object) from `slack_<name>.j2`."""
    return json.loads(environment().get_template(f"slack_{name}.j2").render(**values))


def fallback_text(report: Report) -> str:
    """The notification text Slack shows where blocks are not rendered."""
    cause = report.root_cause
    if report.leak_warning:
        return "Revoke the credential in this ticket first."
    return f"bbhelp: {cause.title}" if cause else "bbhelp: no known mistake found"

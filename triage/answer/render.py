"""Render a Report with Jinja2: Markdown, Slack mrkdwn, plain text or JSON.

Why templates: every answer's wording and layout lives in knowledge/templates;
this module only picks the markup library for the format and passes the
report. The output passes `redact_text` as a last guard for every format.
"""
from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from triage.answer.report import Report
from triage.secrets.redaction import redact_text

FORMATS = ("markdown", "slack", "text", "json")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja2 environment for every template in knowledge/templates (answers, Slack views)."""
    env = Environment(loader=PackageLoader("knowledge", "templates"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      autoescape=select_autoescape(["html"], default_for_string=False, default=False))
    env.filters["mrkdwn"] = mrkdwn_escape
    env.filters["markdown"] = markdown_escape
    env.filters["fence"] = fence
    return env


def mrkdwn_escape(text: str) -> str:
    """Slack mrkdwn treats &, < and > as markup (links, mentions): escape them as Slack documents.
    Idempotent, so text escaped by an inner macro is not escaped twice."""
    return re.sub(r"&(?!amp;|lt;|gt;)", "&amp;", str(text)).replace("<", "&lt;").replace(">", "&gt;")


MARKDOWN_SPECIAL = re.compile(r"[<\[\]]")  # < opens HTML and autolinks, [ ] links; > alone opens nothing inline
MARKDOWN_ENTITIES = {"<": "&lt;", "[": "&#91;", "]": "&#93;"}
BACKTICKS = re.compile(r"`++")


def markdown_escape(text: str) -> str:
    """Ticket text in a Markdown reply: no raw HTML (<img onerror>), no link ([x](https://evil)) and
    no new block (a decoded %0A starting a heading or a fence). Entities, so it is idempotent and
    macros may nest; code blocks are fenced instead (see `fence`)."""
    return MARKDOWN_SPECIAL.sub(lambda m: MARKDOWN_ENTITIES[m.group(0)], str(text)).replace("\n", " ")


def fence(text: str) -> str:
    """A code fence longer than any run of backticks in the text, so nothing inside can close it."""
    return "`" * max(3, 1 + max((len(run) for run in BACKTICKS.findall(str(text))), default=0))


def render(report: Report, fmt: str = "markdown") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    env = environment()
    if fmt == "json":
        text = env.get_template("json.j2").render(report_json=report_json(report))
    else:
        text = env.get_template("answer.j2").render(report=report, markup=f"markup_{fmt}.j2")
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"  # sections left out leave no gaps
    return redact_text(text)


def report_json(report: Report) -> str:
    """JSON for programs: findings ordered most likely first, plus the answer's parts and the facts."""
    return report.model_dump_json(indent=2)

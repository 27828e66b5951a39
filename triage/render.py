"""Render a Report with Jinja2: Markdown, Slack mrkdwn, plain text or JSON.

Why templates: every answer's wording and layout lives in knowledge/templates;
this module only picks the markup library for the format and passes the
report. The output passes `redact_text` as a last guard for every format.
"""
from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from .redaction import redact_text
from .report import Report

FORMATS = ("markdown", "slack", "text", "json")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("knowledge", "templates"), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)


def render(report: Report, fmt: str = "markdown") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    env = _environment()
    if fmt == "json":
        text = env.get_template("json.j2").render(report_json=report_json(report))
    else:
        text = env.get_template("answer.j2").render(report=report, markup=f"markup_{fmt}.j2")
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"  # sections left out leave no gaps
    return redact_text(text)


def report_json(report: Report) -> str:
    """JSON for programs: findings ordered most likely first, plus the answer's parts and the facts."""
    return report.model_dump_json(indent=2)

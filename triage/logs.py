"""Loggers whose records are redacted before any handler sees them.

Why a filter on the logger and not on a handler: handlers belong to whoever
runs bbhelp (the CLI, uvicorn, Slack Bolt, pytest's caplog); a logger filter
runs first, whatever handlers are attached, so no handler ever receives a
secret. The records are also built from redacted facts only; this is the
guard for anything that slips into a message or a traceback.
"""
from __future__ import annotations

import logging

from triage.secrets.redaction import redact_text


class RedactingFilter(logging.Filter):
    """Replace a record's message (arguments merged in) and traceback with their redacted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact_text(record.getMessage()), None
        if record.exc_info:
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True


def get_logger(name: str) -> logging.Logger:
    """`bbhelp.<name>` (or any named logger, e.g. a library's) with the redacting filter attached once."""
    logger = logging.getLogger(name if "." in name or name == "bbhelp" else f"bbhelp.{name}")
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())
    return logger

"""Log records that are redacted before any handler sees them, whoever logs them.

Why at record creation (the record factory) and not on a handler or a logger: handlers belong to
whoever runs bbhelp (the CLI, uvicorn, Slack Bolt, pytest's caplog), and a logger's filter misses
the records of its children and of other libraries' loggers (uvicorn's access log prints query
strings). The records are also built from redacted facts only; this is the guard for anything
that slips into a message, an argument or a traceback.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable

from triage.secrets.redaction import redact_text

QUERY = re.compile(r"\?[^\s\"]*+")
# Libraries that log whole payloads (a Slack thread's raw text) at DEBUG: never below INFO here.
PAYLOAD_LOGGERS = ("slack_sdk", "slack_bolt", "httpx", "httpcore", "urllib3")


def _redact(record: logging.LogRecord) -> None:
    """Replace a record's message (arguments merged in) and traceback with their redacted text."""
    record.msg, record.args = redact_text(record.getMessage()), None
    if record.exc_info:
        record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
        record.exc_info = None
    if record.stack_info:
        record.stack_info = redact_text(record.stack_info)


def _redacting_factory(make: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    """Every record of the process, whatever logger made it (uvicorn's, a library's), is redacted
    as it is created; uvicorn's access log also loses its query strings (/v1/scopes?url=…token=…)."""
    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) >= 3:
            # uvicorn's access formatter unpacks the arguments (client, method, path, version, status):
            # they stay a tuple, each one redacted, the path without its query.
            record.args = tuple(redact_text(QUERY.sub("", arg) if i == 2 else arg) if isinstance(arg, str) else arg
                                for i, arg in enumerate(record.args))
            return record
        _redact(record)
        return record

    factory.redacting = True  # type: ignore[attr-defined]
    return factory


def install() -> None:
    """Redact every log record of this process, once."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "redacting", False):
        logging.setLogRecordFactory(_redacting_factory(current))
    for name in PAYLOAD_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.INFO:  # NOTSET too: it would inherit a DEBUG root
            logger.setLevel(logging.INFO)


def get_logger(name: str) -> logging.Logger:
    """`bbhelp.<name>` (or any named logger, e.g. a library's), redaction installed for the process."""
    install()
    return logging.getLogger(name if "." in name or name == "bbhelp" else f"bbhelp.{name}")

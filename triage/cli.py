"""`bbhelp` command line: facts, triage, scopes, explain.

Why argparse: the standard library covers four subcommands; nothing here
needs a framework. Every output passes through the ticket's scrubber.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import UTC, date, datetime, time, timedelta

from triage.answer.render import FORMATS, environment, render
from triage.answer.report import triage
from triage.answer.scope_lookup import lookup_scopes
from triage.knowledge import demo_ticket, load
from triage.logs import get_logger
from triage.read.extract import TicketTooLarge, extract
from triage.warmup import prepare_front

LOG = get_logger("cli")


def read_ticket(path: str | None) -> str:
    """FILE, '-' for stdin, or the embedded demo ticket when no FILE is given."""
    if path is None:
        return demo_ticket()
    if path == "-":
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    with open(path, "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


def cmd_facts(args: argparse.Namespace) -> int:
    facts = extract(read_ticket(args.file))
    if facts.empty:
        print("nothing found: no command, transcript, error body, code or credential in this text",
              file=sys.stderr)
    print(facts.model_dump_json(indent=2, exclude_defaults=False))
    return 0


def cmd_triage(args: argparse.Namespace) -> int:
    report = triage(read_ticket(args.file), now=args.now)
    sys.stdout.write(render(report, args.format))
    return 0


def cmd_scopes(args: argparse.Namespace) -> int:
    lookup = lookup_scopes(args.method, args.url)
    out = environment().get_template("scopes_text.j2").render(lookup=lookup)
    (sys.stderr if lookup.status == "none" else sys.stdout).write(out)
    return 1 if lookup.status == "none" else 0


def cmd_explain(args: argparse.Namespace) -> int:
    mistake = load().mistakes.get(args.id)
    if mistake is None:
        print(f"bbhelp: no catalog entry {args.id!r}; known: {', '.join(sorted(load().mistakes))}", file=sys.stderr)
        return 1
    print(f"{mistake.id} ({mistake.severity}): {mistake.title}\n\n{mistake.explanation}\n\nFix: {mistake.fix}")
    for link in mistake.links:
        print(f"  {link}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # the server stack loads only for `serve`

    from bots.settings import Settings
    from triage.store.database import Store

    settings = Settings()
    workers = args.workers or os.cpu_count() or 1
    Store(settings.bbhelp_database_url)  # migrated once here, before any worker opens it
    # What every worker must share, it reads from the environment: the key that signs the page's forms
    # (a form served by one worker is posted to another) and its share of the CPUs for triage processes.
    os.environ["BBHELP_FORM_SECRET"] = settings.bbhelp_form_secret.get_secret_value()
    if "bbhelp_triage_processes" not in settings.model_fields_set:
        os.environ["BBHELP_TRIAGE_PROCESSES"] = str(max(1, (os.cpu_count() or 1) // workers))
    host, port = args.host or settings.host, args.port or settings.port
    print(f"bbhelp serving on http://{host}:{port} with {workers} worker(s) "
          f"(Slack: {'http' if settings.slack_http else 'off'})", file=sys.stderr)
    # With several workers uvicorn supervises them: a worker that dies is replaced; each one warms up
    # (bots/server.py's lifespan) before it accepts a connection.
    uvicorn.run("bots.server:create_app", factory=True, workers=workers, host=host, port=port, log_level="info")
    return 0


def cmd_slack_socket(args: argparse.Namespace) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bots.settings import Settings
    from bots.slack.app import build_app

    settings = Settings()
    if not settings.slack_socket:
        print("bbhelp: Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN", file=sys.stderr)
        return 2
    from bots.answering import Answering
    from bots.workers import TriageWorkers
    from triage.store.database import Store

    workers = TriageWorkers(settings.bbhelp_triage_processes)
    workers.start()
    prepare_front(workers.triage)
    answering = Answering(Store(settings.bbhelp_database_url), workers.triage,
                          timedelta(days=settings.bbhelp_retention_days))
    app = build_app(settings, answering)
    try:
        SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
    finally:
        workers.close()
    return 0


def _store():
    from bots.settings import Settings
    from triage.store.database import Store

    settings = Settings()
    return Store(settings.bbhelp_database_url), settings


def cmd_review(args: argparse.Namespace) -> int:
    store, settings = _store()
    since = args.since or date.today() - timedelta(days=settings.bbhelp_retention_days)
    groups = store.review(since=datetime.combine(since, time.min, tzinfo=UTC))
    if args.format == "json":
        print(json.dumps({"since": since.isoformat(), "groups": [g.model_dump() for g in groups]}, indent=2))
    else:
        sys.stdout.write(environment().get_template("review.md.j2").render(since=since, groups=groups))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    store, settings = _store()
    days = args.older_than or settings.bbhelp_retention_days
    print(f"purged {store.purge(timedelta(days=days))} kept triages older than {days} days")
    return 0


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bbhelp", description="Triage Bitbucket Cloud API and git auth tickets.")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log to stderr (-v: what each triage concluded, -vv: its redacted facts too)")
    sub = parser.add_subparsers(dest="command", required=True)
    facts = sub.add_parser("facts", help="print the facts extracted from a ticket as JSON (redacted)")
    facts.add_argument("file", nargs="?", help="ticket file, '-' for stdin; default: the embedded demo ticket")
    facts.set_defaults(run=cmd_facts)
    tri = sub.add_parser("triage", help="diagnose a ticket")
    tri.add_argument("file", nargs="?", help="ticket file, '-' for stdin; default: the embedded demo ticket")
    tri.add_argument("--format", choices=FORMATS, default="markdown")
    tri.add_argument("--now", type=_date, default=None, help="date to reason at (YYYY-MM-DD); default today")
    tri.set_defaults(run=cmd_triage)
    scopes = sub.add_parser("scopes", help="the scopes an endpoint needs")
    scopes.add_argument("method")
    scopes.add_argument("url")
    scopes.set_defaults(run=cmd_scopes)
    serve = sub.add_parser("serve", help="run the server (REST API, web page, Slack at /slack/events)")
    serve.add_argument("--host", default=None, help="default: HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: PORT or 8000")
    serve.add_argument("--workers", type=_positive, default=None,
                       help="server worker processes, supervised and replaced when one dies (default: one per CPU)")
    serve.set_defaults(run=cmd_serve)
    slack = sub.add_parser("slack", help="run the Slack app in Socket Mode (development)")
    slack.set_defaults(run=cmd_slack_socket)
    review = sub.add_parser("review", help="unmatched tickets and answers rated down, grouped (learning loop)")
    review.add_argument("--since", type=_date, default=None, help="YYYY-MM-DD; default: the retention period")
    review.add_argument("--format", choices=("markdown", "json"), default="markdown")
    review.set_defaults(run=cmd_review)
    purge = sub.add_parser("purge", help="delete kept triages and feedback older than the retention period")
    purge.add_argument("--older-than", type=int, default=None, metavar="DAYS",
                       help="default: BBHELP_RETENTION_DAYS (30)")
    purge.set_defaults(run=cmd_purge)
    explain = sub.add_parser("explain", help="a mistake catalog entry")
    explain.add_argument("id")
    explain.set_defaults(run=cmd_explain)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.DEBUG if args.verbose > 1 else logging.INFO, stream=sys.stderr,
                            format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except OSError as error:
        print(f"bbhelp: cannot read {getattr(args, 'file', '')!r}: {error.strerror}", file=sys.stderr)
        return 2
    except TicketTooLarge as error:
        print(f"bbhelp: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 (a ticket must never end in a traceback; its text may hold secrets)
        LOG.debug("failed: %s", type(error).__name__, exc_info=True)
        print(f"bbhelp: failed on this ticket ({type(error).__name__}); nothing of it was kept. Please report "
              "the ticket's shape (not its secrets).", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())

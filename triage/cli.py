"""`bbhelp` command line: facts, triage, scopes, explain.

Why argparse: the standard library covers four subcommands; nothing here
needs a framework. Every output passes through the ticket's scrubber.
"""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from importlib import resources
from urllib.parse import urlsplit

from .extract import extract
from .knowledge import load
from .render import FORMATS, render
from .report import triage

DEMO = "examples/demo_ticket.txt"


def read_ticket(path: str | None) -> str:
    """FILE, '-' for stdin, or the embedded demo ticket when no FILE is given."""
    if path is None:
        return resources.files("knowledge").joinpath(DEMO).read_text()
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
    kb = load()
    parts = urlsplit(args.url if "://" in args.url else "https://api.bitbucket.org" + args.url)
    match = kb.match(args.method, parts.path)
    endpoint = match.endpoint or match.suggestion
    if endpoint is None:
        print(f"bbhelp: no Bitbucket Cloud endpoint looks like {args.method.upper()} {parts.path}", file=sys.stderr)
        return 1
    if match.status != "known":
        print(f"{args.method.upper()} {parts.path} is not an endpoint ({match.status.replace('_', ' ')}); nearest:")
    print(f"{endpoint.method} /2.0{endpoint.path}  ({endpoint.summary})")
    print(f"API token scopes: {', '.join(endpoint.token_scopes) or '(none: app-only or public)'}")
    print(f"Legacy scope (x-accepted-oauth-scopes): {', '.join(endpoint.legacy_scopes) or '(none)'}")
    print(f"Accepts: {', '.join(endpoint.accepts) or 'apps only'}" + ("  [deprecated]" if endpoint.deprecated else ""))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    mistake = load().mistakes.get(args.id)
    if mistake is None:
        print(f"bbhelp: no catalog entry {args.id!r}; known: {', '.join(sorted(load().mistakes))}", file=sys.stderr)
        return 1
    print(f"{mistake.id} ({mistake.severity}): {mistake.title}\n\n{mistake.explanation}\n\nFix: {mistake.fix}")
    for link in mistake.links:
        print(f"  {link}")
    return 0


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


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


if __name__ == "__main__":
    raise SystemExit(main())

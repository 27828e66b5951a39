"""`bbhelp` command line: facts, triage, scopes, explain.

Why argparse: the standard library covers four subcommands; nothing here
needs a framework. Every output passes through the ticket's scrubber.
"""
from __future__ import annotations

import argparse
import sys
from importlib import resources

from .extract import extract

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bbhelp", description="Triage Bitbucket Cloud API and git auth tickets.")
    sub = parser.add_subparsers(dest="command", required=True)
    facts = sub.add_parser("facts", help="print the facts extracted from a ticket as JSON (redacted)")
    facts.add_argument("file", nargs="?", help="ticket file, '-' for stdin; default: the embedded demo ticket")
    facts.set_defaults(run=cmd_facts)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except OSError as error:
        print(f"bbhelp: cannot read {args.file!r}: {error.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

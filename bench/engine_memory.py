"""Memory over many triages: prints resident memory every tenth of the run.

Why a script and not a test: the target (memory stays flat over 100,000 triages,
each in its own durable_rules session) is a figure to watch, not a pass/fail
timing inside the unit tests. Run: python bench/engine_memory.py [--triages N]
"""
from __future__ import annotations

import argparse
import time
from datetime import date
from importlib import resources

from triage import engine
from triage.engine_facts import engine_facts
from triage.extract import extract
from triage.knowledge import load
from triage.report import triage


def rss_kib() -> int:
    """Resident set size of this process, from /proc (Linux)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triages", type=int, default=100_000)
    parser.add_argument("--whole-pipeline", action="store_true",
                        help="extract + engine + report each time (slower); default: engine sessions only")
    args = parser.parse_args()
    text = resources.files("knowledge").joinpath("examples/demo_ticket.txt").read_text()
    now = date(2026, 11, 22)
    facts = engine_facts(extract(text), load(), now)
    step = max(args.triages // 10, 1)
    triage(text, now=now)  # warm: ruleset, catalog, regexes
    start_rss, started = rss_kib(), time.perf_counter()
    print(f"{'triages':>9} {'rss KiB':>9} {'growth KiB':>10} {'ms/triage':>9}")
    for done in range(1, args.triages + 1):
        if args.whole_pipeline:
            triage(text, now=now)
        else:
            engine.run(facts)
        if done % step == 0:
            elapsed = (time.perf_counter() - started) * 1000 / done
            print(f"{done:>9} {rss_kib():>9} {rss_kib() - start_rss:>10} {elapsed:>9.3f}")


if __name__ == "__main__":
    main()

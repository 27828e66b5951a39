"""One hostile row at one size, triaged in this fresh process: prints seconds and the peak memory
the triage added (`python -m bench --only hostile` runs it per row and size).

    python -m bench.hostile "curl -u lines" 1000000
"""
from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date

from tests.hostile import sized
from triage.answer.render import render
from triage.answer.report import triage
from triage.warmup import prepare


def main() -> None:
    row, size = sys.argv[1], int(sys.argv[2])
    prepare()  # what a worker has done before its first ticket
    text = sized(row, size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    render(triage(text, now=date(2026, 11, 22)), "json")
    seconds = time.perf_counter() - started
    extra_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    json.dump({"seconds": seconds, "extra_mib": extra_kib / 1024}, sys.stdout)


if __name__ == "__main__":
    main()

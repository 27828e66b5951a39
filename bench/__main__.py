"""`python -m bench`: the figures bbhelp promises, printed as a Markdown table.

Why a script and not tests: latency, throughput, scaling and memory are figures
to read on the target machine (2 cores), not pass/fail checks that flake on a
busy CI runner. Targets are printed beside each figure.

  python -m bench            all sections, 100,000 triages for memory, 10,000 forked cases (about 15 minutes)
  python -m bench --quick    fewer rounds, triages and cases (about two minutes)
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import NamedTuple
from unittest import mock

import httpx
import hypothesis

from tests.curl_compare import parsed, path_of, sent_by_curl
from tests.curl_grammar import command
from tests.hostile import ROWS as HOSTILE
from tests.loopback import BbhelpServe, Recorder, children, cpu_seconds, rss_kib, tree_cpu_seconds
from tests.slack_standin import SignedClient, SlackStandIn
from tests.seeds import SEEDS, question
from triage.answer import report
from triage.answer.render import render
from triage.answer.report import triage
from triage.knowledge import demo_ticket, load
from triage.read.extract import extract
from triage.warmup import prepare

ROOT = Path(__file__).resolve().parents[1]
TYPICAL = Path(__file__).with_name("typical_4kb.txt")  # a whole thread: prose, code, traceback, curl -v, git
NOW = date(2026, 11, 22)
ROWS: list[tuple[str, str, str]] = []
SECTIONS = ("inprocess", "scaling", "hostile", "reader", "startup", "rest", "served", "slack", "memory", "forked")


def row(figure: str, value: str, target: str = "") -> None:
    ROWS.append((figure, value, target))
    print(f"  {figure}: {value}" + (f"  (target {target})" if target else ""), file=sys.stderr, flush=True)


def corpus() -> list[str]:
    """The seeds' questions (when shared/ is beside the checkout), their variations, the catalog's
    positive examples and the demo ticket."""
    texts = [demo_ticket()]
    texts += [v["text"] for v in tomllib.loads((ROOT / "tests/data/seed_variations.toml").read_text())["variation"]]
    texts += [example.text for mistake in load().mistakes.values() for example in mistake.positive]
    if SEEDS.is_dir():
        texts += [question(path.name[:3]) for path in sorted(SEEDS.glob("*.txt"))]
    return texts


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def timed(work: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    work(*args)
    return time.perf_counter() - started


def triage_now(text: str) -> object:
    return triage(text, now=NOW)


def in_process(texts: list[str], rounds: int) -> None:
    for text in texts:
        triage(text, now=NOW)  # warm: ruleset, caches
    prepare()  # as bbhelp serve and the Slack app start
    for name, work in (("triage", triage_now), ("extraction", extract)):
        latencies = [timed(work, text) for _ in range(rounds) for text in texts]
        row(f"{name} over the corpus ({len(texts)} tickets): p50 / p99",
            f"{percentile(latencies, .5) * 1000:.2f} / {percentile(latencies, .99) * 1000:.2f} ms")
        row(f"{name} throughput, one thread", f"{len(latencies) / sum(latencies):.0f} tickets/s")
    for name, ticket in (("the demo", demo_ticket()), ("bench/typical_4kb.txt", TYPICAL.read_text())):
        typical = [timed(triage_now, ticket) for _ in range(rounds * 100)]  # p99 of 3,000: the 30th slowest
        row(f"triage of a typical ticket ({name}, {len(ticket) / 1000:.1f} KB): p50 / p99",
            f"{percentile(typical, .5) * 1000:.2f} / {percentile(typical, .99) * 1000:.2f} ms", "p99 < 5 ms")
        row(f"… where its time goes (p50 per stage, {name})", stage_costs(ticket, rounds * 20))


def stage_costs(ticket: str, rounds: int) -> str:
    """The p50 of each step of the pipeline inside real triages: each step `triage` calls is wrapped
    in a timer for the while (the pipeline itself is not copied here, so the figure is of the code
    that runs)."""
    spent: dict[str, list[float]] = {}

    def timer(name: str, work: Callable[..., object]) -> Callable[..., object]:
        def timed_step(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return work(*args, **kwargs)
            finally:
                spent.setdefault(name, []).append(time.perf_counter() - started)
        return timed_step

    with contextlib.ExitStack() as stack:
        for owner, name in ((report, "extract_redacted"), (report, "observe"), (report.engine, "run"),
                            (report, "rank"), (report, "build_report"), (report, "answer_questions")):
            stack.enter_context(mock.patch.object(owner, name, timer(name, getattr(owner, name))))
        for _ in range(rounds):
            triage_now(ticket)
    return ", ".join(f"{'engine' if name == 'run' else name} {percentile(times, .5) * 1000:.2f}"
                     for name, times in spent.items()) + " ms"


def renamed(text: str, copy: int) -> str:
    """A copy of a ticket whose workspaces and tokens are its own: distinct requests and secrets,
    which the triage cannot fold into one as it does a repeated command."""
    text = re.sub(r"(bitbucket\.org/(?:2\.0/repositories/)?)([\w.-]+)", rf"\g<1>\g<2>-{copy}", text)
    return re.sub(r"\b(ATATT|ATCTT|ATBB)", rf"\g<1>{copy:06d}", text)


def sized(texts: list[str], size: int, distinct: bool) -> str:
    """A ticket of `size` characters made of the corpus, repeated or with every copy renamed."""
    block = "\n\n".join(texts)
    copies = size // len(block) + 1
    return "\n\n".join(renamed(block, i) if distinct else block for i in range(copies))[:size]


def scaling(texts: list[str]) -> None:
    per_kb = []
    for size in (1_000, 10_000, 100_000, 1_000_000):
        repeated, distinct = sized(texts, size, False), sized(texts, size, True)
        extraction = min(timed(extract, repeated) for _ in range(2))
        whole = min(timed(triage_now, repeated) for _ in range(2))
        renamed_whole = min(timed(triage_now, distinct) for _ in range(2))
        per_kb.append(renamed_whole * 1000 / (size / 1000))  # ms per KB
        row(f"{size // 1000:>5} KB ticket: extraction / triage; triage with every copy renamed",
            f"{extraction * 1000:.0f} / {whole * 1000:.0f} ms; {renamed_whole * 1000:.0f} ms",
            "1 MB < 1 s" if size == 1_000_000 else "")
    row("triage time per KB, every copy renamed: 10 KB, 100 KB, 1 MB",
        ", ".join(f"{v:.2f}" for v in per_kb[1:]) + " ms/KB", "flat (linear)")


class Load(NamedTuple):
    per_second: float
    p99: float
    errors: int
    server_cpu: float  # CPU seconds the server (every process of it) used per request
    client_cpu: float  # CPU seconds this process (the load's clients) used per request


def load_test(server: BbhelpServe, send: Callable[[httpx.Client], httpx.Response], seconds: float,
              workers: int) -> Load:
    """Throughput, p99 latency, errors and the CPU per request of the server and of the clients, for
    `workers` clients sending for `seconds`."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=server.url, timeout=10) as client:
            while time.monotonic() < stop:
                started = time.perf_counter()
                status = send(client).status_code
                with lock:
                    latencies.append(time.perf_counter() - started)
                    errors += status >= 400

    cpu_before, client_before = tree_cpu_seconds(server.process.pid), time.process_time()
    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server_cpu = (tree_cpu_seconds(server.process.pid) - cpu_before) / len(latencies)
    client_cpu = (time.process_time() - client_before) / len(latencies)
    return Load(len(latencies) / seconds, percentile(latencies, .99), errors, server_cpu, client_cpu)


def grammar_commands(count: int) -> list[str]:
    """`count` commands of tests/curl_grammar.py, the same ones on every run (derandomized)."""
    found: list[str] = []

    @hypothesis.settings(max_examples=count, derandomize=True, database=None, deadline=None)
    @hypothesis.given(command())
    def collect(text: str) -> None:
        found.append(text)

    collect()
    return found


def essentials(requests: list[tuple]) -> list[tuple]:
    """What any curl parser should get right: method, path and query, Authorization, body."""
    return [(method.upper(), path, dict(headers).get("authorization", ""), body)
            for method, path, headers, body in requests]


def uncurl_reading(text: str) -> list[tuple]:
    """uncurl's one request for the command, in the shape `essentials` compares."""
    from uncurl.api import parse_context  # a bench-only extra: pip install uncurl

    try:
        with contextlib.redirect_stderr(io.StringIO()):  # its argparse prints a usage for what it cannot read
            context = parse_context(text)
    except (Exception, SystemExit):  # noqa: BLE001 (and exits)
        return []
    headers = {name.lower(): value for name, value in context.headers.items()}
    if context.auth:
        pair = ":".join(context.auth).encode()
        headers.setdefault("authorization", "Basic " + base64.b64encode(pair).decode())
    return [(context.method, path_of(context.url), tuple(headers.items()), context.data or "")]


def reader(cases: int) -> None:
    """The curl reader against the real curl 7.88.1 on commands from the grammar of
    tests/curl_grammar.py (as the differential test), side by side with uncurl, the most used
    Python curl parser, on the same commands: agreement and time per command."""
    commands = grammar_commands(cases)
    with Recorder() as recorder:
        texts = [text.replace("@U@", f"http://127.0.0.1:{recorder.port}") for text in commands]
        real = [sent_by_curl(text, recorder) for text in texts]
    started = time.perf_counter()
    ours = [parsed(text) for text in texts]
    ours_seconds = time.perf_counter() - started
    in_full = sum(o == r for o, r in zip(ours, real))
    in_essence = sum(essentials(o) == essentials(r) for o, r in zip(ours, real))
    row(f"curl reader on {len(texts)} generated commands: agrees with curl in full / on method, path, "
        "Authorization and body; time per command",
        f"{in_full} / {in_essence}; {ours_seconds / len(texts) * 1e6:.0f} µs", "all")
    try:
        started = time.perf_counter()
        theirs = [uncurl_reading(text) for text in texts]
        theirs_seconds = time.perf_counter() - started
    except ImportError:
        row("uncurl on the same commands", "not installed (pip install uncurl)")
        return
    row(f"uncurl on the same {len(texts)} commands: agrees on method, path, Authorization and body; "
        "time per command", f"{sum(essentials(t) == essentials(r) for t, r in zip(theirs, real))}; "
        f"{theirs_seconds / len(texts) * 1e6:.0f} µs")


def startup(runs: int = 3) -> None:
    times = []
    for _ in range(runs):
        with BbhelpServe() as server:
            times.append(server.startup_seconds)
    row("bbhelp serve: seconds until /healthz answers (worst of %d)" % runs, f"{max(times):.2f} s", "< 3 s")


def rest(seconds: float, workers: int = 8) -> None:
    with BbhelpServe() as server:
        body = {"text": demo_ticket(), "format": "markdown", "now": NOW.isoformat()}
        httpx.post(server.url + "/v1/triage", json=body, timeout=10)  # warm
        trivial = load_test(server, lambda c: c.get("/healthz"), seconds, workers)
        triaged = load_test(server, lambda c: c.post("/v1/triage", json=body), seconds, workers)
    for name, measured in (("GET /healthz", trivial), ("POST /v1/triage", triaged)):
        row(f"REST {name}, {workers} clients, 1 server worker: req/s, p99, server CPU per request",
            f"{measured.per_second:.0f}/s, {measured.p99 * 1000:.1f} ms, {measured.server_cpu * 1000:.2f} ms")
    row("REST triage / trivial throughput", f"{triaged.per_second / trivial.per_second:.2f}", ">= 0.5")
    row("REST errors (4xx/5xx) during the load", f"{trivial.errors + triaged.errors}", "0")


def in_process_cpu(text: str, runs: int = 300) -> float:
    """CPU seconds per answer made in this process: triage and render, what serving adds to."""
    prepare()
    triage(text, now=NOW)
    started = time.process_time()
    for _ in range(runs):
        render(triage(text, now=NOW), "markdown")
    return (time.process_time() - started) / runs


def served(seconds: float, clients: int = 8) -> None:
    """`bbhelp serve --workers 1` and `--workers 2` under the same load: the scaling ratio, and the
    CPU a served triage costs every process of the server (supervisor, server workers, triage
    processes, store) against the same answer made in-process. The clients share the cores: their
    CPU per request is printed too, and how many cores were busy in all. One server worker already
    triages in processes of its own (one per CPU it is given), so it can keep every core busy."""
    text = TYPICAL.read_text()
    body = {"text": text, "format": "markdown", "now": NOW.isoformat()}
    loads = {}
    with tempfile.TemporaryDirectory() as scratch:
        for count in (1, 2):
            env = {"BBHELP_DATABASE_URL": f"sqlite:///{scratch}/served{count}.db", "BBHELP_API_KEYS": ""}
            with BbhelpServe(env=env, workers=count) as server:
                while len(children(server.process.pid, marker="spawn_main")) < count:  # every worker warm
                    time.sleep(0.1)
                for _ in range(4 * count):
                    httpx.post(server.url + "/v1/triage", json=body, timeout=10)
                loads[count] = load_test(server, lambda c: c.post("/v1/triage", json=body), seconds, clients)
    own = in_process_cpu(text)
    for count, measured in loads.items():
        busy = (measured.server_cpu + measured.client_cpu) * measured.per_second
        row(f"served triage (4 KB thread), {clients} clients, --workers {count}: req/s, p99, server CPU, client CPU "
            f"per triage, cores busy (of {os.cpu_count()})",
            f"{measured.per_second:.0f}/s, {measured.p99 * 1000:.1f} ms, {measured.server_cpu * 1000:.2f} ms, "
            f"{measured.client_cpu * 1000:.2f} ms, {busy:.2f}")
    row("served throughput, --workers 2 / --workers 1", f"{loads[2].per_second / loads[1].per_second:.2f}", ">= 1.7")
    row("server CPU per served triage / in-process (triage + render, "
        f"{own * 1000:.2f} ms)", f"{loads[2].server_cpu / own:.2f}", "<= 2")
    row("served errors (4xx/5xx) during the load", f"{loads[1].errors + loads[2].errors}", "0")


def slack_ack(rounds: int, concurrent: int = 20) -> None:
    """Bursts of `concurrent` signed /bbhelp commands sent at the same moment (a 2,900-character ticket
    each, the most a command carries in practice) to `bbhelp serve --workers 2`, whose Web API is a
    loopback stand-in: how long Slack would wait for each ack (its limit is 3 s). Each burst's answers
    are awaited before the next. The store is SQLite, or PostgreSQL at BBHELP_BENCH_POSTGRES_URL."""
    secret = "8f14e45fceea167a5a36dedd4bea2543"
    standin = SlackStandIn()
    ticket = TYPICAL.read_text()[:2900]
    limits = httpx.Limits(max_connections=concurrent, max_keepalive_connections=concurrent)
    with tempfile.TemporaryDirectory() as scratch, standin.recorder:
        store = os.environ.get("BBHELP_BENCH_POSTGRES_URL") or f"sqlite:///{scratch}/slack.db"
        env = {"BBHELP_DATABASE_URL": store, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": secret,
               "SLACK_API_URL": standin.url + "/api/"}
        with (BbhelpServe(env=env, workers=2) as server, ThreadPoolExecutor(concurrent) as pool,
              httpx.Client(limits=limits) as http):
            client = SignedClient(server.url, secret, http)  # one client: no TLS context built per command
            measured: list[tuple[float, int]] = []
            for burst in range(rounds + 1):  # the first burst warms connections and workers
                start = threading.Barrier(concurrent)

                def command(i: int) -> tuple[float, int]:
                    start.wait()
                    started = time.perf_counter()
                    status = client.command(ticket, response_url=f"{standin.url}/respond/{i}").status_code
                    return time.perf_counter() - started, status

                acks = list(pool.map(command, range(concurrent)))
                measured += acks if burst else []
                standin.wait_for("respond", count=(burst + 1) * concurrent, timeout=120)
    latencies = [seconds for seconds, _ in measured]
    row(f"Slack /bbhelp ack, bursts of {concurrent} signed commands ({len(measured)} in all, "
        f"{store.split(':')[0]} store): p50, p99", f"{percentile(latencies, .5) * 1000:.0f} ms, "
        f"{percentile(latencies, .99) * 1000:.0f} ms", "p99 < 300 ms")
    row("Slack acks that were not 200", f"{sum(status != 200 for _, status in measured)}", "0")


def memory(triages: int) -> None:
    ticket = demo_ticket()
    for _ in range(1000):
        triage(ticket, now=NOW)  # warm caches and allocator before the baseline
    before = rss_kib()
    for _ in range(triages):
        triage(ticket, now=NOW)
    after = rss_kib()
    row(f"RSS before / after {triages:,} triages", f"{before / 1024:.1f} / {after / 1024:.1f} MiB "
        f"({(after - before) / before * 100:+.1f}%)", "growth < 10%")


def hostile(sizes: tuple[int, ...]) -> None:
    """Each hostile row (tests/hostile.py) at each size, in a fresh process: seconds and extra memory."""
    worst_seconds = worst_memory = 0.0
    for name in HOSTILE:
        figures = []
        for size in sizes:
            run = subprocess.run([sys.executable, "-m", "bench.hostile", name, str(size)], capture_output=True,
                                 text=True, cwd=ROOT, timeout=600)
            measured = json.loads(run.stdout) if run.returncode == 0 else {"seconds": float("nan"), "extra_mib": 0}
            figures.append(measured)
        worst_seconds = max(worst_seconds, figures[-1]["seconds"])
        worst_memory = max(worst_memory, max(f["extra_mib"] for f in figures))
        seconds = ", ".join(f"{f['seconds']:.3f}" for f in figures)
        per_kb = ", ".join(f"{f['seconds'] * 1e6 / size:.2f}" for f, size in zip(figures, sizes))
        row(f"hostile: {name}: seconds at {', '.join(f'{s // 1000} KB' for s in sizes)}; ms per KB; extra MiB",
            f"{seconds}; {per_kb}; {max(f['extra_mib'] for f in figures):.0f}", "1 MB <= 1 s, <= 100 MiB, ms/KB flat")
    row("hostile: worst row at the largest size: seconds; extra MiB", f"{worst_seconds:.2f}; {worst_memory:.0f}",
        "<= 1 s; <= 100 MiB")


def forked(cases: int) -> None:
    """Each case triaged in a fresh process (tests/forked.py), malloc'd memory never zero by luck."""
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "tests.forked", "--cases", str(cases)], capture_output=True,
                         text=True, cwd=ROOT, env={**os.environ, "MALLOC_PERTURB_": "165"})
    outcomes = json.loads(run.stdout)["outcomes"] if run.returncode == 0 else {"runner failed": 1}
    abnormal = sum(count for outcome, count in outcomes.items() if outcome != "ok")
    row(f"cases triaged each in a fresh process ({cases:,}, MALLOC_PERTURB_=165): abnormal exits",
        f"{abnormal} ({', '.join(f'{k}: {v}' for k, v in sorted(outcomes.items()))}; "
        f"{time.perf_counter() - started:.0f} s)", "0")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, 5,000 triages for memory")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run just this section (repeatable)")
    args = parser.parse_args()
    os.environ["BBHELP_RATE_PER_MINUTE"] = "100000000"  # the load is one client address: no 429s in the figures
    sections = args.only or list(SECTIONS)
    texts = corpus()
    print(f"bench on {platform.node()}: {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}", file=sys.stderr)
    if "inprocess" in sections:
        in_process(texts, rounds=5 if args.quick else 30)
    if "scaling" in sections:
        scaling(texts)
    if "hostile" in sections:
        hostile((10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000))
    if "reader" in sections:
        reader(100 if args.quick else 300)
    if "startup" in sections:
        startup()
    if "rest" in sections:
        rest(seconds=3 if args.quick else 10)
    if "served" in sections:
        served(seconds=5 if args.quick else 15)
    if "slack" in sections:
        slack_ack(rounds=2 if args.quick else 10)
    if "memory" in sections:
        memory(5_000 if args.quick else 100_000)
    if "forked" in sections:
        forked(1_000 if args.quick else 10_000)
    print("\n| figure | value | target |\n| --- | --- | --- |")
    for figure, value, target in ROWS:
        print(f"| {figure} | {value} | {target} |")
    print(f"\n(median of the corpus ticket sizes: {statistics.median(len(t) for t in texts):.0f} chars)")


if __name__ == "__main__":
    main()

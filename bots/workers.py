"""Triage in supervised worker processes, so that a crash in the C rule engine costs one answer,
not the service.

Why processes: durable_rules is a C extension; a memory error in it ends the process it runs in,
which no `try` can catch. The server process (HTTP, the web page, Slack) only waits on futures;
the triage runs in a pool of worker processes. When one dies, the requests it was serving fail
with `EngineCrashed` (a 500 problem, or a short Slack message), the pool is replaced, and the next
request is answered by fresh workers. Each worker warms up (knowledge base, ruleset, templates)
before it takes its first ticket.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from datetime import date

from triage.answer.report import Report, triage
from triage.logs import get_logger
from triage.warmup import prepare

LOG = get_logger("workers")


class EngineCrashed(RuntimeError):
    """The worker process triaging a request ended abnormally (it has been replaced)."""


ORPHAN_CHECK_SECONDS = 1.0


def _start_worker(parent: int) -> None:
    """A worker's start: warm up, and end when the server process that started it is gone. A server
    worker killed outright (SIGKILL, the OOM killer) cannot shut its pool down; without this its
    triage processes would live on, orphaned, each holding a warm knowledge base."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()
    prepare()


def _ready() -> int:
    """A worker's answer to the warm-up call: its pid, once prepare() has run (the initializer)."""
    return os.getpid()


class TriageWorkers:
    """A pool of `processes` worker processes that triage tickets; started on first use (or by
    `start()`), replaced whole when one of them dies."""

    def __init__(self, processes: int) -> None:
        if processes < 1:
            raise ValueError("at least one triage worker process is needed")
        self.processes = processes
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the server has threads (the thread pool, Slack's), and a forked child
        # of a threaded process may inherit a lock some other thread held.
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(os.getpid(),))

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = self._new_pool()
            return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:  # another request may have replaced it already
                self._pool = self._new_pool()
                self.restarts += 1
                LOG.error("a triage worker process ended abnormally; the pool was restarted (%d so far)",
                          self.restarts)
        broken.shutdown(wait=False, cancel_futures=True)

    def start(self) -> list[int]:
        """Start every worker and wait until each has warmed up; their pids."""
        pool = self._current()
        calls = [pool.submit(_ready) for _ in range(self.processes)]
        wait(calls)
        return sorted({call.result() for call in calls})

    def triage(self, text: str, now: date | None = None) -> Report:
        """The report for a ticket, made in a worker process. Raises EngineCrashed when the worker
        died while making it; a pool found broken before the request is replaced first."""
        for attempt in range(2):
            pool = self._current()
            try:
                future = pool.submit(triage, text, now)
            except BrokenProcessPool:  # broken by an earlier request: this one never reached it
                self._replace(pool)
                continue
            try:
                return future.result()
            except BrokenProcessPool:
                self._replace(pool)
                raise EngineCrashed("the triage worker stopped while answering; it was restarted") from None
        raise EngineCrashed("the triage workers could not be started")

    def pids(self) -> list[int]:
        """The worker processes alive now (for tests and the health check)."""
        pool = self._pool
        processes = getattr(pool, "_processes", None) or {}
        return sorted(pid for pid, process in dict(processes).items() if process.is_alive())

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

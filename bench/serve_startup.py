"""Seconds from starting `bbhelp serve` until /healthz answers (target: under 3 s).

Why a script: start-up time is a figure to watch on the target machine, not a
timed unit test. Run: python bench/serve_startup.py [--runs N]
"""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def once() -> float:
    port = free_port()
    command = [shutil.which("bbhelp") or "bbhelp", "serve", "--host", "127.0.0.1", "--port", str(port)]
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < 30:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.02)
        raise SystemExit("bbhelp serve did not answer within 30 s")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = [once() for _ in range(parser.parse_args().runs)]
    print(f"bbhelp serve ready in: {', '.join(f'{r:.2f}' for r in runs)} s (max {max(runs):.2f} s)")


if __name__ == "__main__":
    main()

"""Every regular expression the project compiles: at import, and while triaging the corpus.

Why at run time: patterns are built from parts (f-strings, catalog templates, a ticket's secrets),
compiled inline (`re.search(r"…", …)`) or kept in tables; reading the source would miss some.
A hook on `re._compile`, installed before any project module is imported, sees each one with
the project file and line that asked for it.

    python -m tests.patterns   # prints a JSON list of {pattern, flags, where}
"""
from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("triage", "bots")


def _install_hook(found: dict[tuple[str, int], str]) -> None:
    original = re._compile  # type: ignore[attr-defined]

    def compile_and_note(pattern, flags):  # noqa: ANN001 (re's own signature)
        if isinstance(pattern, str):
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename.startswith(str(Path(re.__file__).parent)):
                frame = frame.f_back  # past re's own functions to the caller
            where = frame.f_code.co_filename if frame is not None else ""
            if where.startswith(str(ROOT)) and "/tests/" not in where and "/.venv/" not in where:
                found.setdefault((pattern, int(flags)), f"{Path(where).relative_to(ROOT)}:{frame.f_lineno}")
        return original(pattern, flags)

    re._compile = compile_and_note  # type: ignore[attr-defined]


def collect() -> list[dict[str, object]]:
    found: dict[tuple[str, int], str] = {}
    _install_hook(found)
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, package + "."):
            if ".migrations" not in info.name:
                importlib.import_module(info.name)
    from tests.corpus import examples
    from triage.answer.render import FORMATS, render
    from triage.answer.report import triage

    for text in examples():
        report = triage(text, now=date(2026, 11, 22))
        for fmt in FORMATS:
            render(report, fmt)
        _ = report.ticket
    return [{"pattern": pattern, "flags": flags, "where": where} for (pattern, flags), where in found.items()]


if __name__ == "__main__":
    json.dump(collect(), sys.stdout)

"""The five community threads in ../shared/seeds, whole or split into the asker's posts and the
support answers (line ranges in tests/data/seed_questions.toml)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
RANGES = tomllib.loads((Path(__file__).parent / "data" / "seed_questions.toml").read_text())["seed"]
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the checkout")


def thread(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text()


def _lines(prefix: str, asker: bool) -> str:
    keep = {n for first, last in RANGES[prefix]["asker"] for n in range(first, last + 1)}
    return "\n".join(line for n, line in enumerate(thread(prefix).splitlines(), 1) if (n in keep) is asker)


def question(prefix: str) -> str:
    """What the asker wrote: the question and their own follow-up comments."""
    return _lines(prefix, asker=True)


def answers(prefix: str) -> str:
    """What everybody else wrote: the support answers."""
    return _lines(prefix, asker=False)

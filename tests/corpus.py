"""Tickets to run the whole pipeline on: every example the project has written (each mistake's
positive and negative examples, the seed variations, the knowledge questions, the demo ticket)
and mixtures of them, as real threads mix commands, output, code and prose.

Why generated mixtures: crashes and slow paths hide in combinations no single example holds (a
git command beside a curl transcript, a ticket cut off mid-quote). A seeded generator gives the
same cases on every run, so a failure names a case that can be run again.
"""
from __future__ import annotations

import random
import tomllib
from pathlib import Path

from triage.knowledge import demo_ticket, load

DATA = Path(__file__).parent / "data"


def examples() -> list[str]:
    """Every ticket-shaped text the project wrote, each once, in a stable order."""
    texts = [demo_ticket()]
    for mistake in load().mistakes.values():
        texts += [example.text for example in mistake.positive + mistake.negative]
    texts += [v["text"] for v in tomllib.loads((DATA / "seed_variations.toml").read_text())["variation"]]
    texts += [q["text"] for q in tomllib.loads((DATA / "questions.toml").read_text())["q"]]
    return list(dict.fromkeys(texts))


def mixture(pool: list[str], rng: random.Random) -> str:
    """Two to five examples joined as a thread would join them, sometimes cut short or with a
    line dropped (pastes lose their ends and middles)."""
    parts = rng.sample(pool, rng.randint(2, min(5, len(pool))))
    text = rng.choice(("\n", "\n\n", "\n---\n", " ")).join(parts)
    roll = rng.random()
    if roll < 0.2:
        text = text[:rng.randint(1, len(text))]
    elif roll < 0.35:
        lines = text.split("\n")
        del lines[rng.randrange(len(lines))]
        text = "\n".join(lines)
    return text


def cases(count: int, seed: int = 14) -> list[str]:
    """`count` tickets: the examples first, then mixtures of them."""
    pool = examples()
    rng = random.Random(seed)
    out = pool[:count]
    while len(out) < count:
        out.append(mixture(pool, rng))
    return out

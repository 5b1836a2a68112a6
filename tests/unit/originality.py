"""How the originality check compares text with the source article: lower-case
words, and a short hash of every run of RUN words in a row."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

RUN = 8  # words in a row that may not be shared with the seed article
HASHES_FILE = Path(__file__).resolve().parents[1] / "assets" / "seed-runs.txt"
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def tokens(text: str) -> list[str]:
    """Lowercase words, curly quotes normalised, apostrophes and punctuation dropped."""
    text = text.translate(_QUOTES).lower().replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def run_hash(words: tuple[str, ...] | list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


def runs(words: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + size]) for i in range(len(words) - size + 1)]


def run_hashes(words: list[str], size: int) -> set[str]:
    return {run_hash(run) for run in runs(words, size)}


def seed_hashes() -> set[str]:
    lines = HASHES_FILE.read_text().splitlines()
    return {line for line in lines if line and not line.startswith("#")}

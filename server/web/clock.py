"""The one clock: aware UTC, so every stored moment compares with every other."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)

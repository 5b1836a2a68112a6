"""Dates in words, through Babel (one place, so a language change is one change)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date


def long_date(value: date | datetime, locale: str = "en") -> str:
    """28 November 2026 style, in the locale's own order ("November 28, 2026")."""
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, format="long", locale=locale)

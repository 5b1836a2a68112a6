"""Dates in words, through Babel (one place, so a language change is one change)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date

from server.web.clock import utcnow
from server.web.i18n import current_language


@cache
def _locale(language: str) -> Locale:
    # Parsed once per language: parsing it again for each date doubled the cost
    # of a page of journal cards' dates.
    return Locale.parse(language)


def long_date(value: date | datetime, locale: str | None = None) -> str:
    """28 November 2026 style, in the language's own order ("November 28, 2026",
    "28 de noviembre de 2026"); the reader's language unless one is given."""
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, format="long", locale=_locale(locale or current_language()))


def short_date(day: date, pattern: str) -> str:
    """A date by a fixed CLDR pattern ("d MMM y": "1 Mar 2025", "1 mar 2025") in the
    reader's language: for lists and charts, where the same order on every row reads
    best."""
    return _formatted(day, pattern, current_language())


# A journal's cards show the same days page after page: each is formatted once.
@lru_cache(maxsize=4096)
def _formatted(day: date, pattern: str, language: str) -> str:
    return format_date(day, pattern, locale=_locale(language))


def readable(value: object, locale: str | None = None) -> object:
    """A date, a datetime or an ISO date string in words; anything else unchanged.
    For the export, where stored values are shown to the person who wrote them."""
    if isinstance(value, date | datetime):
        return long_date(value, locale)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-":
        try:
            return long_date(datetime.fromisoformat(value), locale)
        except ValueError:
            return value
    return value


def zone_or_utc(name: str | None) -> ZoneInfo:
    """An IANA zone by name; UTC when the name is empty or not one."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_date(instant: datetime, zone_name: str | None) -> date:
    """A person's local date: the calendar date of `instant` (naive counts as UTC)
    in their zone, so a change of clocks neither skips nor repeats a day."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone_or_utc(zone_name)).date()


def today_in(zone_name: str | None, now: datetime | None = None) -> date:
    """Today's date in an IANA zone; in UTC when the name is not one."""
    return local_date(now or utcnow(), zone_name)

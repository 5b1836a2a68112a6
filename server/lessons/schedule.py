"""Which lesson is "today's" for a person: pure functions, time passed in.

The rule, chosen to be kind and to never skip content:

1. A person who finished one or more lessons earlier in their current local day
   (in their own time zone) keeps seeing the last of those (the highest day) as
   today's lesson until their local midnight. So the program offers one new lesson
   per local day, and finishing a lesson gives a moment of rest instead of the
   next thing to do.
2. Otherwise today's lesson is the first lesson, by day, that they have not marked
   done. A missed day therefore never skips content: they continue where they left
   off. Reading ahead (marking later lessons done) moves them forward; gaps left
   behind are picked up first.
3. When every lesson is done, today's lesson is the last one (the program is
   complete, which the page says).

Day 1 is therefore today's lesson on the local day a person joins (nothing is done
yet), whatever the hour; the join date needs no arithmetic of its own, and there is
no calendar to fall behind. Visitors without an account get day 1.

"Local day" is the calendar date of an instant in the person's IANA time zone
(zoneinfo), so DST changes neither skip nor repeat a day; an unknown zone name
counts as UTC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from server.web.dates import local_date


def todays_day(
    days: Sequence[int],
    done: Mapping[int, datetime],
    *,
    timezone: str | None,
    now: datetime,
) -> int | None:
    """Today's lesson day number (see the module docstring), or None with no lessons.

    `days`: the program's day numbers; `done`: day -> when it was marked done.
    """
    program = sorted(days)
    if not program:
        return None
    today = local_date(now, timezone)
    finished_today = [
        day
        for day in program
        if day in done and local_date(done[day], timezone) == today
    ]
    if finished_today:
        return max(finished_today)
    return next((day for day in program if day not in done), program[-1])


def next_day_after(
    days: Sequence[int], done: Mapping[int, datetime], day: int
) -> int | None:
    """The next lesson not yet done after `day` (what "read ahead" offers), if any."""
    return next((d for d in sorted(days) if d > day and d not in done), None)


def is_complete(days: Sequence[int], done: Mapping[int, datetime]) -> bool:
    return bool(days) and all(day in done for day in days)

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.push.models import ReminderSetting, first_slot_from, slot_instant
from server.push.sender import retry_after_seconds, topic_for

NY = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")


def test_a_wall_time_that_does_not_exist_moves_just_after_the_gap() -> None:
    # 2025-03-09 02:30 does not exist in New York (02:00 -> 03:00).
    assert slot_instant(date(2025, 3, 9), time(2, 30), NY) == datetime(
        2025, 3, 9, 7, 30, tzinfo=UTC
    )
    assert slot_instant(date(2025, 3, 9), time(2, 30), NY).astimezone(NY).hour == 3


def test_a_wall_time_that_happens_twice_is_used_once() -> None:
    # 2025-10-26 02:30 happens twice in Paris: the first one counts.
    assert slot_instant(date(2025, 10, 26), time(2, 30), PARIS) == datetime(
        2025, 10, 26, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        (NY, date(2025, 3, 7)),
        (NY, date(2025, 10, 31)),
        (PARIS, date(2025, 3, 28)),
        (PARIS, date(2025, 10, 24)),
    ],
)
@pytest.mark.parametrize(
    "at",
    [
        time(0, 0),
        time(1, 30),
        time(2, 0),
        time(2, 30),
        time(3, 0),
        time(8, 0),
        time(23, 59),
    ],
)
def test_each_local_day_has_exactly_one_slot_across_dst(
    zone: ZoneInfo, start: date, at: time
) -> None:
    r = ReminderSetting(enabled=True, remind_at=at.strftime("%H:%M"), timezone=zone.key)
    begin = slot_instant(start, at, zone) - timedelta(minutes=1)
    r.reschedule(begin)
    days = []
    for _ in range(5):
        assert r.next_due_at is not None and r.next_local_date is not None
        assert r.next_due_at.astimezone(zone).date() == r.next_local_date
        days.append(r.next_local_date)
        r.advance()
    assert days == [start + timedelta(days=k) for k in range(5)]


def test_turning_on_after_todays_time_starts_tomorrow() -> None:
    nine = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    r = ReminderSetting(
        enabled=True, remind_at="08:00", timezone="UTC", enabled_at=nine
    )
    r.reschedule(nine)
    assert r.next_local_date == date(2025, 6, 3)


def test_turning_on_before_todays_time_starts_today() -> None:
    seven = datetime(2025, 6, 2, 7, 0, tzinfo=UTC)
    r = ReminderSetting(
        enabled=True, remind_at="08:00", timezone="UTC", enabled_at=seven
    )
    r.reschedule(seven)
    assert r.next_due_at == datetime(2025, 6, 2, 8, 0, tzinfo=UTC)


def test_first_slot_from_the_exact_minute_is_that_minute() -> None:
    at = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
    assert first_slot_from(at, time(8, 0), ZoneInfo("UTC")) == (date(2025, 6, 2), at)


def test_topics_are_short_url_safe_and_differ_per_person_day() -> None:
    import re

    a = topic_for("u1", date(2025, 6, 1))
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", a)
    assert a != topic_for("u1", date(2025, 6, 2)) != topic_for("u2", date(2025, 6, 1))


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after_seconds("120", 0) == 120
    assert retry_after_seconds("Thu, 01 Jan 1970 00:01:40 GMT", 0) == 100
    assert retry_after_seconds("soon", 0) is None
    assert retry_after_seconds(None, 0) is None

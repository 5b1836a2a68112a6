"""Today's lesson arithmetic (server/lessons/schedule.py): time zones, DST, missed
days, read-ahead. Every instant is given in UTC and read in the person's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from server.lessons.schedule import is_complete, local_date, next_day_after, todays_day

DAYS = list(range(1, 37))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_it_offers_day_1_on_the_day_someone_joins_whatever_the_hour() -> None:
    # Joined 23:50 in Los Angeles; ten minutes later it is a new local day.
    for now in (utc(2026, 5, 5, 6, 50), utc(2026, 5, 5, 7, 10), utc(2026, 5, 9, 12)):
        assert todays_day(DAYS, {}, timezone="America/Los_Angeles", now=now) == 1


def test_visitors_and_unknown_zones_count_as_utc() -> None:
    assert todays_day(DAYS, {}, timezone=None, now=utc(2026, 1, 1)) == 1
    assert local_date(utc(2026, 1, 1, 23), "Not/A_Zone") == date(2026, 1, 1)


def test_it_has_nothing_to_offer_without_lessons() -> None:
    assert todays_day([], {}, timezone="UTC", now=utc(2026, 1, 1)) is None


def test_a_finished_lesson_stays_todays_until_local_midnight() -> None:
    done = {1: utc(2026, 5, 5, 9)}  # 09:00 UTC = 10:00 in London
    same_evening = utc(2026, 5, 5, 22, 59)  # 23:59 in London
    next_morning = utc(2026, 5, 5, 23, 1)  # 00:01 in London
    assert todays_day(DAYS, done, timezone="Europe/London", now=same_evening) == 1
    assert todays_day(DAYS, done, timezone="Europe/London", now=next_morning) == 2


def test_auckland_and_los_angeles_see_different_days_at_the_same_instant() -> None:
    # Both finished day 1 at 2026-05-05 10:00 UTC: 22:00 on the 5th in Auckland
    # (NZST, +12) and 03:00 on the 5th in Los Angeles (PDT, -7).
    done = {1: utc(2026, 5, 5, 10)}
    now = utc(2026, 5, 5, 13)  # 01:00 on the 6th in Auckland, 06:00 on the 5th in LA
    assert local_date(now, "Pacific/Auckland") == date(2026, 5, 6)
    assert local_date(now, "America/Los_Angeles") == date(2026, 5, 5)
    assert todays_day(DAYS, done, timezone="Pacific/Auckland", now=now) == 2
    assert todays_day(DAYS, done, timezone="America/Los_Angeles", now=now) == 1


def test_a_short_spring_forward_night_still_turns_the_day() -> None:
    # Los Angeles springs forward at 2026-03-08 02:00 local.
    done = {4: utc(2026, 3, 8, 7, 30)}  # 23:30 PST on the 7th
    before_midnight = utc(2026, 3, 8, 7, 59)  # 23:59 PST on the 7th
    after_midnight = utc(2026, 3, 8, 8, 1)  # 00:01 PST on the 8th
    after_the_jump = utc(2026, 3, 8, 10, 30)  # 03:30 PDT on the 8th
    days_done = {1: utc(2026, 3, 5), 2: utc(2026, 3, 6), 3: utc(2026, 3, 7), **done}
    zone = "America/Los_Angeles"
    assert todays_day(DAYS, days_done, timezone=zone, now=before_midnight) == 4
    assert todays_day(DAYS, days_done, timezone=zone, now=after_midnight) == 5
    assert todays_day(DAYS, days_done, timezone=zone, now=after_the_jump) == 5


def test_the_repeated_hour_when_clocks_fall_back_is_the_same_day() -> None:
    # Los Angeles falls back at 2026-11-01 02:00 PDT: 01:30 happens twice.
    done = {1: utc(2026, 11, 1, 8, 30)}  # first 01:30 (PDT)
    second_one_thirty = utc(2026, 11, 1, 9, 30)  # second 01:30 (PST)
    late_evening = utc(2026, 11, 2, 7, 59)  # 23:59 PST on the 1st
    next_day = utc(2026, 11, 2, 8, 0)  # 00:00 PST on the 2nd
    zone = "America/Los_Angeles"
    assert todays_day(DAYS, done, timezone=zone, now=second_one_thirty) == 1
    assert todays_day(DAYS, done, timezone=zone, now=late_evening) == 1
    assert todays_day(DAYS, done, timezone=zone, now=next_day) == 2


def test_auckland_dst_start_turns_the_day_at_local_midnight() -> None:
    # New Zealand springs forward on 2026-09-27 at 02:00 NZST (+12 -> +13).
    done = {1: utc(2026, 9, 26, 11, 30)}  # 23:30 NZST on the 26th
    assert local_date(utc(2026, 9, 26, 11, 59), "Pacific/Auckland") == date(2026, 9, 26)
    assert (
        todays_day(
            DAYS, done, timezone="Pacific/Auckland", now=utc(2026, 9, 26, 11, 59)
        )
        == 1
    )
    assert (
        todays_day(DAYS, done, timezone="Pacific/Auckland", now=utc(2026, 9, 26, 12, 1))
        == 2
    )
    assert local_date(utc(2026, 9, 26, 14, 30), "Pacific/Auckland") == date(2026, 9, 27)


def test_missed_days_never_skip_content() -> None:
    done = {1: utc(2026, 5, 1, 9), 2: utc(2026, 5, 2, 9)}
    ten_days_later = utc(2026, 5, 12, 9)
    assert todays_day(DAYS, done, timezone="UTC", now=ten_days_later) == 3


def test_reading_ahead_moves_people_forward_and_gaps_come_first() -> None:
    morning = utc(2026, 5, 1, 8)
    done = {1: morning, 2: utc(2026, 5, 1, 9), 3: utc(2026, 5, 1, 10)}
    # The same day they see the last lesson they finished; the next day, day 4.
    assert todays_day(DAYS, done, timezone="UTC", now=utc(2026, 5, 1, 20)) == 3
    assert todays_day(DAYS, done, timezone="UTC", now=utc(2026, 5, 2, 8)) == 4
    # Someone who jumped ahead to day 10 is brought back to the first gap.
    jumped = {1: morning, 10: morning}
    assert todays_day(DAYS, jumped, timezone="UTC", now=utc(2026, 5, 3)) == 2
    assert next_day_after(DAYS, jumped, 1) == 2
    assert next_day_after(DAYS, jumped, 9) == 11


def test_undoing_a_lesson_brings_it_back() -> None:
    done = {1: utc(2026, 5, 1), 3: utc(2026, 5, 2)}
    assert todays_day(DAYS, done, timezone="UTC", now=utc(2026, 5, 5)) == 2


def test_when_everything_is_done_the_last_lesson_stays() -> None:
    done = {day: utc(2026, 1, 1) for day in DAYS}
    assert is_complete(DAYS, done)
    assert todays_day(DAYS, done, timezone="UTC", now=utc(2026, 6, 1)) == 36
    assert next_day_after(DAYS, done, 36) is None
    assert not is_complete(DAYS, {})
    assert not is_complete([], {})


def test_day_numbers_with_gaps_are_followed_in_order() -> None:
    assert (
        todays_day([3, 1, 7], {1: utc(2026, 1, 1)}, timezone="UTC", now=utc(2026, 1, 2))
        == 3
    )


def test_a_naive_instant_counts_as_utc() -> None:
    assert local_date(datetime(2026, 1, 1, 23, 30), "Pacific/Auckland") == date(
        2026, 1, 2
    )

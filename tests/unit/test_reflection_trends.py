from __future__ import annotations

from datetime import date, timedelta

from server.reflections.charts import HEIGHT, MAX_MONTHS, bar_chart, line_chart
from server.reflections.trends import (
    Entry,
    points_for,
    repair_by_month,
    trends_for,
)


def entry(day: str, intensity=None, connection=None, repair="") -> Entry:
    return Entry(date.fromisoformat(day), intensity, connection, repair)


def test_it_needs_three_entries_before_showing_trends() -> None:
    assert not trends_for([entry("2025-01-01", 5)] * 2).enough
    assert trends_for([entry("2025-01-01", 5)] * 3).enough


def test_repair_rate_counts_only_answered_entries() -> None:
    months = repair_by_month(
        [
            entry("2025-05-02", repair="tried"),
            entry("2025-05-10", repair="not-yet"),
            entry("2025-05-20", repair="tried"),
            entry("2025-05-21"),
            entry("2025-06-01", repair="not-yet"),
        ]
    )
    may, june = months
    assert (may.label, may.entries, may.answered, may.tried) == ("May 2025", 4, 3, 2)
    assert may.rate == 2 / 3 and may.percent == 67
    assert june.percent == 0
    assert repair_by_month([entry("2025-07-01")])[0].rate is None


def test_points_are_entries_oldest_first_and_skip_entries_without_numbers() -> None:
    points, monthly = points_for(
        [
            entry("2025-03-02", 4, 8),
            entry("2025-03-01", 9, None),
            entry("2025-03-03"),
        ]
    )
    assert not monthly
    assert [(p.label, p.intensity, p.connection) for p in points] == [
        ("1 Mar 2025", 9.0, None),
        ("2 Mar 2025", 4.0, 8.0),
    ]


def test_many_entries_become_monthly_averages_of_the_last_months() -> None:
    start = date(2023, 1, 1)
    entries = [
        Entry(start + timedelta(days=i), i % 11, (i + 3) % 11, "tried")
        for i in range(1000)
    ]
    points, monthly = points_for(entries)
    assert monthly
    assert len(points) == MAX_MONTHS
    assert points[-1].label == "Sep 2025"
    jan = points_for([entry("2025-01-01", 2, 4), entry("2025-01-02", 4, 6)] * 16)[0]
    assert [(p.label, p.intensity, p.connection) for p in jan] == [
        ("Jan 2025", 3.0, 5.0)
    ]


def test_line_geometry_maps_zero_to_ten_onto_the_canvas() -> None:
    chart = line_chart(
        points_for([entry("2025-01-01", 0, 10), entry("2025-01-02", 10, 0)])[0]
    )
    assert chart is not None
    low, high = chart.intensity
    assert low.y > high.y  # 0 is at the bottom
    assert low.x < high.x
    assert chart.intensity_path.startswith("M") and " L" in chart.intensity_path
    assert [t.label for t in chart.y_ticks] == ["0", "5", "10"]
    assert all(0 <= d.y <= HEIGHT for d in chart.intensity + chart.connection)


def test_bars_are_as_tall_as_the_share_of_repairs() -> None:
    months = repair_by_month(
        [entry("2025-01-01", repair="tried"), entry("2025-02-01", repair="not-yet")]
    )
    chart = bar_chart(months)
    assert chart is not None
    full, empty = chart.bars
    assert full.percent == 100 and empty.percent == 0
    # A 0 % month is a short stub: there, and plainly not full.
    assert full.height > 0 and 0 < empty.height <= 3
    assert bar_chart(repair_by_month([entry("2025-01-01")])) is None


def test_a_single_point_sits_in_the_middle() -> None:
    chart = line_chart(points_for([entry("2025-01-01", 5, 5)])[0])
    assert chart is not None
    assert chart.x_ticks[0].label == "1 Jan 2025"


def test_choosing_not_to_repair_is_left_out_of_the_rate() -> None:
    (may,) = repair_by_month(
        [
            entry("2025-05-02", repair="tried"),
            entry("2025-05-03", repair="not-yet"),
            entry("2025-05-04", repair="chose-not"),
            entry("2025-05-05", repair="not-safe"),
        ]
    )
    assert (may.entries, may.answered, may.tried, may.not_sought) == (4, 2, 1, 2)
    assert may.percent == 50
    only_declined = trends_for([entry("2025-06-01", 5, repair="not-safe")] * 3)
    assert only_declined.bars is None and only_declined.not_sought == 3


def test_dates_sit_on_a_real_time_axis() -> None:
    points = points_for(
        [
            entry("2025-03-01", 5, 5),
            entry("2025-03-02", 5, 5),
            entry("2025-03-31", 5, 5),
        ]
    )[0]
    chart = line_chart(points)
    assert chart is not None
    first, second, last = (d.x for d in chart.intensity)
    # One day apart, then 29 days apart: the gaps say so.
    assert (second - first) * 20 < last - second
    assert [t.label for t in chart.x_ticks] == ["3 Mar", "17 Mar", "31 Mar"]


def test_each_point_has_a_tip_with_its_day_and_values() -> None:
    chart = line_chart(
        points_for([entry("2025-01-01", 8, 3), entry("2025-02-01", None, 6)])[0]
    )
    assert chart is not None
    assert [t.words for t in chart.tips] == [
        "1 Jan 2025: intensity 8, connection 3",
        "1 Feb 2025: connection 6",
    ]
    assert all(t.box_x >= 0 and t.box_x + 150 <= 320 for t in chart.tips)


def test_a_period_keeps_its_own_reflections_and_says_so_in_words() -> None:
    entries = [
        entry("2025-01-05", 9, 2, "tried"),
        entry("2025-06-01", 6, 7, "tried"),
        entry("2025-06-10", 4, 8, "not-yet"),
        entry("2025-06-20", 7, 5),
        entry("2025-06-25", 3),
    ]
    recent = trends_for(entries, "4w", today=date(2025, 6, 28))
    assert recent.count == 5 and recent.in_period == 4
    # Two measures, each told on its own: never "connection was higher than".
    assert recent.summary == (
        "In the last 4 weeks, 3 reflections have both numbers. Intensity in the "
        "moment averaged 5.7 out of 10; connection afterwards averaged 6.7 out of 10."
    )
    assert (recent.tried, recent.answered) == (1, 2)
    everything = trends_for(entries, "unknown")
    assert everything.period.slug == "all" and everything.in_period == 5
    empty = trends_for(entries, "4w", today=date(2026, 1, 1))
    assert empty.line is None and "no reflections" in empty.summary


def test_percent_labels_stay_whole() -> None:
    chart = bar_chart(repair_by_month([entry("2025-01-01", repair="tried")]))
    assert chart is not None
    assert [t.label for t in chart.y_ticks] == ["0\u00a0%", "50\u00a0%", "100\u00a0%"]


def test_the_table_writes_whole_numbers_plainly_and_decimals_in_the_readers_language() -> (
    None
):
    from server.web.i18n import speaking

    start = date(2025, 1, 1)
    many = [
        entry((start + timedelta(days=n)).isoformat(), intensity=4 + n % 2)
        for n in range(31)
    ]
    points, monthly = points_for(many)
    assert monthly
    whole = points_for([entry("2025-03-01", intensity=7)])[0][0]
    with speaking("es"):
        assert whole.intensity_text == "7"
        assert points[0].intensity_text == "4,5"
    with speaking("en"):
        assert points[0].intensity_text == "4.5"

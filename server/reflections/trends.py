"""Trends from one person's reflections (the charts' geometry: charts.py).

Pure functions: the route opens the entries, these turn them into figures,
charts.py into shapes, the template draws them. No scores and no judgement: two measures the
person gave, and how often they tried a repair. "I chose not to" and "It isn't safe
to" are left out of that rate: choosing not to repair is not a miss.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from server.reflections.charts import (
    MAX_MONTHS,
    BarChart,
    LineChart,
    MonthRepair,
    Point,
    bar_chart,
    line_chart,
    number_text,
)
from server.reflections.questions import REPAIR_NOT_SOUGHT
from server.web.dates import short_date
from server.web.i18n import _, _l, ngettext

MIN_ENTRIES = 3
MAX_POINTS = 30  # beyond this many entries, points become monthly averages


@dataclass(frozen=True)
class Period:
    slug: str
    name: str  # "4 weeks", for the choice (translated as it is shown)
    words: str  # "In the last 4 weeks", to start the summary
    days: int | None  # None: everything


PERIODS = (
    Period("4w", _l("4 weeks"), _l("In the last 4 weeks"), 28),
    Period("3m", _l("3 months"), _l("In the last 3 months"), 91),
    Period("12m", _l("12 months"), _l("In the last 12 months"), 365),
    Period("all", _l("All"), _l("Across all your reflections"), None),
)
DEFAULT_PERIOD = "all"


def period_for(slug: str | None) -> Period:
    return next((p for p in PERIODS if p.slug == slug), PERIODS[-1])


@dataclass(frozen=True)
class Entry:
    """One reflection's day and its measures (the questions marked `measure`)."""

    occurred_on: date
    intensity: int | None
    connection: int | None
    repair_tried: str  # a REPAIR_CHOICES value, or ""


@dataclass(frozen=True)
class Trends:
    """What /reflections/trends shows."""

    count: int
    points: list[Point]
    monthly: bool  # True when points are monthly averages
    months: list[MonthRepair]
    line: LineChart | None
    bars: BarChart | None
    tried: int
    answered: int
    not_sought: int = 0
    period: Period = PERIODS[-1]
    in_period: int = 0  # reflections in the chosen period
    summary: str = ""

    @property
    def enough(self) -> bool:
        return self.count >= MIN_ENTRIES


# Short dates in the reader's language: "1 Mar 2025" in English, "1 mar 2025" in
# Spanish. Fixed patterns rather than the locale's "medium" one, which in English
# would reorder them ("Mar 1, 2025").
def month_label(month: date) -> str:
    return short_date(month, "MMM y")


def day_label(day: date) -> str:
    return short_date(day, "d MMM y")


def mean(values: list[int]) -> float | None:
    return round(fmean(values), 1) if values else None


def points_for(entries: list[Entry]) -> tuple[list[Point], bool]:
    """Each entry with a number, oldest first; monthly averages when there are many."""
    measured = sorted(
        (e for e in entries if e.intensity is not None or e.connection is not None),
        key=lambda e: e.occurred_on,
    )
    if len(measured) <= MAX_POINTS:
        points = [
            Point(
                day_label(e.occurred_on),
                None if e.intensity is None else float(e.intensity),
                None if e.connection is None else float(e.connection),
                e.occurred_on,
            )
            for e in measured
        ]
        return points, False
    by_month: dict[date, list[Entry]] = defaultdict(list)
    for e in measured:
        by_month[e.occurred_on.replace(day=1)].append(e)
    recent = sorted(by_month)[-MAX_MONTHS:]
    return [
        Point(
            month_label(m),
            mean([e.intensity for e in by_month[m] if e.intensity is not None]),
            mean([e.connection for e in by_month[m] if e.connection is not None]),
            m.replace(day=15),
        )
        for m in recent
    ], True


def repair_by_month(entries: list[Entry]) -> list[MonthRepair]:
    groups: dict[date, list[Entry]] = defaultdict(list)
    for e in entries:
        groups[e.occurred_on.replace(day=1)].append(e)
    return [
        MonthRepair(
            month=m,
            label=month_label(m),
            entries=len(groups[m]),
            answered=sum(
                1
                for e in groups[m]
                if e.repair_tried and e.repair_tried not in REPAIR_NOT_SOUGHT
            ),
            tried=sum(1 for e in groups[m] if e.repair_tried == "tried"),
            not_sought=sum(1 for e in groups[m] if e.repair_tried in REPAIR_NOT_SOUGHT),
        )
        for m in sorted(groups)
    ]


def summary_for(period: Period, entries: list[Entry]) -> str:
    """One line in words: what a glance at the chart would tell."""
    # The period's words ("In the last 4 weeks") open each sentence.
    if not entries:
        return _("%(period)s, there are no reflections. A longer time shows more.") % {
            "period": period.words
        }
    both = [e for e in entries if e.intensity is not None and e.connection is not None]
    written = len(entries)
    if not both:
        return ngettext(
            "%(period)s, you wrote %(num)d reflection.",
            "%(period)s, you wrote %(num)d reflections.",
            written,
        ) % {"period": period.words, "num": written}
    # Intensity and connection are two different questions on their own 0-10
    # scales: each is told on its own, never one set against the other.
    return ngettext(
        "%(period)s, %(num)d reflection has both numbers. Intensity in the moment "
        "averaged %(intensity)s out of 10; connection afterwards averaged "
        "%(connection)s out of 10.",
        "%(period)s, %(num)d reflections have both numbers. Intensity in the moment "
        "averaged %(intensity)s out of 10; connection afterwards averaged "
        "%(connection)s out of 10.",
        len(both),
    ) % {
        "period": period.words,
        "num": len(both),
        "intensity": number_text(fmean(e.intensity or 0 for e in both)),
        "connection": number_text(fmean(e.connection or 0 for e in both)),
    }


def trends_for(
    entries: list[Entry], period: str | None = None, today: date | None = None
) -> Trends:
    chosen = period_for(period or DEFAULT_PERIOD)
    start: date | None = None
    end: date | None = None
    shown = entries
    if chosen.days is not None:
        end = today or date.today()
        start = end - timedelta(days=chosen.days - 1)
        shown = [e for e in entries if start <= e.occurred_on <= end]
    points, monthly = points_for(shown)
    months = repair_by_month(shown)
    return Trends(
        count=len(entries),
        points=points,
        monthly=monthly,
        months=months,
        line=line_chart(points, start, end),
        bars=bar_chart(months),
        tried=sum(m.tried for m in months),
        answered=sum(m.answered for m in months),
        not_sought=sum(m.not_sought for m in months),
        period=chosen,
        in_period=len(shown),
        summary=summary_for(chosen, shown),
    )

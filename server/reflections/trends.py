"""Trends from one person's reflections, and the geometry of their SVG charts.

Pure functions: the route opens the entries, these turn them into figures and
shapes, the template draws them. No scores and no judgement: two measures the
person gave, and how often they tried a repair. "I chose not to" and "It isn't safe
to" are left out of that rate: choosing not to repair is not a miss.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean

from babel.numbers import format_decimal

from server.reflections.questions import REPAIR_NOT_SOUGHT
from server.web.dates import short_date
from server.web.i18n import _, _l, current_language, ngettext

MIN_ENTRIES = 3
MAX_POINTS = 30  # beyond this many entries, points become monthly averages
MAX_MONTHS = 12  # months drawn as bars (the table lists them all)

# Chart canvas (SVG user units; the SVG scales to the width of the screen). Labels
# are 14 units: at 360 px the canvas is drawn about 290 px wide, so they stay at
# least 12 px; the left margin holds "100 %" whole.
WIDTH, HEIGHT = 320, 210
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 14, 36
MAX_X_LABELS = 4
# A tip is a line for the day and one per value: short lines that fit its width in
# either language ("connection 10", "conexión 10").
TIP_WIDTH, TIP_LINE = 150, 18
# A month at 0 % still draws this much bar, so it never reads as a missing (or a
# full) month.
ZERO_STUB = 3
# Below this slot width a bar's month is its narrow letter ("M") and its share is
# left to the table; above it, "Mar" and "60 %" fit.
ROOMY_SLOT = 44


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
class Point:
    label: str
    intensity: float | None
    connection: float | None
    # Where it sits on the time axis: the day, or the middle of its month.
    day: date | None = None

    @property
    def intensity_text(self) -> str:
        return "–" if self.intensity is None else _number(self.intensity)

    @property
    def connection_text(self) -> str:
        return "–" if self.connection is None else _number(self.connection)


@dataclass(frozen=True)
class MonthRepair:
    month: date
    label: str
    entries: int
    # Answered "tried" or "not yet": the entries the rate is about.
    answered: int
    tried: int
    # Answered "I chose not to" or "It isn't safe to": not in the rate.
    not_sought: int = 0

    @property
    def rate(self) -> float | None:
        """Share of the entries answering "tried" or "not yet" where it was tried."""
        return self.tried / self.answered if self.answered else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    value: float
    label: str


@dataclass(frozen=True)
class Tip:
    """One point a person can tap or focus: its day and values, drawn beside it."""

    x: float
    y: float
    words: str  # "12 Mar 2026: intensity 8, connection 3"
    day: str
    lines: tuple[str, ...]  # ("intensity 8", "connection 3")
    box_x: float
    box_y: float

    @property
    def height(self) -> int:
        return 8 + TIP_LINE * (1 + len(self.lines))


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # under the bar: "Mar", or "M" when many share the axis
    percent: int
    percent_text: str  # above the bar when there is room, else ""


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class LineChart:
    intensity: list[Dot]
    connection: list[Dot]
    intensity_path: str
    connection_path: str
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    tips: list[Tip] = field(default_factory=list)


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    y_ticks: list[Tick]


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
_short = short_date


def month_label(month: date) -> str:
    return _short(month, "MMM y")


def day_label(day: date) -> str:
    return _short(day, "d MMM y")


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


def _x_for(day: date, start: date, end: date) -> float:
    """Dates on a real time axis: a week without reflections is a week of space."""
    inner = WIDTH - LEFT - RIGHT
    span = (end - start).days
    if span <= 0:
        return LEFT + inner / 2
    return round(LEFT + inner * (day - start).days / span, 1)


def _y_for(value: float, top_value: float) -> float:
    inner = HEIGHT - TOP - BOTTOM
    return round(TOP + inner * (1 - value / top_value), 1)


def _path(dots: list[Dot]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{d.x},{d.y}" for i, d in enumerate(dots))


def _edge_ticks(labels: list[str], xs: list[float]) -> list[Tick]:
    if not labels:
        return []
    if len(labels) == 1:
        return [Tick(xs[0], labels[0])]
    return [Tick(xs[0], labels[0]), Tick(xs[-1], labels[-1])]


def _time_ticks(start: date, end: date) -> list[Tick]:
    """Week starts over a short span, month starts over a longer one, thinned so
    that at most four labels share the axis."""
    span = (end - start).days
    if span <= 0:
        return [Tick(_x_for(start, start, end), day_label(start))]
    days: list[date] = []
    if span <= 62:
        day = start + timedelta(days=(7 - start.weekday()) % 7)
        while day <= end:
            days.append(day)
            day += timedelta(days=7)
        label = lambda d: _short(d, "d MMM")  # noqa: E731
    else:
        month = start.replace(day=1)
        while month <= end:
            if month >= start:
                days.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        label = (  # noqa: E731
            lambda d: _short(d, "LLL") if d.month != 1 else str(d.year)
        )
    step = max(1, -(-len(days) // MAX_X_LABELS))
    return [Tick(_x_for(d, start, end), label(d)) for d in days[::step]]


def _number(value: float) -> str:
    """8 or 4.5, with the reader's decimal sign (4,5 in Spanish)."""
    return format_decimal(round(value, 1), "0.#", locale=current_language())


def _tip(x: float, y: float, p: Point) -> Tip:
    intensity = None if p.intensity is None else _number(p.intensity)
    connection = None if p.connection is None else _number(p.connection)
    if intensity is not None and connection is not None:
        values = _("intensity %(intensity)s, connection %(connection)s") % {
            "intensity": intensity,
            "connection": connection,
        }
    elif intensity is not None:
        values = _("intensity %(intensity)s") % {"intensity": intensity}
    elif connection is not None:
        values = _("connection %(connection)s") % {"connection": connection}
    else:
        values = ""
    lines = tuple(
        line
        for line in (
            intensity and _("intensity %(intensity)s") % {"intensity": intensity},
            connection and _("connection %(connection)s") % {"connection": connection},
        )
        if line
    )
    height = 8 + TIP_LINE * (1 + len(lines))
    # The box sits above the point, or below it near the top; always inside.
    box_x = min(max(x - TIP_WIDTH / 2, 2), WIDTH - TIP_WIDTH - 2)
    box_y = y - height - 10 if y - height - 10 >= 2 else y + 10
    box_y = min(box_y, HEIGHT - height - 2)
    # The words a screen reader says for the point: "1 Mar 2025: intensity 8".
    words = _("%(day)s: %(values)s") % {"day": p.label, "values": values}
    return Tip(x, y, words, p.label, lines, box_x, round(box_y, 1))


def line_chart(
    points: list[Point], start: date | None = None, end: date | None = None
) -> LineChart | None:
    if not points:
        return None
    days = [p.day or date.min for p in points]
    start = start or min(days)
    end = end or max(days)
    xs = [_x_for(d, start, end) for d in days]
    intensity = [
        Dot(x, _y_for(p.intensity, 10), p.intensity, p.label)
        for x, p in zip(xs, points, strict=True)
        if p.intensity is not None
    ]
    connection = [
        Dot(x, _y_for(p.connection, 10), p.connection, p.label)
        for x, p in zip(xs, points, strict=True)
        if p.connection is not None
    ]
    tips = [
        _tip(
            x,
            _y_for(max(v for v in (p.intensity, p.connection) if v is not None), 10),
            p,
        )
        for x, p in zip(xs, points, strict=True)
    ]
    return LineChart(
        intensity=intensity,
        connection=connection,
        intensity_path=_path(intensity),
        connection_path=_path(connection),
        y_ticks=[Tick(_y_for(v, 10), str(v)) for v in (0, 5, 10)],
        x_ticks=_time_ticks(start, end)
        if start != end
        else _edge_ticks([points[0].label], [xs[0]]),
        tips=tips,
    )


def bar_chart(months: list[MonthRepair]) -> BarChart | None:
    shown = [m for m in months if m.rate is not None][-MAX_MONTHS:]
    if not shown:
        return None
    inner = WIDTH - LEFT - RIGHT
    slot = inner / len(shown)
    width = round(min(slot * 0.6, 36), 1)
    bottom = HEIGHT - BOTTOM
    roomy = slot >= ROOMY_SLOT
    bars = []
    for i, m in enumerate(shown):
        y = min(_y_for(m.rate or 0.0, 1), bottom - ZERO_STUB)
        percent = m.percent or 0
        bars.append(
            Bar(
                x=round(LEFT + slot * i + (slot - width) / 2, 1),
                y=y,
                width=width,
                height=round(bottom - y, 1),
                label=_short(m.month, "LLL" if roomy else "LLLLL"),
                percent=percent,
                percent_text=(
                    _("%(percent)d\u00a0%%") % {"percent": percent} if roomy else ""
                ),
            )
        )
    return BarChart(
        bars=bars,
        # A no-break space keeps "100 %" whole.
        y_ticks=[
            Tick(_y_for(v / 100, 1), _("%(percent)d\u00a0%%") % {"percent": v})
            for v in (0, 50, 100)
        ],
    )


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
        "intensity": _number(fmean(e.intensity or 0 for e in both)),
        "connection": _number(fmean(e.connection or 0 for e in both)),
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

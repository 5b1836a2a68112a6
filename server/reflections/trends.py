"""Trends from one person's reflections, and the geometry of their SVG charts.

Pure functions: the route opens the entries, these turn them into figures and
shapes, the template draws them. No scores and no judgement: two measures the
person gave, and how often they tried a repair. "I chose not to" and "It isn't safe
to" are left out of that rate: choosing not to repair is not a miss.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from server.reflections.models import REPAIR_NOT_SOUGHT

MIN_ENTRIES = 3
MAX_POINTS = 30  # beyond this many entries, points become monthly averages
MAX_MONTHS = 12  # months drawn as bars (the table lists them all)

# Chart canvas (SVG user units; the SVG scales to the width of the screen).
WIDTH, HEIGHT = 320, 200
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 12, 30
MONTH_NAMES = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


@dataclass(frozen=True)
class Entry:
    occurred_on: date
    intensity: int | None
    connection: int | None
    repair: str  # a REPAIR_CHOICES value, or ""


@dataclass(frozen=True)
class Point:
    label: str
    intensity: float | None
    connection: float | None


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
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    percent: int


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


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


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

    @property
    def enough(self) -> bool:
        return self.count >= MIN_ENTRIES


def month_label(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def day_label(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


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
                1 for e in groups[m] if e.repair and e.repair not in REPAIR_NOT_SOUGHT
            ),
            tried=sum(1 for e in groups[m] if e.repair == "tried"),
            not_sought=sum(1 for e in groups[m] if e.repair in REPAIR_NOT_SOUGHT),
        )
        for m in sorted(groups)
    ]


def _x_positions(count: int) -> list[float]:
    inner = WIDTH - LEFT - RIGHT
    if count == 1:
        return [LEFT + inner / 2]
    return [round(LEFT + inner * i / (count - 1), 1) for i in range(count)]


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


def line_chart(points: list[Point]) -> LineChart | None:
    if not points:
        return None
    xs = _x_positions(len(points))
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
    return LineChart(
        intensity=intensity,
        connection=connection,
        intensity_path=_path(intensity),
        connection_path=_path(connection),
        y_ticks=[Tick(_y_for(v, 10), str(v)) for v in (0, 5, 10)],
        x_ticks=_edge_ticks([p.label for p in points], xs),
    )


def bar_chart(months: list[MonthRepair]) -> BarChart | None:
    shown = [m for m in months if m.rate is not None][-MAX_MONTHS:]
    if not shown:
        return None
    inner = WIDTH - LEFT - RIGHT
    slot = inner / len(shown)
    width = round(min(slot * 0.6, 36), 1)
    bottom = HEIGHT - BOTTOM
    bars = []
    for i, m in enumerate(shown):
        rate = m.rate or 0.0
        y = _y_for(rate, 1)
        bars.append(
            Bar(
                x=round(LEFT + slot * i + (slot - width) / 2, 1),
                y=y,
                width=width,
                height=round(bottom - y, 1),
                label=m.label,
                percent=m.percent or 0,
            )
        )
    centres = [b.x + b.width / 2 for b in bars]
    return BarChart(
        bars=bars,
        y_ticks=[Tick(_y_for(v / 100, 1), f"{v}%") for v in (0, 50, 100)],
        x_ticks=_edge_ticks([b.label for b in bars], centres),
    )


def trends_for(entries: list[Entry]) -> Trends:
    points, monthly = points_for(entries)
    months = repair_by_month(entries)
    return Trends(
        count=len(entries),
        points=points,
        monthly=monthly,
        months=months,
        line=line_chart(points),
        bars=bar_chart(months),
        tried=sum(m.tried for m in months),
        answered=sum(m.answered for m in months),
        not_sought=sum(m.not_sought for m in months),
    )

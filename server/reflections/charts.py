"""The geometry of the trends' SVG charts: where each point, bar, tick and tip
sits on the canvas. Pure functions of the figures (server/reflections/trends.py);
the template draws them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from babel.numbers import format_decimal

from server.web.dates import short_date
from server.web.i18n import _, current_language

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
        return [Tick(_x_for(start, start, end), short_date(start, "d MMM y"))]
    days: list[date] = []
    if span <= 62:
        day = start + timedelta(days=(7 - start.weekday()) % 7)
        while day <= end:
            days.append(day)
            day += timedelta(days=7)
        label = lambda d: short_date(d, "d MMM")  # noqa: E731
    else:
        month = start.replace(day=1)
        while month <= end:
            if month >= start:
                days.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        label = (  # noqa: E731
            lambda d: short_date(d, "LLL") if d.month != 1 else str(d.year)
        )
    step = max(1, -(-len(days) // MAX_X_LABELS))
    return [Tick(_x_for(d, start, end), label(d)) for d in days[::step]]


def number_text(value: float) -> str:
    """8 or 4.5, with the reader's decimal sign (4,5 in Spanish)."""
    return format_decimal(round(value, 1), "0.#", locale=current_language())


# What the charts draw (the trends compute them).
@dataclass(frozen=True)
class Point:
    label: str
    intensity: float | None
    connection: float | None
    # Where it sits on the time axis: the day, or the middle of its month.
    day: date | None = None

    @property
    def intensity_text(self) -> str:
        return "–" if self.intensity is None else number_text(self.intensity)

    @property
    def connection_text(self) -> str:
        return "–" if self.connection is None else number_text(self.connection)


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


def _tip(x: float, y: float, p: Point) -> Tip:
    lines = []
    if p.intensity is not None:
        value = number_text(p.intensity)
        lines.append(_("intensity %(intensity)s") % {"intensity": value})
    if p.connection is not None:
        value = number_text(p.connection)
        lines.append(_("connection %(connection)s") % {"connection": value})
    height = 8 + TIP_LINE * (1 + len(lines))
    # The box sits above the point, or below it near the top; always inside.
    box_x = min(max(x - TIP_WIDTH / 2, 2), WIDTH - TIP_WIDTH - 2)
    box_y = y - height - 10 if y - height - 10 >= 2 else y + 10
    box_y = min(box_y, HEIGHT - height - 2)
    # The words a screen reader says for the point: "1 Mar 2025: intensity 8".
    words = _("%(day)s: %(values)s") % {"day": p.label, "values": ", ".join(lines)}
    return Tip(x, y, words, p.label, tuple(lines), box_x, round(box_y, 1))


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
                label=short_date(m.month, "LLL" if roomy else "LLLLL"),
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

"""'This number did not work': reports of a line, and which lines they flag."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from server.places.crisis_lines import CrisisLine, help_for
from server.places.models import LineReport
from server.web.i18n import N_

REASONS = {
    "no-connection": N_("It did not connect"),
    "wrong-service": N_("It was not this service"),
    "closed": N_("It was closed"),
    "other": N_("Something else"),
}
NOTE_LIMIT = 200
# Three reports of one line within 30 days flag it for a person to look at.
FLAG_COUNT = 3
FLAG_DAYS = 30


def find_line(country: str, line_id: str) -> CrisisLine | None:
    found = help_for(country) if country else None
    if found is None:
        return None
    return next(
        (line for line in found.lines + found.abuse_lines if line.id == line_id),
        None,
    )


@dataclass(frozen=True)
class LineSummary:
    country: str
    line: str
    name: str
    reports: int
    recent: int  # within FLAG_DAYS
    reasons: dict[str, int]
    notes: tuple[str, ...]

    @property
    def flagged(self) -> bool:
        return self.recent >= FLAG_COUNT


async def summaries(today: dt.date) -> list[LineSummary]:
    """Every reported line, most recent reports first."""
    since = today - dt.timedelta(days=FLAG_DAYS)
    by_line: dict[tuple[str, str], list[LineReport]] = {}
    for report in await LineReport.all().order_by("-day", "-id"):
        by_line.setdefault((report.country, report.line), []).append(report)
    found = []
    for (country, line_id), reports in by_line.items():
        line = find_line(country, line_id)
        found.append(
            LineSummary(
                country=country,
                line=line_id,
                name=f"{line.name} {line.number}" if line else "(no longer listed)",
                reports=len(reports),
                recent=sum(report.day >= since for report in reports),
                reasons=dict(Counter(report.reason for report in reports)),
                notes=tuple(report.note for report in reports if report.note),
            )
        )
    return sorted(found, key=lambda s: (-s.recent, -s.reports, s.country, s.line))

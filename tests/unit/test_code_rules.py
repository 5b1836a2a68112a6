"""Rules read off the source, so a copy of something the house keeps in one place
cannot creep back in."""

from __future__ import annotations

import re
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "server"


def lines_matching(pattern: str, *, leave_out: set[str] = frozenset()) -> list[str]:
    found = []
    for path in sorted(SERVER.rglob("*.py")):
        name = str(path.relative_to(SERVER))
        if name in leave_out:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_handlers_read_the_app_state_through_its_typed_view() -> None:
    # server/web/state.py's app_state(request) says what the state holds.
    assert (
        lines_matching(
            r"\b(request|connection)\.app\.state\b", leave_out={"web/state.py"}
        )
        == []
    )


def test_the_time_now_comes_from_the_one_clock() -> None:
    # server/web/clock.py's utcnow: aware UTC, one place to change or stub.
    assert lines_matching(r"datetime\.now\(", leave_out={"web/clock.py"}) == []


def test_a_persons_local_date_is_worked_out_in_one_place() -> None:
    # server/web/dates.py: local_date and today_in (an unknown zone counts as UTC).
    # The reminders' dispatcher works with zones it has checked already.
    copies = r"def (local_today|local_date|today_in|zone)\(|ZoneInfo\(.*or \"UTC\""
    assert lines_matching(copies, leave_out={"web/dates.py"}) == []


def test_no_litestar_internals() -> None:
    # litestar.utils.scope is "an internal API, and subject to change without notice".
    assert lines_matching(r"litestar\.utils\.scope|ScopeState") == []


def test_nothing_names_a_place_outside_the_repository() -> None:
    """A path on the machine a file was written on, or beside the repository,
    means nothing in a clone."""
    repo = SERVER.parent
    outside = re.compile(r"(?<![\w.-])/(work|tmp)/|\.\./shared/|parent / \"shared\"")
    found = [
        f"{path.relative_to(repo)}:{number}"
        for folder in ("server", "templates", "tests", "scripts", "bench", "docs")
        for path in sorted((repo / folder).rglob("*"))
        if path.is_file()
        and path.suffix in {".py", ".html", ".txt", ".toml", ".md", ".css"}
        and path != Path(__file__)
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if outside.search(line)
    ]
    assert found == []


def test_the_trends_and_their_charts_stay_short_enough_to_read() -> None:
    # The figures (trends.py) and the charts' geometry (charts.py) are read apart.
    for name in ("trends.py", "charts.py"):
        assert len((SERVER / "reflections" / name).read_text().splitlines()) < 400

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

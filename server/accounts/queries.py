"""The one read every signed-in request makes, as plain SQL (a quick read, see
server/db.py): the session and its person, joined by the session's token hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.accounts.models import User
from server.db import columns_of, model_from_row, moment, quick_read


@dataclass(frozen=True, slots=True)
class SessionTimes:
    """What a request checks of its session: whether it is still live. Plain values:
    the person is a model (pages save it), the session need not be."""

    token_hash: str
    last_seen_at: datetime
    expires_at: datetime

    def is_live(self, now: datetime, idle_seconds: float) -> bool:
        return now < self.expires_at and (now - self.last_seen_at).total_seconds() < (
            idle_seconds
        )


_SESSION_WITH_PERSON = (
    "SELECT s.token_hash AS s_token_hash, s.last_seen_at AS s_last_seen_at,"
    " s.expires_at AS s_expires_at, "
    + ", ".join(f"u.{c} AS u_{c}" for c in columns_of(User))
    + " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
)


async def session_with_person(token_hash: str) -> tuple[SessionTimes, User] | None:
    rows = await quick_read(_SESSION_WITH_PERSON, token_hash)
    if not rows:
        return None
    row = rows[0]
    last_seen_at, expires_at = (
        moment(row["s_last_seen_at"]),
        moment(row["s_expires_at"]),
    )
    assert last_seen_at is not None and expires_at is not None  # both NOT NULL
    session = SessionTimes(row["s_token_hash"], last_seen_at, expires_at)
    return session, model_from_row(User, row, "u_")

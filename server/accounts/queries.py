"""The one read every signed-in request makes, as plain SQL (a quick read, see
server/db.py): the session and its person, joined by the session's token hash."""

from __future__ import annotations

from server.accounts.models import Session, User
from server.db import columns_of, model_from_row, quick_read

_SESSION_WITH_PERSON = (
    "SELECT "
    + ", ".join(
        [f"s.{c} AS s_{c}" for c in columns_of(Session)]
        + [f"u.{c} AS u_{c}" for c in columns_of(User)]
    )
    + " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
)


async def session_with_person(token_hash: str) -> tuple[Session, User] | None:
    rows = await quick_read(_SESSION_WITH_PERSON, token_hash)
    if not rows:
        return None
    return model_from_row(Session, rows[0], "s_"), model_from_row(User, rows[0], "u_")

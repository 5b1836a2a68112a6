"""The account's settings, read back from an export (server/restore.py): language,
country and time zone, each only where this account has none set yet. The username
and the passphrase stay this account's own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from server.places.country import known
from server.restore import Restoring, number, restores
from server.web.i18n import ngettext, supported
from server.web.timezones import UTC, canonical_zone


class AccountRow(msgspec.Struct):
    language: str = ""
    country: str = ""
    timezone: str = ""
    username: str = ""
    created_at: datetime | None = None


def check_account(rows: list[Any]) -> list[Any]:
    """One row per setting the file holds; a value this Attune would not offer on
    its settings page is left out."""
    row = rows[0]
    found: dict[str, Any] = {
        "language": supported(row.language),
        "country": known(row.country),
        "timezone": canonical_zone(row.timezone) if row.timezone else "",
    }
    if found["timezone"] == UTC:
        found["timezone"] = ""  # what an account holds until a zone is chosen
    return [AccountRow(**{name: value}) for name, value in found.items() if value]


@restores(
    "account",
    AccountRow,
    check=check_account,
    counted=lambda n: (
        ngettext(
            "%(num)s account setting (language, country or time zone)",
            "%(num)s account settings (language, country and time zone)",
            n,
        )
        % {"num": number(n)}
    ),
    single=True,
    rank=60,
)
async def restore_account(context: Restoring, rows: list[Any]) -> int:
    user = context.user
    row = AccountRow(
        **{
            name: value
            for each in rows
            for name in ("language", "country", "timezone")
            if (value := getattr(each, name))
        }
    )
    chosen = {
        "language": row.language if not user.language else "",
        "country": row.country if not user.country else "",
        # UTC is what an account holds until a zone is chosen.
        "timezone": row.timezone if user.timezone in ("", UTC) else "",
    }
    chosen = {
        name: value
        for name, value in chosen.items()
        if value and value != getattr(user, name)
    }
    if not chosen:
        return 0
    for name, value in chosen.items():
        setattr(user, name, value)
    await user.save(update_fields=list(chosen))
    return len(chosen)

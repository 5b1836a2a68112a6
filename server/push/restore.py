"""Reminder settings, read back from an export (server/restore.py). Devices
(push subscriptions) are not: each belongs to one browser, which asks again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from server.push.forms import ReminderForm
from server.push.models import ReminderSetting
from server.restore import Restoring, number, problem_in, restores
from server.web.i18n import _, ngettext


class ReminderRow(msgspec.Struct):
    enabled: bool
    time: str
    timezone: str = "UTC"
    enabled_at: datetime | None = None


def check_reminders(rows: list[Any]) -> list[Any]:
    checked = []
    for row in rows[:1]:  # one setting per person
        form = ReminderForm(
            {
                "enabled": "on" if row.enabled else "off",
                "time": row.time,
                "timezone": row.timezone,
            }
        )
        if not form.is_valid():
            raise problem_in(_("your reminder"), next(iter(form.errors.values())))
        checked.append(
            msgspec.structs.replace(
                row, time=form.cleaned["time"], timezone=form.cleaned["timezone"]
            )
        )
    return checked


@restores(
    "reminders",
    ReminderRow,
    check=check_reminders,
    counted=lambda n: (
        ngettext("%(num)s daily reminder setting", "%(num)s daily reminder settings", n)
        % {"num": number(n)}
    ),
    rank=40,
)
async def restore_reminder(context: Restoring, rows: list[Any]) -> int:
    """Only onto an account that never set a reminder: a choice made here wins."""
    if await ReminderSetting.filter(user_id=context.user.pk).exists():
        return 0
    row = rows[0]
    reminder = ReminderSetting(
        user_id=context.user.pk,
        enabled=row.enabled,
        remind_at=row.time,
        timezone=row.timezone,
        enabled_at=(row.enabled_at or context.now) if row.enabled else None,
    )
    reminder.reschedule(context.now)
    await reminder.save()
    return 1

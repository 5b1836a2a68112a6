"""Reminder settings, push subscriptions (one per device) and daily deliveries."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.models import Model
from tortoise.transactions import in_transaction

from server.crypto import FieldCipher

if TYPE_CHECKING:
    from server.accounts.models import User

DEFAULT_TIME = "08:00"


def parse_hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def slot_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of `at` on local `day`.

    zoneinfo resolves a wall time that does not exist (spring forward) with the
    offset from before the change, which lands just after the gap (02:30 -> 03:30),
    and an ambiguous one (fall back) as its first occurrence (fold=0). So every
    local day has exactly one slot: DST days neither skip nor repeat.
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(ZoneInfo("UTC"))


def slot_after(day: date, remind_at: str, timezone: str) -> tuple[date, datetime]:
    """The (local date, instant) of the slot on the local day after `day`."""
    following = day + timedelta(days=1)
    return following, slot_instant(following, parse_hhmm(remind_at), ZoneInfo(timezone))


def first_slot_from(
    moment: datetime, at: time, zone: ZoneInfo
) -> tuple[date, datetime]:
    """The first (local date, instant) whose slot is at or after `moment`."""
    day = moment.astimezone(zone).date()
    while True:
        instant = slot_instant(day, at, zone)
        if instant >= moment:
            return day, instant
        day += timedelta(days=1)


class ReminderSetting(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.OneToOneRelation[Any] = fields.OneToOneField(
        "accounts.User", related_name="reminder", on_delete=fields.CASCADE
    )
    enabled = fields.BooleanField(default=False)
    # Local wall time "HH:MM" in `timezone` (an IANA name).
    remind_at = fields.CharField(max_length=5, default=DEFAULT_TIME)
    timezone = fields.CharField(max_length=64, default="UTC")
    # When reminders were last turned on.
    enabled_at = fields.DatetimeField(null=True)
    # The next slot to claim, kept up to date on every save and every claim, so the
    # dispatcher reads an index instead of computing every person's local time.
    next_due_at = fields.DatetimeField(null=True, db_index=True)
    next_local_date = fields.DateField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "push_reminders"

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "time": self.remind_at,
            "timezone": self.timezone,
            "enabled_at": self.enabled_at.isoformat() if self.enabled_at else None,
        }

    def reschedule(self, now: datetime) -> None:
        """A change takes effect the next time the clock reaches the chosen time.

        Turning reminders on at 09:00 with a time of 08:00 starts tomorrow (today's
        slot is before enabled_at); changing the time later in the day never sends
        a second reminder for a day already delivered (deliveries are unique per
        person and local date).
        """
        if not self.enabled:
            self.next_due_at = self.next_local_date = None
            return
        start = max(now, self.enabled_at or now)
        day, instant = first_slot_from(
            start, parse_hhmm(self.remind_at), ZoneInfo(self.timezone)
        )
        self.next_local_date, self.next_due_at = day, instant

    def advance(self) -> None:
        """Move past the slot just claimed (or skipped) to the next local day."""
        assert self.next_local_date is not None
        self.next_local_date, self.next_due_at = slot_after(
            self.next_local_date, self.remind_at, self.timezone
        )


def redact(value: str, keep: int = 6) -> str:
    return value[:keep] + "…" if len(value) > keep else "…"


class PushSubscription(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "accounts.User", related_name="push_subscriptions", on_delete=fields.CASCADE
    )
    # A capability URL at the browser's push service: whoever holds it (and the
    # keys) can send to the device. Never logged, never exported in full.
    endpoint = fields.CharField(max_length=1024, unique=True)
    p256dh = fields.CharField(max_length=128)
    auth = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "push_subscriptions"
        # The dispatcher looks devices up by person, a batch at a time.
        indexes = (("user_id",),)

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        host = urlsplit(self.endpoint).netloc
        return {
            "push_service": host,
            "endpoint": f"{urlsplit(self.endpoint).scheme}://{host}/…",
            "p256dh": redact(self.p256dh),
            "auth": redact(self.auth, 2),
            "created_at": self.created_at.isoformat(),
        }

    def info(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": self.p256dh, "auth": self.auth},
        }


class Delivery(Model):
    """One reminder for one person on one local date: the claim and its outcome."""

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "accounts.User", related_name="push_deliveries", on_delete=fields.CASCADE
    )
    local_date = fields.DateField()
    claimed_at = fields.DatetimeField()
    # A claim not finished by then may be taken over by another dispatcher.
    lease_until = fields.DatetimeField(db_index=True)
    sent_at = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=1)
    # Which dispatcher pass holds the claim (random per pass).
    claim_token = fields.CharField(max_length=32, db_index=True)
    # "" while pending; sent, gone, too-large, no-device, failed when finished.
    outcome = fields.CharField(max_length=16, default="")

    class Meta:
        table = "push_deliveries"
        unique_together = (("user", "local_date"),)

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "date": self.local_date.isoformat(),
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "outcome": self.outcome or "pending",
        }


async def reminder_for(user: User) -> ReminderSetting:
    """This person's reminder settings (unsaved defaults when they have none)."""
    found = await ReminderSetting.get_or_none(user_id=user.pk)
    return found or ReminderSetting(user_id=user.pk, timezone=user.timezone or "UTC")


async def save_reminder(
    user: User, *, enabled: bool, remind_at: str, timezone: str, now: datetime
) -> ReminderSetting:
    reminder = await reminder_for(user)
    if enabled and not reminder.enabled:
        reminder.enabled_at = now
    reminder.enabled = enabled
    reminder.remind_at = remind_at
    reminder.timezone = timezone
    reminder.reschedule(now)
    await reminder.save()
    return reminder


async def save_subscription(
    user: User, endpoint: str, p256dh: str, auth: str, old_endpoint: str = ""
) -> PushSubscription:
    """One row per device. A browser profile has one subscription per site, so an
    endpoint seen before now belongs to whoever signed in on that device last."""
    async with in_transaction():
        if old_endpoint and old_endpoint != endpoint:
            await PushSubscription.filter(
                user_id=user.pk, endpoint=old_endpoint
            ).delete()
        await (
            PushSubscription.filter(endpoint=endpoint).exclude(user_id=user.pk).delete()
        )
        found = await PushSubscription.get_or_none(endpoint=endpoint)
        if found:
            found.p256dh, found.auth = p256dh, auth
            await found.save(update_fields=["p256dh", "auth"])
            return found
        return await PushSubscription.create(
            user_id=user.pk, endpoint=endpoint, p256dh=p256dh, auth=auth
        )


async def remove_subscription(user: User, endpoint: str) -> bool:
    """Only the owner's own row: someone else's endpoint is left alone."""
    return bool(
        await PushSubscription.filter(user_id=user.pk, endpoint=endpoint).delete()
    )

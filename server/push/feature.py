"""Reminders and push as the app sees them (server/feature.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from server.feature import Feature
from server.privacy import PersonalData
from server.push import restore, routes
from server.push.models import Delivery, PushSubscription, ReminderSetting
from server.settings import Settings
from server.web.i18n import _l


@asynccontextmanager
async def dispatching(settings: Settings) -> AsyncIterator[None]:
    """The reminder dispatcher inside the app, unless it runs as its own process."""
    if not settings.embedded_dispatcher:
        yield
        return
    from server.push.dispatcher import embedded_dispatcher

    async with embedded_dispatcher(settings):
        yield


FEATURE = Feature(
    name="push",
    routes=routes.ROUTES,
    flash_messages=routes.FLASH_MESSAGES,
    field_labels={
        "reminders": _l("Reminders"),
        "push_subscriptions": _l("Push subscriptions"),
        "push_deliveries": _l("Push deliveries"),
        "enabled": _l("Enabled"),
        "time": _l("Time"),
        "enabled_at": _l("Enabled at"),
        "push_service": _l("Push service"),
        "endpoint": _l("Endpoint"),
        "date": _l("Date"),
        "sent_at": _l("Sent at"),
        "outcome": _l("Outcome"),
    },
    models="server.push.models",
    personal_data=(
        PersonalData(ReminderSetting, "reminders", order_by=("id",)),
        PersonalData(PushSubscription, "push_subscriptions", order_by=("created_at",)),
        PersonalData(Delivery, "push_deliveries", order_by=("local_date",)),
    ),
    importers=(restore.restore_reminder,),
    form_controls=frozenset({"enabled"}),
    lifespan=dispatching,
)

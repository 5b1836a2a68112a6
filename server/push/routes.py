"""/settings/reminders (the page and its form) and /push/subscribe|unsubscribe."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response, Template
from litestar.types import ControllerRouterHandler

from server.accounts.auth import requires_login, signed_in
from server.push.dispatcher import send_test, utcnow
from server.push.forms import (
    ReminderForm,
    SubscriptionRefused,
    parse_subscription,
    parse_unsubscribe,
)
from server.push.models import (
    PushSubscription,
    ReminderSetting,
    reminder_for,
    remove_subscription,
    save_reminder,
    save_subscription,
)
from server.push.vapid import load_vapid_keys
from server.web.i18n import _l
from server.web.pages import page, redirect
from server.web.ratelimit import over_limit
from server.web.state import app_state
from server.web.timezones import Zone, grouped_zones

FLASH_MESSAGES = {
    "reminders-on": _l("Your daily reminder is on. See you tomorrow, gently."),
    "reminders-off": _l(
        "Your daily reminder is off. You can turn it back on any time."
    ),
    "push-test-sent": _l("We sent a test notification. It should arrive in a moment."),
    "push-test-none": _l(
        "No device is set up for reminders yet. Tap “Turn on” on "
        "the phone or computer where you would like them."
    ),
    "push-test-failed": _l(
        "We could not reach your device's notification service "
        "just now. Please try again a little later."
    ),
}
TEST_LIMIT = 5  # test notifications per person per 10 minutes
# Time kept back from the request deadline to answer the person.
ANSWER_MARGIN_SECONDS = 2.0


@dataclass
class RemindersPage:
    """What the reminders page shows."""

    form: ReminderForm
    reminder: ReminderSetting
    devices: int
    vapid_public_key: str
    timezones: list[tuple[str, list[Zone]]]


async def reminders_context(
    request: Request, form: ReminderForm | None = None
) -> dict[str, Any]:
    user = signed_in(request)
    reminder = await reminder_for(user)
    form = form or ReminderForm(
        initial={
            "enabled": "on" if reminder.enabled else "off",
            "time": reminder.remind_at,
            "timezone": reminder.timezone,
        }
    )
    return {
        "view": RemindersPage(
            form=form,
            reminder=reminder,
            devices=await PushSubscription.filter(user_id=user.pk).count(),
            vapid_public_key=load_vapid_keys(app_state(request).settings).public,
            timezones=grouped_zones(),
        )
    }


class ReminderController(Controller):
    path = "/settings/reminders"
    guards = [requires_login]

    @get("/", name="reminders")
    async def show(self, request: Request) -> Template | Response[Any]:
        if request.headers.get("hx-request"):
            # htmx does not run the page's script after a swap (allowScriptTags is
            # off), and this page needs push.js: load it as a full page.
            return Response(
                None, status_code=204, headers={"HX-Redirect": "/settings/reminders"}
            )
        return page(request, "push/reminders.html", await reminders_context(request))

    @post("/")
    async def save(self, request: Request) -> Template | Response[Any]:
        form = await ReminderForm.from_request(request)
        if form.is_valid():
            reminder = await save_reminder(
                signed_in(request),
                enabled=form.cleaned["enabled"],
                remind_at=form.cleaned["time"],
                timezone=form.cleaned["timezone"],
                now=utcnow(),
            )
            flash = "reminders-on" if reminder.enabled else "reminders-off"
            return redirect(request, "/settings/reminders", flash=flash)
        return page(
            request,
            "push/reminders.html",
            await reminders_context(request, form),
            block="reminder_form",
            status_code=422,
        )

    @post("/test")
    async def test(self, request: Request) -> Response[Any]:
        if await over_limit(
            request, f"push-test:{signed_in(request).pk}", TEST_LIMIT, 600
        ):
            return redirect(request, "/settings/reminders", flash="push-test-failed")
        settings = app_state(request).settings
        # A push service that never answers must end in "could not reach", before
        # the request deadline turns it into a 503 page about our storage.
        budget = max(1.0, settings.request_timeout_seconds - ANSWER_MARGIN_SECONDS)
        try:
            async with asyncio.timeout(budget) as waiting:
                # In the language real reminders come in: the account's.
                reached, devices = await send_test(
                    settings,
                    signed_in(request).pk,
                    language=signed_in(request).language,
                )
        except TimeoutError:
            if not waiting.expired():
                raise  # not ours: the database, say
            return redirect(request, "/settings/reminders", flash="push-test-failed")
        flash = (
            "push-test-none"
            if not devices
            else ("push-test-sent" if reached else "push-test-failed")
        )
        return redirect(request, "/settings/reminders", flash=flash)


def refused(message: str) -> Response[dict[str, str]]:
    return Response({"error": message}, status_code=422)


class PushController(Controller):
    """JSON from push.js and the service worker; CSRF header required (x-csrftoken)."""

    path = "/push"
    guards = [requires_login]

    @post("/subscribe", status_code=200)
    async def subscribe(self, request: Request) -> Response[Any]:
        settings = app_state(request).settings
        try:
            data = parse_subscription(await request.body(), settings.push_extra_hosts)
        except SubscriptionRefused as exc:
            return refused(str(exc))
        await save_subscription(
            signed_in(request), data.endpoint, data.p256dh, data.auth, data.old_endpoint
        )
        return Response(None, status_code=204)

    @post("/unsubscribe", status_code=200)
    async def unsubscribe(self, request: Request) -> Response[Any]:
        try:
            endpoint = parse_unsubscribe(await request.body())
        except SubscriptionRefused as exc:
            return refused(str(exc))
        if not await remove_subscription(signed_in(request), endpoint):
            raise NotFoundException()
        return Response(None, status_code=204)


ROUTES: list[ControllerRouterHandler] = [ReminderController, PushController]

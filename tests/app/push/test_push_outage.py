"""A push-service outage: the test button answers calmly and reminder settings keep."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest
from litestar import Litestar

from server.push.models import PushSubscription, ReminderSetting
from server.settings import Settings
from tests.app.push.conftest import Answer, FakePushService
from tests.app.push.test_subscribe import post_json
from tests.conftest import Client

FORM = {"enabled": "on", "time": "07:45", "timezone": "Europe/Paris"}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def reminder_and_flash(alice: Client) -> tuple[ReminderSetting, str]:
    reminder = await ReminderSetting.get()
    return reminder, (await alice.get("/settings/reminders")).text


async def test_an_unreachable_push_service_is_a_calm_message(
    alice: Client, fake_push: FakePushService
) -> None:
    info, _ = fake_push.subscription("alice-phone")
    await post_json(alice, "/push/subscribe", info)
    # Nothing listens at the push service's address any more.
    await PushSubscription.all().update(
        endpoint=f"http://127.0.0.1:{closed_port()}/push/alice-phone"
    )
    saved = await alice.post_form("/settings/reminders", FORM)
    tested = await alice.post_form("/settings/reminders/test", {})
    assert (saved.status_code, tested.status_code) == (303, 303)
    reminder, page = await reminder_and_flash(alice)
    assert "could not reach your device" in page
    assert (reminder.enabled, reminder.remind_at, reminder.timezone) == (
        True,
        "07:45",
        "Europe/Paris",
    )
    # An outage is not a sign the device is gone: its subscription stays.
    assert await PushSubscription.all().count() == 1


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # A short request deadline: the test must answer before it, never with a 503.
    return replace(settings, request_timeout_seconds=3.0)


async def test_a_push_service_that_never_answers_is_a_calm_message_in_time(
    app: Litestar, alice: Client, fake_push: FakePushService
) -> None:
    info, _ = fake_push.subscription("alice-phone")
    await post_json(alice, "/push/subscribe", info)
    await alice.post_form("/settings/reminders", FORM)
    fake_push.answer("alice-phone", Answer(delay=4))
    started = time.perf_counter()
    tested = await alice.post_form("/settings/reminders/test", {})
    waited = time.perf_counter() - started
    assert tested.status_code == 303, tested.status_code
    assert waited < 3
    reminder, page = await reminder_and_flash(alice)
    assert "could not reach your device" in page
    assert (reminder.enabled, reminder.remind_at) == (True, "07:45")

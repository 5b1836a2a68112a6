from __future__ import annotations

import re

from litestar import Litestar

from server.push.models import ReminderSetting
from tests.app.push.conftest import BrowserKeys, FakePushService
from tests.app.push.test_subscribe import post_json
from tests.conftest import Client

FORM = {"enabled": "on", "time": "07:45", "timezone": "Europe/Paris"}


async def test_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = await client.get("/settings/reminders")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/settings/reminders"


async def test_it_explains_and_starts_off_at_eight(alice: Client) -> None:
    response = await alice.get("/settings/reminders")
    assert response.status_code == 200
    assert "Your reminder is off" in response.text
    assert 'value="08:00"' in response.text
    assert "Turn on" in response.text
    assert "Send a test notification now" in response.text
    assert "Add to Home Screen" in response.text
    assert "js/push.js" in response.text
    assert 'data-vapid-key="B' in response.text


async def test_it_turns_reminders_on_with_a_time_and_zone(alice: Client) -> None:
    response = await alice.post_form("/settings/reminders", FORM)
    assert response.status_code == 303
    reminder = await ReminderSetting.get()
    assert (reminder.enabled, reminder.remind_at, reminder.timezone) == (
        True,
        "07:45",
        "Europe/Paris",
    )
    assert reminder.enabled_at is not None and reminder.next_due_at is not None
    page = await alice.get("/settings/reminders")
    assert "Your reminder is on" in page.text
    assert "07:45" in page.text and "Europe/Paris" in page.text
    assert "Your daily reminder is on" in page.text


async def test_it_turns_reminders_off(alice: Client) -> None:
    await alice.post_form("/settings/reminders", FORM)
    response = await alice.post_form("/settings/reminders", {**FORM, "enabled": "off"})
    assert response.status_code == 303
    reminder = await ReminderSetting.get()
    assert (reminder.enabled, reminder.next_due_at) == (False, None)


async def test_pressing_enter_means_on(alice: Client) -> None:
    await alice.post_form("/settings/reminders", {"time": "9:05", "timezone": "UTC"})
    reminder = await ReminderSetting.get()
    assert (reminder.enabled, reminder.remind_at) == (True, "09:05")


async def test_a_bad_time_is_explained_and_what_was_typed_is_kept(
    alice: Client,
) -> None:
    response = await alice.post_form(
        "/settings/reminders", {**FORM, "time": "25:99", "timezone": "Europe/Paris"}
    )
    assert response.status_code == 422
    assert "Choose a time like 08:30." in response.text
    assert 'value="25:99"' in response.text
    assert '<option value="Europe/Paris" selected>' in response.text
    assert await ReminderSetting.all().count() == 0


async def test_an_unknown_zone_is_refused(alice: Client) -> None:
    response = await alice.post_form(
        "/settings/reminders",
        [
            ("enabled", "on"),
            ("time", "08:00"),
            ("timezone", "Mars/Base"),
            ("timezone", "UTC"),
        ],
    )
    assert response.status_code == 422
    assert "Choose your time zone from the list" in response.text


async def test_an_odd_on_off_value_is_refused(alice: Client) -> None:
    response = await alice.post_form(
        "/settings/reminders", {**FORM, "enabled": "maybe"}
    )
    assert response.status_code == 422
    assert "Choose to turn reminders on or off." in response.text


async def test_htmx_gets_only_the_form_back_on_error(alice: Client) -> None:
    response = await alice.post_form(
        "/settings/reminders", {**FORM, "time": "x"}, htmx=True
    )
    assert response.status_code == 422
    assert "Choose a time like 08:30." in response.text
    assert "<html" not in response.text


async def test_htmx_navigation_loads_the_page_fully_for_its_script(
    alice: Client,
) -> None:
    response = await alice.get(
        "/settings/reminders", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert response.headers["HX-Redirect"] == "/settings/reminders"


async def test_wrong_method_is_refused(alice: Client) -> None:
    assert (await alice.put("/settings/reminders")).status_code == 405
    assert (await alice.get("/settings/reminders/test")).status_code == 405


async def test_a_test_notification_reaches_each_device(
    alice: Client, fake_push: FakePushService
) -> None:
    info, keys = fake_push.subscription("alice-phone")
    await post_json(alice, "/push/subscribe", info)
    response = await alice.post_form("/settings/reminders/test", {})
    assert response.status_code == 303
    [pushed] = fake_push.received
    assert keys.decrypt(pushed.body)["body"] == "Your daily moment is ready"
    page = await alice.get("/settings/reminders")
    assert "We sent a test notification" in page.text


async def test_a_test_without_devices_says_what_to_do(alice: Client) -> None:
    await alice.post_form("/settings/reminders/test", {})
    page = await alice.get("/settings/reminders")
    assert "No device is set up for reminders yet" in page.text


async def test_a_gone_device_is_removed_by_the_test(
    alice: Client, fake_push: FakePushService
) -> None:
    from server.push.models import PushSubscription

    info, _ = fake_push.subscription("old-phone")
    await post_json(alice, "/push/subscribe", info)
    fake_push.answer("old-phone", 410)
    await alice.post_form("/settings/reminders/test", {})
    assert await PushSubscription.all().count() == 0
    page = await alice.get("/settings/reminders")
    assert "could not reach your device" in page.text


async def test_tests_are_limited(alice: Client, fake_push: FakePushService) -> None:
    info, _ = fake_push.subscription("alice-phone")
    await post_json(alice, "/push/subscribe", info)
    for _ in range(7):
        await alice.post_form("/settings/reminders/test", {})
    assert len(fake_push.received) == 5


async def test_test_needs_csrf(alice: Client, app: Litestar) -> None:
    response = await alice.post("/settings/reminders/test")
    assert response.status_code == 403
    assert BrowserKeys  # keeps the import meaningful for readers of conftest


async def test_concurrent_tests_cannot_slip_past_the_limit(
    app: Litestar, alice: Client, fake_push: FakePushService
) -> None:
    # Through Redis, where each count is a round trip: a limit that counted, then
    # checked, let every one of a burst through before any was counted.
    import asyncio

    from server.web.ratelimit import RedisRateLimiter

    info, _ = fake_push.subscription("alice-phone")
    await post_json(alice, "/push/subscribe", info)
    await alice.csrf_token()
    in_memory = app.state.rate_limiter
    app.state.rate_limiter = RedisRateLimiter("redis://127.0.0.1:6379/0")
    try:
        await asyncio.gather(
            *(alice.post_form("/settings/reminders/test", {}) for _ in range(12))
        )
    finally:
        await app.state.rate_limiter.close()
        app.state.rate_limiter = in_memory
    assert len(fake_push.received) == 5


async def test_only_the_reminder_page_loads_its_script(alice: Client) -> None:
    """push.js turns the reminder on; every other signed-in page only needs
    push-device.js (a first visit to each page fetched both)."""
    for path in ("/", "/plan", "/settings", "/lessons/feeling-safe-first"):
        text = (await alice.get(path)).text
        assert "js/push-device.js" in text, path
        assert "js/push.js" not in text, path
    reminders = (await alice.get("/settings/reminders")).text
    assert re.search(r'data-push data-script="/static/js/push\.js\?v=\w+"', reminders)

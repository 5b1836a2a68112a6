"""Daily reminders in Chromium: permission after "Turn on", the subscription posted
to the server, a test notification through a fake push service (decrypted here as
the browser would), a push delivered to the service worker over CDP, and a tap
that opens today's lesson. Chromium's real pushManager.subscribe needs Google's
push service (unreachable offline), so the page sees a stub PushSubscription whose
endpoint is the fake push service, with keys this test holds."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from tests.app.push.conftest import FakePushService
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    Watch,
    check_axe,
    register,
    running_server,
    serve_vendored_htmx,
    wait_until,
)

STUB_SUBSCRIBE = """
(() => {
  if (!("PushManager" in window)) return;
  const info = %s;
  let current = null;
  const make = () => ({
    endpoint: info.endpoint,
    options: { applicationServerKey: null, userVisibleOnly: true },
    toJSON: () => info,
    unsubscribe: () => { current = null; return Promise.resolve(true); },
  });
  PushManager.prototype.subscribe = function (options) {
    localStorage.setItem("subscribeKeyLength", String(options.applicationServerKey.length));
    current = make();
    return Promise.resolve(current);
  };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(current); };
})();
"""


@pytest.fixture(scope="module")
def fake_push_thread() -> Iterator[FakePushService]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    service = FakePushService()
    runner = asyncio.run_coroutine_threadsafe(service.start(), loop).result(10)
    yield service
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)


@pytest.fixture(scope="module")
def push_server(
    tmp_path_factory: pytest.TempPathFactory, fake_push_thread: FakePushService
) -> Iterator[str]:
    with running_server(
        tmp_path_factory.mktemp("push"), ATTUNE_PUSH_EXTRA_HOSTS=fake_push_thread.host
    ) as base:
        yield base


@pytest.fixture
def installed(
    playwright: Playwright, push_server: str, tmp_path: Path
) -> Iterator[tuple[BrowserContext, Page, Watch]]:
    """A persistent (non-incognito) profile, as an installed app has."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        base_url=push_server,
        viewport=PHONE,
        timezone_id="Europe/Paris",
        locale="en-GB",
    )
    serve_vendored_htmx(context)
    watch = Watch(push_server)
    watch.attach(context)
    context.grant_permissions(["notifications"], origin=push_server)
    page = context.pages[0] if context.pages else context.new_page()
    watch.attach_page(page)
    yield context, page, watch
    context.close()
    watch.check()


def wait_for(page: Page, check: object, timeout: float = 10) -> None:
    """Poll while letting Playwright deliver events (time.sleep would not)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        page.wait_for_timeout(100)
    raise AssertionError("condition not met in time")


def test_turn_on_then_test_push_then_tap_opens_todays_lesson(
    installed: tuple[BrowserContext, Page, Watch], fake_push_thread: FakePushService
) -> None:
    context, page, _ = installed
    info, keys = fake_push_thread.subscription("chromium")
    context.add_init_script(STUB_SUBSCRIBE % json.dumps(info))
    register(page)

    page.goto("/settings/reminders")
    expect(page.get_by_role("heading", name="Your reminder is off")).to_be_visible()
    expect(page.locator("#timezone")).to_have_value("Europe/Paris")  # from Intl
    expect(page.locator("[data-push-unsupported]")).to_be_hidden()
    check_axe(page)

    page.fill("#time", "07:30")
    with page.expect_request("**/push/subscribe") as posted:
        page.get_by_role("button", name="Turn on").click()
    body = json.loads(posted.value.post_data or "{}")
    assert body["endpoint"] == info["endpoint"] and body["keys"] == info["keys"]
    assert posted.value.headers["x-csrftoken"]
    expect(page.get_by_role("heading", name="Your reminder is on")).to_be_visible()
    expect(page.get_by_text("07:30")).to_be_visible()
    expect(page.get_by_text("Europe/Paris", exact=False).first).to_be_visible()
    assert page.evaluate("localStorage.getItem('subscribeKeyLength')") == "65"
    check_axe(page)

    page.get_by_role("button", name="Send a test notification now").click()
    expect(page.get_by_text("We sent a test notification")).to_be_visible()
    [pushed] = fake_push_thread.to("chromium")
    assert keys.decrypt(pushed.body) == {
        "title": "Attune",
        "body": "Your daily moment is ready",
        "url": "/lessons/today",
        "icon": "/static/icons/icon-192.png",
    }

    # The service worker shows the notification for a push...
    wait_until(page, "navigator.serviceWorker.controller !== null")
    cdp = context.new_cdp_session(page)
    registrations: list[dict[str, str]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    wait_for(page, lambda: any(not r.get("isDeleted") for r in registrations))
    origin = re.sub(r"/$", "", page.url.split("/settings")[0])
    reg_id = next(r["registrationId"] for r in registrations if not r.get("isDeleted"))
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": origin,
            "registrationId": reg_id,
            "data": json.dumps(keys.decrypt(pushed.body)),
        },
    )
    shown: list[list[str]] = []

    def notifications() -> bool:
        shown[:] = page.evaluate(
            """navigator.serviceWorker.ready
                 .then(r => r.getNotifications())
                 .then(ns => ns.map(n => [n.title, n.body, n.data.url, n.icon, n.badge]))"""
        )
        return bool(shown)

    wait_for(page, notifications)
    assert shown[0][:3] == [
        "Attune",
        "Your daily moment is ready",
        "/lessons/today",
    ]
    assert shown[0][3].endswith("/static/icons/icon-192.png")
    assert shown[0][4].endswith("/static/icons/badge-96.png")

    # ...and a tap focuses the open window and takes it to today's lesson.
    [worker] = context.service_workers
    worker.evaluate(
        """self.registration.getNotifications().then(ns =>
             self.dispatchEvent(new NotificationEvent("notificationclick", {notification: ns[0]})))"""
    )
    # /lessons/today redirects to the lesson itself; the same window shows it.
    page.wait_for_url(re.compile(r"/lessons/"), timeout=10000)
    assert len(context.pages) == 1


RESUBSCRIBE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration("/");
  await registration.pushManager.subscribe({
    userVisibleOnly: true, applicationServerKey: new Uint8Array(65),
  });
}"""


def test_signing_out_after_arriving_through_help_unsubscribes_the_device(
    installed: tuple[BrowserContext, Page, Watch], fake_push_thread: FakePushService
) -> None:
    """/help renders without a CSRF token when the browser has none, and boosted
    links keep the body it set: push.js must take the token from the page's form."""
    context, page, watch = installed
    info, _ = fake_push_thread.subscription("chromium")
    context.add_init_script(STUB_SUBSCRIBE % json.dumps(info))
    register(page)
    page.goto("/settings/reminders")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your reminder is on")).to_be_visible()

    context.clear_cookies(name="attune_csrf")
    page.goto("/help")
    page.get_by_role("link", name="Settings").click()  # boosted: the body stays
    expect(page.get_by_role("button", name="Sign out here")).to_be_visible()
    assert '"x-csrftoken": ""' in (
        page.locator("body").get_attribute("hx-headers") or ""
    )
    # The stubbed subscription lives in one document: hand this one the device's.
    page.evaluate(RESUBSCRIBE)
    with page.expect_response("**/push/unsubscribe") as answered:
        page.get_by_role("button", name="Sign out here").click()
    # Refused with 403 when the header carries the body's empty token.
    assert answered.value.status < 300, answered.value.status
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    watch.check()


def test_a_push_with_odd_data_still_shows_the_generic_text(
    installed: tuple[BrowserContext, Page, Watch],
) -> None:
    context, page, _ = installed
    register(page)
    page.goto("/settings/reminders")
    wait_until(page, "navigator.serviceWorker.controller !== null")
    [worker] = context.service_workers
    shown = worker.evaluate(
        """(async () => {
             self.dispatchEvent(new PushEvent("push", {data: '{"url": "https://evil.example/"}'}));
             await new Promise(r => setTimeout(r, 300));
             const ns = await self.registration.getNotifications();
             return ns.map(n => [n.title, n.body, n.data.url]);
           })()"""
    )
    assert shown[-1] == ["Attune", "Your daily moment is ready", "/lessons/today"]


def test_without_javascript_the_page_explains_and_the_form_still_saves(
    page_nojs: Page,
) -> None:
    page = page_nojs
    register(page)
    page.goto("/settings/reminders")
    expect(
        page.get_by_role("heading", name="Notifications need JavaScript")
    ).to_be_visible()
    page.fill("#time", "21:15")
    page.select_option("#timezone", "Asia/Tokyo")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your reminder is on")).to_be_visible()
    expect(page.get_by_text("21:15")).to_be_visible()
    page.get_by_role("button", name="Send a test notification now").click()
    expect(page.get_by_text("No device is set up for reminders yet")).to_be_visible()


def test_iphone_safari_outside_the_home_screen_is_told_to_install_first(
    playwright: Playwright, live_server: str
) -> None:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(
        base_url=live_server,
        viewport=PHONE,
        user_agent=(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
        ),
    )
    serve_vendored_htmx(context)
    page = context.new_page()
    prompts: list[str] = []
    page.on(
        "console", lambda m: prompts.append(m.text) if "permission" in m.text else None
    )
    register(page)
    page.goto("/settings/reminders")
    expect(
        page.get_by_role("heading", name="Notifications on this device")
    ).to_be_visible()
    expect(page.get_by_text("Add to Home Screen")).to_be_visible()
    # The button is not broken: it saves the settings as a plain form.
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your reminder is on")).to_be_visible()
    assert page.evaluate("Notification.permission") == "default"
    check_axe(page)
    context.close()
    browser.close()

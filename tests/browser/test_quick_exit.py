"""Quick exit (issue 26): on every page, one thumb and one key away; it leaves at
once for a neutral page and, with JavaScript, takes the page's place in the
tab's history, so Back does not return to Attune."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from server.settings import Settings
from tests.browser.conftest import PHONE, check_axe, new_context, register

NEUTRAL = Settings().quick_exit_url


def neutral_context(browser: Browser, base: str, javascript: bool) -> BrowserContext:
    """A phone whose neutral page answers locally: the test sends nothing out."""
    context = new_context(browser, base, javascript=javascript)
    context.route(
        re.compile("^" + re.escape(NEUTRAL)),
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body="<!doctype html><title>Neutral</title><h1>Neutral page</h1>",
        ),
    )
    return context


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    context = neutral_context(browser, live_server, javascript=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_nojs(browser: Browser, live_server: str) -> Iterator[Page]:
    context = neutral_context(browser, live_server, javascript=False)
    yield context.new_page()
    context.close()


def quick_exit(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("link", name="Quick exit")


def test_it_leaves_and_back_does_not_return(phone: Page, live_server: str) -> None:
    phone.goto("/about")
    quick_exit(phone).click()
    expect(phone.get_by_role("heading", name="Neutral page")).to_be_visible()
    assert phone.url == NEUTRAL
    phone.go_back()
    # Back goes where the tab was before Attune, not to Attune.
    assert not phone.url.startswith(live_server), phone.url


def test_it_is_reached_from_the_keyboard(phone: Page, live_server: str) -> None:
    phone.goto("/help")
    for _ in range(5):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.hasAttribute('data-quick-exit')"):
            break
    else:
        raise AssertionError("Quick exit is not among the first stops of Tab")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Neutral page")).to_be_visible()
    phone.go_back()
    assert not phone.url.startswith(live_server), phone.url


def test_escape_pressed_twice_leaves_and_once_does_not(
    phone: Page, live_server: str
) -> None:
    register(phone)
    phone.goto("/reflections/new")
    phone.keyboard.press("Escape")
    phone.wait_for_timeout(1500)
    phone.keyboard.press("Escape")
    phone.wait_for_timeout(300)
    assert phone.url.startswith(live_server), "one Escape at a time must not leave"
    phone.keyboard.press("Escape")
    phone.keyboard.press("Escape")
    expect(phone.get_by_role("heading", name="Neutral page")).to_be_visible()
    phone.go_back()
    assert not phone.url.startswith(live_server + "/reflections"), phone.url


def test_without_javascript_it_is_a_plain_link(
    phone_nojs: Page, live_server: str
) -> None:
    phone_nojs.goto("/about")
    link = quick_exit(phone_nojs)
    assert link.get_attribute("href") == NEUTRAL
    link.click()
    expect(phone_nojs.get_by_role("heading", name="Neutral page")).to_be_visible()
    # As the README says: a plain link adds a history entry, so Back returns.
    phone_nojs.go_back()
    assert phone_nojs.url == live_server + "/about"


def test_it_fits_a_phone_beside_help_and_covers_nothing(phone: Page) -> None:
    for path in ("/", "/help", "/about"):
        phone.goto(path)
        box = quick_exit(phone).bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["y"] + box["height"] <= 100, "in the header, at the top"
        help_box = phone.locator("header .help-link").bounding_box()
        assert help_box is not None
        assert box["x"] + box["width"] <= help_box["x"] or (
            box["y"] + box["height"] <= help_box["y"]
        )
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # Inside the header, which sits above the content and never over it.
        assert quick_exit(phone).evaluate("e => !!e.closest('header')")
    check_axe(phone)


def test_in_spanish_it_fits_too(browser: Browser, live_server: str) -> None:
    context = new_context(browser, live_server, locale="es-ES")
    page = context.new_page()
    try:
        page.goto("/help")
        box = page.get_by_role("link", name="Salida rápida").bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()

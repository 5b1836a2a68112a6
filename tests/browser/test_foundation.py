from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    PASSPHRASE,
    check_axe,
    htmx_ready,
    js_enabled,
    register,
    unique_name,
    wait_until,
)


def test_a_person_signs_up_signs_out_signs_in_and_reaches_help(any_page: Page) -> None:
    page = any_page
    username = unique_name("phone")
    register(page, username)
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()

    page.goto("/settings")
    page.get_by_role("button", name="Sign out here").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()

    page.get_by_role("link", name="Sign in", exact=True).click()
    page.fill("#username", username)
    page.fill("#passphrase", PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()

    page.locator("header").get_by_role("link", name="Get help now").click()
    expect(page).to_have_url(re.compile(r"/help$"))
    call = page.get_by_role("link", name="Call 988").first
    expect(call).to_have_attribute("href", "tel:988")
    expect(page.get_by_role("link", name="Text 988", exact=True)).to_have_attribute(
        "href", "sms:988"
    )
    # Tapping a tel: link hands the number to the phone; the page stays put.
    call.click()
    expect(page.get_by_role("heading", name="Get help now")).to_be_visible()


def test_a_wrong_passphrase_is_explained_next_to_the_form(any_page: Page) -> None:
    page = any_page
    username = unique_name("oops")
    register(page, username)
    page.goto("/settings")
    page.get_by_role("button", name="Sign out here").click()
    expect(
        page.get_by_role("link", name="Sign in", exact=True)
    ).to_be_visible()  # signed out
    page.goto("/login")
    htmx_ready(page)
    page.fill("#username", username)
    page.fill("#passphrase", "not the right one")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#form-error")).to_contain_text("do not match")
    expect(page.locator("#username")).to_have_value(username)


def test_the_help_page_follows_the_chosen_country(any_page: Page) -> None:
    page = any_page
    page.goto("/help")
    page.select_option("#country", "GB")
    page.get_by_role("button", name="Show lines").click()
    expect(page.get_by_role("link", name="Call 116 123").first).to_have_attribute(
        "href", "tel:116123"
    )
    expect(page.get_by_role("link", name="Call 999")).to_be_visible()
    page.goto("/help")  # remembered
    expect(page.get_by_role("heading", name="In United Kingdom")).to_be_visible()


def test_every_foundation_page_passes_axe(page: Page) -> None:
    for path in [
        "/",
        "/help",
        "/about",
        "/support",
        "/register",
        "/login",
        "/recover",
        "/no-such-page",
    ]:
        page.goto(path)
        htmx_ready(page)
        check_axe(page)
    register(page)
    for path in ["/", "/settings", "/settings/export", "/settings/delete"]:
        page.goto(path)
        check_axe(page)


def test_dark_mode_passes_axe(page: Page) -> None:
    page.emulate_media(color_scheme="dark")
    for path in ["/", "/help", "/register"]:
        page.goto(path)
        check_axe(page)


def test_the_help_link_is_in_the_header_of_every_page(page: Page) -> None:
    for path in ["/", "/about", "/login", "/no-such-page"]:
        page.goto(path)
        expect(
            page.locator("header").get_by_role("link", name="Get help now")
        ).to_have_attribute("href", "/help")


def test_htmx_loads_from_the_pinned_url_with_its_integrity(page: Page) -> None:
    page.goto("/")
    assert js_enabled(page)
    wait_until(page, "window.htmx && htmx.version === '2.0.11'")
    assert page.evaluate("htmx.config.allowEval") is False
    assert page.evaluate("htmx.config.historyCacheSize") == 0

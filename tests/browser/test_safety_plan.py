"""The safety plan in a real browser at 360 px, with JavaScript on and off."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    Watch,
    add_entry,
    check_axe,
    htmx_ready,
    js_enabled,
    new_context,
    register,
)

PHONE = "+44 7700 900123"


def fits_the_screen(page: Page) -> None:
    if js_enabled(page):
        assert page.evaluate("document.documentElement.scrollWidth") <= 360


def axe(page: Page) -> None:
    """axe runs in the page, so only with JavaScript on; the markup is the same."""
    if js_enabled(page):
        check_axe(page)


def test_a_person_builds_their_plan(any_page: Page) -> None:
    page = any_page
    register(page)
    page.goto("/plan")
    expect(
        page.get_by_role("heading", name="Help you can reach right now")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Call 988").first).to_have_attribute(
        "href", "tel:988"
    )
    expect(page.locator("main")).not_to_contain_text("incomplete")
    fits_the_screen(page)
    axe(page)

    page.get_by_role(
        "link", name=re.compile(r"^Add to this card\W+People I can ask for help$")
    ).click()
    expect(
        page.get_by_role("heading", name="People I can ask for help", level=1)
    ).to_be_visible()
    axe(page)
    add_entry(page, "ask-for-help", "Sam", PHONE)
    add_entry(page, "ask-for-help", "Jo")
    # A mistake is explained next to the field, and what was typed stays.
    page.fill("#text-new", "Ana")
    page.fill("#phone-new", "not a number")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#phone-new-error")).to_contain_text("Use digits")
    expect(page.locator("#text-new")).to_have_value("Ana")
    axe(page)
    page.fill("#phone-new", "")
    page.fill("#text-new", "")

    page.get_by_role("button", name="Move up Person 2").click()
    expect(page.locator("main")).to_contain_text("Moved.")
    names = page.locator(".entry input[id^='text-']")
    expect(names.nth(0)).to_have_value("Jo")
    expect(names.nth(1)).to_have_value("Sam")
    fits_the_screen(page)

    page.goto("/plan")
    call = page.get_by_role("link", name="Call Sam")
    expect(call).to_have_attribute("href", "tel:+447700900123")
    expect(page.get_by_role("link", name="Text Sam")).to_have_attribute(
        "href", "sms:+447700900123"
    )
    expect(page.get_by_role("link", name="Call Jo")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("7700")
    expect(page.locator("main")).to_contain_text("after Stanley & Brown")
    axe(page)

    page.goto("/plan/edit/ask-for-help")
    htmx_ready(page)
    page.get_by_role("button", name="Remove Person 1").click()
    expect(page.locator("main")).to_contain_text("Removed from this card.")
    expect(page.locator(".entry")).to_have_count(1)


def tab_to(page: Page, name: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement ? document.activeElement.textContent.trim() : ''"
        )
        if focused == name:
            return
    raise AssertionError(f"{name!r} is not reachable with Tab")


def test_the_crisis_sequence_by_keyboard_only(any_page: Page) -> None:
    page = any_page
    register(page)
    add_entry(page, "warning-signs", "I stop answering messages")
    add_entry(page, "on-my-own", "A warm shower")
    add_entry(page, "reasons", "My dog")

    page.goto("/plan/crisis")
    htmx_ready(page)
    axe(page)
    seen = []
    for _ in range(4):
        seen.append(page.locator("h1").inner_text())
        if seen[-1] == "My reasons for living":
            break
        tab_to(page, "Something else from my plan")
        page.keyboard.press("Enter")
        expect(page.locator("h1")).not_to_have_text(seen[-1])
    assert seen == [
        "Signs a hard time may be starting",
        "Things I can do on my own",
        "Professionals and crisis lines",
        "My reasons for living",
    ]
    # The last step offers crisis lines beside the reasons, and goes on to /help.
    expect(page.get_by_role("link", name="Call 988").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("My dog")
    fits_the_screen(page)
    axe(page)

    tab_to(page, "Back")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Professionals and crisis lines")
    tab_to(page, "I'll stop here")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/plan$"))


def test_print_and_a_shared_link(
    browser: Browser, live_server: str, page: Page
) -> None:
    register(page)
    add_entry(page, "reasons", "Seeing my niece grow up")
    add_entry(page, "ask-for-help", "Sam", PHONE)

    page.goto("/plan/print")
    expect(page.locator("main")).to_contain_text("Paper can be seen by anyone")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    check_axe(page)
    page.emulate_media(media="print")
    expect(page.locator(".top")).to_be_hidden()
    expect(page.locator("form.no-print")).to_be_hidden()
    page.emulate_media(media="screen")

    page.goto("/plan/share")
    check_axe(page)
    page.fill("#label", "my therapist")
    # Asked first, as printing asks: this link may show the phone numbers.
    page.get_by_label("Include the phone numbers of my people").check()
    page.get_by_role("button", name="Make a link").click()
    link = page.locator("#share-url")
    expect(link).to_be_visible()
    url = link.input_value()
    assert re.fullmatch(re.escape(live_server) + r"/shared/[A-Za-z0-9_-]{40,}", url)
    check_axe(page)

    watch = Watch(live_server)
    stranger = new_context(browser, live_server, watch=watch)
    other = stranger.new_page()
    other.goto(url)
    expect(
        other.get_by_role("heading", name="A safety plan shared with you")
    ).to_be_visible()
    expect(other.locator("main")).to_contain_text("Seeing my niece grow up")
    expect(other.locator("main")).to_contain_text(
        "Anyone who has this link can see this page"
    )
    expect(other.get_by_role("link", name="Call Sam")).to_be_visible()
    expect(other.locator("main")).not_to_contain_text("7700")
    check_axe(other)

    page.goto("/plan/share")
    page.get_by_role("button", name=re.compile("Turn this link off")).click()
    expect(page.locator("main")).to_contain_text(
        "No link can open your plan right now."
    )
    response = other.goto(url)
    assert response is not None and response.status == 404
    expect(other.locator("main")).not_to_contain_text("Seeing my niece")
    stranger.close()
    watch.check()


def test_the_plan_reads_well_in_dark_mode(page: Page) -> None:
    page.emulate_media(color_scheme="dark")
    register(page)
    add_entry(page, "ask-for-help", "Sam", PHONE)
    page.goto("/plan")
    check_axe(page)
    page.goto("/plan/crisis?step=4")
    check_axe(page)
    assert js_enabled(page)

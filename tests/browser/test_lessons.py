from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_axe, htmx_ready, js_enabled, register

CARD = "/lessons/feeling-safe-first"


def test_a_person_reads_todays_lesson_saves_it_finds_it_and_marks_it_done(
    any_page: Page,
) -> None:
    page = any_page
    if js_enabled(page):
        page.clock.install()
    register(page)
    page.goto("/lessons/today")
    expect(page).to_have_url(re.compile(CARD + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Feeling safe comes first"
    )
    expect(page.get_by_text("Today's lesson · Day 1 of 36")).to_be_visible()
    steps = page.locator(".practice-steps li")
    expect(steps).to_have_count(4)
    expect(steps.first).to_be_visible()
    expect(page.get_by_text("Take about 2 minutes, at your own pace.")).to_be_visible()

    start = page.get_by_role("button", name="Start a gentle 2-minute timer")
    if js_enabled(page):
        htmx_ready(page)
        expect(page.locator("[data-timer-display]")).to_have_text("2:00")
        start.click()
        status = page.locator("[data-timer-status]")
        expect(status).to_contain_text("Timer started: 2 minutes")
        expect(page.get_by_role("button", name="Stop the timer")).to_be_focused()
        expect(start).to_be_hidden()  # one button at a time
        page.clock.run_for(5000)
        expect(page.locator("[data-timer-display]")).to_have_text("1:55")
        page.clock.run_for(116000)
        expect(status).to_have_text("Time is up. Take a moment before you move on.")
        expect(start).to_be_visible()
    else:
        # Without JavaScript the steps are the practice; no dead timer button.
        expect(start).to_be_hidden()

    page.get_by_role("button", name="Save this card").click()
    # The date in words, in the reader's language (Babel): "November 28, 2026".
    expect(page.get_by_text(re.compile(r"Saved on \w+ \d+, \d{4}"))).to_be_visible()
    expect(page.get_by_role("button", name="Remove from saved")).to_be_visible()

    page.goto("/saved")
    expect(page.get_by_role("heading", name="Saved cards")).to_be_visible()
    page.get_by_role("link", name="Feeling safe comes first").click()
    expect(page).to_have_url(re.compile(CARD + "$"))
    htmx_ready(page)

    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("You finished this one.")).to_be_visible()
    expect(page.get_by_text("That is today's lesson done.")).to_be_visible()
    page.goto("/lessons")
    expect(page.get_by_text("1 of 6 done")).to_be_visible()


def test_only_a_calming_practice_goes_on_the_plan_as_one_short_line(
    any_page: Page,
) -> None:
    page = any_page
    register(page)
    page.goto("/lessons/out-of-nowhere")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".gentle-note")).to_be_visible()
    expect(
        page.get_by_role("button", name="Add this practice to my safety plan")
    ).to_have_count(0)
    page.goto(CARD)
    htmx_ready(page)
    short = "Feel my feet on the floor, breathe out slowly, and name three things"
    expect(page.get_by_text(re.compile(short))).to_be_visible()
    page.get_by_role("button", name="Add this practice to my safety plan").click()
    expect(page.get_by_text("Added to your safety plan")).to_be_visible()
    page.goto("/plan")
    expect(page.get_by_text(re.compile(short))).to_be_visible()
    expect(page.get_by_text("let your feet rest flat on the floor")).to_have_count(0)


def test_a_private_note_is_kept_and_a_bad_one_keeps_the_text(any_page: Page) -> None:
    page = any_page
    register(page)
    page.goto(CARD)
    htmx_ready(page)
    note = page.get_by_label("Your private note")
    note.fill("   ")
    page.get_by_role("button", name="Keep my note").click()
    expect(page.get_by_text("There is nothing to keep yet")).to_be_visible()
    page.get_by_label("Your private note").fill("A friend who waited with me.")
    page.get_by_role("button", name="Keep my note").click()
    expect(page.get_by_text("Your note is kept. Only you can read it.")).to_be_visible()
    page.goto(CARD)
    expect(page.get_by_label("Your private note")).to_have_value(
        "A friend who waited with me."
    )


def test_the_timer_is_still_for_people_who_prefer_less_motion(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto(CARD)
    page.get_by_role("button", name="Start a gentle 2-minute timer").click()
    ring = page.locator("[data-timer-ring]")
    expect(page.locator(".timer.is-running")).to_have_count(1)
    assert ring.evaluate("el => getComputedStyle(el).animationName") == "none"
    assert ring.evaluate("el => getComputedStyle(el).transitionDuration") == "0s"
    page.get_by_role("button", name="Stop the timer").click()
    expect(page.locator("[data-timer-status]")).to_contain_text("Timer stopped")


def test_a_visitor_reads_day_1_and_is_invited_to_sign_in_to_save(
    any_page: Page,
) -> None:
    page = any_page
    page.goto("/lessons")
    page.get_by_role("link", name="Read day 1").click()
    expect(page).to_have_url(re.compile(CARD + "$"))
    expect(page.get_by_role("button", name="Save this card")).to_have_count(0)
    page.locator("main").get_by_role("link", name="Sign in", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"/login\?next=/lessons/feeling-safe-first$"))


def test_lesson_pages_pass_axe(page: Page) -> None:
    page.goto("/lessons")
    check_axe(page)
    page.goto(CARD)
    check_axe(page)
    register(page)
    page.goto("/saved")
    check_axe(page)  # the empty state
    page.goto("/lessons/the-still-face")  # a card with a gentle note
    page.get_by_role("button", name="Save this card").click()
    expect(page.get_by_role("button", name="Remove from saved")).to_be_visible()
    check_axe(page)
    page.goto("/saved")
    check_axe(page)
    page.goto("/lessons")
    check_axe(page)


def test_lesson_pages_pass_axe_in_dark_mode(page: Page) -> None:
    page.emulate_media(color_scheme="dark")
    for path in ["/lessons", CARD]:
        page.goto(path)
        check_axe(page)
    register(page)
    page.goto(CARD)
    page.get_by_role("button", name="Start a gentle 2-minute timer").click()
    check_axe(page)


def test_cards_fit_a_narrow_phone(page: Page) -> None:
    for path in ["/lessons", CARD]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)

"""How Attune looks and feels in the hand (issue 18): tabs with icons, feature cards
that lead somewhere, a 0-10 tap scale, a chart a person can read, small frictions
gone, sharing and a readable export."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    check_axe,
    htmx_ready,
    js_enabled,
    register,
)

pytestmark = pytest.mark.browser


# --- Navigation ----------------------------------------------------------------


def test_tabs_have_labelled_icons_and_the_active_one_stands_out(page: Page) -> None:
    page.goto("/lessons")
    tabs = page.locator("#tabs a")
    assert tabs.count() == 4
    for i in range(tabs.count()):
        tab = tabs.nth(i)
        icon = tab.locator("svg.tab-icon")
        expect(icon).to_be_visible()
        expect(icon).to_have_attribute("aria-hidden", "true")
        # The icon sits above the words.
        icon_box, word_box = icon.bounding_box(), tab.locator("span").bounding_box()
        assert (
            icon_box
            and word_box
            and icon_box["y"] + icon_box["height"] <= word_box["y"] + 1
        )
    current = page.locator("#tabs a[aria-current=page]")
    expect(current).to_have_accessible_name("Lessons")
    other = page.locator("#tabs a:not([aria-current])").first
    background = "e => getComputedStyle(e.querySelector('svg')).backgroundColor"
    assert current.evaluate(background) != other.evaluate(background)
    # Dark mode: the icons follow the text colour, not a fixed one.
    page.emulate_media(color_scheme="dark")
    stroke = other.locator("svg").evaluate("e => getComputedStyle(e).stroke")
    colour = other.evaluate("e => getComputedStyle(e).color")
    assert stroke == colour
    check_axe(page)


def test_home_feature_cards_lead_to_their_features(any_page: Page) -> None:
    page = any_page
    page.goto("/")
    cards = page.get_by_role("region", name="What you can do")
    for name, url in [
        ("Daily lessons", r"/lessons$"),
        ("A repair journal", r"/login"),
        ("A safety plan", r"/login"),
    ]:
        page.goto("/")
        htmx_ready(page)
        # The whole card is the target, not just its heading's words.
        card = cards.locator(".card", has=page.get_by_role("link", name=name))
        box = card.bounding_box()
        assert box
        card.click(position={"x": box["width"] - 12, "y": box["height"] - 8})
        page.wait_for_url(re.compile(url))
    if js_enabled(page):
        page.goto("/")
        check_axe(page)


# --- The 0-10 tap scale -----------------------------------------------------------


def test_the_intensity_scale_is_a_row_of_large_targets(any_page: Page) -> None:
    page = any_page
    register(page)
    page.goto("/reflections/new/step/3" if js_enabled(page) else "/reflections/new")
    htmx_ready(page)
    scale = page.get_by_role("group", name="How intense did it feel, from 0 to 10?")
    expect(scale).to_be_visible()
    expect(scale).to_contain_text("0 · barely there")
    expect(scale).to_contain_text("10 · as strong as it gets")
    assert page.locator("input[type=number]").count() == 0
    for n in range(11):
        label = scale.locator(".scale-option").nth(n)
        box = label.bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, n
    scale.get_by_role("radio", name="6", exact=True).click()
    expect(scale.get_by_role("radio", name="6", exact=True)).to_be_checked()
    filled = scale.locator(".scale-option span").nth(6)
    plain = scale.locator(".scale-option span").nth(5)
    bg = "e => getComputedStyle(e).backgroundColor"
    assert filled.evaluate(bg) != plain.evaluate(bg)
    if js_enabled(page):  # axe itself needs JavaScript
        check_axe(page)
    button = "Save what I have" if js_enabled(page) else "Save reflection"
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text("6 of 10")).to_be_visible()


def test_the_scale_answers_the_arrow_keys(page: Page) -> None:
    register(page)
    page.goto("/reflections/new/step/5")
    htmx_ready(page)
    scale = page.get_by_role(
        "group", name="How connected do you feel now, from 0 to 10?"
    )
    scale.get_by_role("radio", name="3", exact=True).focus()
    page.keyboard.press("Space")
    expect(scale.get_by_role("radio", name="3", exact=True)).to_be_checked()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(scale.get_by_role("radio", name="5", exact=True)).to_be_checked()
    # The keyboard focus shows as a ring around the number.
    ring = scale.locator(".scale-option span").nth(5)
    assert ring.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    # "Back" comes before "Next", and Enter in a field still goes forward.
    actions = page.locator(".actions button")
    expect(actions.nth(0)).to_have_text("Back")
    expect(actions.nth(1)).to_have_text("Next")
    page.fill("#repair_text", "I said sorry")
    page.locator("#repair_text").press("Control+Enter")  # a textarea: no submit
    page.goto("/reflections/new/step/1")
    htmx_ready(page)
    page.locator("#person_name").fill("Sam")
    page.locator("#person_name").press("Enter")
    expect(page.locator("#step-count")).to_have_text("Step 2 of 6")


# --- The trends chart -------------------------------------------------------------


def add_reflection(page: Page, day: str, intensity: str, connection: str) -> None:
    page.goto("/reflections/new/step/1")
    htmx_ready(page)
    page.fill("#occurred_on", day)
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.locator("#step-count")).to_have_text("Step 2 of 6")
    page.goto("/reflections/new/step/3")
    page.locator("#intensity").get_by_role("radio", name=intensity, exact=True).check()
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.locator("#step-count")).to_have_text("Step 4 of 6")
    page.goto("/reflections/new/step/5")
    page.get_by_label("I tried a repair").check()
    scale = page.locator("#connection")
    scale.get_by_role("radio", name=connection, exact=True).check()
    page.get_by_role("button", name="Save what I have").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Reflection from"))
    ).to_be_visible()


LABELS = """() => Array.from(document.querySelectorAll("svg.chart")).flatMap((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const frame = svg.getBoundingClientRect();
  return Array.from(svg.querySelectorAll("text.axis")).map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
            inside: r.left >= frame.left - 0.5 && r.right <= frame.right + 0.5};
  });
})"""


def test_the_trends_chart_is_readable_and_teaches_at_a_glance(page: Page) -> None:
    from datetime import date, timedelta

    register(page)
    today = date.today()
    days = [today - timedelta(days=n) for n in (60, 20, 18, 3)]
    for day, (intensity, connection) in zip(
        days, [("8", "3"), ("7", "8"), ("5", "6"), ("4", "9")], strict=True
    ):
        add_reflection(page, day.isoformat(), intensity, connection)
    page.goto("/reflections/trends")
    htmx_ready(page)
    labels = page.evaluate(LABELS)
    assert labels
    for label in labels:
        assert label["px"] >= 12, label
        assert label["inside"], label
    assert "100\u00a0%" in [label["text"] for label in labels]
    # A real time axis: the two days in a row sit close, the long gap is long.
    xs = page.locator("g.point .hit").evaluate_all(
        "ps => ps.map((p) => p.getBoundingClientRect().x)"
    )
    assert xs[2] - xs[1] < (xs[1] - xs[0]) / 10
    # Tap a point: its day and values show; focus shows it too.
    tip = page.locator("g.point").nth(3).locator(".tip")
    expect(tip).to_be_hidden()
    page.locator("g.point").nth(3).locator(".hit").tap()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("intensity 4")
    expect(tip).to_contain_text("connection 9")
    page.keyboard.press("Shift+Tab")
    expect(page.locator("g.point").nth(2).locator(".tip")).to_be_visible()
    # Weeks or months: the summary says in words what the chart shows.
    page.get_by_role("link", name="4 weeks").click()
    expect(page.locator(".summary")).to_have_text(
        "In the last 4 weeks, 3 reflections have both numbers. Intensity in the "
        "moment averaged 5.3 out of 10; connection afterwards averaged 7.7 out of 10."
    )
    expect(page.locator("g.point")).to_have_count(3)
    expect(page.get_by_role("link", name="4 weeks")).to_have_attribute(
        "aria-current", "true"
    )
    check_axe(page)
    page.emulate_media(color_scheme="dark")
    check_axe(page)


# --- Small frictions ------------------------------------------------------------------


def test_today_shows_that_todays_lesson_is_done(any_page: Page) -> None:
    page = any_page
    register(page)
    expect(page.get_by_text("Done for today")).to_have_count(0)
    page.goto("/lessons/today")
    htmx_ready(page)
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("You finished this one.")).to_be_visible()
    page.goto("/")
    expect(
        page.get_by_text("Done for today. The next lesson opens tomorrow.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Read it again")).to_be_visible()


def test_collapsible_sections_filters_and_focus_rings_say_what_they_do(
    page: Page,
) -> None:
    from datetime import date

    register(page)
    add_reflection(page, date.today().isoformat(), "5", "5")
    page.goto("/reflections")
    htmx_ready(page)
    expect(page.get_by_role("button", name="Show matching reflections")).to_be_visible()
    summary = page.locator("details > summary").first
    arrow = "e => getComputedStyle(e, '::before').transform"
    closed = summary.evaluate(arrow)
    summary.click()
    page.wait_for_timeout(400)  # the arrow turns over 150 ms
    assert summary.evaluate(arrow) != closed
    # A tap leaves no thick ring; the keyboard does.
    outline = "e => getComputedStyle(e).outlineStyle"
    assert summary.evaluate(outline) == "none"
    button = page.get_by_role("button", name="Show matching reflections")
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert button.evaluate(outline) == "solid"


# --- Sharing the plan -------------------------------------------------------------------


def make_link(page: Page) -> str:
    page.goto("/plan/share")
    htmx_ready(page)
    page.get_by_role("button", name="Make a link").click()
    field = page.locator("#share-url")
    expect(field).to_be_visible()
    # The whole link shows: nothing scrolls out of sight.
    assert field.evaluate("e => e.scrollHeight <= e.clientHeight + 1")
    assert field.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    return field.input_value()


def test_a_share_link_can_be_copied_or_sent_with_the_share_sheet(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script(
        "navigator.share = (data) => { window.sharedWith = data; return Promise.resolve(); };"
    )
    register(page)
    url = make_link(page)
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator("[data-share-status]")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == url
    page.get_by_role("button", name="Share…").click()
    assert page.evaluate("window.sharedWith.url") == url
    check_axe(page)


def test_without_a_share_sheet_or_script_the_link_is_still_there_whole(
    any_page: Page,
) -> None:
    page = any_page
    register(page)
    url = make_link(page)
    assert "/shared/" in url
    # Headless Chromium has no share sheet: its button stays hidden.
    expect(page.get_by_role("button", name="Share…")).to_be_hidden()
    if not js_enabled(page):
        expect(page.get_by_role("button", name="Copy the link")).to_be_hidden()


# --- Export ------------------------------------------------------------------------------


def test_the_export_downloads_as_text_a_person_can_read(page: Page) -> None:
    from datetime import date

    register(page)
    add_reflection(page, "2026-03-14", "6", "7")
    page.goto("/settings/export")
    htmx_ready(page)
    expect(
        page.get_by_role("link", name="Download for other apps (JSON)")
    ).to_be_visible()
    expect(page.get_by_text("March 14, 2026").first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as text you can read").click()
    download = info.value
    assert download.suggested_filename.endswith(".txt")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("Everything you wrote in Attune")
    assert "March 14, 2026" in text
    assert "2026-03-14" not in text
    assert date.today().strftime("%B") in text  # exported on, in words
    assert "&amp;" not in text and "<" not in text
    check_axe(page)

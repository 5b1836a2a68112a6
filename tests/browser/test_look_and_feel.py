"""How Attune looks and feels in the hand (issue 18): tabs with icons, feature cards
that lead somewhere, a 0-10 tap scale, a chart a person can read, small frictions
gone, sharing and a readable export."""

from __future__ import annotations

import re

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

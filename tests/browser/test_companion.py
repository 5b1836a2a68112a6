"""A companion, not a leaflet (issue 29): every action answers where the eye is,
pages respect a thumb and two minutes, trends read right, and warmth comes calmly.
Chromium at 360 px, light and dark, with and without JavaScript where it applies."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    PASSPHRASE,
    add_entry,
    check_axe,
    enlarge_root_text,
    htmx_ready,
    js_enabled,
    wait_until,
)

pytestmark = pytest.mark.browser

CALMING = "/lessons/feeling-safe-first"


def on_first_screen(page: Page, target: Locator) -> bool:
    """Wholly inside the window, below the sticky header."""
    target.wait_for()
    box = target.bounding_box()
    header = page.locator("header.top").bounding_box()
    height = page.viewport_size["height"]  # type: ignore[index]
    top = header["y"] + header["height"] if header else 0
    return bool(box and box["y"] >= top - 1 and box["y"] + box["height"] <= height)


def sign_up(page: Page) -> str:
    """Sign up and stay on the recovery code's page; return the code shown."""
    page.goto("/register")
    # Its own names: the suite's shared counter (unique_name) would lengthen the
    # names later tests measure at 200 % text.
    page.fill("#username", "c" + secrets.token_hex(5))
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#passphrase_confirm", PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    code = page.locator(".recovery-code code")
    code.wait_for()
    return code.inner_text()


def register(page: Page) -> None:
    sign_up(page)
    page.get_by_role("link", name="I have saved it, continue").click()
    page.wait_for_url(re.compile(r"/$"))


def signed_in_at(page: Page, path: str) -> None:
    """A new person, signed in, on `path` with htmx ready (when script runs)."""
    register(page)
    page.goto(path)
    htmx_ready(page)


def axe_light_and_dark(page: Page) -> None:
    """axe finds nothing on this page, light and dark. Only with script on: with it
    off, Playwright's evaluate on a lesson page waits forever, and the markup and
    stylesheet are the same either way."""
    if not js_enabled(page):
        return
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        check_axe(page)
    page.emulate_media(color_scheme="light")


# --- Answers where the eye is ------------------------------------------------------


def test_an_added_practice_turns_into_a_link_to_it_in_the_plan(any_page: Page) -> None:
    page = any_page
    signed_in_at(page, CALMING)
    add = page.get_by_role("button", name="Add this practice to my safety plan")
    add.scroll_into_view_if_needed()
    add.click()
    in_plan = page.get_by_role("link", name="In your plan · View")
    expect(in_plan).to_be_visible()
    expect(add).to_have_count(0)
    if js_enabled(page):
        # The button's own place answers: no page change, nothing to look for.
        assert on_first_screen(page, in_plan)
    # And it stays so.
    page.goto(CALMING)
    expect(in_plan).to_be_visible()
    expect(add).to_have_count(0)
    axe_light_and_dark(page)
    in_plan.click()
    page.wait_for_url(re.compile(r"/plan#card-on-my-own$"))
    card = page.get_by_role("region", name="Things I can do on my own")
    expect(card).to_contain_text("Feel my feet on the floor")


def test_saving_a_long_plan_card_answers_on_the_screen_you_are_on(
    any_page: Page,
) -> None:
    page = any_page
    register(page)
    for n in range(1, 6):
        add_entry(page, "on-my-own", f"Something that helps, number {n}")
    page.get_by_label("Thing I can do 3").fill("Walk to the river and back")
    save = page.get_by_role("button", name="Save changes")
    save.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 500
    save.click()
    saved = page.get_by_text("Saved.", exact=True)
    expect(saved).to_be_visible()
    wait_until(page, "document.querySelector('#card-editor, main') !== null")
    page.wait_for_timeout(600)  # a smooth scroll, if any, has ended
    assert on_first_screen(page, saved)
    expect(page.get_by_label("Thing I can do 3")).to_have_value(
        "Walk to the river and back"
    )


GROUPS_WHOLE = """(code) => {
  // Every group of the code (between hyphens) sits on one line, whatever the markup.
  const nodes = [];
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) nodes.push(node);
  const chars = [];
  for (const n of nodes) for (let i = 0; i < n.data.length; i++) chars.push([n, i]);
  const broken = [];
  let start = 0;
  const text = chars.map(([n, i]) => n.data[i]).join("");
  for (const group of text.split("-")) {
    const tops = new Set();
    for (let k = start; k < start + group.length; k++) {
      const [n, i] = chars[k];
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    }
    if (tops.size > 1) broken.push(group);
    start += group.length + 1;
  }
  return broken;
}"""


@pytest.mark.parametrize("root_text", ["100", "200"])
def test_the_recovery_code_breaks_only_between_groups(
    any_page: Page, root_text: str
) -> None:
    page = any_page
    if root_text == "200":
        enlarge_root_text(page.context)
    code = sign_up(page)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", code)
    shown = page.locator(".recovery-code code")
    assert shown.evaluate(GROUPS_WHOLE) == []
    if root_text == "200":
        # At this size it does wrap, between groups.
        assert shown.evaluate("e => e.getClientRects().length") > 1


def test_the_recovery_code_can_be_copied_beside_its_download(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    code = sign_up(page)
    copy = page.get_by_role("button", name="Copy the code")
    download = page.get_by_role("link", name="Download the code")
    expect(copy).to_be_visible()
    copy_box, download_box = copy.bounding_box(), download.bounding_box()
    assert copy_box and download_box
    assert abs(copy_box["y"] - download_box["y"]) < copy_box["height"] * 2.5
    copy.click()
    expect(page.locator("[data-copy-status]")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == code
    axe_light_and_dark(page)


def test_without_script_the_code_offers_only_its_download(page_nojs: Page) -> None:
    # (axe: the test above; the page cannot be opened afresh, it is shown once.)
    page = page_nojs
    sign_up(page)
    expect(page.get_by_role("link", name="Download the code")).to_be_visible()
    expect(page.get_by_role("button", name="Copy the code")).to_be_hidden()


# --- Pages that respect a thumb and two minutes -------------------------------------


def test_a_lesson_puts_its_practice_and_actions_before_its_sources(
    any_page: Page,
) -> None:
    page = any_page
    signed_in_at(page, CALMING)
    sources = page.locator("details.references")
    expect(sources).to_have_count(1)
    summary = sources.locator("summary")
    expect(summary).to_have_text("Where this comes from")
    # Folded: the list is there for whoever opens it.
    expect(sources.locator("li").first).to_be_hidden()

    def top(target: Locator) -> float:
        box = target.bounding_box()
        assert box
        return box["y"]

    before = top(summary)
    for first in (
        page.get_by_role("heading", name=re.compile("Try it")),
        page.get_by_role("button", name="Mark as done"),
        page.get_by_role("button", name="Save this card"),
    ):
        assert top(first) < before
    summary.click()
    expect(sources.locator("li").first).to_be_visible()
    axe_light_and_dark(page)


SMALL_SOLO_LINKS = """() => Array.from(document.querySelectorAll("main p"))
  .filter((p) => p.children.length === 1 && p.firstElementChild.tagName === "A"
    && p.textContent.trim() === p.firstElementChild.textContent.trim()
    && p.firstElementChild.getClientRects().length > 0)
  .filter((p) => p.firstElementChild.getBoundingClientRect().height < 44)
  .map((p) => p.textContent.trim())"""


def test_links_that_stand_alone_are_whole_targets(page: Page) -> None:
    register(page)
    seen = 0
    for path in (
        "/plan",
        "/plan/edit/on-my-own",
        "/plan/share",
        "/plan/print",
        "/reflections/trends",
        "/settings",
        "/settings/reminders",
        "/settings/export",
        "/settings/delete",
    ):
        page.goto(path)
        htmx_ready(page)
        assert page.evaluate(SMALL_SOLO_LINKS) == [], path
        seen += page.locator("main p.solo-link").count()
    assert seen >= 8
    back = page.get_by_role("link", name="Keep my account")
    box = back.bounding_box()
    assert box and box["height"] >= 44


# --- Trends that read right -----------------------------------------------------------


def add_reflection(page: Page, day: str, intensity: str, connection: str, repair: str):
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
    page.get_by_label(repair).check()
    page.locator("#connection").get_by_role("radio", name=connection).check()
    page.get_by_role("button", name="Save what I have").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Reflection from"))
    ).to_be_visible()


TIPS_INSIDE = """() => Array.from(document.querySelectorAll("svg.chart g.point .tip")).map((tip) => {
  const frame = tip.closest("svg").getBoundingClientRect();
  const box = tip.querySelector(".tip-box").getBoundingClientRect();
  const inside = (r, f) => r.left >= f.left - 0.5 && r.right <= f.right + 0.5
    && r.top >= f.top - 0.5 && r.bottom <= f.bottom + 0.5;
  return Array.from(tip.querySelectorAll("text")).every((t) => inside(t.getBoundingClientRect(), box))
    && inside(box, frame);
})"""

BARS = """() => {
  const svg = document.querySelector("svg[aria-labelledby='bars-title bars-desc']");
  const labels = Array.from(svg.querySelectorAll("text.axis")).map((t) => t.getBoundingClientRect());
  return Array.from(svg.querySelectorAll("rect.bar")).map((bar) => {
    const r = bar.getBoundingClientRect();
    const centre = r.left + r.width / 2;
    return {height: r.height, labelled: labels.some(
      (l) => l.top >= r.bottom && Math.abs(l.left + l.width / 2 - centre) < r.width / 2)};
  });
}"""


def test_the_trends_read_right(page: Page) -> None:
    from datetime import date, timedelta

    register(page)
    today = date.today()
    for back, intensity, connection, repair in (
        (70, "8", "3", "Not yet"),
        (35, "7", "8", "I tried a repair"),
        (0, "4", "10", "I tried a repair"),
    ):
        day = (today - timedelta(days=back)).isoformat()
        add_reflection(page, day, intensity, connection, repair)
    page.goto("/reflections/trends")
    htmx_ready(page)
    # Every tip, shown, stays whole inside its box and the chart.
    assert all(page.evaluate(TIPS_INSIDE))
    points = page.locator("g.point")
    points.nth(0).locator(".hit").tap()
    expect(points.nth(0).locator(".tip")).to_contain_text("connection 3")
    # Every month's bar has its label; the 0 % month draws a stub, not nothing.
    bars = page.evaluate(BARS)
    assert len(bars) == 3
    assert all(bar["labelled"] for bar in bars), bars
    assert 1 <= bars[0]["height"] < 6 < bars[1]["height"]
    expect(page.locator("text.bar-share").first).to_have_text("0\u00a0%")
    # The table writes numbers as people write them.
    page.get_by_text("See these figures as a table").first.click()
    table = page.locator("table").first
    expect(table).to_contain_text("10")
    expect(table).not_to_contain_text(".0")
    axe_light_and_dark(page)


# --- Warmth, calmly ---------------------------------------------------------------------


def test_each_feature_has_a_small_drawing_that_suits_light_and_dark(page: Page) -> None:
    register(page)
    for path in ("/lessons", "/reflections", "/plan", "/help"):
        page.goto(path)
        htmx_ready(page)
        art = page.locator("main svg.illustration")
        expect(art).to_have_count(1)
        expect(art).to_be_visible()
        expect(art).to_have_attribute("aria-hidden", "true")
        assert len(art.evaluate("e => e.outerHTML").encode()) < 2048, path
        # Beside the heading, not above it: the page's first screen stays its own.
        heading, drawing = page.locator("main h1").bounding_box(), art.bounding_box()
        assert heading and drawing and drawing["y"] < heading["y"] + heading["height"]
        strokes = []
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            stroke = art.evaluate("e => getComputedStyle(e).stroke")
            assert stroke == art.evaluate("e => getComputedStyle(e).color")
            strokes.append(stroke)
        assert strokes[0] != strokes[1], path
        page.emulate_media(color_scheme="light")
        check_axe(page)
    # Never in the crisis sequence.
    page.goto("/plan/crisis")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("svg.illustration")).to_have_count(0)


def test_finishing_a_lesson_settles_gently_and_says_a_quiet_word(
    any_page: Page,
) -> None:
    page = any_page
    signed_in_at(page, CALMING)
    page.get_by_role("button", name="Mark as done").click()
    moment = page.locator(".quiet-moment")
    expect(moment).to_have_text("That was a real step.")
    expect(moment).to_be_visible()
    # No counts: no streaks, points or days.
    assert not re.search(r"\d", moment.inner_text())
    if js_enabled(page):
        state = page.locator(".card-actions .state").first
        assert state.evaluate("e => getComputedStyle(e).animationName") == "settle"
        check = state.locator(".mark path")
        assert check.evaluate("e => getComputedStyle(e).animationName") == "draw"
        page.emulate_media(reduced_motion="reduce")
        assert state.evaluate("e => getComputedStyle(e).animationName") == "none"
        assert check.evaluate("e => getComputedStyle(e).animationName") == "none"
        axe_light_and_dark(page)
    # It belongs to the moment, not to the page.
    page.goto(CALMING)
    expect(page.get_by_text("You finished this one.")).to_be_visible()
    expect(moment).to_have_count(0)


def test_saving_a_reflection_says_a_quiet_word_in_either_language(page: Page) -> None:
    from datetime import date

    register(page)
    add_reflection(page, date.today().isoformat(), "5", "6", "Not yet")
    expect(page.locator(".quiet-moment")).to_have_text("That was a real step.")
    page.locator(".language-picker button[value=es]").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto("/reflections/new/step/5")
    htmx_ready(page)
    page.get_by_role("button", name="Guardar lo que tengo").click()
    expect(page.locator(".quiet-moment")).to_have_text("Fue un paso de verdad.")


# --- One visual rhythm ------------------------------------------------------------------

SCREEN = 740  # the phone's window height (conftest.PHONE)


def card_heights(page: Page) -> list[float]:
    return [
        box["height"]
        for card in page.locator("main section.card").all()
        if (box := card.bounding_box())
    ]


def test_long_pages_are_short_sections_each_with_its_end_in_view(
    any_page: Page,
) -> None:
    """/about and /lessons were 6.4 and 5.6 screens of text at 360 px. Now each is a
    few cards a thumb can get through, each ending within a screen and a half, and
    what is there for whoever wants it folds away, without script too."""
    page = any_page
    page.goto("/about")
    htmx_ready(page)
    contents = page.get_by_role("navigation", name="On this page")
    links = contents.get_by_role("link")
    expect(links).to_have_count(5)
    for i in range(links.count()):
        target = page.locator(links.nth(i).get_attribute("href") or "")
        expect(target).to_have_count(1)
        expect(target).to_have_js_property("tagName", "H2")
    folds = page.locator("main details.fold")
    expect(folds).to_have_count(2)
    for i in range(folds.count()):
        fold = folds.nth(i)
        expect(fold).not_to_have_attribute("open", "")
        expect(fold.locator("summary + *")).to_be_hidden()
    folds.first.locator("summary").click()
    expect(folds.first.locator("summary + *")).to_be_visible()
    # A caveat about the crisis numbers is never folded away.
    expect(page.get_by_text("nobody on the team has called each line")).to_be_visible()
    page.reload()
    assert all(h <= 1.5 * SCREEN for h in card_heights(page)), card_heights(page)
    assert page.evaluate("document.documentElement.scrollHeight") <= 5.5 * SCREEN
    axe_light_and_dark(page)

    page.goto("/lessons")
    parts = page.locator("main section.module")
    expect(parts).to_have_count(6)
    # The part that holds today's lesson is open; the other five are one line each.
    expect(parts.locator("details[open]")).to_have_count(1)
    expect(parts.first.locator("details")).to_have_attribute("open", "")
    last = parts.last.locator("details")
    expect(last.get_by_role("link").first).to_be_hidden()
    last.locator("summary").click()
    expect(last.get_by_role("link").first).to_be_visible()
    page.reload()
    assert all(h <= 1.5 * SCREEN for h in card_heights(page)), card_heights(page)
    assert page.evaluate("document.documentElement.scrollHeight") <= 4 * SCREEN
    axe_light_and_dark(page)


def test_a_lesson_comes_as_cards_and_settings_fold_what_is_rarely_needed(
    any_page: Page,
) -> None:
    """A signed-in lesson was one card 3,600 px tall at 360 px: its practice, note
    and actions are now cards of their own, each ending within a screen. /settings
    folds the passphrase change, and opens it again to show what needs fixing."""
    page = any_page
    signed_in_at(page, CALMING)
    cards = page.locator("main .lesson-card > .card")
    expect(cards).to_have_count(4)
    expect(cards.nth(0).locator("h1")).to_have_count(1)
    for i, name in [(1, "Try it"), (2, "To reflect on")]:
        expect(cards.nth(i).get_by_role("heading", level=2)).to_have_text(
            re.compile(name)
        )
    expect(cards.nth(3).get_by_role("button", name="Mark as done")).to_be_visible()
    for i in (1, 2, 3):
        box = cards.nth(i).bounding_box()
        assert box and box["height"] <= SCREEN, (i, box)
    axe_light_and_dark(page)

    page.goto("/settings")
    fold = page.locator("main details.fold")
    expect(fold).to_have_count(1)
    expect(fold).not_to_have_attribute("open", "")
    current = page.get_by_label("Current passphrase")
    expect(current).to_be_hidden()
    assert all(h <= SCREEN for h in card_heights(page)), card_heights(page)
    fold.locator("summary").click()
    current.fill("not my passphrase at all")
    page.get_by_label("New passphrase", exact=True).fill("a brand new passphrase")
    page.get_by_label("New passphrase again").fill("a brand new passphrase")
    page.get_by_role("button", name="Change passphrase").click()
    # The answer opens the fold again, with the message beside the field.
    expect(page.get_by_text("That is not your current passphrase.")).to_be_visible()
    expect(page.locator("main details.fold")).to_have_attribute("open", "")
    axe_light_and_dark(page)


def test_crisis_lines_and_crisis_steps_are_never_folded(page: Page) -> None:
    register(page)
    for path in ["/help", "/plan", *(f"/plan/crisis?step={n}" for n in range(1, 8))]:
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("main details")).to_have_count(0)
        expect(page.locator("main .on-this-page")).to_have_count(0)
    page.goto("/help")
    calls = page.locator("main .help-actions a.button")
    assert calls.count() > 0
    for i in range(calls.count()):
        expect(calls.nth(i)).to_be_visible()


def test_the_on_this_page_list_and_folds_suit_light_and_dark(page: Page) -> None:
    page.goto("/about")
    title = page.locator(".on-this-page-title")
    summary = page.locator("details.fold summary").first
    colours = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        muted = page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--muted')"
        )
        # Both follow the theme's muted text colour, which axe checks for contrast.
        assert title.evaluate("e => getComputedStyle(e).color") == summary.evaluate(
            "e => getComputedStyle(e).color"
        )
        colours.append((muted, title.evaluate("e => getComputedStyle(e).color")))
    assert colours[0] != colours[1]
    page.emulate_media(color_scheme="light")


def test_the_home_cards_carry_their_features_drawing(any_page: Page) -> None:
    page = any_page

    def drawings_on_the_cards(expected: list[str]) -> None:
        cards = page.locator("main .card.feature")
        expect(cards).to_have_count(len(expected))
        for i, name in enumerate(expected):
            art = cards.nth(i).locator("svg.illustration")
            expect(art).to_have_count(1)
            expect(art).to_be_visible()
            expect(art).to_have_attribute("aria-hidden", "true")
            expect(art).to_have_attribute("class", re.compile(f"illustration-{name}"))
            assert len(art.evaluate("e => e.outerHTML").encode()) < 2048
            # Beside the card's heading, inside the card.
            card, drawing = cards.nth(i).bounding_box(), art.bounding_box()
            heading = cards.nth(i).locator("h2").bounding_box()
            assert card and drawing and heading
            assert drawing["x"] + drawing["width"] <= card["x"] + card["width"]
            assert drawing["y"] < heading["y"] + heading["height"]
            if js_enabled(page):
                strokes = []
                for scheme in ("light", "dark"):
                    page.emulate_media(color_scheme=scheme)
                    stroke = art.evaluate("e => getComputedStyle(e).stroke")
                    assert stroke == art.evaluate("e => getComputedStyle(e).color")
                    strokes.append(stroke)
                page.emulate_media(color_scheme="light")
                assert strokes[0] != strokes[1]
        # Hidden from assistive technology: no card's name mentions a picture.
        assert page.locator("main svg:not([aria-hidden=true])").count() == 0
        axe_light_and_dark(page)

    page.goto("/")
    htmx_ready(page)
    drawings_on_the_cards(["lessons", "journal", "plan"])
    signed_in_at(page, "/")
    drawings_on_the_cards(["lessons", "journal", "plan"])
    # Never in the crisis sequence.
    for step in range(1, 8):
        page.goto(f"/plan/crisis?step={step}")
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("svg.illustration")).to_have_count(0)

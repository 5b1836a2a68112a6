"""The crisis path as a person meets it on a phone: every page change opens at the
top (a step of a guided flow with its heading in view and focused), a page a form's
post led to included, and back returns to where they were; no focus ring after a
tap; the crisis sequence says where the person is and ends on their reasons and
people to call; large text (200 %, as the browser's size or the root's) and zoom
(200 %) keep every control reachable; one country per person; the time zone taken
from the browser at sign-up."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.browser.conftest import (
    PASSPHRASE,
    Watch,
    add_entry,
    check_axe,
    enlarge_root_text,
    htmx_ready,
    js_enabled,
    new_context,
    register,
    serve_vendored_htmx,
    unique_name,
    wait_until,
)
from tests.browser.test_reflections import write_on_one_page, write_step_by_step

pytestmark = pytest.mark.browser


def scroll_to_bottom(page: Page) -> int:
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    return int(page.evaluate("window.scrollY"))


def settled(page: Page) -> None:
    """A boosted navigation has swapped and settled."""
    page.wait_for_load_state("networkidle")
    htmx_ready(page)


def assert_opens_at_top(page: Page) -> None:
    settled(page)
    # The swap settles a moment after the address changes.
    wait_until(page, "window.scrollY === 0", timeout_ms=3000)
    heading = page.locator("main h1").first
    box = heading.bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"]  # type: ignore[index]


def test_every_page_change_opens_at_the_top_and_back_returns(page: Page) -> None:
    # The register flow, from the bottom of the form.
    page.goto("/register")
    htmx_ready(page)
    page.fill("#username", unique_name())
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#passphrase_confirm", PASSPHRASE)
    scroll_to_bottom(page)
    page.get_by_role("button", name="Create account").click()
    page.locator(".recovery-code code").wait_for()
    assert_opens_at_top(page)
    scroll_to_bottom(page)
    page.get_by_role("link", name="I have saved it, continue").click()
    page.wait_for_url(re.compile(r"/$"))
    assert_opens_at_top(page)

    # The tab bar, each time from deep in a long lesson card.
    for name, url in [
        ("Lessons", r"/lessons$"),
        ("Journal", r"/reflections$"),
        ("My plan", r"/plan$"),
        ("Settings", r"/settings$"),
        ("Today", r"/$"),
    ]:
        page.goto("/lessons/today")
        settled(page)
        assert scroll_to_bottom(page) > 300
        page.locator("#tabs").get_by_role("link", name=name).click()
        page.wait_for_url(re.compile(url))
        assert_opens_at_top(page)
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        assert focused == "main", name

    # The footer's links, and back returns to where the person was.
    for name, url in [
        ("About and privacy", r"/about$"),
        ("Finding a therapist", r"/support$"),
    ]:
        page.goto("/lessons/today")
        settled(page)
        left_at = scroll_to_bottom(page)
        page.locator(".foot").get_by_role("link", name=name).click()
        page.wait_for_url(re.compile(url))
        assert_opens_at_top(page)
        page.go_back()
        page.wait_for_url(re.compile(r"/lessons/"))
        settled(page)
        wait_until(page, f"Math.abs(window.scrollY - {left_at}) < 5")


def test_each_crisis_step_opens_with_its_heading_in_view_and_focused(
    page: Page,
) -> None:
    register(page)
    add_entry(page, "warning-signs", "Not sleeping")
    add_entry(page, "on-my-own", "Cold water on my face")
    add_entry(page, "reasons", "My sister's laugh")
    page.goto("/plan")
    settled(page)
    scroll_to_bottom(page)
    page.get_by_role("link", name="Go through my plan, one step at a time").click()
    page.wait_for_url(re.compile(r"/plan/crisis"))
    seen = []
    for _ in range(8):
        settled(page)
        # The new step scrolls and focuses once htmx settles its swap (app.js), a
        # moment after its heading appears.
        wait_until(page, "document.activeElement.tagName === 'H1'", timeout_ms=3000)
        heading = page.locator("main h1")
        seen.append(heading.inner_text())
        box = heading.bounding_box()
        assert box and 0 <= box["y"] < 740
        assert page.evaluate("document.activeElement.tagName") == "H1"
        # Help is one tap away on every step.
        assert page.locator("main a[href^='tel:']").count() >= 1
        if seen[-1] == "My reasons for living":
            reason = page.get_by_text("My sister's laugh")
            box = reason.bounding_box()
            assert box and 0 <= box["y"] < 740, "the reasons are in view"
            break
        scroll_to_bottom(page)
        page.get_by_role("link", name="Something else from my plan").click()
        expect(page.locator("main h1")).not_to_have_text(seen[-1])
    assert seen[0] == "Signs a hard time may be starting"
    assert seen[-1] == "My reasons for living"


def in_view(page: Page, locator: Locator) -> bool:
    """The whole element is on the screen the person sees."""
    box = locator.bounding_box()
    height = page.evaluate("window.innerHeight")
    if not box:
        return False
    return box["y"] >= 0 and box["y"] + box["height"] <= height


def test_a_page_reached_by_a_form_post_opens_at_its_top(any_page: Page) -> None:
    page = any_page
    register(page)
    # Choosing a country on /help, signed in (a post that saves it), from below.
    page.goto("/help")
    htmx_ready(page)
    scroll_to_bottom(page)
    page.select_option("#country", "IE")
    page.get_by_role("button", name="Show lines for this country").click()
    expect(page.get_by_role("heading", name="In Ireland")).to_be_visible()
    settled(page)
    wait_until(page, "window.scrollY === 0", timeout_ms=3000)
    assert in_view(page, page.get_by_text("Your settings are saved."))
    assert in_view(page, page.locator("main a[href^='tel:']").first)

    # Saving a reflection, then saving it again from the bottom of its edit form.
    page.goto("/reflections/new")
    htmx_ready(page)
    if js_enabled(page):
        write_step_by_step(page, "Robin laughed when I shared the news.")
    else:
        write_on_one_page(page, "Robin laughed when I shared the news.")
    saved = page.get_by_text("Your reflection is saved.")
    expect(saved).to_be_visible()
    settled(page)
    wait_until(page, "window.scrollY === 0", timeout_ms=3000)
    assert in_view(page, saved)
    page.get_by_role("link", name="Edit").click()
    page.wait_for_url(re.compile(r"/edit$"))
    settled(page)
    scroll_to_bottom(page)
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(re.compile(r"/reflections/[0-9a-f-]+$"))
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    settled(page)
    wait_until(page, "window.scrollY === 0", timeout_ms=3000)
    assert in_view(page, page.get_by_text("Saved.", exact=True))


# --- The crisis sequence -------------------------------------------------------


def test_the_crisis_sequence_says_where_you_are_and_ends_with_people_to_call(
    any_page: Page,
) -> None:
    page = any_page
    register(page)
    add_entry(page, "warning-signs", "Not sleeping")
    add_entry(page, "ask-for-help", "Sam", phone="+44 7700 900123")
    add_entry(page, "reasons", "My sister's laugh")
    page.goto("/plan")
    htmx_ready(page)
    page.get_by_role("link", name="Go through my plan, one step at a time").click()
    steps = [
        "Signs a hard time may be starting",
        "People I can ask for help",
        "Professionals and crisis lines",
        "My reasons for living",
    ]
    for number, title in enumerate(steps, start=1):
        expect(page.locator("main h1")).to_have_text(title)
        expect(page.locator("main .eyebrow")).to_contain_text(f"Step {number} of 4")
        if number < len(steps):
            page.get_by_role("link", name="Something else from my plan").click()
    # The last step: the reasons, with people to call beside them; no loop back.
    main = page.locator("main")
    expect(main.get_by_role("link", name="Something else from my plan")).to_have_count(
        0
    )
    expect(main.get_by_role("heading", name="Call someone")).to_be_visible()
    expect(main.get_by_role("link", name="Call Sam")).to_have_attribute(
        "href", re.compile(r"^tel:")
    )
    text = main.inner_text()
    assert text.index("My sister's laugh") < text.index("Call someone")
    forward = page.locator(".crisis-next .button.primary")
    expect(forward).to_have_count(1)
    expect(forward).to_have_attribute("href", "/help")
    if js_enabled(page):  # axe runs in the page
        check_axe(page)
    # "I'll stop here" opens the plan, not the home page's lesson.
    page.get_by_role("link", name="I'll stop here").click()
    page.wait_for_url(re.compile(r"/plan$"))
    expect(page.get_by_role("heading", name="My safety plan", level=1)).to_be_visible()


ACTIVE_RING = """() => {
  const el = document.activeElement;
  return [el.tagName, getComputedStyle(el).outlineStyle];
}"""


def test_a_tap_leaves_no_focus_ring_and_the_keyboard_gets_one(page: Page) -> None:
    register(page)
    add_entry(page, "warning-signs", "Not sleeping")
    add_entry(page, "reasons", "My dog")
    # Opened as a whole page (a shortcut, a reload, or offline, where no link is
    # boosted): the heading takes focus for screen readers, with no ring.
    page.goto("/plan/crisis")
    htmx_ready(page)
    wait_until(page, "document.activeElement.tagName === 'H1'")
    assert page.evaluate(ACTIVE_RING) == ["H1", "none"]
    page.get_by_role("link", name="Something else from my plan").tap()
    expect(page.locator("main h1")).not_to_have_text(
        "Signs a hard time may be starting"
    )
    settled(page)
    wait_until(page, "document.activeElement.tagName === 'H1'")
    assert page.evaluate(ACTIVE_RING) == ["H1", "none"]
    # The keyboard still shows where it is.
    page.keyboard.press("Tab")
    tag, ring = page.evaluate(ACTIVE_RING)
    assert tag in ("A", "BUTTON") and ring == "solid"


# --- Large text and zoom -----------------------------------------------------

WORD_BREAKS = """() => {
  const broken = [];
  const places = document.querySelectorAll(
    "header a, #tabs a, main h1, main h2, main h3, main .button, main p, main li, main label");
  for (const el of places) {
    // A username is one unbroken name, not a word: it may wrap anywhere.
    if (el.closest(".signed-in-as")) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = /\\S+/g;
      let m;
      while ((m = words.exec(node.data))) {
        if (m[0].length < 4 || /[-/·—–@.:]/.test(m[0])) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects())
          .filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""

FRAME = """() => {
  const width = window.innerWidth, height = window.innerHeight;
  const out = {overflow: document.documentElement.scrollWidth - width, offscreen: [], clipped: [], covering: 0};
  for (const el of document.querySelectorAll("header a, #tabs a, main a, main button, main select, main input")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || el.closest("[hidden]")) continue;
    if (el.classList.contains("skip-link") || el.closest(".visually-hidden")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.left < -1 || r.right > width + 1) out.offscreen.push(el.textContent.trim().slice(0, 30));
    if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== "SELECT" && el.tagName !== "INPUT") out.clipped.push(el.textContent.trim().slice(0, 30));
  }
  for (const el of [document.querySelector("header.top"), document.getElementById("tabs")]) {
    const position = getComputedStyle(el).position;
    if (position === "fixed" || position === "sticky") out.covering += el.getBoundingClientRect().height;
  }
  out.covering = out.covering / height;
  return out;
}"""


@pytest.fixture(params=["text-200", "root-200", "zoom-200"])
def large_page(
    request: pytest.FixtureRequest, browser: Browser, live_server: str
) -> Iterator[Page]:
    if request.param == "zoom-200":
        # 200 % zoom of a 360 x 740 phone: half as many CSS pixels each way.
        context: BrowserContext = browser.new_context(
            base_url=live_server,
            viewport={"width": 180, "height": 370},
            device_scale_factor=6,
            is_mobile=True,
            has_touch=True,
            locale="en-US",
        )
        serve_vendored_htmx(context)
        page = context.new_page()
    elif request.param == "root-200":
        context = new_context(browser, live_server)
        enlarge_root_text(context)
        page = context.new_page()
    else:
        context = new_context(browser, live_server)
        page = context.new_page()
        # The browser's own text size setting, doubled (what "Large text" does).
        cdp = context.new_cdp_session(page)
        cdp.send("Page.enable")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    yield page
    context.close()


def test_large_text_and_zoom_keep_every_control_reachable(large_page: Page) -> None:
    page = large_page
    register(page)
    add_entry(page, "reasons", "My sister's laugh and our long conversations")
    paths = [
        "/",
        "/help",
        "/plan",
        "/plan/crisis?step=7",
        "/lessons/today",
        "/settings",
    ]
    for path in paths:
        page.goto(path)
        settled(page)
        root_size = page.evaluate(
            "parseFloat(getComputedStyle(document.documentElement).fontSize)"
        )
        width = page.evaluate("window.innerWidth")
        assert width / root_size <= 12, f"the test really is at 200 % ({path})"
        frame = page.evaluate(FRAME)
        assert frame["overflow"] <= 1, (path, frame)
        assert frame["offscreen"] == [], (path, frame)
        assert frame["clipped"] == [], (path, frame)
        assert frame["covering"] <= 0.25, (path, frame)
        assert page.evaluate(WORD_BREAKS) == [], path
        expect(page.locator("header .help-link")).to_be_in_viewport()
        # Every tab is reachable: "Menu" in the header leads to them.
        tabs = page.locator("#tabs a")
        for i in range(tabs.count()):
            tabs.nth(i).scroll_into_view_if_needed()
            expect(tabs.nth(i)).to_be_in_viewport()
    page.goto("/plan")
    page.get_by_role("link", name="Menu").click()
    expect(
        page.locator("#tabs").get_by_role("link", name="Settings")
    ).to_be_in_viewport()
    check_axe(page)


# --- One country per person --------------------------------------------------


def test_a_country_chosen_on_help_is_the_accounts_everywhere(any_page: Page) -> None:
    page = any_page
    register(page)
    page.goto("/help")
    # The picker of every country's name fits a 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.select_option("#country", "IE")
    page.get_by_role("button", name="Show lines for this country").click()
    expect(page.get_by_role("heading", name="In Ireland")).to_be_visible()
    expect(page.get_by_text("We guessed")).to_have_count(0)
    for path in ["/plan", "/plan/crisis?step=5", "/settings"]:
        page.goto(path)
        if path == "/settings":
            expect(page.locator("#country")).to_have_value("IE")
        else:
            expect(page.locator("main").get_by_text("Ireland").first).to_be_visible()
            expect(page.locator("main a[href='tel:116123']").first).to_be_visible()
    # Another device: the same account, the same country.
    page.goto("/help")
    expect(page.get_by_role("heading", name="In Ireland")).to_be_visible()


def test_a_visitors_country_is_guessed_from_the_browser_and_says_so(
    browser: Browser, live_server: str
) -> None:
    watch = Watch(live_server)
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": 360, "height": 740},
        java_script_enabled=False,
        locale="de-DE",
    )
    serve_vendored_htmx(context)
    watch.attach(context)
    page = context.new_page()
    page.goto("/help")
    expect(page.get_by_role("heading", name="In Germany")).to_be_visible()
    expect(
        page.get_by_text("We guessed Germany from your browser's language")
    ).to_be_visible()
    page.get_by_role("link", name="Choose your country").first.click()
    page.select_option("#country", "FR")
    page.get_by_role("button", name="Show lines for this country").click()
    expect(page.get_by_role("heading", name="In France")).to_be_visible()
    expect(page.get_by_text("We guessed")).to_have_count(0)
    context.close()

    # With JavaScript, the browser's time zone comes first.
    context = browser.new_context(
        base_url=live_server, locale="en-US", timezone_id="Asia/Tokyo"
    )
    serve_vendored_htmx(context)
    page = context.new_page()
    page.goto("/about")
    htmx_ready(page)
    page.goto("/help")
    expect(page.get_by_role("heading", name="In Japan")).to_be_visible()
    expect(page.get_by_text("We guessed Japan from your time zone")).to_be_visible()
    expect(page.locator("main a[href='tel:119']").first).to_be_visible()
    check_axe(page)
    context.close()
    watch.check()


# --- Time zones ----------------------------------------------------------------


def test_sign_up_saves_the_browsers_time_zone(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(
        base_url=live_server, locale="en-US", timezone_id="America/Los_Angeles"
    )
    serve_vendored_htmx(context)
    page = context.new_page()
    register(page)
    page.goto("/settings")
    expect(page.locator("#timezone")).to_have_value("America/Los_Angeles")
    expect(page.locator("[data-zone-offer]")).to_be_hidden()
    assert page.locator("#timezone option").count() < 450
    context.close()


def test_reading_the_time_zone_builds_no_date_formatter(
    browser: Browser, live_server: str
) -> None:
    """Building an Intl formatter only to read the zone was a first visit's longest
    task (20 to 130 ms here); Temporal answers the same at once."""
    context = new_context(browser, live_server, timezone_id="Asia/Tokyo")
    context.add_init_script(
        "window.formattersBuilt = 0; const Built = Intl.DateTimeFormat;"
        "Intl.DateTimeFormat = function (...a) { window.formattersBuilt++;"
        " return new Built(...a); };"
    )
    page = context.new_page()
    page.goto("/register")
    htmx_ready(page)
    expect(page.locator("#timezone")).to_have_value("Asia/Tokyo")
    assert "attune_tz=Asia%2FTokyo" in page.evaluate("document.cookie")
    assert page.evaluate("window.formattersBuilt") == 0
    context.close()


def test_without_javascript_sign_up_offers_a_plain_choice(page_nojs: Page) -> None:
    page = page_nojs
    page.goto("/register")
    # en-US: the server's guess is the US's main zone; the person can pick another.
    expect(page.locator("#timezone")).to_have_value("America/New_York")
    page.fill("#username", unique_name())
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#passphrase_confirm", PASSPHRASE)
    page.select_option("#timezone", "Europe/Dublin")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("link", name="I have saved it, continue").click()
    page.goto("/settings")
    expect(page.locator("#timezone")).to_have_value("Europe/Dublin")


def test_an_account_on_utc_is_offered_the_devices_zone_once(
    browser: Browser, live_server: str
) -> None:
    # An older account: created with no zone (no script, a browser with no region).
    first = browser.new_context(
        base_url=live_server, java_script_enabled=False, locale="en"
    )
    page = first.new_page()
    username = unique_name()
    page.goto("/register")
    page.fill("#username", username)
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#passphrase_confirm", PASSPHRASE)
    expect(page.locator("#timezone")).to_have_value("UTC")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("link", name="I have saved it, continue").click()
    first.close()

    phone = browser.new_context(
        base_url=live_server, locale="en-US", timezone_id="Europe/Paris"
    )
    serve_vendored_htmx(phone)
    page = phone.new_page()
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#passphrase", PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    offer = page.locator("[data-zone-offer]")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Europe/Paris")
    # "Keep" is remembered on this device: not offered again.
    offer.get_by_role("button", name="Keep UTC").click()
    expect(offer).to_be_hidden()
    page.reload()
    htmx_ready(page)
    expect(page.locator("[data-zone-offer]")).to_be_hidden()
    # Settings shows what is saved, and offers the device's zone.
    page.goto("/settings")
    expect(page.locator("#timezone")).to_have_value("UTC")
    offer = page.locator("[data-zone-offer]")
    expect(offer).to_be_visible()
    offer.get_by_role("button", name="Use this device's time zone").click()
    page.wait_for_url(re.compile(r"/settings$"))
    expect(page.locator("#timezone")).to_have_value("Europe/Paris")
    expect(page.locator("[data-zone-offer]")).to_be_hidden()
    phone.close()

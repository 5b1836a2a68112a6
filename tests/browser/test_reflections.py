from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from server.places.crisis_lines import help_for
from tests.browser.conftest import (
    check_axe,
    htmx_ready,
    js_enabled,
    register,
    wait_until,
)


def scale_point(page: Page, name: str, value: str) -> Locator:
    """One number of a 0-10 tap scale."""
    return page.locator(f"#{name}").get_by_role("radio", name=value, exact=True)


def choose(page: Page, name: str, value: str) -> None:
    scale_point(page, name, value).check()


def on_step(page: Page, number: int) -> None:
    """The step-by-step form (htmx) shows this step and no request is in flight."""
    expect(page.locator("#step-count")).to_have_text(f"Step {number} of 6")
    wait_until(page, "!document.querySelector('.htmx-request')")


def write_step_by_step(page: Page, happened: str) -> None:
    """With JS: the steps come one at a time; nothing is lost going back."""
    on_step(page, 1)
    page.select_option("#relationship_kind", "friend")
    page.get_by_role("button", name="Next").click()
    on_step(page, 2)
    page.fill("#what_happened", happened)
    page.get_by_role("button", name="Next").click()
    on_step(page, 3)
    page.get_by_label("Tight chest").check()
    choose(page, "intensity", "7")
    page.get_by_role("button", name="Back").click()
    expect(page.locator("#what_happened")).to_have_value(happened)
    page.get_by_role("button", name="Next").click()
    expect(scale_point(page, "intensity", "7")).to_be_checked()
    expect(page.get_by_label("Tight chest")).to_be_checked()
    page.get_by_role("button", name="Save what I have").click()


def write_on_one_page(page: Page, happened: str) -> None:
    """Without JS: one page, a fieldset per step, one submit."""
    expect(page.get_by_text("Step 6 of 6")).to_be_visible()
    page.select_option("#relationship_kind", "friend")
    page.fill("#what_happened", happened)
    page.get_by_label("Tight chest").check()
    choose(page, "intensity", "7")
    page.get_by_role("button", name="Save reflection").click()


def test_a_person_writes_finds_and_opens_a_reflection(any_page: Page) -> None:
    page = any_page
    register(page)
    page.goto("/reflections")
    expect(page.get_by_role("heading", name="No reflections yet")).to_be_visible()
    page.get_by_role("link", name="Write your first reflection").click()
    htmx_ready(page)
    expect(page.get_by_role("link", name="help right now")).to_be_visible()
    happened = "Robin <b>laughed</b> when I shared the news."
    if js_enabled(page):
        write_step_by_step(page, happened)
    else:
        write_on_one_page(page, happened)
    expect(
        page.get_by_role("heading", name=re.compile("^Reflection from"))
    ).to_be_visible()
    expect(page.get_by_text(happened)).to_be_visible()
    expect(page.get_by_text("7 of 10")).to_be_visible()

    page.get_by_role("link", name="Journal").click()
    htmx_ready(page)
    expect(page.get_by_role("link", name=happened)).to_be_visible()
    page.fill("#q", "nothing of the sort")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Nothing matches that")).to_be_visible()
    page.fill("#q", "ROBIN")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/reflections\?q=ROBIN"))
    page.get_by_role("link", name=happened).click()
    expect(page.get_by_text(happened)).to_be_visible()
    expect(page.get_by_text("Tight chest")).to_be_visible()


def test_the_journal_filters_by_who_and_keeps_the_choice(any_page: Page) -> None:
    page = any_page
    register(page)
    page.goto("/reflections/new")
    htmx_ready(page)
    happened = "Sam and I talked it through."
    if js_enabled(page):
        write_step_by_step(page, happened)
    else:
        write_on_one_page(page, happened)
    expect(page.get_by_text(happened)).to_be_visible()

    page.goto("/reflections")
    htmx_ready(page)
    # The card's facts line, in words and as a screen reader hears it.
    facts = page.locator(".reflection-card .facts")
    expect(facts).to_contain_text("Intensity 7")
    expect(facts).to_contain_text("connection –")
    page.get_by_text("Filters", exact=True).click()
    page.select_option("#kind", "partner")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Nothing matches that")).to_be_visible()
    page.select_option("#kind", "friend")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name=happened)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/reflections\?(.*&)?kind=friend"))
    # Opened again from its address, the page shows the filter chosen.
    page.reload()
    htmx_ready(page)
    expect(page.locator("#kind")).to_have_value("friend")
    expect(page.locator("details")).to_have_attribute("open", "")
    expect(page.get_by_role("link", name="Clear")).to_be_visible()


def test_a_draft_waits_for_the_person_to_come_back(page: Page) -> None:
    register(page)
    page.goto("/reflections/new")
    htmx_ready(page)
    on_step(page, 1)
    page.get_by_role("button", name="Next").click()
    page.fill("#what_happened", "Half-written thought")
    page.get_by_role("button", name="Stop for now").click()
    expect(page).to_have_url(re.compile(r"/reflections$"))
    page.goto("/reflections/new")
    on_step(page, 2)
    expect(page.locator("#what_happened")).to_have_value("Half-written thought")


def add_measured(page: Page, intensity: str, connection: str, tried: bool) -> None:
    page.goto("/reflections/new/step/5")
    htmx_ready(page)
    page.get_by_label("I tried a repair" if tried else "Not yet").check()
    choose(page, "connection", connection)
    page.get_by_role("button", name="Back").click()
    on_step(page, 4)
    page.goto("/reflections/new/step/3")
    choose(page, "intensity", intensity)
    page.get_by_role("button", name="Save what I have").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Reflection from"))
    ).to_be_visible()


def test_reflection_pages_and_the_trends_chart_pass_axe(page: Page) -> None:
    register(page)
    page.goto("/reflections")
    check_axe(page)
    page.goto("/reflections/trends")
    check_axe(page)
    for intensity, connection, tried in (
        ("8", "3", True),
        ("6", "6", False),
        ("4", "9", True),
    ):
        add_measured(page, intensity, connection, tried)
    check_axe(page)  # an entry
    page.get_by_role("link", name="Edit").click()
    check_axe(page)
    page.goto("/reflections/new")
    htmx_ready(page)
    on_step(page, 1)
    check_axe(page)
    page.goto("/reflections")
    check_axe(page)
    page.goto("/reflections/trends")
    chart = page.get_by_role(
        "group", name="Intensity in the moment and connection afterwards, over time"
    )
    expect(chart).to_be_visible()
    expect(
        page.get_by_role("img", name="Share of reflections with a repair, by month")
    ).to_be_visible()
    page.get_by_text("See these figures as a table").first.click()
    expect(page.get_by_role("cell", name="8", exact=True).first).to_be_visible()
    check_axe(page)
    page.emulate_media(color_scheme="dark")
    for path in ("/reflections/trends", "/reflections", "/reflections/new"):
        page.goto(path)
        htmx_ready(page)
        check_axe(page)
    # The chart's colours come from CSS variables: in dark mode the line is light.
    page.goto("/reflections/trends")
    stroke = page.locator("path.line-intensity").evaluate(
        "e => getComputedStyle(e).stroke"
    )
    assert stroke == "rgb(124, 196, 189)"


def test_choosing_not_to_repair_is_an_answer_the_trends_leave_out(page: Page) -> None:
    register(page)
    for answer in ("I chose not to", "It isn't safe to", "I tried a repair"):
        page.goto("/reflections/new/step/5")
        htmx_ready(page)
        expect(
            page.get_by_text("Not every person is safe to repair with")
        ).to_be_visible()
        page.get_by_label(answer).check()
        if answer != "It isn't safe to":  # then closeness is not asked
            choose(page, "connection", "5")
        page.get_by_role("button", name="Save what I have").click()
        expect(
            page.get_by_role("heading", name=re.compile("^Reflection from"))
        ).to_be_visible()
    page.goto("/reflections/trends")
    expect(
        page.get_by_text(re.compile("you tried a repair 1 time out of the 1"))
    ).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"left out of this share \(2 so far\)"))
    ).to_be_visible()
    check_axe(page)


ALARM = "Your alarm may be right. This is not your fault."


def live_in_spain(page: Page) -> None:
    """Spain has an abuse line (016); the account's country is chosen on /help."""
    page.goto("/help")
    page.select_option("#country", "ES")
    page.get_by_role("button", name="Show lines for this country").click()
    expect(page.get_by_role("heading", name="In Spain")).to_be_visible()


def the_abuse_line_is_offered(page: Page) -> None:
    spain = help_for("ES")
    assert spain is not None and spain.first_abuse_line is not None
    answer = page.locator(".not-safe")
    expect(answer.get_by_text(ALARM)).to_be_visible()
    line = answer.get_by_role("link", name=spain.first_abuse_line.action)
    expect(line).to_have_attribute("href", spain.first_abuse_line.href)
    expect(answer.get_by_role("link", name="Get help now")).to_have_attribute(
        "href", "/help"
    )
    expect(answer.get_by_role("link", name="Your safety plan")).to_have_attribute(
        "href", "/plan"
    )


def test_when_it_isnt_safe_the_repair_questions_end(page: Page) -> None:
    register(page)
    live_in_spain(page)
    page.goto("/reflections/new")
    on_step(page, 1)
    page.get_by_role("button", name="Next").click()
    page.fill("#what_happened", "He read my messages and shouted.")
    for number in (3, 4):
        page.get_by_role("button", name="Next").click()
        on_step(page, number)
    page.get_by_role("button", name="Next").click()
    on_step(page, 5)
    repair_text = page.get_by_label("What was said or done, or what could be?")
    expect(repair_text).to_be_visible()
    expect(page.get_by_text(ALARM)).to_be_hidden()
    page.get_by_label("It isn't safe to").check()
    # Right after the choice: the repair questions go, the answer comes.
    expect(repair_text).to_be_hidden()
    expect(page.locator("#connection")).to_be_hidden()
    the_abuse_line_is_offered(page)
    check_axe(page)
    # Changing the answer brings the questions back.
    page.get_by_label("Not yet").check()
    expect(repair_text).to_be_visible()
    expect(page.get_by_text(ALARM)).to_be_hidden()
    page.get_by_label("It isn't safe to").check()
    page.get_by_role("button", name="Next").click()
    on_step(page, 6)
    # The next step suggests no echo of the past.
    expect(page.get_by_text("echoes something older")).to_have_count(0)
    expect(page.get_by_text("link to something from before")).to_have_count(0)
    expect(
        page.get_by_label("Is there anything you want to remember about this moment?")
    ).to_be_visible()
    page.get_by_role("button", name="Save reflection").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Reflection from"))
    ).to_be_visible()
    the_abuse_line_is_offered(page)
    expect(page.get_by_text("Connection afterwards")).to_have_count(0)
    check_axe(page)


def test_without_javascript_the_form_says_it_and_the_entry_keeps_it(
    page_nojs: Page,
) -> None:
    register(page_nojs)
    live_in_spain(page_nojs)
    page_nojs.goto("/reflections/new")
    # Every question stays, optional; the answer follows the repair choice.
    expect(
        page_nojs.get_by_label("What was said or done, or what could be?")
    ).to_be_visible()
    the_abuse_line_is_offered(page_nojs)
    page_nojs.get_by_label("It isn't safe to").check()
    page_nojs.get_by_role("button", name="Save reflection").click()
    expect(
        page_nojs.get_by_role("heading", name=re.compile("^Reflection from"))
    ).to_be_visible()
    the_abuse_line_is_offered(page_nojs)
    repair = page_nojs.locator('section[aria-labelledby="s-repair"]')
    expect(repair).to_contain_text("Not safe to repair")
    expect(repair).not_to_contain_text("You skipped this step")

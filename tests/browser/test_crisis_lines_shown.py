"""How crisis lines read on a 360 px phone: a service's label sits above all of
its buttons, stand-alone buttons name the service, a name in another script has a
gloss and the language it answers in, menu options read as words, abuse lines have
their own heading, and Settings never switches a person's country by itself."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    add_entry,
    check_axe,
    new_context,
    register,
)


def groups(page: Page) -> list[dict[str, object]]:
    """Each list item of lines: its label and the buttons in it, in DOM order."""
    return page.locator(".help-now .help-actions > li.line-group").evaluate_all(
        """items => items.map(li => ({
            label: li.querySelector('.line-name').innerText,
            labelFirst: li.firstElementChild.classList.contains('line-name'),
            buttons: [...li.querySelectorAll('a.call')].map(a => a.innerText),
            labels: li.querySelectorAll('.line-name').length,
        }))"""
    )


def test_a_service_with_three_numbers_has_one_label_above_its_buttons(
    page: Page,
) -> None:
    page.goto("/help?country=DE")
    found = groups(page)
    seelsorge = [g for g in found if "TelefonSeelsorge" in str(g["label"])]
    assert len(seelsorge) == 1, found
    group = seelsorge[0]
    assert group["labels"] == 1 and group["labelFirst"]
    assert group["buttons"] == [
        "Call 0800 111 0 111",
        "Call 0800 111 0 222",
        "Call 116 123",
    ]
    # No label sits between two buttons anywhere on the page.
    for g in found:
        assert g["labelFirst"] and g["labels"] == 1, g
    check_axe(page)


def test_a_name_in_another_script_has_a_gloss_and_its_language(page: Page) -> None:
    page.goto("/help?country=JP")
    label = page.locator(".line-name", has_text="よりそいホットライン").first
    expect(label).to_contain_text("よりそいホットライン (Yorisoi Hotline)")
    expect(label).to_contain_text("answers in Japanese")


def test_a_menu_option_reads_as_words_on_the_button(page: Page) -> None:
    page.goto("/help?country=EC")
    button = page.locator(".help-now a[href='tel:171']")
    expect(button).to_have_text("Call 171, then press 6")


def test_abuse_lines_have_their_own_heading_after_the_crisis_lines(
    page: Page,
) -> None:
    page.goto("/help?country=ES")
    order = page.locator(".help-now").evaluate(
        """help => [...help.querySelectorAll('h3, h4, a.call, .directory-note')]
            .map(e => e.matches('h3, h4') ? 'h:' + e.innerText
                 : e.matches('a') ? 'a:' + e.getAttribute('href') : 'directory')"""
    )
    hurting = order.index("h:If someone is hurting you")
    assert order.index("a:tel:024") < hurting < order.index("a:tel:016")
    assert order.index("a:tel:016") < order.index("directory")
    check_axe(page)


def test_each_crisis_step_names_the_service_on_its_quick_buttons(
    page: Page,
) -> None:
    register(page)
    page.goto("/help")
    page.select_option("#country", "GB")
    page.get_by_role("button", name="Show lines for this country").click()
    expect(page.get_by_role("heading", name="In United Kingdom")).to_be_visible()
    add_entry(page, "warning-signs", "Not sleeping")
    page.goto("/plan/crisis")
    quick = page.locator(".quick-help a")
    expect(quick.first).to_have_text("Call Samaritans, 116 123")
    expect(quick.nth(1)).to_have_text(re.compile(r"^Call .+, 999$"))


def test_saving_settings_keeps_the_country_attune_decided(
    browser: Browser, live_server: str
) -> None:
    """The reported bug: a person in Madrid saved Settings to fix the time zone and
    got Afghanistan's lines everywhere."""
    context = new_context(browser, live_server, timezone_id="Europe/Madrid")
    page = context.new_page()
    register(page)
    page.goto("/help")
    expect(page.get_by_role("heading", name="In Spain")).to_be_visible()
    page.goto("/settings")
    country = page.locator("#country")
    expect(country.locator("option:checked")).to_have_text(
        re.compile(r"^Not set: decide from my time zone and language \(now Spain\)$")
    )
    page.select_option("#timezone", "Europe/Madrid")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    page.goto("/help")
    expect(page.get_by_role("heading", name="In Spain")).to_be_visible()
    expect(page.locator(".help-now").get_by_text("Afghanistan")).to_have_count(0)
    check_axe(page)
    context.close()

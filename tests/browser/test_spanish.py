"""Attune in Spanish, in the hand (issue 19): a Spanish browser on a 360 px phone
visits every page, signed out and then signed in with a reflection, plan entries
and a saved card, and meets no English sentence from the English catalog; axe is
clean in Spanish too."""

from __future__ import annotations

import html
import re
from functools import cache

import pytest
from playwright.sync_api import Browser, Page, expect

from server.web.i18n import gettext, speaking
from tests.browser.conftest import (
    PASSPHRASE,
    check_axe,
    new_context,
    unique_name,
)
from tests.unit.test_i18n import extracted

pytestmark = pytest.mark.browser

PLACEHOLDER_OR_TAG = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>")
LESSON = "feeling-safe-first"
SIGNED_OUT = [
    "/", "/help", "/about", "/support", "/lessons", f"/lessons/{LESSON}", "/login",
    "/register", "/recover", "/offline", "/no-such-page",
]  # fmt: skip
SIGNED_IN = [
    "/", "/lessons", f"/lessons/{LESSON}", "/saved", "/reflections", "/reflections/new",
    "/reflections/new/step/1", "/reflections/trends", "/plan",
    "/plan/edit/warning-signs", "/plan/crisis", "/plan/crisis?step=5", "/plan/print",
    "/plan/share", "/settings", "/settings/passkeys", "/settings/reminders",
    "/settings/install", "/settings/export", "/settings/restore",
    "/settings/restore/done?reflections=1.2&note=notes-kept", "/settings/delete",
    "/help", "/about", "/support",
]  # fmt: skip


@cache
def english_sentences() -> tuple[str, ...]:
    """Every run of three or more words of an English message whose Spanish
    differs: none of them may be on a Spanish page."""
    found: set[str] = set()
    for message in extracted().values():
        for text in message if isinstance(message, tuple) else (message,):
            with speaking("es"):
                spanish = gettext(text)
            for part in PLACEHOLDER_OR_TAG.split(text):
                part = " ".join(html.unescape(part).split()).strip(" .,:;·()")
                # Names kept as they are ("Find A Helpline") are not English text.
                if len(part.split()) >= 3 and part not in html.unescape(spanish):
                    found.add(part)
    return tuple(sorted(found))


def english_on(page: Page) -> list[str]:
    visible = " ".join(page.locator("body").inner_text().split())
    return [sentence for sentence in english_sentences() if sentence in visible]


def check_spanish(page: Page, path: str) -> None:
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "es", path
    assert english_on(page) == [], (path, english_on(page))
    check_axe(page)


def test_every_page_reads_in_spanish_signed_out_and_in(
    browser: Browser, live_server: str
) -> None:
    context = new_context(browser, live_server, locale="es-ES")
    page = context.new_page()
    assert len(english_sentences()) > 150
    for path in SIGNED_OUT:
        check_spanish(page, path)

    # Sign up through the Spanish form; the recovery code page is Spanish too.
    page.goto("/register")
    page.fill("#username", unique_name("es"))
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#passphrase_confirm", PASSPHRASE)
    page.locator("main form button[type=submit]").last.click()
    page.locator(".recovery-code code").wait_for()
    assert english_on(page) == []
    check_axe(page)
    page.locator(".recovery-code ~ * a, main a.button").first.click()

    # Something of everything: a plan entry, a reflection, a saved card.
    page.goto("/plan/edit/warning-signs")
    page.fill("#text-new", "Dejo de contestar mensajes")
    page.locator("fieldset.new-entry button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(spanish("Saved."))
    expect(
        page.locator("main input[value='Dejo de contestar mensajes']")
    ).to_have_count(1)
    page.goto("/reflections/new")
    expect(page.locator("#step-count")).to_have_text("Paso 1 de 6")
    page.locator("button.primary[name=go][value=next]").click()
    page.locator("#what_happened").fill("Discutimos por la cena y luego hablamos.")
    page.locator("button.button[name=go][value=save]").last.click()
    page.wait_for_url(re.compile(r"/reflections/[0-9a-f-]{36}$"))
    entry = page.url.removeprefix(live_server)
    page.goto(f"/lessons/{LESSON}")
    page.locator(f"form[action='/lessons/{LESSON}/save'] button").click()
    expect(page.locator("main")).to_contain_text(spanish("Saved to your cards."))

    for path in [*SIGNED_IN, entry, f"{entry}/edit", f"{entry}/delete"]:
        check_spanish(page, path)

    # What the scripts say comes in the page's language too (the timer's status).
    page.goto(f"/lessons/{LESSON}")
    page.locator("[data-timer-start]").click()
    status = page.locator("[data-timer-status]")
    started = spanish("Timer started: %(time)s. Follow the steps at your own pace.")
    expect(status).to_contain_text(
        started.split("%(time)s")[0]
    )  # "Temporizador iniciado: "
    assert not started.startswith("Timer started")
    context.close()


def test_a_visitors_lesson_timer_speaks_spanish_after_a_boosted_visit(
    browser: Browser, live_server: str
) -> None:
    """The words scripts say go only to pages whose scripts speak, in the body: a
    visitor who comes from the home page (which carries none) to a lesson by a
    boosted link still hears the timer in Spanish."""
    context = new_context(browser, live_server, locale="es-ES")
    page = context.new_page()
    page.goto("/")
    assert page.locator("#attune-text").count() == 0
    page.locator(f"a[href='/lessons/{LESSON}'], a[href='/lessons/today']").first.click()
    page.wait_for_url(re.compile(r"/lessons/"))
    expect(page.locator("#attune-text")).to_have_count(1)
    page.locator("[data-timer-start]").click()
    started = spanish("Timer started: %(time)s. Follow the steps at your own pace.")
    expect(page.locator("[data-timer-status]")).to_contain_text(
        started.split("%(time)s")[0]
    )
    context.close()


def spanish(message: str) -> str:
    with speaking("es"):
        return gettext(message)

"""A database outage while someone is writing: nothing they typed is lost."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    check_axe,
    htmx_ready,
    new_context,
    register,
    running_server,
)

pytestmark = pytest.mark.postgres
WORDS = "Call my sister and sit on the back step for ten minutes"
STORY = "Sam went quiet at dinner — I felt shut out.\nLater we talked 🌱 & it eased."


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc", sql],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def pg_server(pg_url: str, tmp_path: Path) -> Iterator[str]:
    with running_server(
        tmp_path / "instance", DATABASE_URL=pg_url, ATTUNE_REQUEST_TIMEOUT_SECONDS="3"
    ) as base:
        yield base


@pytest.fixture
def pg_page(
    browser: Browser, pg_server: str, pg_url: str
) -> Iterator[tuple[Page, str]]:
    context = new_context(browser, pg_server)
    yield context.new_page(), pg_url.rsplit("/", 1)[1]
    context.close()


@pytest.fixture
def pg_page_nojs(
    browser: Browser, pg_server: str, pg_url: str
) -> Iterator[tuple[Page, str]]:
    context = new_context(browser, pg_server, javascript=False)
    yield context.new_page(), pg_url.rsplit("/", 1)[1]
    context.close()


def outage(database: str) -> None:
    psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    psql(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'"
    )


def test_an_outage_while_saving_keeps_the_words_and_says_so(
    pg_page: tuple[Page, str],
) -> None:
    page, database = pg_page
    register(page)
    page.goto("/plan")
    page.locator("a[href^='/plan/edit/']").first.click()
    htmx_ready(page)
    field = page.locator("main form textarea, main form input[type=text]").first
    field.fill(WORDS)
    outage(database)
    try:
        field.locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).first.click()
        banner = page.locator("#unsaved-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("still here")
        expect(field).to_have_value(WORDS)
        # It sits in the flow, just after the form: it covers no button.
        button = field.locator("xpath=ancestor::form").locator("button[type=submit]")
        assert banner.evaluate("b => getComputedStyle(b).position") == "static"
        box, under = banner.bounding_box(), button.first.bounding_box()
        assert box and under and box["y"] >= under["y"] + under["height"]
        assert (
            banner.evaluate(
                "b => b.previousElementSibling && b.previousElementSibling.tagName"
            )
            == "FORM"
        )
        # And it can be closed; the words stay.
        page.get_by_role("button", name="Close this message").click()
        expect(banner).to_be_hidden()
        expect(field).to_have_value(WORDS)
    finally:
        psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    # Once the database is back, the same tap saves.
    with page.expect_response(lambda r: r.request.method == "POST"):
        field.locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).first.click()
    expect(page.locator("#unsaved-banner")).to_be_hidden()
    page.goto("/plan")
    expect(page.get_by_text(WORDS)).to_be_visible()


def test_without_javascript_an_outage_shows_the_words_back_ready_to_send_again(
    pg_page_nojs: tuple[Page, str], pg_page: tuple[Page, str]
) -> None:
    page, database = pg_page_nojs
    register(page)
    page.goto("/reflections/new")
    page.fill("#what_happened", STORY)
    outage(database)
    try:
        page.get_by_role("button", name="Save reflection").click()
        expect(
            page.get_by_text("Nothing was saved — what you wrote is below")
        ).to_be_visible()
        kept = page.get_by_role("textbox", name="What happened")
        expect(kept).to_have_value(STORY)
        expect(page.get_by_role("link", name="Get help now").first).to_be_visible()
        kept_page = page.content()
    finally:
        psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    # Once the database is back, "Try again" saves what was kept.
    page.get_by_role("button", name="Try again").click()
    page.wait_for_url(re.compile(r"/reflections/[0-9a-f-]{36}$"))
    expect(page.get_by_text("Sam went quiet")).to_be_visible()
    # axe-core needs JavaScript: check the same page in a context that has it.
    checker, _ = pg_page
    checker.route("**/kept-form-check", lambda route: route.fulfill(body=kept_page))
    checker.goto("/kept-form-check")
    check_axe(checker)

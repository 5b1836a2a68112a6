"""A database outage while someone is writing: nothing they typed is lost."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import htmx_ready, new_context, register, start_server

pytestmark = pytest.mark.postgres
WORDS = "Call my sister and sit on the back step for ten minutes"


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc", sql],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def pg_page(
    browser: Browser, pg_url: str, tmp_path: Path
) -> Iterator[tuple[Page, str]]:
    proc, base = start_server(
        tmp_path / "instance", DATABASE_URL=pg_url, ATTUNE_REQUEST_TIMEOUT_SECONDS="3"
    )
    context = new_context(browser, base)
    yield context.new_page(), pg_url.rsplit("/", 1)[1]
    context.close()
    proc.terminate()
    proc.wait(timeout=10)


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
    psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    psql(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'"
    )
    try:
        field.locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).first.click()
        expect(page.locator("#unsaved-banner")).to_be_visible()
        expect(page.locator("#unsaved-banner")).to_contain_text("still here")
        expect(field).to_have_value(WORDS)
    finally:
        psql(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    # Once the database is back, the same tap saves.
    field.locator("xpath=ancestor::form").locator("button[type=submit]").first.click()
    expect(page.locator("#unsaved-banner")).to_be_hidden()
    page.goto("/plan")
    expect(page.get_by_text(WORDS)).to_be_visible()

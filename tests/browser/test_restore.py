"""Restore from a file in Chromium, with and without JavaScript: a damaged file is
refused next to the field; an export is shown, confirmed, and its reflection is
back in the journal."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_axe, js_enabled, register

HAPPENED = "We laughed about the burnt toast, then it was fine."
EXPORT = {
    "format": "attune-export",
    "version": 1,
    "exported_at": "2026-11-30T10:00:00+00:00",
    "account": {"username": "someone", "language": "", "country": "", "timezone": ""},
    "reflections": [
        {
            "id": "5c1f8a52-7d4e-4b87-9a55-1f0e2b0c3d4e",
            "occurred_on": "2026-11-29",
            "relationship_kind": "partner",
            "what_happened": HAPPENED,
            "sensations": ["heat"],
            "intensity": 4,
            "repair_tried": "tried",
            "connection": 8,
        }
    ],
    "safety_plan_items": [
        {"card_id": "reasons", "card": "Reasons", "text": "My sister's laugh"}
    ],
}


def axe(page: Page) -> None:
    """axe runs in the page, so only with JavaScript on; the markup is the same.
    The page also fits a 360 px phone without sideways scrolling."""
    if js_enabled(page):
        check_axe(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360


def choose_file(page: Page, path: Path) -> None:
    page.set_input_files("#file", str(path))
    page.get_by_role("button", name="Read the file").click()


def test_a_person_restores_an_export_and_sees_the_reflection_back(
    any_page: Page, tmp_path: Path
) -> None:
    page = any_page
    register(page)
    page.goto("/settings")
    page.get_by_role("link", name="Restore from a file").click()
    expect(page.get_by_text("A file up to 8 MB can be restored.")).to_be_visible()
    axe(page)

    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(EXPORT)[:60])
    choose_file(page, damaged)
    error = page.locator("#file-error")
    expect(error).to_contain_text("ends too soon")
    expect(page.locator("#file")).to_have_attribute("aria-invalid", "true")

    good = tmp_path / "attune-export.json"
    good.write_text(json.dumps(EXPORT))
    choose_file(page, good)
    holds = page.locator("main")
    expect(holds).to_contain_text("1 reflection")
    expect(holds).to_contain_text("1 entry in your safety plan")
    axe(page)
    page.get_by_role("button", name="Restore these").click()
    page.wait_for_url(re.compile(r"/settings/restore/done"))
    expect(page.locator("main")).to_contain_text("New here")
    axe(page)
    page.get_by_role("link", name="Your reflections").click()
    page.wait_for_url(re.compile(r"/reflections$"))
    expect(page.locator("main")).to_contain_text("burnt toast")

    # Again: nothing is added twice, and the page says so.
    page.goto("/settings/restore")
    choose_file(page, good)
    page.get_by_role("button", name="Restore these").click()
    expect(page.locator("main")).to_contain_text("Nothing was new")
    page.goto("/reflections")
    assert page.locator("main").get_by_text("burnt toast").count() == 1

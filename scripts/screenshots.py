"""Screenshots of every main page at 360 px, light and dark, as PNG files (never
committed): run it on this tree and on an older commit to look at before and after.

    .venv/bin/python scripts/screenshots.py OUT_DIR            # this working tree
    .venv/bin/python scripts/screenshots.py OUT_DIR --rev 5d319b7  # an older commit
    .venv/bin/python scripts/screenshots.py OUT_DIR --root-text 200  # phone-sized text

Each run starts its own server on a fresh instance (SQLite in a temp folder), signs
up one person, writes a few reflections and plan lines through the forms, then saves
OUT_DIR/<page>-<light|dark>.png (full page) and OUT_DIR/heights.tsv (each page's
height in CSS pixels, to find the long ones). Debian's Chromium, no downloads.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    ROOT_TEXT_200,
    register,
    serve_vendored_htmx,
    start_server,
)

VISITOR_PAGES = {
    "home-visitor": "/",
    "help": "/help",
    "lesson-visitor": "/lessons/today",
    "about": "/about",
}
PAGES = {
    "today": "/",
    "lessons": "/lessons",
    "lesson": "/lessons/today",
    "journal": "/reflections",
    "reflection-new": "/reflections/new",
    "reflection-step-3": "/reflections/new/step/3",
    "trends": "/reflections/trends",
    "plan": "/plan",
    "crisis-step-1": "/plan/crisis",
    "crisis-last-step": "/plan/crisis?step=7",
    "plan-share": "/plan/share",
    "settings": "/settings",
    "offline-signed-in": "/offline",
}


def tree_for(rev: str | None) -> Path:
    """This working tree, or a commit unpacked into a temp folder."""
    if not rev:
        return REPO
    out = Path(tempfile.mkdtemp(prefix=f"attune-{rev}-"))
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(out, filter="data")
    return out


def serve(tree: Path) -> tuple[subprocess.Popen[bytes], str]:
    return start_server(Path(tempfile.mkdtemp(prefix="attune-shots-")), tree=tree)


def set_number(page: Page, name: str, value: str) -> None:
    """A number box (older trees) or a tap scale."""
    box = page.locator(f"input#{name}")
    if box.count():
        box.fill(value)
    else:
        page.locator(f"#{name}").get_by_role("radio", name=value, exact=True).check()


def seed(page: Page) -> str:
    """Writes three reflections and two plan lines; returns the last entry's path."""
    today = date.today()
    for ago, intensity, connection in ((40, "8", "3"), (12, "6", "7"), (3, "4", "8")):
        page.goto("/reflections/new/step/1")
        page.fill("#occurred_on", (today - timedelta(days=ago)).isoformat())
        page.fill("#person_name", "Sam")
        page.get_by_role("button", name="Next", exact=True).click()
        page.locator("#what_happened").wait_for()
        page.fill("#what_happened", "Sam looked at the phone while I was talking.")
        page.get_by_role("button", name="Next", exact=True).click()
        page.locator("#body_location").wait_for()
        set_number(page, "intensity", intensity)
        page.get_by_role("button", name="Next", exact=True).click()
        page.goto("/reflections/new/step/5")
        page.get_by_label("I tried a repair").check()
        set_number(page, "connection", connection)
        page.get_by_role("button", name="Save what I have").click()
        page.wait_for_url("**/reflections/*")
        entry = page.url.removeprefix(page.url.split("/reflections/")[0])
    for slug, text in (("warning-signs", "Not sleeping"), ("reasons", "My sister")):
        page.goto(f"/plan/edit/{slug}")
        page.locator("main form textarea, main form input[type=text]").first.fill(text)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
    return entry.split("?")[0].split("#")[0]


def shoot(page: Page, out: Path, pages: dict[str, str]) -> None:
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for name, path in pages.items():
            page.goto(path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / f"{name}-{scheme}.png"), full_page=True)
            print(out / f"{name}-{scheme}.png")
            if scheme == "light":
                height = page.evaluate("document.documentElement.scrollHeight")
                with (out / "heights.tsv").open("a") as tsv:
                    tsv.write(f"{name}\t{path}\t{height}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--rev", help="a commit to photograph instead of this tree")
    parser.add_argument(
        "--root-text",
        type=int,
        default=100,
        help="root font size in percent (200: how Android and iOS enlarge text)",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "heights.tsv").unlink(missing_ok=True)
    proc, base = serve(tree_for(args.rev))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(
                base_url=base, viewport=PHONE, is_mobile=True, has_touch=True
            )
            serve_vendored_htmx(context)
            if args.root_text != 100:
                context.add_init_script(
                    ROOT_TEXT_200.replace("200%", f"{args.root_text}%")
                )
            page = context.new_page()
            shoot(page, args.out, VISITOR_PAGES)
            page.emulate_media(color_scheme="light")
            register(page)
            entry = seed(page)
            shoot(page, args.out, {**PAGES, "reflection": entry})
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()

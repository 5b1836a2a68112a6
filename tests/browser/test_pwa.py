"""Installable and readable offline, in Debian's Chromium with a real (persistent)
profile: installability through CDP, the shell and help offline (its Call buttons
first, one short "Offline copy" line last), a signed-in person's own offline start,
the plan and saved cards offline, journal pages never kept, updates, and sign-out
emptying the private cache."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect

from server.features import FEATURES
from server.pwa.service_worker import build_worker
from server.web.assets import static_url
from server.web.security import HTMX_URL
from tests.browser import conftest
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    Watch,
    check_axe,
    register,
    running_server,
    serve_vendored_htmx,
    start_server,
)

STORAGE = """async () => {
  const parts = [JSON.stringify(Object.entries(localStorage)),
                 JSON.stringify(Object.entries(sessionStorage))];
  const dbs = indexedDB.databases ? await indexedDB.databases() : [];
  parts.push(JSON.stringify(dbs));
  return parts.join("\\n");
}"""
CANARY = "canary-plan-7f3a"
CARD_CANARY = "canary-card-9c1e"

# JS run in the page. Playwright's wait_for_function evaluates strings, which the
# CSP (no 'unsafe-eval') forbids, so the waits are written as awaited functions.
CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
  }
  return true;
}"""
CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = {};
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const type = response.headers.get("Content-Type") || "";
      out[name][request.url] = type.startsWith("text/") ? await response.text() : "(binary)";
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def pwa_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("pwa")) as base:
        yield base


class Device:
    """A phone with a real profile (installability is refused in incognito)."""

    def __init__(
        self, playwright: Playwright, base: str, profile: Path, **screen: Any
    ) -> None:
        self.base = base
        self.context: BrowserContext = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            base_url=base,
            locale="en-US",
            is_mobile=True,
            has_touch=True,
            **{"viewport": PHONE, **screen},
        )
        serve_vendored_htmx(self.context)
        self.watch = Watch(base)
        self.watch.attach(self.context)
        self.page: Page = (
            self.context.pages[0] if self.context.pages else self.context.new_page()
        )

    def controlled(self) -> None:
        self.page.evaluate(CONTROLLED)

    def caches(self) -> dict[str, dict[str, str]]:
        return self.page.evaluate(CACHES)  # type: ignore[no-any-return]

    def close(self) -> None:
        self.context.close()
        self.watch.check()


@pytest.fixture
def device(playwright: Playwright, pwa_server: str, tmp_path: Path) -> Iterator[Device]:
    d = Device(playwright, pwa_server, tmp_path / "profile")
    yield d
    d.close()


def eventually(page: Page, check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll; waiting through Playwright so that route handlers keep running."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
            if result:
                return result
        except Exception:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        page.wait_for_timeout(100)


def private_urls(caches: dict[str, dict[str, str]]) -> dict[str, str]:
    return {
        url: text
        for name, entries in caches.items()
        if name.startswith("attune-private-")
        for url, text in entries.items()
    }


def all_text(caches: dict[str, dict[str, str]]) -> str:
    return "\n".join(text for entries in caches.values() for text in entries.values())


# --- A stand-in for pages that say `X-Attune-Offline: keep` -------------------
# The plan and saved cards come from other features; these routes answer as they
# promise to (full page with the layout's script and a hidden stamp; a fragment to
# htmx), so the worker's side of the contract is tested on its own.


def contract_page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><link rel='stylesheet' href='{static_url('css/app.css')}'>"
        + "".join(
            f"<script src='{static_url(script)}' defer></script>"
            for script in ("js/app.js", "js/device.js")
        )
        + "</head>"
        f"<body><main id='main'><h1>{title}</h1><p>{body}</p>"
        "<p class='offline-stamp' data-offline-stamp hidden>Offline copy · today</p>"
        "</main></body></html>"
    )


PAGES = re.compile(r".*/contract/(plan|card|gone)$")
JOURNAL = re.compile(r".*/reflections/contract$")
SAVES = re.compile(r".*/contract/card/(save|unsave)$")


def serve_contract_pages(context: BrowserContext) -> dict[str, int]:
    hits = {"full": 0, "fragment": 0}

    def page_route(route: Route) -> None:
        request = route.request
        path = re.sub(r"^https?://[^/]+", "", request.url)
        hint = "drop" if path.endswith("/gone") else "keep"
        if request.headers.get("hx-request"):
            hits["fragment"] += 1
            body = f"<p>fragment of {path}</p>"
        else:
            hits["full"] += 1
            body = contract_page(f"Kept {path}", f"{CANARY} {path}")
        route.fulfill(
            status=200,
            body=body,
            headers={
                "content-type": "text/html; charset=utf-8",
                "x-attune-offline": hint,
                "vary": "HX-Request",
                "cache-control": "no-store",
            },
        )

    def save_route(route: Route) -> None:
        saved = route.request.url.endswith("/save")
        route.fulfill(
            status=200,
            body="<p>Saved.</p>",
            headers={
                "content-type": "text/html; charset=utf-8",
                "x-attune-offline": "keep" if saved else "drop",
                "x-attune-offline-url": "/contract/card",
            },
        )

    context.route(PAGES, page_route)
    context.route(JOURNAL, page_route)
    context.route(SAVES, save_route)
    return hits


def stop_contract_pages(context: BrowserContext) -> None:
    """Routes answer even under set_offline: lift them before reading offline."""
    for pattern in (PAGES, JOURNAL, SAVES):
        context.unroute(pattern)


# --- Tests ---------------------------------------------------------------------


def test_it_is_installable_with_a_clean_manifest_and_sized_icons(
    device: Device,
) -> None:
    page = device.page
    page.goto("/")
    device.controlled()
    cdp = device.context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    parsed = manifest["manifest"]
    assert parsed["display"] in (
        "standalone",
        "kStandalone",
    )  # CDP spells enums its way
    assert {s["url"].removeprefix(device.base) for s in parsed["shortcuts"]} == {
        "/help",
        "/plan",
        "/lessons/today",
    }
    assert cdp.send("Page.getAppId")["recommendedId"] == "/"
    sizes = page.evaluate(
        """async () => {
          const m = await (await fetch("/manifest.webmanifest")).json();
          const out = [];
          for (const icon of m.icons) {
            const bitmap = await createImageBitmap(await (await fetch(icon.src)).blob());
            out.push([icon.sizes, bitmap.width + "x" + bitmap.height]);
          }
          return out;
        }"""
    )
    assert len(sizes) == 3
    for declared, actual in sizes:
        assert declared == actual


def test_help_and_the_offline_page_open_without_a_connection(device: Device) -> None:
    page = device.page
    page.goto("/")
    device.controlled()
    shell = next(v for k, v in device.caches().items() if k.startswith("attune-shell-"))
    for url in (
        static_url("css/app.css"),
        static_url("js/app.js"),
        "/help",
        "/offline",
    ):
        assert device.base + url in shell
    assert HTMX_URL in shell  # fetched with CORS, the page's SRI still applies

    device.context.set_offline(True)
    page.goto("/help")
    expect(page.get_by_role("heading", name="Get help now", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Call 988").first).to_have_attribute(
        "href", "tel:988"
    )
    assert page.evaluate("typeof window.htmx") == "object"  # from the cache, SRI intact

    page.goto("/offline")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_role("link", name="My safety plan")).to_have_attribute(
        "href", "/plan"
    )
    expect(page.get_by_role("link", name="My saved cards")).to_have_attribute(
        "href", "/saved"
    )

    page.goto("/about")  # never kept
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/about$"))

    # A boosted link that fails offline falls back to a real navigation.
    page.goto("/help")
    page.get_by_role("link", name="About and privacy").click()
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()


def test_offline_help_shows_the_country_chosen_last(device: Device) -> None:
    page = device.page
    page.goto("/")  # en-US: the first visit's guess is the United States
    device.controlled()
    page.goto("/help")
    expect(page.get_by_role("heading", name="In United States")).to_be_visible()
    page.select_option("#country", "AU")
    page.get_by_role("button", name="Show lines for this country").click()
    expect(page.get_by_role("heading", name="In Australia")).to_be_visible()
    eventually(
        page,
        lambda: (
            "In Australia"
            in next(
                v for k, v in device.caches().items() if k.startswith("attune-shell-")
            )[device.base + "/help"]
        ),
    )

    device.context.set_offline(True)
    page.goto("/help")
    expect(page.get_by_role("heading", name="In Australia")).to_be_visible()
    expect(page.get_by_role("link", name="Call 13 11 14")).to_have_attribute(
        "href", "tel:131114"
    )
    expect(page.get_by_role("link", name="Call 000")).to_be_visible()
    expect(page.locator("[data-offline-other-country]")).to_be_hidden()
    # Another country, offline: said plainly, never shown as if it were that one.
    page.select_option("#country", "IE")
    page.get_by_role("button", name="Show lines for this country").click()
    expect(page).to_have_url(re.compile(r"country=IE"))
    expect(page.locator("[data-offline-other-country]")).to_be_visible()
    expect(page.locator("[data-offline-other-country]")).to_contain_text(
        "need a connection"
    )
    expect(page.get_by_role("heading", name="In Australia")).to_be_visible()
    check_axe(page)
    device.context.set_offline(False)


# JS run in the page: how many lines an element's text takes, and whether one
# element comes before another in the page.
LINES = """(el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
}"""
BEFORE = """([first, second]) =>
  Boolean(first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING)"""


def on_first_screen(page: Page, selector: str) -> bool:
    """The element is whole on the first screen, above the tab bar if it floats."""
    return bool(
        page.evaluate(
            """(selector) => {
              const r = document.querySelector(selector).getBoundingClientRect();
              const tabs = document.getElementById("tabs").getBoundingClientRect();
              const fixed = getComputedStyle(document.getElementById("tabs")).position === "fixed";
              const bottom = fixed ? tabs.top : window.innerHeight;
              return window.scrollY === 0 && r.top >= 0 && r.bottom <= bottom;
            }""",
            selector,
        )
    )


@pytest.mark.parametrize("size", ["root-200", "zoom-200"])
def test_offline_help_opens_on_its_call_buttons_with_one_short_line_last(
    playwright: Playwright, pwa_server: str, tmp_path: Path, size: str
) -> None:
    if size == "zoom-200":  # 200 % zoom of a 360 x 740 phone
        d = Device(
            playwright,
            pwa_server,
            tmp_path / "profile",
            viewport={"width": 180, "height": 370},
            device_scale_factor=6,
        )
    else:
        d = Device(playwright, pwa_server, tmp_path / "profile")
        conftest.enlarge_root_text(d.context)
    try:
        page = d.page
        page.goto("/")
        d.controlled()
        page.goto("/help")  # kept, stamped with the day it was saved
        first_call = page.locator("main a[href^='tel:']").first
        online_at = (first_call.bounding_box() or {"y": -1})["y"]

        def kept_help() -> str:
            shell = next(v for k, v in d.caches().items() if "shell" in k)
            return shell[d.base + "/help"]

        eventually(page, lambda: "attune-saved-at" in kept_help())
        d.context.set_offline(True)
        page.goto("/help")
        expect(
            page.get_by_role("heading", name="Get help now", level=1)
        ).to_be_visible()
        # Nothing is added above the help: the first Call button is where it is
        # online, and the copy's line comes after it.
        assert page.evaluate("window.scrollY") == 0
        offline_at = (first_call.bounding_box() or {"y": -1})["y"]
        assert abs(offline_at - online_at) <= 1, (online_at, offline_at)
        stamp = page.locator("[data-offline-stamp]")
        expect(stamp).to_have_text(
            re.compile(r"^Offline copy · \d{1,2} [A-Z][a-z]{2}$")
        )
        stamp.scroll_into_view_if_needed()
        expect(stamp).to_be_visible()
        assert stamp.evaluate(LINES) == 1
        assert page.evaluate(
            BEFORE, [first_call.element_handle(), stamp.element_handle()]
        )
        check_axe(page)
    finally:
        d.context.set_offline(False)
        d.close()


def test_a_signed_in_persons_offline_start_leads_with_help_and_their_plan(
    device: Device,
) -> None:
    page = device.page
    register(page)
    device.controlled()
    page.goto("/plan")  # kept
    page.goto("/")  # the start page: the worker keeps this person's offline start
    eventually(
        page,
        lambda: (
            {device.base + "/offline", device.base + "/plan"}
            <= set(private_urls(device.caches()))
        ),
    )
    start = private_urls(device.caches())[device.base + "/offline"]
    assert "attune-saved-at" not in start  # a start page, not a copy of one

    device.context.set_offline(True)
    page.goto("/")  # opened from the home screen
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    tabs = page.locator("#tabs")
    expect(tabs.get_by_role("link", name="My plan")).to_be_visible()
    expect(tabs.get_by_role("link", name="Sign in", exact=True)).to_have_count(0)
    for name in ("Get help now", "Open my safety plan"):
        link = page.locator("main").get_by_role("link", name=name)
        expect(link).to_be_visible()
        assert (link.bounding_box() or {"height": 0})["height"] >= 48, name
    for selector in ("main a[href='/help']", "main a[href='/plan']"):
        assert on_first_screen(page, selector), selector
    check_axe(page)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    for selector in ("main a[href='/help']", "main a[href='/plan']"):
        assert on_first_screen(page, selector), ("200 % text", selector)
    # 200 % zoom: half as many CSS pixels each way.
    page.evaluate("document.documentElement.style.fontSize = ''")
    page.set_viewport_size({"width": 180, "height": 370})
    for selector in ("main a[href='/help']", "main a[href='/plan']"):
        assert on_first_screen(page, selector), ("200 % zoom", selector)
    page.set_viewport_size(PHONE)
    page.locator("main").get_by_role("link", name="Open my safety plan").tap()
    expect(page.get_by_role("heading", name="My safety plan", level=1)).to_be_visible()

    # Signing out takes this start page away with the rest of the private copies.
    device.context.set_offline(False)
    page.goto("/settings")
    page.get_by_role("button", name="Sign out here").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    assert private_urls(device.caches()) == {}
    device.context.set_offline(True)
    page.goto("/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(
        page.locator("#tabs").get_by_role("link", name="Sign in", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("link", name="Open my safety plan")).to_have_count(0)
    device.context.set_offline(False)


def test_the_crisis_sequence_opens_offline_from_the_saved_plan(device: Device) -> None:
    page = device.page
    register(page)
    device.controlled()
    for slug, text in [("warning-signs", "Not sleeping"), ("reasons", "My dog Pip")]:
        page.goto(f"/plan/edit/{slug}")
        field = page.locator("main form textarea, main form input[type=text]").first
        field.fill(text)
        with page.expect_response(
            lambda r, slug=slug: r.request.method == "POST" and slug in r.url
        ):
            field.locator("xpath=ancestor::form").locator(
                "button[type=submit]"
            ).first.click()
    page.goto("/plan")  # never opened the sequence online
    eventually(
        page,
        lambda: (
            sum(1 for u in private_urls(device.caches()) if "/plan/crisis" in u) >= 4
        ),
    )

    device.context.set_offline(True)
    page.goto("/plan")
    page.get_by_role("link", name="Go through my plan, one step at a time").click()
    page.wait_for_url(re.compile(r"/plan/crisis"))
    seen = []
    for _ in range(6):
        expect(page.locator("main h1")).to_be_visible()
        seen.append(page.locator("main h1").inner_text())
        expect(page.locator("main a[href^='tel:']").first).to_be_visible()
        expect(page.locator("[data-offline-stamp]")).to_contain_text("Offline copy")
        if seen[-1] == "My reasons for living":
            break
        page.get_by_role("link", name="Something else from my plan").click()
        expect(page.locator("main h1")).not_to_have_text(seen[-1])
    assert seen == [
        "Signs a hard time may be starting",
        "Professionals and crisis lines",
        "My reasons for living",
    ]
    expect(page.get_by_text("My dog Pip")).to_be_visible()
    device.context.set_offline(False)


def test_kept_pages_read_offline_with_saved_on_and_journal_pages_never(
    device: Device,
) -> None:
    page = device.page
    hits = serve_contract_pages(device.context)
    page.goto("/")
    device.controlled()

    page.goto("/contract/plan")
    expect(page.get_by_role("heading", name="Kept /contract/plan")).to_be_visible()
    expect(page.locator("[data-offline-stamp]")).to_be_hidden()  # online: the live page
    # A saved card is kept the moment it is saved, and dropped when unsaved.
    page.evaluate("fetch('/contract/card/save', {method: 'POST'})")
    eventually(
        page, lambda: device.base + "/contract/card" in private_urls(device.caches())
    )
    page.goto("/contract/gone")  # the server says drop: nothing kept
    # Journal pages are never kept, even if a response asked for it.
    page.goto("/reflections/contract")
    # htmx requests are never stored under page URLs: a keep hint on one fetches
    # the whole page again, plainly, and keeps that.
    before = hits["full"]
    page.evaluate("fetch('/contract/plan', {headers: {'HX-Request': 'true'}})")
    eventually(page, lambda: hits["full"] > before)
    eventually(
        page,
        lambda: (
            "fragment of" not in all_text(device.caches())
            and hits["full"] > before
            and len(private_urls(device.caches())) == 2
        ),
    )
    kept = private_urls(device.caches())
    assert set(kept) == {device.base + "/contract/plan", device.base + "/contract/card"}
    for text in kept.values():
        assert '<meta name="attune-saved-at"' in text and CANARY in text

    stop_contract_pages(device.context)
    device.context.set_offline(True)
    for path in ("/contract/plan", "/contract/card"):
        page.goto(path)
        expect(page.get_by_text(f"{CANARY} {path}")).to_be_visible()
        expect(page.locator("[data-offline-stamp]")).to_be_visible()
        expect(page.locator("[data-offline-stamp]")).to_contain_text("Offline copy")
    for path in ("/reflections/contract", "/contract/gone"):
        page.goto(path)
        expect(page.get_by_role("heading", name="You are offline")).to_be_visible()

    device.context.set_offline(False)
    serve_contract_pages(device.context)
    page.goto("/")
    page.evaluate("fetch('/contract/card/unsave', {method: 'POST'})")
    eventually(
        page,
        lambda: device.base + "/contract/card" not in private_urls(device.caches()),
    )


def test_signing_out_leaves_no_private_copy_on_the_device(device: Device) -> None:
    page = device.page
    serve_contract_pages(device.context)
    register(page)
    device.controlled()
    page.goto("/contract/plan")
    page.evaluate("fetch('/contract/card/save', {method: 'POST'})")
    kept = {device.base + "/contract/plan", device.base + "/contract/card"}
    eventually(page, lambda: kept <= set(private_urls(device.caches())))
    assert CANARY in all_text(device.caches())

    page.goto("/settings")
    page.get_by_role("button", name="Sign out here").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    caches = device.caches()
    assert CANARY not in all_text(caches)
    assert private_urls(caches) == {}


def test_the_real_plan_and_two_saved_cards_read_offline(device: Device) -> None:
    """Against the plan and lessons features: build a plan, save two cards, go
    offline, read them with "Offline copy"; sign out, and nothing of them is left."""
    page = device.page
    register(page)
    device.controlled()

    # Write a canary into the first card of the plan, through its own form.
    page.goto("/plan")
    page.locator("a[href^='/plan/edit/']").first.click()
    field = page.locator("main form textarea, main form input[type=text]").first
    field.fill(CANARY)
    # Wait for the save itself: going to /plan at once can cancel it.
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/plan/edit/" in r.url
    ):
        field.locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).first.click()
    page.goto("/plan")
    expect(page.get_by_text(CANARY)).to_be_visible()

    # Save two lesson cards.
    page.goto("/lessons")
    slugs: list[str] = []
    for href in page.locator("main a[href^='/lessons/']").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))"
    ):
        if (
            re.fullmatch(r"/lessons/[a-z0-9-]+", href)
            and href != "/lessons/today"
            and href not in slugs
        ):
            slugs.append(href)
    titles = []
    for href in slugs[:2]:
        page.goto(href)
        titles.append(page.locator("h1").first.inner_text())
        page.locator(f"form[action='{href}/save'] button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
    page.goto("/saved")
    page.goto("/plan")
    page.reload()
    eventually(
        page,
        lambda: sum(1 for u in private_urls(device.caches()) if "/lessons/" in u) >= 2,
    )

    device.context.set_offline(True)
    page.goto("/plan")
    expect(page.get_by_text(CANARY)).to_be_visible()
    expect(page.locator("[data-offline-stamp]")).to_contain_text("Offline copy")
    page.goto("/help")
    expect(page.get_by_role("heading", name="Get help now", level=1)).to_be_visible()
    for href, title in zip(slugs[:2], titles, strict=True):
        page.goto(href)
        expect(page.locator("h1").first).to_have_text(title)
        expect(page.locator("[data-offline-stamp]")).to_contain_text("Offline copy")
    page.goto(slugs[2])
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    page.goto("/reflections")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()

    device.context.set_offline(False)
    page.goto("/settings")
    page.get_by_role("button", name="Sign out here").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    text = all_text(device.caches())
    # Every other kind of browser storage, too.
    text += page.evaluate(STORAGE)
    assert CANARY not in text
    for title in titles:
        assert title not in text


def test_a_new_version_replaces_the_old_caches(
    playwright: Playwright, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version 1 is served, then the same address serves version 2 (another salt):
    the calm banner offers the update, and afterwards only version 2's caches remain
    (the kept pages carried over)."""
    port = conftest.free_port()
    monkeypatch.setattr(conftest, "free_port", lambda: port)
    instance = tmp_path / "instance"
    instance.mkdir()
    pages, sources = FEATURES.offline_pages, FEATURES.offline_sources
    one = build_worker(pages, sources, "one").version
    two = build_worker(pages, sources, "two").version
    proc, base = start_server(instance, ATTUNE_SW_SALT="one")
    d = Device(playwright, base, tmp_path / "profile")
    try:
        serve_contract_pages(d.context)
        page = d.page
        page.goto("/")
        d.controlled()
        page.goto("/contract/plan")
        eventually(page, lambda: len(private_urls(d.caches())) == 1)
        assert set(d.caches()) == {f"attune-shell-{one}", f"attune-private-{one}"}
        expect(page.locator("#update-banner")).to_be_hidden()

        proc.terminate()
        proc.wait(timeout=10)
        proc, _ = start_server(instance, ATTUNE_SW_SALT="two")
        page.goto("/")  # the browser checks /sw.js on navigation
        banner = page.locator("#update-banner")
        expect(banner).to_be_visible(timeout=15000)
        expect(banner).to_contain_text("new version")
        with page.expect_navigation():
            banner.get_by_role("button", name="Reload").click()
        eventually(
            page,
            lambda: set(d.caches()) == {f"attune-shell-{two}", f"attune-private-{two}"},
        )
        assert list(private_urls(d.caches())) == [base + "/contract/plan"]
        expect(page.locator("#update-banner")).to_be_hidden()
    finally:
        d.close()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("path", ["/offline", "/settings/install"])
def test_the_offline_and_install_pages_pass_axe(page: Page, path: str) -> None:
    page.goto(path)
    check_axe(page)


def test_the_install_page_offers_the_written_steps(page: Page) -> None:
    page.goto("/settings/install")
    expect(page.get_by_role("heading", name="iPhone and iPad (Safari)")).to_be_visible()
    expect(page.get_by_text("Add to Home Screen", exact=True)).to_be_visible()
    # Chromium in a test profile offers no prompt: the button stays hidden.
    expect(page.locator("[data-install-button]")).to_be_hidden()


def test_switching_language_refreshes_every_offline_copy(device: Device) -> None:
    page = device.page
    register(page)
    device.controlled()
    page.goto("/plan")
    eventually(page, lambda: device.base + "/plan" in private_urls(device.caches()))

    page.locator(".language-picker button[value=es]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    def copies_in_spanish() -> bool:
        caches = device.caches()
        shell = next(v for k, v in caches.items() if k.startswith("attune-shell-"))
        private = next(v for k, v in caches.items() if k.startswith("attune-private-"))
        kept = [shell[device.base + "/offline"], private[device.base + "/plan"]]
        kept += [html for url, html in private.items() if "/plan/crisis" in url]
        return all('<html lang="es">' in html for html in kept)

    eventually(page, copies_in_spanish)
    device.context.set_offline(True)
    page.goto("/plan")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("[data-offline-stamp]")).to_be_visible()
    device.context.set_offline(False)

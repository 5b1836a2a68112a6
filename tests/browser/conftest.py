"""Real-browser fixtures: the app served by uvicorn in a subprocess, Debian's Chromium
driven by Playwright (sync API), htmx served from the vendored copy (its SRI must still
match), axe-core for accessibility, and a watch on CSP reports and outside requests."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from server.web.security import HTMX_URL

REPO = Path(__file__).resolve().parents[2]
HTMX_FILE = REPO / "tests" / "assets" / "htmx-2.0.11.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
# A 2-core machine running the whole suite is slow at times: be patient, not flaky.
expect.set_options(timeout=15_000)
NO_JS_CONTEXTS: weakref.WeakSet[BrowserContext] = weakref.WeakSet()
PASSPHRASE = "calm river morning light"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(instance: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "ATTUNE_INSTANCE_DIR": str(instance),
        "ATTUNE_ARGON2_MEMORY_KIB": "64",
        "ATTUNE_ARGON2_ITERATIONS": "1",
        "ATTUNE_EMBEDDED_DISPATCHER": "false",
        "ATTUNE_LOGIN_LIMIT_PER_IP": "1000",
        "ATTUNE_SIGNUP_LIMIT_PER_IP": "100000",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def start_server(
    instance: Path, *, tree: Path = REPO, **extra: str
) -> tuple[subprocess.Popen[bytes], str]:
    """Migrate, load the lessons, and serve, as the README's first block does; `tree`
    is the source tree to run (another commit's, for scripts/screenshots.py)."""
    instance.mkdir(parents=True, exist_ok=True)
    env = server_env(instance, **extra)
    cli = [sys.executable, "-m", "server.cli"]
    subprocess.run(
        [*cli, "migrate"], env=env, cwd=tree, check=True, capture_output=True
    )
    if (tree / "server" / "lessons" / "loader.py").exists():
        subprocess.run(
            [*cli, "load-lessons"], env=env, cwd=tree, check=True, capture_output=True
        )
    port = free_port()
    log = open(instance / "server.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env, cwd=tree, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start: " + (instance / "server.log").read_text())


@contextmanager
def running_server(instance: Path, **extra: str) -> Iterator[str]:
    """start_server, stopped again on the way out; yields the base URL."""
    proc, base = start_server(instance, **extra)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("live")) as base:
        yield base


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


def serve_vendored_htmx(context: BrowserContext) -> None:
    """Answer the pinned htmx URL with the vendored bytes (its SRI must still match)."""
    body = HTMX_FILE.read_bytes()
    headers = {
        "content-type": "application/javascript",
        "access-control-allow-origin": "*",
        "timing-allow-origin": "*",
    }
    context.route(
        HTMX_URL, lambda route: route.fulfill(status=200, body=body, headers=headers)
    )


class Watch:
    """Collects what must never happen: CSP violations, outside requests, dialogs."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.csp_violations: list[str] = []
        self.outside_requests: list[str] = []
        self.dialogs: list[str] = []

    def attach(self, context: BrowserContext) -> None:
        def on_request(request: object) -> None:
            url = request.url  # type: ignore[attr-defined]
            if url.startswith(("http:", "https:", "ws:", "wss:")) and not (
                url.startswith(self.base) or url == HTMX_URL
            ):
                self.outside_requests.append(url)

        context.on("request", on_request)
        context.on("page", self.attach_page)
        for p in context.pages:
            self.attach_page(p)

    def attach_page(self, page: Page) -> None:
        def on_console(message: object) -> None:
            text = message.text  # type: ignore[attr-defined]
            if "Content Security Policy" in text or "Content-Security-Policy" in text:
                self.csp_violations.append(text)

        page.on("console", on_console)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def check(self) -> None:
        assert self.csp_violations == [], self.csp_violations
        assert self.outside_requests == [], self.outside_requests
        assert self.dialogs == [], self.dialogs


# The root font size at 200 %, the way Android's and iOS's text size settings enlarge
# a page (media queries in em do not see it; Page.setFontSizes, the browser's own
# default size, they do). Set from a script Playwright adds, which the CSP allows;
# a boosted page keeps its <html>, so the size stays.
ROOT_TEXT_200 = """document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.style.fontSize = "200%";
});"""


def enlarge_root_text(context: BrowserContext) -> None:
    context.add_init_script(ROOT_TEXT_200)


def new_context(
    browser: Browser,
    base: str,
    *,
    javascript: bool = True,
    watch: Watch | None = None,
    locale: str = "en-US",
    timezone_id: str | None = None,
) -> BrowserContext:
    context = browser.new_context(
        base_url=base,
        viewport=PHONE,
        java_script_enabled=javascript,
        is_mobile=True,
        has_touch=True,
        locale=locale,
        timezone_id=timezone_id,
    )
    serve_vendored_htmx(context)
    if not javascript:
        NO_JS_CONTEXTS.add(context)
    if watch:
        watch.attach(context)
    return context


@pytest.fixture
def watch(live_server: str) -> Iterator[Watch]:
    w = Watch(live_server)
    yield w
    w.check()


@pytest.fixture
def page(browser: Browser, live_server: str, watch: Watch) -> Iterator[Page]:
    context = new_context(browser, live_server, watch=watch)
    p = context.new_page()
    watch.attach_page(p)
    yield p
    context.close()


@pytest.fixture
def page_nojs(browser: Browser, live_server: str, watch: Watch) -> Iterator[Page]:
    context = new_context(browser, live_server, javascript=False, watch=watch)
    p = context.new_page()
    watch.attach_page(p)
    yield p
    context.close()


@pytest.fixture(params=["js", "nojs"])
def any_page(request: pytest.FixtureRequest) -> Page:
    """The same test with JavaScript on and off."""
    return request.getfixturevalue("page" if request.param == "js" else "page_nojs")  # type: ignore[no-any-return]


def js_enabled(page: Page) -> bool:
    # page.evaluate runs through the debugger even with JavaScript off, so ask the
    # context how it was made.
    return page.context not in NO_JS_CONTEXTS


def wait_until(page: Page, condition: str, timeout_ms: int = 15_000) -> None:
    """Wait until a JavaScript condition holds. Playwright's wait_for_function polls
    by evaluating a string in the page, which the CSP (no 'unsafe-eval') refuses;
    an awaited function is sent through the debugger instead."""
    page.evaluate(
        f"""async () => {{
          const end = Date.now() + {timeout_ms};
          while (!({condition})) {{
            if (Date.now() > end) throw new Error("timed out waiting for: " + {condition!r});
            await new Promise((resolve) => setTimeout(resolve, 25));
          }}
          return true;
        }}"""
    )


def htmx_ready(page: Page) -> None:
    """Wait until htmx loaded (with JS on); a no-op with JS off."""
    if js_enabled(page):
        wait_until(page, "window.htmx !== undefined")


def check_axe(page: Page) -> None:
    """axe-core (WCAG 2.x A and AA rules) finds nothing on this page."""
    # Read from the top, as the page opens: axe counts a target that content has
    # scrolled under the sticky header (its links) as too small, an accident of
    # where an earlier action left the page, not a fault of the page.
    page.evaluate("window.scrollTo(0, 0)")
    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    assert results.violations_count == 0, results.generate_report()


_counter = {"n": 0}


def unique_name(prefix: str = "user") -> str:
    _counter["n"] += 1
    return f"{prefix}{os.getpid()}x{_counter['n']}x{int(time.time() * 1000) % 100000}"


def register(
    page: Page, username: str | None = None, passphrase: str = PASSPHRASE
) -> str:
    """Sign up through the form; return the recovery code shown."""
    username = username or unique_name()
    page.goto("/register")
    page.fill("#username", username)
    page.fill("#passphrase", passphrase)
    page.fill("#passphrase_confirm", passphrase)
    page.get_by_role("button", name="Create account").click()
    code = page.locator(".recovery-code code")
    code.wait_for()
    text = code.inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", text)
    page.get_by_role("link", name="I have saved it, continue").click()
    page.wait_for_url(re.compile(r"/$"))
    return text


def htmx_file_sri() -> str:
    import base64

    return (
        "sha384-"
        + base64.b64encode(hashlib.sha384(HTMX_FILE.read_bytes()).digest()).decode()
    )


def add_entry(page: Page, card: str, text: str, phone: str = "") -> None:
    """Add one entry to a safety-plan card through its form."""
    page.goto(f"/plan/edit/{card}")
    htmx_ready(page)
    page.fill("#text-new", text)
    if phone:
        page.fill("#phone-new", phone)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("main")).to_contain_text("Saved.")

"""The manifest, the service worker's source and headers, the offline page and the
install hint, as served by the app."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from litestar import Litestar

from server.features import FEATURES
from server.pwa import service_worker
from server.pwa.service_worker import build_worker, shell_assets
from server.web.assets import static_url
from server.web.security import HTMX_SRI, HTMX_URL
from tests.conftest import Client


async def test_it_serves_a_manifest_a_browser_can_install(client: Client) -> None:
    response = await client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    m = json.loads(response.content)
    assert m["name"] == "Attune" and m["short_name"] == "Attune"
    assert (m["id"], m["start_url"], m["scope"], m["display"]) == (
        "/",
        "/",
        "/",
        "standalone",
    )
    assert re.fullmatch(r"#[0-9a-f]{6}", m["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", m["background_color"])
    assert m["description"]
    assert (
        "prefer_related_applications" not in m
        or m["prefer_related_applications"] is False
    )
    icons = {(i["sizes"], i["purpose"]): i for i in m["icons"]}
    assert set(icons) == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    for icon in m["icons"]:
        assert icon["type"] == "image/png"
        assert icon["src"].startswith("/static/icons/") and "?v=" in icon["src"]
        assert (await client.get(icon["src"])).status_code == 200
    shortcuts = {s["name"]: s["url"] for s in m["shortcuts"]}
    assert shortcuts == {
        "Get help now": "/help",
        "My plan": "/plan",
        "Today's lesson": "/lessons/today",
    }


async def test_the_icons_have_the_sizes_the_manifest_says(client: Client) -> None:
    from io import BytesIO

    from PIL import Image

    m = (await client.get("/manifest.webmanifest")).json()
    for icon in m["icons"]:
        image = Image.open(BytesIO((await client.get(icon["src"])).content))
        assert f"{image.width}x{image.height}" == icon["sizes"]
        assert image.format == "PNG"


async def test_it_serves_the_worker_from_the_root_uncached(client: Client) -> None:
    response = await client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["service-worker-allowed"] == "/"
    # Its CSP lets it precache the pinned htmx file and nothing else outside.
    csp = response.headers["content-security-policy"]
    assert f"connect-src 'self' {HTMX_URL};" in csp


async def test_the_worker_precaches_the_fingerprinted_shell_and_help(
    client: Client,
) -> None:
    source = (await client.get("/sw.js")).text
    match = re.search(r"const CONFIG = (\{.*?\n\});", source, re.S)
    assert match, "config block not filled in"
    config = json.loads(match.group(1))
    precache = config["precache"]
    for asset in (
        "css/app.css",
        "js/app.js",
        "icons/icon-192.png",
    ):
        assert static_url(asset) in precache
    for install_only in ("icons/icon-512.png", "icons/icon-maskable-512.png"):
        assert static_url(install_only) not in precache
    for css in sorted(Path(service_worker.STATIC_DIR, "css").glob("*.css")):
        assert static_url(f"css/{css.name}") in precache
    # Every page script, loaded by base.html or by a page's [data-script]: the
    # offline pages run them too.
    for js in sorted(Path(service_worker.STATIC_DIR, "js").glob("*.js")):
        if not js.name.startswith("sw"):
            assert static_url(f"js/{js.name}") in precache
    assert "/help" in precache and "/offline" in precache
    assert config["htmx"] == {"url": HTMX_URL, "integrity": HTMX_SRI}
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])
    assert "attune-shell-" in source and "attune-private-" in source
    # Every precached URL answers.
    for url in precache:
        assert (await client.get(url)).status_code == 200, url


async def test_the_page_uses_the_very_urls_the_worker_precaches(client: Client) -> None:
    page = (await client.get("/help")).text
    for asset in ("css/app.css", "js/app.js"):
        assert f'"{static_url(asset)}"' in page
    assert f'src="{HTMX_URL}"' in page


def worker(salt: str) -> service_worker.Worker:
    """The app's worker: the pages its features keep offline."""
    return build_worker(FEATURES.offline_pages, FEATURES.offline_sources, salt)


def test_a_new_salt_or_a_changed_asset_makes_a_new_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = worker("")
    assert worker("") == one
    assert worker("deploy-2").version != one.version

    # A copy of static/ with one CSS byte changed: a new fingerprint, a new version.
    static = tmp_path / "static"
    shutil.copytree(service_worker.STATIC_DIR, static)
    (static / "css" / "app.css").write_bytes(
        (static / "css" / "app.css").read_bytes() + b"\n"
    )
    from server.web import assets

    monkeypatch.setattr(assets, "STATIC_DIR", static)
    monkeypatch.setattr(service_worker, "STATIC_DIR", static)
    assets.fingerprint.cache_clear()
    try:
        two = worker("")
        assert two.version != one.version
        assert two.source != one.source
    finally:
        assets.fingerprint.cache_clear()


@pytest.mark.parametrize(
    "source",
    [
        "templates/partials/_header.html",
        "templates/partials/_tabs.html",
        "templates/partials/_footer.html",
        "templates/partials/_banners.html",
        "templates/partials/_language_choices.html",
        "server/locales/es/LC_MESSAGES/messages.po",
        # The features' own (their manifests' offline_sources).
        "templates/pwa/offline.html",
        "templates/home/help.html",
        "server/places/crisis_lines.toml",
    ],
)
def test_a_change_to_what_the_kept_pages_show_makes_a_new_worker(
    monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    """The offline /help and /offline are rendered from the shared parts and the
    catalogs too: editing one must reach every device."""
    one = worker("")
    path = Path(service_worker.REPO) / source
    assert path in (*service_worker.SHARED_SOURCES, *FEATURES.offline_sources)

    def edited(paths: tuple[Path, ...]) -> tuple[Path, ...]:
        return tuple(_Edited(p) if p == path else p for p in paths)

    monkeypatch.setattr(
        service_worker, "SHARED_SOURCES", edited(service_worker.SHARED_SOURCES)
    )
    changed = build_worker(FEATURES.offline_pages, edited(FEATURES.offline_sources))
    assert changed.version != one.version


def test_the_worker_keeps_the_pages_the_features_keep_offline() -> None:
    assert FEATURES.offline_pages == ("/offline", "/help")
    assert worker("").precache[-2:] == ("/offline", "/help")


class _Edited(type(Path())):  # type: ignore[misc]
    """A path whose bytes read one byte longer: an edit, without touching the file."""

    def read_bytes(self) -> bytes:
        return super().read_bytes() + b" "


def test_the_worker_imports_the_push_handlers_only_when_they_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    static = tmp_path / "static"
    shutil.copytree(service_worker.STATIC_DIR, static)
    (static / "js" / "sw-push.js").unlink(missing_ok=True)
    from server.web import assets

    monkeypatch.setattr(assets, "STATIC_DIR", static)
    monkeypatch.setattr(service_worker, "STATIC_DIR", static)
    assets.fingerprint.cache_clear()
    try:
        without = worker("")
        assert '"importScripts": []' in without.source
        (static / "js" / "sw-push.js").write_text(
            "self.addEventListener('push', () => {});\n"
        )
        with_push = worker("")
        url = static_url("js/sw-push.js")
        assert f'"importScripts": [\n  "{url}"\n ]' in with_push.source
        assert with_push.version != without.version
        # The push script is the worker's, not the page's: it is not precached.
        assert url not in with_push.precache
    finally:
        assets.fingerprint.cache_clear()


def test_the_shell_lists_feature_styles_and_page_scripts_but_no_worker(
    tmp_path: Path,
) -> None:
    (tmp_path / "css").mkdir()
    (tmp_path / "js").mkdir()
    (tmp_path / "icons").mkdir()
    for name in (
        "css/app.css",
        "css/plan.css",
        "js/app.js",
        "js/push.js",
        "js/sw-push.js",
        "icons/icon-192.png",
    ):
        (tmp_path / name).write_text("x")
    assert shell_assets(tmp_path) == [
        "css/app.css",
        "js/app.js",
        "css/plan.css",
        "js/push.js",
        "icons/icon-192.png",
    ]


async def test_the_offline_page_points_to_help_the_plan_and_saved_cards(
    client: Client,
) -> None:
    response = await client.get("/offline")
    assert response.status_code == 200
    html = response.text
    assert "<h1>You are offline</h1>" in html
    assert 'href="/help"' in html and 'href="/plan"' in html and 'href="/saved"' in html
    assert static_url("css/app.css") in html  # in the layout


async def test_a_signed_in_persons_offline_start_is_theirs_and_kept_privately(
    client: Client, alice: Client
) -> None:
    mine = await alice.get("/offline")
    assert mine.headers["x-attune-offline"] == "keep"  # into the private cache
    assert ">Open my safety plan</a>" in mine.text and ">My plan<" in mine.text
    assert ">Sign in<" not in mine.text
    # The shell's copy is a visitor's, even when the worker fetches it signed in.
    shell = await alice.get("/offline", headers={"X-Attune-Shell": "1"})
    assert "x-attune-offline" not in shell.headers
    assert ">Sign in<" in shell.text and "Open my safety plan" not in shell.text
    # A visitor's (or an ended session's) private copy is dropped.
    visitor = await client.get("/offline")
    assert visitor.headers["x-attune-offline"] == "drop"
    assert ">Sign in<" in visitor.text
    # The start page names it, so the worker refreshes it on each visit.
    for who in (client, alice):
        home = await who.get("/")
        assert home.headers["x-attune-offline-also"] == "/offline"


async def test_the_offline_stamp_is_one_short_line_in_the_readers_language(
    client: Client,
) -> None:
    # The day is the reader's own (Kiritimati is often a day ahead of UTC), in
    # their language, through Babel.
    client.cookies.set("attune_tz", "Pacific%2FKiritimati")
    html = (
        await client.get("/help?country=ES", headers={"Accept-Language": "es"})
    ).text
    stamp = re.search(r"data-offline-stamp hidden>([^<]*)</p>", html)
    assert stamp
    day = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    assert stamp.group(1) == "Copia sin conexión · " + format_date(day, "d MMM", "es")
    # After the page's content: never before the help.
    assert html.index('href="tel:') < html.index("data-offline-stamp")


async def test_the_install_hint_has_a_hidden_prompt_button_and_written_steps(
    client: Client, alice: Client
) -> None:
    for who in (client, alice):
        response = await who.get("/settings/install")
        assert response.status_code == 200
        html = response.text
        assert re.search(r"<button[^>]*data-install-button hidden", html)
        assert "Add to Home Screen" in html  # iOS Safari
        assert "Add to Home screen" in html  # Android
        assert "Share" in html


async def test_boosted_requests_get_whole_pages(client: Client) -> None:
    for url in ("/offline", "/settings/install"):
        response = await client.get(
            url, headers={"HX-Request": "true", "HX-Boosted": "true"}
        )
        assert response.status_code == 200
        assert response.text.lstrip().lower().startswith("<!doctype html>")
        assert "HX-Request" in response.headers.get("vary", "")


@pytest.mark.parametrize(
    "url", ["/sw.js", "/manifest.webmanifest", "/offline", "/settings/install"]
)
async def test_it_refuses_other_methods(client: Client, url: str) -> None:
    response = await client.post_form(url, {})
    assert response.status_code == 405


async def test_the_pages_link_the_manifest_and_ios_tags(
    app: Litestar, client: Client
) -> None:
    html = (await client.get("/offline")).text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html
    assert 'name="apple-mobile-web-app-capable"' in html
    assert html.count('name="theme-color"') == 2

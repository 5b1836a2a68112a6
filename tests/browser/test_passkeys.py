"""Passkeys in Chromium with a virtual platform authenticator (the DevTools
protocol's WebAuthn domain), at http://localhost: an IP address cannot be a
relying party ID, so there the page says so instead."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    PASSPHRASE,
    Watch,
    check_axe,
    new_context,
    register,
    running_server,
    unique_name,
    wait_until,
)
from tests.browser.test_spanish import english_on


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("passkeys")


@pytest.fixture(scope="module")
def server(instance: Path) -> Iterator[str]:
    """The app, reached by name: http://localhost:<port>."""
    with running_server(instance) as base:
        yield base.replace("127.0.0.1", "localhost")


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    watch = Watch(server)
    context = new_context(browser, server, watch=watch)
    p = context.new_page()
    watch.attach_page(p)
    yield p
    context.close()
    watch.check()


def add_authenticator(
    page: Page, autofill: bool = False, verified: bool = True
) -> None:
    """A phone's built-in authenticator: resident keys, fingerprint verified.

    Chromium's virtual authenticator answers the /login page's autofill request
    (conditional mediation) at once, as if the person chose the passkey offered
    under the username field; `autofill=False` plays a browser without it, so the
    button is what signs in."""
    if not autofill:
        page.add_init_script(
            "PublicKeyCredential.isConditionalMediationAvailable ="
            " () => Promise.resolve(false);"
        )
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": verified,
                "automaticPresenceSimulation": True,
            }
        },
    )


def register_with_passkey(page: Page) -> str:
    name = unique_name("pk")
    page.goto("/register")
    check_axe(page)
    page.fill("#username", name)
    page.get_by_role("button", name="Sign up with a passkey").click()
    expect(page.locator(".recovery-code code")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Your passkey is ready")
    page.get_by_role("link", name="I have saved it, continue").click()
    page.wait_for_url(re.compile(r"/$"))
    return name


def sign_out(page: Page) -> None:
    page.goto("/settings")
    page.get_by_role("button", name="Sign out here").click()
    page.wait_for_url(re.compile(r"signed-out"))


def signed_in_as(page: Page, name: str) -> None:
    page.goto("/settings")
    expect(page.locator("main")).to_contain_text(f"Signed in as {name}")


def sign_in_with_passkey(page: Page) -> None:
    page.goto("/login")
    page.get_by_role("button", name="Continue with a passkey").click()
    page.wait_for_url(re.compile(r"localhost:\d+/$"))


def test_register_with_a_passkey_alone_then_sign_in_from_the_autofill(
    page: Page,
) -> None:
    add_authenticator(page, autofill=True)
    name = register_with_passkey(page)
    signed_in_as(page, name)
    # No passphrase yet: Settings offers to add one, confirmed by code or passkey.
    expect(page.get_by_role("heading", name="Add a passphrase")).to_be_visible()
    sign_out(page)
    page.goto("/login")
    # The passkey offered in the username field's autofill, chosen: signed in.
    page.wait_for_url(re.compile(r"localhost:\d+/$"))
    signed_in_as(page, name)


def test_a_passkey_is_added_listed_renamed_and_removed(page: Page) -> None:
    add_authenticator(page)
    name = unique_name()
    register(page, name)
    page.goto("/settings/passkeys")
    expect(page.locator("main")).to_contain_text("You have no passkeys yet.")
    page.get_by_role("button", name="Add a passkey on this device").click()
    expect(page.locator(".flash")).to_contain_text("Your passkey is added")
    item = page.locator(".passkey-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Made on")
    expect(item).to_contain_text("Not used to sign in yet.")
    check_axe(page)

    sign_out(page)
    sign_in_with_passkey(page)
    signed_in_as(page, name)
    page.goto("/settings/passkeys")
    expect(page.locator(".passkey-item")).to_contain_text("Last used on")

    page.locator(".passkey-item summary").click()
    page.locator(".passkey-item input[name=name]").fill("Kitchen tablet")
    page.get_by_role("button", name="Save name").click()
    expect(page.locator(".passkey-item h3")).to_have_text("Kitchen tablet")

    # The passphrase still signs in, so this passkey may go.
    page.get_by_role("button", name="Remove Kitchen tablet").click()
    expect(page.locator(".flash")).to_contain_text("Your passkey is removed")
    expect(page.locator(".passkey-item")).to_have_count(0)


def test_a_device_that_cannot_verify_the_person_makes_no_account(page: Page) -> None:
    add_authenticator(page, verified=False)
    page.goto("/register")
    page.fill("#username", unique_name("pk"))
    page.get_by_role("button", name="Sign up with a passkey").click()
    status = page.locator("[data-passkey-status]")
    expect(status).to_be_visible()
    expect(status).to_contain_text("Nothing has changed")
    expect(page).to_have_url(re.compile(r"/register$"))


def test_the_last_way_to_sign_in_cannot_be_removed(page: Page) -> None:
    add_authenticator(page)
    register_with_passkey(page)
    page.goto("/settings/passkeys")
    page.locator(".passkey-item form[action$='/remove'] button").click()
    expect(page.locator(".flash")).to_contain_text("This is your only way to sign in")
    expect(page.locator(".passkey-item")).to_have_count(1)


def captured_sign_in(page: Page) -> str:
    """The form body of a passkey sign-in, held back from the server: the page's
    form posting is replaced, on this page only, by keeping what it would send."""
    page.goto("/login")
    page.evaluate(
        """() => {
          HTMLFormElement.prototype.submit = function () {
            window.heldBody = new URLSearchParams(new FormData(this)).toString();
          };
        }"""
    )
    page.get_by_role("button", name="Continue with a passkey").click()
    wait_until(page, "window.heldBody !== undefined")
    return str(page.evaluate("window.heldBody"))


def post_as_browser(
    page: Page, server: str, body: str, host: str | None = None
) -> httpx.Response:
    """Post a form body with the browser's cookies, to the same server, optionally
    under another Host (another origin, as a page elsewhere would have)."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    url = server.replace("localhost", "127.0.0.1") + "/login/passkey"
    headers = {"content-type": "application/x-www-form-urlencoded"}
    headers["host"] = host or server.removeprefix("http://")
    return httpx.post(url, content=body, headers=headers, cookies=cookies)


def test_a_replayed_answer_is_refused(page: Page, server: str) -> None:
    add_authenticator(page)
    register_with_passkey(page)
    sign_out(page)
    body = captured_sign_in(page)
    first = post_as_browser(page, server, body)
    assert first.status_code == 303, first.text
    again = post_as_browser(page, server, body)
    assert again.status_code == 422
    assert "used twice" in again.text


def test_an_expired_challenge_is_refused(
    page: Page, server: str, instance: Path
) -> None:
    add_authenticator(page)
    register_with_passkey(page)
    sign_out(page)
    body = captured_sign_in(page)
    with sqlite3.connect(instance / "attune.sqlite3") as db:
        db.execute(
            "UPDATE passkey_challenges SET expires_at = '2000-01-01 00:00:00+00:00'"
        )
    refused = post_as_browser(page, server, body)
    assert refused.status_code == 422
    assert "too long" in refused.text
    page.goto("/settings")
    page.wait_for_url(re.compile(r"/login"))


def test_an_answer_made_for_another_origin_is_refused(page: Page, server: str) -> None:
    add_authenticator(page)
    register_with_passkey(page)
    sign_out(page)
    port = int(server.rsplit(":", 1)[1])
    body = captured_sign_in(page)
    # The same server, reached as http://localhost:<another port>: the origin the
    # browser signed is not this one's.
    refused = post_as_browser(page, server, body, host=f"localhost:{port + 1}")
    assert refused.status_code == 422
    assert "could not be used" in refused.text
    # The same kind of answer, sent to the origin it was made for, signs in.
    accepted = post_as_browser(page, server, captured_sign_in(page))
    assert accepted.status_code == 303


def test_a_passkey_only_account_is_deleted_with_its_passkey(page: Page) -> None:
    add_authenticator(page)
    register_with_passkey(page)
    page.goto("/settings/delete")
    page.get_by_role(
        "button", name="Delete everything, confirming with a passkey"
    ).click()
    page.wait_for_url(re.compile(r"deleted=1"))
    expect(page.locator(".flash")).to_contain_text("Your account and everything")


def test_a_passkey_confirms_a_first_passphrase(page: Page) -> None:
    add_authenticator(page)
    name = register_with_passkey(page)
    page.goto("/settings")
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#passphrase_confirm", PASSPHRASE)
    page.get_by_role("button", name="Set passphrase, confirming with a passkey").click()
    expect(page.locator(".flash")).to_contain_text("Your passphrase is set")
    sign_out(page)
    page.goto("/login")
    page.fill("#username", name)
    page.fill("#passphrase", PASSPHRASE)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"localhost:\d+/$"))
    signed_in_as(page, name)


def test_without_javascript_the_page_says_passkeys_need_it(
    browser: Browser, server: str
) -> None:
    context = new_context(browser, server, javascript=False)
    page = context.new_page()
    for path in ("/login", "/register"):
        page.goto(path)
        expect(page.locator("[data-passkey-note]")).to_have_text(
            re.compile("Passkeys need JavaScript")
        )
        expect(page.locator("[data-passkey-start]")).to_be_hidden()
    context.close()


def test_at_an_ip_address_passkeys_are_not_offered(
    browser: Browser, server: str
) -> None:
    context = new_context(browser, server.replace("localhost", "127.0.0.1"))
    page = context.new_page()
    page.goto("/login")
    expect(page.locator("main")).to_contain_text("not by a number address")
    expect(page.locator("[data-passkey-start]")).to_have_count(0)
    page.fill("#username", "nobody-here")
    page.fill("#passphrase", PASSPHRASE)
    context.close()


def test_passkeys_speak_spanish(browser: Browser, server: str) -> None:
    context = new_context(browser, server, locale="es-ES")
    page = context.new_page()
    add_authenticator(page)
    page.goto("/login")
    expect(
        page.get_by_role("button", name="Continuar con una llave de acceso")
    ).to_be_visible()
    assert english_on(page) == []
    check_axe(page)
    page.goto("/register")
    page.fill("#username", unique_name("es"))
    page.get_by_role("button", name="Crear la cuenta con una llave de acceso").click()
    expect(page.locator(".recovery-code code")).to_be_visible()
    assert english_on(page) == []
    for path in ("/settings/passkeys", "/settings", "/settings/delete"):
        page.goto(path)
        assert english_on(page) == [], path
        check_axe(page)
    context.close()


def test_the_passkey_script_loads_only_where_passkeys_are_offered(page: Page) -> None:
    """A first visit to the start page stays light: passkeys.js is fetched only by a
    page that offers passkeys, after a boosted page change too."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "passkeys" in r.url else None)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert not any("js/passkeys" in url for url in fetched)
    assert page.locator("script[src*='js/passkeys']").count() == 0
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.wait_for_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Continue with a passkey")).to_be_visible()
    assert any("js/passkeys" in url for url in fetched)

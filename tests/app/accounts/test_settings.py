from __future__ import annotations

from litestar import Litestar

from server.accounts.models import Session, User
from tests.app.accounts.test_login import sign_in
from tests.conftest import PASSPHRASE, Client, make_client

NEW = "quiet harbour evening tide"


async def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = await client.get("/settings")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/settings"


async def test_it_saves_country_and_time_zone(alice: Client) -> None:
    response = await alice.post_form(
        "/settings", {"country": "au", "timezone": "Australia/Sydney"}
    )
    assert response.status_code == 303
    user = await User.get(username="alice")
    assert (user.country, user.timezone) == ("AU", "Australia/Sydney")
    page = await alice.get("/settings")
    assert "Your settings are saved." in page.text
    assert (await alice.get("/help")).text.count("Call 13 11 14") >= 1


async def test_it_refuses_an_unknown_zone_and_keeps_the_choice(alice: Client) -> None:
    response = await alice.post_form(
        "/settings", {"country": "GB", "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 422
    assert "Choose a time zone from the list" in response.text
    assert '<option value="GB" selected>' in response.text
    assert (await User.get(username="alice")).timezone == "UTC"


async def test_it_changes_the_passphrase_and_signs_out_other_devices(
    app: Litestar, alice: Client
) -> None:
    async with make_client(app) as other:
        await sign_in(other, "alice")
        response = await alice.post_form(
            "/settings/passphrase",
            {"current": PASSPHRASE, "passphrase": NEW, "passphrase_confirm": NEW},
        )
        assert response.status_code == 303
        assert await Session.all().count() == 1
        assert (await other.get("/settings")).status_code == 303
        assert (await sign_in(other, "alice", PASSPHRASE)).status_code == 422
        assert (await sign_in(other, "alice", NEW)).status_code == 303


async def test_a_wrong_current_passphrase_changes_nothing(alice: Client) -> None:
    before = (await User.get(username="alice")).password_hash
    response = await alice.post_form(
        "/settings/passphrase",
        {"current": "not it at all", "passphrase": NEW, "passphrase_confirm": NEW},
    )
    assert response.status_code == 422
    assert "not your current passphrase" in response.text
    assert (await User.get(username="alice")).password_hash == before


async def test_get_on_a_post_only_route_is_a_calm_405(alice: Client) -> None:
    response = await alice.get("/settings/passphrase")
    assert response.status_code == 405
    assert "Get help now" in response.text


async def test_the_devices_zone_is_saved_only_when_asked(alice: Client) -> None:
    page = await alice.get("/settings")
    # The offer is on the page for app.js to show; the saved zone stays selected.
    assert "data-zone-offer" in page.text
    assert '<option value="UTC" selected>' in page.text
    response = await alice.post_form(
        "/settings/timezone", {"timezone": "Europe/Paris", "next": "/"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    page = await alice.get("/settings")
    assert '<option value="Europe/Paris" selected>' in page.text
    # The home page offers it only to accounts still on UTC.
    assert "data-zone-offer" not in (await alice.get("/")).text


async def test_the_zone_offer_refuses_nonsense_and_odd_targets(alice: Client) -> None:
    response = await alice.post_form(
        "/settings/timezone", {"timezone": "Nowhere/Else", "next": "//evil.example"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/settings"
    page = await alice.get("/settings")
    assert '<option value="UTC" selected>' in page.text

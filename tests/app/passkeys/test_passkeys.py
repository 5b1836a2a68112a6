from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from litestar import Litestar

from server.accounts.models import Session, User
from server.app import create_app
from server.passkeys.models import Passkey, PasskeyChallenge
from server.web.clock import utcnow
from tests.app.passkeys.conftest import (
    add_passkey,
    ask,
    sign_in,
    sign_in_answer,
    sign_up_with_passkey,
)
from tests.authenticator import SoftAuthenticator
from tests.conftest import PASSPHRASE, Client, make_client


async def test_a_person_adds_a_passkey_and_signs_in_with_it_alone(
    app: Litestar, alice: Client
) -> None:
    device = SoftAuthenticator()
    response = await add_passkey(alice, device, "Pixel 8")
    assert response.status_code == 303
    listing = (await alice.get("/settings/passkeys")).text
    assert "Pixel 8" in listing and "Not used to sign in yet." in listing
    async with make_client(app, "10.0.0.9") as phone:
        response = await sign_in(phone, device)
        assert response.status_code == 303
        assert response.headers["location"] == "/"
        assert (
            "Signed in as <strong>alice</strong>" in (await phone.get("/settings")).text
        )
    passkey = await Passkey.get(user__username="alice")
    assert passkey.sign_count == 1
    assert passkey.last_used_at is not None
    assert passkey.backed_up and passkey.backup_eligible
    assert passkey.name != "Pixel 8"  # sealed at rest
    assert "Last used on" in (await alice.get("/settings/passkeys")).text


async def test_the_login_page_offers_passkeys_in_the_username_autofill(
    client: Client,
) -> None:
    page = (await client.get("/login")).text
    assert 'autocomplete="username webauthn"' in page
    assert 'data-passkey="signin"' in page


async def test_an_ip_address_gets_a_note_instead_of_passkeys(app: Litestar) -> None:
    async with make_client(app) as c:
        c.base_url = "http://127.0.0.1:8000"  # type: ignore[assignment]
        page = (await c.get("/login")).text
        assert "not by a number address like 127.0.0.1" in page
        assert "data-passkey=" not in page
        assert 'autocomplete="username"' in page
        response = await c.post_form("/login/passkey/options", {})
        assert response.status_code == 404


async def test_someone_signs_up_with_a_passkey_and_no_passphrase(
    app: Litestar, client: Client
) -> None:
    device = SoftAuthenticator()
    code = await sign_up_with_passkey(client, device, "carol")
    user = await User.get(username="carol")
    assert user.password_hash == ""
    assert user.timezone == "Europe/Madrid"
    assert await Passkey.filter(user_id=user.pk).count() == 1
    assert "Add a passphrase" in (await client.get("/settings")).text
    async with make_client(app) as other:
        # No passphrase matches an account that has none, not even an empty one.
        for attempt in ("", PASSPHRASE):
            response = await other.post_form(
                "/login", {"username": "carol", "passphrase": attempt}
            )
            assert response.status_code == 422
        assert (await sign_in(other, device)).status_code == 303
    # The recovery code sets a passphrase, as for anyone.
    async with make_client(app) as lost:
        response = await lost.post_form(
            "/recover", {"username": "carol", "code": code, "passphrase": PASSPHRASE}
        )
        assert response.status_code == 200
    assert (await User.get(username="carol")).password_hash != ""


async def test_sign_up_options_refuse_a_taken_or_bad_username(
    alice: Client, client: Client
) -> None:
    for username, words in [("alice", "taken"), ("a", "3 to 32")]:
        response = await client.post_form(
            "/register/passkey/options", {"username": username}
        )
        assert response.status_code == 422
        assert words in response.json()["errors"]["username"]
    assert await PasskeyChallenge.all().count() == 0


async def test_pages_and_options_need_a_signed_in_person(client: Client) -> None:
    for url in ("/settings/passkeys",):
        response = await client.get(url)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    for url in (
        "/settings/passkeys/options",
        "/settings/passkeys/confirm-options",
        "/settings/passkeys",
        "/settings/passkeys/00000000-0000-0000-0000-000000000000/remove",
    ):
        response = await client.post_form(url, {})
        assert response.status_code == 303, url
        assert response.headers["location"].startswith("/login")


async def test_another_persons_passkey_is_a_404(alice: Client, bob: Client) -> None:
    await add_passkey(alice, SoftAuthenticator())
    passkey = await Passkey.get(user__username="alice")
    for action, data in (("rename", {"name": "Mine now"}), ("remove", {})):
        response = await bob.post_form(
            f"/settings/passkeys/{passkey.pk}/{action}", data
        )
        assert response.status_code == 404
    for bad in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = await alice.post_form(f"/settings/passkeys/{bad}/remove", {})
        assert response.status_code == 404
    assert await Passkey.filter(pk=passkey.pk).exists()


async def test_a_passkey_is_renamed_and_a_blank_name_is_refused(
    alice: Client,
) -> None:
    await add_passkey(alice, SoftAuthenticator())
    passkey = await Passkey.get(user__username="alice")
    url = f"/settings/passkeys/{passkey.pk}/rename"
    response = await alice.post_form(url, {"name": "   "})
    assert response.status_code == 422
    assert "Give it a name" in response.text
    assert (await alice.post_form(url, {"name": " Work  laptop "})).status_code == 303
    assert "Work laptop" in (await alice.get("/settings/passkeys")).text


async def test_the_last_way_to_sign_in_is_never_removed(
    alice: Client, client: Client
) -> None:
    await sign_up_with_passkey(client, SoftAuthenticator(), "dana")
    only = await Passkey.get(user__username="dana")
    response = await client.post_form(f"/settings/passkeys/{only.pk}/remove", {})
    assert response.status_code == 303
    assert "only way to sign in" in (await client.get("/settings/passkeys")).text
    assert await Passkey.filter(pk=only.pk).exists()
    # A passphrase is a way in: alice's passkey may go.
    await add_passkey(alice, SoftAuthenticator())
    hers = await Passkey.get(user__username="alice")
    await alice.post_form(f"/settings/passkeys/{hers.pk}/remove", {})
    assert not await Passkey.filter(pk=hers.pk).exists()


@pytest.mark.parametrize(
    "credential",
    [
        "",
        "null",
        "not json",
        '{"id": "x"}',
        '{"id": "x", "response": {"clientDataJSON": "e30"}}',
        json.dumps({"id": "x", "response": {"clientDataJSON": "x" * 19000}}),
    ],
)
async def test_bad_answers_are_refused_with_a_message_never_a_500(
    app: Litestar, alice: Client, client: Client, credential: str
) -> None:
    for who, url in (
        (client, "/login/passkey"),
        (client, "/register/passkey"),
        (alice, "/settings/passkeys"),
    ):
        response = await who.post_form(url, {"credential": credential})
        assert response.status_code == 422, (url, response.text[:200])
        assert "try again" in response.text


async def test_json_bodies_and_huge_answers_are_4xx(
    alice: Client, client: Client
) -> None:
    token = await alice.csrf_token()
    for who, url in (
        (client, "/login/passkey"),
        (client, "/register/passkey"),
        (client, "/register/passkey/options"),
        (alice, "/settings/passkeys"),
        (alice, "/settings/passkeys/options"),
    ):
        response = await who.post(
            url,
            content=b'{"credential": {"id": 1}',
            headers={"content-type": "application/json", "x-csrftoken": token},
        )
        assert 400 <= response.status_code < 500 or response.status_code == 200, url
        assert response.status_code != 500
    huge = await client.post_form("/login/passkey", {"credential": "x" * 30000})
    assert huge.status_code == 422


async def test_an_answer_counts_once(app: Litestar, alice: Client) -> None:
    device = SoftAuthenticator(step=0)
    await add_passkey(alice, device)
    async with make_client(app) as c:
        answer = await sign_in_answer(c, device)
        first = await c.post_form("/login/passkey", {"credential": answer})
        assert first.status_code == 303
        again = await c.post_form("/login/passkey", {"credential": answer})
        assert again.status_code == 422
        assert "used twice" in again.text


async def test_a_challenge_asked_of_one_instance_is_answered_at_another(
    app: Litestar, alice: Client
) -> None:
    """Several app processes share no memory: the challenge is a database row, so
    the answer may reach another instance, and still counts only once."""
    device = SoftAuthenticator(step=0)
    await add_passkey(alice, device)
    other_instance = create_app(app.state.settings)
    async with make_client(app) as here, make_client(other_instance) as there:
        answer = await sign_in_answer(here, device)
        there.cookies = here.cookies
        response = await there.post_form("/login/passkey", {"credential": answer})
        assert response.status_code == 303
        again = await here.post_form("/login/passkey", {"credential": answer})
        assert again.status_code == 422
    await other_instance.state.rate_limiter.close()


async def test_behind_an_https_proxy_answers_come_from_the_https_address(
    app: Litestar, alice: Client
) -> None:
    """ATTUNE_HTTPS: the proxy speaks plain HTTP to the app, the browser HTTPS."""
    device = SoftAuthenticator()
    assert (await add_passkey(alice, device)).status_code == 303
    device.origin = "https://testserver"  # where the phone now sees Attune
    behind_proxy = create_app(replace(app.state.settings, https=True))
    async with make_client(behind_proxy) as c:
        await c.get("/about")
        # The CSRF cookie is Secure now; the proxy's plain hop still carries it.
        token = c.cookies["attune_csrf"]
        c.cookies.clear()
        c.cookies.set("attune_csrf", token)
        for origin, status in (("http://testserver", 422), (None, 303)):
            options = await ask(c, "/login/passkey/options")
            answer = json.dumps(device.get(options, origin=origin))
            response = await c.post_form("/login/passkey", {"credential": answer})
            assert response.status_code == status
    await behind_proxy.state.rate_limiter.close()


async def test_an_expired_challenge_is_refused(app: Litestar, alice: Client) -> None:
    device = SoftAuthenticator()
    await add_passkey(alice, device)
    async with make_client(app) as c:
        answer = await sign_in_answer(c, device)
        await PasskeyChallenge.all().update(expires_at=utcnow() - timedelta(seconds=1))
        response = await c.post_form("/login/passkey", {"credential": answer})
        assert response.status_code == 422
        assert "too long" in response.text
        assert "attune_session" not in c.cookies
    assert await PasskeyChallenge.all().count() == 0  # used up all the same


async def test_a_challenge_only_answers_its_own_ceremony(
    app: Litestar, alice: Client
) -> None:
    device = SoftAuthenticator()
    # A sign-in challenge answered as if it were for adding a passkey.
    options = await ask(alice, "/login/passkey/options")
    fake = device.create(
        {
            "challenge": options["challenge"],
            "rp": {"id": "testserver"},
            "user": {"id": "AAAA"},
        }
    )
    response = await alice.post_form(
        "/settings/passkeys", {"credential": json.dumps(fake)}
    )
    assert response.status_code == 422
    assert not await Passkey.exists()


async def test_an_answer_from_another_origin_is_refused(
    app: Litestar, alice: Client
) -> None:
    device = SoftAuthenticator()
    await add_passkey(alice, device)
    async with make_client(app) as c:
        options = await ask(c, "/login/passkey/options")
        answer = device.get(options, origin="http://testserver.evil.example")
        response = await c.post_form(
            "/login/passkey", {"credential": json.dumps(answer)}
        )
        assert response.status_code == 422
        assert "could not be used" in response.text


async def test_passkey_sign_ins_count_toward_the_passphrase_limits(
    app: Litestar, client: Client
) -> None:
    limit = app.state.settings.login_limit_per_ip
    for _ in range(limit):
        await client.post_form("/login", {"username": "nobody", "passphrase": "x" * 12})
    response = await client.post_form("/login/passkey", {"credential": "{}"})
    assert response.status_code == 429
    assert "Retry-After" in response.headers


async def test_challenges_are_limited_per_address(
    app: Litestar, client: Client
) -> None:
    limit = app.state.settings.login_limit_per_ip
    for _ in range(limit):
        assert (await client.post_form("/login/passkey/options", {})).status_code == 200
    response = await client.post_form("/login/passkey/options", {})
    assert response.status_code == 429
    assert await PasskeyChallenge.all().count() == limit


async def test_a_sign_in_challenge_cannot_confirm_a_grave_step(
    app: Litestar, client: Client
) -> None:
    device = SoftAuthenticator()
    await sign_up_with_passkey(client, device, "ivy")
    answer = await sign_in_answer(client, device)
    response = await client.post_form("/settings/delete", {"credential": answer})
    assert response.status_code == 422
    assert await User.filter(username="ivy").exists()


async def test_a_passkey_only_account_is_deleted_with_its_recovery_code(
    app: Litestar, client: Client
) -> None:
    code = await sign_up_with_passkey(client, SoftAuthenticator(), "erin")
    page = (await client.get("/settings/delete")).text
    assert "Your recovery code, to confirm" in page and 'name="passphrase"' not in page
    wrong = await client.post_form("/settings/delete", {"code": "AAAA-BBBB"})
    assert wrong.status_code == 422
    assert "does not match" in wrong.text
    empty = await client.post_form("/settings/delete", {})
    assert "Enter your recovery code, or confirm with a passkey." in empty.text
    response = await client.post_form("/settings/delete", {"code": code})
    assert response.status_code == 303
    assert not await User.filter(username="erin").exists()
    assert await Passkey.all().count() == 0


async def test_a_passkey_confirms_deleting_an_account_without_a_passphrase(
    app: Litestar, client: Client, alice: Client
) -> None:
    device = SoftAuthenticator()
    await sign_up_with_passkey(client, device, "fay")
    # alice's passkey cannot confirm for fay.
    hers = SoftAuthenticator()
    await add_passkey(alice, hers)
    options = await ask(client, "/settings/passkeys/confirm-options")
    assert len(options["allowCredentials"]) == 1
    stolen = json.dumps(hers.get(options))
    refused = await client.post_form("/settings/delete", {"credential": stolen})
    assert refused.status_code == 422
    options = await ask(client, "/settings/passkeys/confirm-options")
    response = await client.post_form(
        "/settings/delete", {"credential": json.dumps(device.get(options))}
    )
    assert response.status_code == 303
    assert not await User.filter(username="fay").exists()


async def test_a_passphrase_is_added_with_the_recovery_code(
    app: Litestar, client: Client
) -> None:
    code = await sign_up_with_passkey(client, SoftAuthenticator(), "gus")
    form = {"passphrase": PASSPHRASE, "passphrase_confirm": PASSPHRASE}
    refused = await client.post_form("/settings/passphrase", {**form, "code": "nope"})
    assert refused.status_code == 422
    response = await client.post_form("/settings/passphrase", {**form, "code": code})
    assert response.status_code == 303
    async with make_client(app) as other:
        signed = await other.post_form(
            "/login", {"username": "gus", "passphrase": PASSPHRASE}
        )
        assert signed.status_code == 303
    assert "Change your passphrase" in (await client.get("/settings")).text


async def test_passkeys_are_in_the_export_and_gone_with_the_account(
    alice: Client,
) -> None:
    device = SoftAuthenticator()
    await add_passkey(alice, device, "Pixel 8")
    export = json.loads((await alice.get("/settings/export.json")).text)
    (row,) = export["passkeys"]
    assert row["name"] == "Pixel 8"
    assert row["credential_id"] == (await Passkey.get()).credential_id
    assert "Passkeys (1)" in (await alice.get("/settings/export")).text
    await alice.post_form("/settings/delete", {"passphrase": PASSPHRASE})
    assert not await Passkey.exists()
    assert not await Session.exists()

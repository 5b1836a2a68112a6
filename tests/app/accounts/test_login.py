from __future__ import annotations

from datetime import timedelta

from litestar import Litestar

from server.accounts.models import Session, User
from server.crypto import hash_token
from server.web.clock import utcnow
from tests.conftest import PASSPHRASE, Client, make_client, sign_up


async def sign_in(
    client: Client, username: str, passphrase: str = PASSPHRASE, **kw: object
):
    return await client.post_form(
        "/login", {"username": username, "passphrase": passphrase, "next": "/"}, **kw
    )


async def test_it_signs_in_with_a_new_token_every_time(
    app: Litestar, client: Client
) -> None:
    await sign_up(client, "alice")
    planted = client.cookies["attune_session"]
    response = await sign_in(client, "alice")
    assert response.status_code == 303
    fresh = client.cookies["attune_session"]
    assert fresh != planted
    assert not await Session.filter(token_hash=hash_token(planted)).exists()
    assert await Session.filter(token_hash=hash_token(fresh)).exists()
    assert "set-cookie" in response.headers
    assert "HttpOnly" in response.headers["set-cookie"]


async def test_it_uses_a_host_cookie_over_https(app: Litestar) -> None:
    async with make_client(app) as c:
        c.base_url = "https://testserver"  # type: ignore[assignment]
        await sign_up(c, "hana")
        assert "__Host-attune_session" in c.cookies
        response = await c.get("/")
        assert "max-age=63072000" in response.headers["strict-transport-security"]


async def test_wrong_passphrase_and_unknown_user_get_the_same_answer(
    client: Client, alice: Client
) -> None:
    wrong = await sign_in(client, "alice", "not my passphrase")
    unknown = await sign_in(client, "nobody", "not my passphrase")
    assert wrong.status_code == unknown.status_code == 422
    message = "That username and passphrase do not match"
    assert message in wrong.text and message in unknown.text
    assert 'value="alice"' in wrong.text
    assert "not my passphrase" not in wrong.text


async def test_the_eleventh_failure_in_a_minute_is_refused(
    client: Client, alice: Client
) -> None:
    for _ in range(10):
        assert (await sign_in(client, "alice", "wrong guess")).status_code == 422
    refused = await sign_in(client, "alice", PASSPHRASE)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "take a breath" in refused.text.lower()
    assert "/help" in refused.text


async def test_the_account_ceiling_ignores_forwarded_for(
    app: Litestar, alice: Client
) -> None:
    async with make_client(app) as c:
        for i in range(20):
            # A new claimed address each time; the per-account count still grows.
            await sign_in(
                c, "alice", "wrong guess", headers={"X-Forwarded-For": f"10.0.0.{i}"}
            )
            await app.state.rate_limiter.reset("login-ip:127.0.0.1")
        refused = await sign_in(
            c, "alice", PASSPHRASE, headers={"X-Forwarded-For": "10.9.9.9"}
        )
        assert refused.status_code == 429


async def test_logout_ends_the_session(alice: Client) -> None:
    token = alice.cookies["attune_session"]
    response = await alice.post_form("/logout")
    assert response.status_code == 303
    assert not await Session.filter(token_hash=hash_token(token)).exists()
    assert "Sign in" in (await alice.get("/")).text


async def test_an_expired_session_is_a_visitor(alice: Client) -> None:
    await Session.all().update(last_seen_at=utcnow() - timedelta(days=30))
    response = await alice.get("/settings")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/settings")
    assert await Session.all().count() == 0


async def test_an_absolute_expiry_ends_even_an_active_session(alice: Client) -> None:
    await Session.all().update(expires_at=utcnow() - timedelta(seconds=1))
    assert (await alice.get("/settings")).status_code == 303


async def test_a_made_up_or_anothers_session_id_grants_nothing(
    app: Litestar, alice: Client
) -> None:
    session = await Session.first()
    assert session is not None
    async with make_client(app) as c:
        # The database holds only the hash: presenting it as a token opens nothing.
        c.cookies.set("attune_session", session.token_hash)
        assert (await c.get("/settings")).status_code == 303
        c.cookies.set("attune_session", "x" * 500)
        assert (await c.get("/settings")).status_code == 303


async def test_login_redirects_only_to_local_paths(
    client: Client, alice: Client
) -> None:
    response = await client.post_form(
        "/login",
        {"username": "alice", "passphrase": PASSPHRASE, "next": "//evil.example/x"},
    )
    assert response.headers["location"] == "/"


async def test_an_htmx_login_moves_with_hx_location(
    client: Client, alice: Client
) -> None:
    response = await sign_in(client, "alice", htmx=True)
    assert response.status_code == 200
    assert (
        '"/"' in response.headers["hx-location"]
        or response.headers["hx-location"] == "/"
    )


async def test_sign_out_everywhere_keeps_only_this_device(
    app: Litestar, alice: Client
) -> None:
    async with make_client(app) as other:
        await sign_in(other, "alice")
        assert await Session.all().count() == 2
        await alice.post_form("/settings/sign-out-everywhere")
        assert await Session.all().count() == 1
        assert (await other.get("/settings")).status_code == 303
        assert (await alice.get("/settings")).status_code == 200


async def test_a_rising_cost_rehashes_on_login(app: Litestar, client: Client) -> None:
    from argon2 import PasswordHasher

    await sign_up(client, "ivy")
    cheaper = PasswordHasher(time_cost=1, memory_cost=32, parallelism=1)
    await User.filter(username="ivy").update(password_hash=cheaper.hash(PASSPHRASE))
    assert (await sign_in(client, "ivy")).status_code == 303
    fresh = await User.get(username="ivy")
    assert "m=64," in fresh.password_hash


async def test_an_impossible_username_is_just_unknown(client: Client) -> None:
    for name in ["a" * 100, "<script>", "x"]:
        response = await sign_in(client, name, "whatever words")
        assert response.status_code == 422
        assert "do not match" in response.text

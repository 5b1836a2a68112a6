"""A read-only link: made by the person, shows exactly the plan, revoked or expired
answers a calm 404, and the stored row alone cannot open the plan."""

from __future__ import annotations

import re
from datetime import timedelta

from litestar import Litestar

from server.crypto import hash_token, unwrap_for_link
from server.safety_plan.models import ShareLink
from server.web.clock import utcnow
from tests.app.safety_plan.helpers import add, person, visible_text
from tests.conftest import Client, make_client


def link_from(page: str) -> str:
    match = re.search(
        r'id="share-url" readonly rows="3" class="share-url" '
        r'aria-describedby="share-url-hint">http://testserver(/shared/[^<]+)</textarea>',
        page,
    )
    assert match, "link not shown"
    return match.group(1)


async def test_a_person_makes_a_link_that_shows_their_plan(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "reasons", "My niece")
    await add(alice, "ask-for-help", "Sam", phone="+44 7700 900123")
    made = await alice.post_form(
        "/plan/share", {"label": "my therapist", "days": "30", "numbers": "1"}
    )
    assert made.status_code == 200
    path = link_from(made.text)
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 40

    (row,) = await ShareLink.all()
    assert row.token_hash == hash_token(token)
    assert token not in row.token_hash and token not in row.wrapped_key
    assert "my therapist" not in row.label
    assert (
        timedelta(days=29)
        < row.expires_at - row.created_at
        <= timedelta(days=30, seconds=5)
    )

    async with make_client(app) as stranger:
        shared = await stranger.get(path)
    assert shared.status_code == 200
    seen = visible_text(shared.text)
    assert "My niece" in seen and "Call Sam" in seen
    assert "7700" not in seen
    assert "Anyone who has this link can see this page" in seen
    assert "my therapist" in seen
    assert "alice" not in seen
    assert shared.headers["x-robots-tag"] == "noindex, nofollow"
    assert shared.headers["referrer-policy"] == "no-referrer"
    assert shared.headers["cache-control"] == "no-store"

    assert 'href="tel:+447700900123"' in shared.text

    # The share page shows the same plan, and the link, once only.
    listing = await alice.get("/plan/share")
    assert "For my therapist, works until" in listing.text
    assert token not in listing.text
    assert "My niece" in listing.text.split("What the link shows")[1]


async def test_revoking_makes_the_link_a_calm_404(app: Litestar, alice: Client) -> None:
    await add(alice, "reasons", "My niece")
    path = link_from((await alice.post_form("/plan/share", {"label": ""})).text)
    (row,) = await ShareLink.all()
    revoked = await alice.post_form(f"/plan/share/{row.id}/revoke", {})
    assert revoked.status_code == 303
    assert not await ShareLink.exists()
    async with make_client(app) as stranger:
        gone = await stranger.get(path)
    assert gone.status_code == 404
    assert "My niece" not in gone.text
    assert 'href="/help"' in gone.text


async def test_an_expired_link_is_a_404_and_is_forgotten(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "reasons", "My niece")
    path = link_from((await alice.post_form("/plan/share", {"days": "7"})).text)
    await ShareLink.all().update(expires_at=utcnow() - timedelta(seconds=1))
    async with make_client(app) as stranger:
        assert (await stranger.get(path)).status_code == 404
    listing = await alice.get("/plan/share")
    assert "No link can open your plan right now." in listing.text
    assert not await ShareLink.exists()


async def test_wrong_tokens_and_bad_input(app: Litestar, alice: Client) -> None:
    async with make_client(app) as stranger:
        assert (await stranger.get("/shared/not-a-real-token")).status_code == 404
        assert (await stranger.get("/shared/" + "x" * 300)).status_code == 404
    bad = await alice.post_form("/plan/share", {"label": "Dr Lee", "days": "3650"})
    assert bad.status_code == 422
    assert "Choose how long the link should work." in bad.text
    assert 'value="Dr Lee"' in bad.text
    assert not await ShareLink.exists()


async def test_the_row_alone_cannot_open_the_plan(app: Litestar, alice: Client) -> None:
    path = link_from((await alice.post_form("/plan/share", {})).text)
    token = path.rsplit("/", 1)[1]
    (row,) = await ShareLink.all()
    # A different last character (not "A" when it already was: that flaked 1 in 64).
    wrong = token[:-1] + ("B" if token.endswith("A") else "A")
    assert unwrap_for_link(row.wrapped_key, wrong, row.id) is None
    assert unwrap_for_link(row.wrapped_key, row.token_hash, row.id) is None
    user, _ = await person(app)
    key = unwrap_for_link(row.wrapped_key, token, row.id)
    assert key == app.state.keyring.unwrap(user.wrapped_key)


async def test_others_cannot_revoke_and_visitors_cannot_share(
    app: Litestar, alice: Client, bob: Client, client: Client
) -> None:
    await alice.post_form("/plan/share", {})
    (row,) = await ShareLink.all()
    assert (await bob.post_form(f"/plan/share/{row.id}/revoke", {})).status_code == 404
    assert (await bob.post_form("/plan/share/not-a-uuid/revoke", {})).status_code in (
        400,
        404,
    )
    assert await ShareLink.exists()
    anonymous = await client.post_form("/plan/share", {})
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith(
        "/login"
    )
    assert (await alice.get(f"/plan/share/{row.id}/revoke")).status_code == 405


async def test_opening_links_is_rate_limited(app: Litestar, alice: Client) -> None:
    path = link_from((await alice.post_form("/plan/share", {})).text)
    async with make_client(app) as stranger:
        for _ in range(30):
            assert (await stranger.get(path)).status_code == 200
        refused = await stranger.get(path)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        assert (await stranger.get("/shared/guess")).status_code == 429


async def test_a_link_shows_contacts_phone_numbers_only_when_asked_to(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "ask-for-help", "Sam", phone="+44 7700 900123")
    form = await alice.get("/plan/share")
    assert 'name="numbers" value="1"' in form.text
    assert 'name="numbers" value="1" aria-describedby="numbers-hint" checked' not in (
        form.text
    )
    path = link_from((await alice.post_form("/plan/share", {"label": "Dr Lee"})).text)
    (row,) = await ShareLink.all()
    assert row.include_phones is False
    async with make_client(app) as stranger:
        shared = await stranger.get(path)
    assert "Sam" in visible_text(shared.text)
    assert "tel:" not in shared.text.split("<main")[1].split("crisis-lines")[0]
    assert "900123" not in shared.text and "Call Sam" not in shared.text
    listing = await alice.get("/plan/share")
    assert "without phone numbers" in listing.text

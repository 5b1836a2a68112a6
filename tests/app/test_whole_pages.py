"""A visitor's /help is rendered and compressed once per country, language and day,
so it must hold nothing of one request: two visitors get the same bytes, every
encoding opens to the same page, and a person or a message is never served from it."""

from __future__ import annotations

import gzip

import brotli
from litestar import Litestar

from tests.conftest import Client, make_client, sign_up


async def test_two_visitors_get_the_same_page_with_nothing_of_theirs(
    app: Litestar,
) -> None:
    async with make_client(app) as one, make_client(app, "10.0.0.2") as two:
        await one.get("/about")  # sets one's CSRF cookie
        # Different zones on the same day at every hour (the offline stamp shows
        # the reader's day: a UTC visitor and a Madrid one differ after 23:00 UTC).
        one.cookies.set("attune_tz", "Europe/Paris")
        two.cookies.set("attune_tz", "Europe/Madrid")
        first = (await one.get("/help?country=ES")).text
        second = (await two.get("/help?country=ES")).text
        assert first == second
        assert one.cookies["attune_csrf"] not in first
        nonce_one = (await one.get("/help")).headers["content-security-policy"]
        assert nonce_one.split("'nonce-")[1].split("'")[0] not in first


async def test_every_encoding_opens_to_the_same_page(client: Client) -> None:
    plain = await client.get(
        "/help?country=IE", headers={"Accept-Encoding": "identity"}
    )
    assert "content-encoding" not in plain.headers
    for encoding, open_ in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        async with client.stream(
            "GET", "/help", headers={"Accept-Encoding": encoding}
        ) as response:
            assert response.headers["content-encoding"] == encoding
            assert "Accept-Encoding" in response.headers["vary"]
            wire = b"".join([chunk async for chunk in response.aiter_raw()])
        assert open_(wire) == plain.content


async def test_a_signed_in_person_or_a_message_is_never_the_shared_page(
    client: Client,
) -> None:
    visitor = (await client.get("/help?country=GB")).text
    assert "Sign in" in visitor
    await sign_up(client, "iris")
    await client.post_form("/help/country", {"country": "GB"})
    mine = (await client.get("/help")).text
    assert "Your settings are saved." in mine  # the message, once
    assert mine != visitor and "My plan" in mine
    assert "Your settings are saved." not in (await client.get("/help")).text


async def test_a_visitors_lesson_is_everyones_and_a_persons_is_their_own(
    app: Litestar, lessons: object
) -> None:
    async with make_client(app) as one, make_client(app, "10.0.0.3") as two:
        await one.get("/about")
        url = (await one.get("/lessons/today")).headers["location"]
        first = (await one.get(url)).text
        assert first == (await two.get(url)).text
        assert one.cookies["attune_csrf"] not in first
        assert "create a free account" in first
        await sign_up(two, "jade")
        mine = (await two.get(url)).text
        assert "create a free account" not in mine and "Mark as done" in mine

"""Choosing a language: the picker on every page, remembered for a visitor, saved
with an account and followed on every device; the page says which it is in."""

from __future__ import annotations

import html
import re

from server.accounts.models import User
from server.web.i18n import LANGUAGE_COOKIE, gettext, speaking
from tests.app.reflections.helpers import new_key
from tests.conftest import PASSPHRASE, Client, make_client, sign_up

SAME_SITE = {"Origin": "http://testserver"}


def lang_of(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, html[:200]
    return match.group(1)


def spanish(message: str) -> str:
    with speaking("es"):
        return gettext(message)


async def test_a_spanish_browser_gets_attune_in_spanish(client: Client) -> None:
    response = await client.get("/about", headers={"Accept-Language": "es-MX,es"})
    assert lang_of(response.text) == "es"
    assert response.headers["content-language"] == "es"
    assert spanish("Get help now") in response.text
    assert ">Get help now<" not in response.text
    english = await client.get("/about", headers={"Accept-Language": "de-DE"})
    assert lang_of(english.text) == "en" and "Get help now" in english.text


async def test_the_picker_is_on_every_page_and_works_without_javascript(
    client: Client,
) -> None:
    for path in ("/", "/help", "/about", "/login"):
        page = await client.get(path)
        assert 'action="/language"' in page.text, path
        assert 'value="es" lang="es"' in page.text, path
    chosen = await client.post(
        "/language", data={"language": "es", "next": "/help"}, headers=SAME_SITE
    )
    assert chosen.status_code == 303 and chosen.headers["location"] == "/help"
    assert client.cookies[LANGUAGE_COOKIE] == "es"
    page = await client.get("/help", headers={"Accept-Language": "en-GB"})
    assert lang_of(page.text) == "es"
    assert spanish("Your language is saved.") in page.text


async def test_a_post_from_another_site_or_elsewhere_is_refused(
    client: Client,
) -> None:
    for headers in (
        {},
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
    ):
        response = await client.post(
            "/language", data={"language": "es"}, headers=headers
        )
        assert response.status_code == 403, headers
    assert LANGUAGE_COOKIE not in client.cookies


async def test_next_never_leaves_the_site_and_nonsense_changes_nothing(
    client: Client,
) -> None:
    away = await client.post(
        "/language",
        data={"language": "es", "next": "//evil.example/"},
        headers=SAME_SITE,
    )
    assert away.headers["location"] == "/"
    client.cookies.clear()
    odd = await client.post(
        "/language", data={"language": "klingon" * 20}, headers=SAME_SITE
    )
    assert odd.status_code == 303 and LANGUAGE_COOKIE not in client.cookies


async def test_an_accounts_language_follows_the_person_to_another_device(
    alice: Client, app: object
) -> None:
    await alice.post(
        "/language", data={"language": "es", "next": "/"}, headers=SAME_SITE
    )
    assert (await User.get(username="alice")).language == "es"
    async with make_client(app) as phone:  # type: ignore[arg-type]
        await phone.post_form("/login", {"username": "alice", "passphrase": PASSPHRASE})
        home = await phone.get("/", headers={"Accept-Language": "en-US"})
    assert lang_of(home.text) == "es"
    # This browser's explicit choice still wins here.
    alice.cookies.set(LANGUAGE_COOKIE, "en")
    assert lang_of((await alice.get("/")).text) == "en"


async def test_a_form_that_fails_in_spanish_says_so_in_spanish_and_keeps_every_word(
    client: Client,
) -> None:
    client.cookies.set(LANGUAGE_COOKIE, "es")
    await sign_up(client, "carmen")
    words = "Hoy me sentí lejos de mi hermana y no supe qué decir."
    key = await new_key(client)
    response = await client.post_form(
        "/reflections/new",
        {"what_happened": words, "intensity": "11", "key": key, "go": "save"},
    )
    assert response.status_code == 422
    assert lang_of(response.text) == "es"
    assert words in html.unescape(response.text)
    message = "Choose a whole number from 0 to 10, or leave it empty."
    assert spanish(message) != message
    assert html.escape(spanish(message)) in response.text
    assert message not in response.text


async def test_a_spanish_reader_sees_the_lines_in_spanish(client: Client) -> None:
    client.cookies.set(LANGUAGE_COOKIE, "es")
    page = html.unescape((await client.get("/help?country=US")).text)
    assert spanish("24/7") in page and spanish("24/7") != "24/7"
    assert spanish("Call %(number)s") % {"number": "988"} in page
    # A line in English says so to a Spanish reader.
    assert spanish("answers in %(languages)s") % {"languages": "inglés"} in page

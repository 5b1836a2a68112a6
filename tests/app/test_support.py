"""/support by country (issue 26): the routes of the person's decided country, never
of their language; a general route for every other country."""

from __future__ import annotations

import html
import re

import pytest

from server.places.country import COUNTRY_COOKIE
from tests.conftest import Client, sign_up

# Routes that only help someone in one English-speaking country.
ENGLISH_ROUTES = ("NHS Talking Therapies", "Medicare", "Open Path", "HCPC", "Ahpra")

ROUTES = {
    "ES": (
        "Ways in where you live (Spain).",
        "médico de familia",
        "psicólogo general sanitario",
    ),
    "MX": ("Ways in where you live (Mexico).", "IMSS", "cédula profesional"),
    "AR": ("Ways in where you live (Argentina).", "obra social", "REFEPS"),
    "CO": ("Ways in where you live (Colombia).", "medicina general", "ReTHUS"),
    "CL": (
        "Ways in where you live (Chile).",
        "FONASA",
        "Registro Nacional de Prestadores",
    ),
    "GB": ("Ways in where you live (United Kingdom).", "NHS Talking Therapies", "HCPC"),
    "US": (
        "Ways in where you live (United States).",
        "FindTreatment.gov",
        "licensing board",
    ),
}


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1]))


async def support_in(client: Client, country: str, language: str = "en") -> str:
    client.cookies.set(COUNTRY_COOKIE, country)
    response = await client.get("/support", headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("code", sorted(ROUTES))
async def test_a_visitor_sees_the_routes_of_their_country(
    client: Client, code: str
) -> None:
    page = await support_in(client, code)
    text = text_of(page)
    for words in ROUTES[code]:
        assert words in text, (code, words)
    others = {w for c, words in ROUTES.items() if c != code for w in words[1:]}
    shown = {w for w in others if w in text and w not in ROUTES[code]}
    assert not shown, (code, shown)
    # Every link that leaves Attune says so to the browser.
    for link in re.findall(r'<a href="https://[^"]+"[^>]*>', page):
        assert 'rel="noopener noreferrer"' in link, link


@pytest.mark.parametrize("code", ["ES", "MX", "AR", "CO", "CL"])
async def test_spanish_speaking_countries_get_no_english_speaking_routes(
    client: Client, code: str
) -> None:
    text = text_of(await support_in(client, code, "es"))
    for route in ENGLISH_ROUTES:
        assert route not in text, (code, route)
    assert "«terapeuta»" in text and "protegid" in text
    assert text.count("«terapeuta»") == 1  # the country's own word, or the general one


async def test_the_country_decides_not_the_language(client: Client) -> None:
    in_madrid = text_of(await support_in(client, "ES", "en"))
    assert "psicólogo general sanitario" in in_madrid
    assert "NHS Talking Therapies" not in in_madrid
    in_london = text_of(await support_in(client, "GB", "es"))
    assert "NHS Talking Therapies" in in_london
    assert "psicólogo general sanitario" not in in_london


async def test_another_country_gets_the_general_route(client: Client) -> None:
    text = text_of(await support_in(client, "FR"))
    assert "Ways in that hold in most places." in text
    assert "often the way in to public mental health care" in text
    assert "“therapist” is not a protected title" in text
    for route in (*ENGLISH_ROUTES, "IMSS", "ReTHUS", "GoodTherapy"):
        assert route not in text, route
    assert "Paid listings:" not in text


async def test_a_signed_in_person_gets_their_accounts_country(client: Client) -> None:
    await sign_up(client, "maria")
    saved = await client.post_form("/help/country", {"country": "MX"})
    assert saved.status_code == 303
    client.cookies.set(COUNTRY_COOKIE, "GB")  # a visitor's cookie does not decide
    text = text_of((await client.get("/support")).text)
    assert "Ways in where you live (Mexico)." in text and "cédula profesional" in text

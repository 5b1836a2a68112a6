"""/help for the whole world: each country's own lines and emergency numbers, text
lines with their keyword, an honest guess, one country per person, and the offline
hints the service worker follows."""

from __future__ import annotations

import html
import re

import pytest

from server.places.crisis_lines import help_for
from tests.app.safety_plan.helpers import add
from tests.conftest import Client, sign_up

EMERGENCY = re.compile(r'class="button danger call" href="tel:([0-9*#+]+)"')


def emergency_numbers(html: str) -> set[str]:
    return set(EMERGENCY.findall(html))


@pytest.mark.parametrize("code", ["DE", "JP", "BR", "IN", "ZA", "AU", "GB", "US"])
async def test_help_shows_the_countrys_own_line_and_emergency_numbers(
    client: Client, code: str
) -> None:
    country = help_for(code)
    assert country is not None
    response = await client.get(f"/help?country={code}")
    assert f"In {country.name}" in response.text
    if country.first_line:
        assert f'href="{country.first_line.href}"' in response.text
    # Its own emergency numbers, and never another country's.
    assert emergency_numbers(response.text) == {
        n.href.removeprefix("tel:") for n in country.emergency
    }
    assert "findahelpline.com" in response.text


async def test_a_country_without_a_known_line_says_so_plainly(client: Client) -> None:
    response = await client.get("/help?country=TD")  # Chad
    assert "We do not list a national crisis line for Chad yet" in response.text
    assert emergency_numbers(response.text)
    assert "findahelpline.com" in response.text


async def test_a_text_line_opens_messages(client: Client) -> None:
    response = await client.get("/help?country=US")
    assert 'href="sms:988"' in response.text
    assert "Text 988" in response.text


async def test_the_guess_is_labelled_and_a_choice_is_not(client: Client) -> None:
    guessed = await client.get("/help", headers={"Accept-Language": "de-DE,de"})
    assert "We guessed Germany from your browser's language" in guessed.text
    client.cookies.set("attune_tz", "Asia/Tokyo")
    by_zone = await client.get("/help", headers={"Accept-Language": "de-DE,de"})
    assert "We guessed Japan from your time zone" in by_zone.text
    chosen = await client.get("/help?country=FR")
    assert "In France" in chosen.text and "We guessed" not in chosen.text
    again = await client.get("/help", headers={"Accept-Language": "de-DE,de"})
    assert "In France" in again.text and "We guessed" not in again.text


async def test_every_country_is_in_the_picker_sorted_by_name(client: Client) -> None:
    response = await client.get("/help?country=NZ")
    options = re.findall(
        r'<option value="([A-Z]{2})"( selected)?>([^<]+)</option>', response.text
    )
    assert len(options) == 250  # 249 countries and "somewhere else"
    assert ("NZ", " selected", "New Zealand") in options


async def test_the_offline_copy_is_kept_only_for_the_persons_own_country(
    client: Client,
) -> None:
    own = await client.get("/help?country=IE")
    assert own.headers["x-attune-offline"] == "keep"
    await sign_up(client, "helen")
    await client.post_form("/help/country", {"country": "AU"})
    look = await client.get("/help?country=NZ")
    assert "In New Zealand" in look.text
    # A look at another country is not the person's country: not kept, not saved.
    assert "x-attune-offline" not in look.headers
    mine = await client.get("/help")
    assert "In Australia" in mine.text and mine.headers["x-attune-offline"] == "keep"


async def test_a_signed_in_persons_country_is_the_accounts_everywhere(
    alice: Client,
) -> None:
    alice.cookies.set("attune_country", "GB")  # an old visitor cookie loses
    response = await alice.post_form("/help/country", {"country": "IE"})
    assert response.status_code == 303
    for path in ["/help", "/plan", "/plan/crisis?step=5"]:
        page = await alice.get(path)
        main = page.text.split("<main")[1].split("</main>")[0]
        main = re.sub(r"<select.*?</select>", "", main, flags=re.S)  # the picker
        assert "Ireland" in main, path
        assert "United Kingdom" not in main, path
    settings = await alice.get("/settings")
    assert re.search(r'<option value="IE" selected>', settings.text)


async def test_choosing_a_country_needs_the_csrf_token_and_an_account(
    client: Client, alice: Client
) -> None:
    forged = await alice.post("/help/country", data={"country": "US"})
    assert forged.status_code == 403
    visitor = await client.post_form("/help/country", {"country": "US"})
    assert visitor.status_code in (302, 303, 401)
    odd = await alice.post_form("/help/country", {"country": "ZZ"})
    assert odd.status_code == 303
    assert "Somewhere else" in (await alice.get("/help")).text  # unchanged: no country


async def test_the_plan_names_the_whole_crisis_path_for_offline(alice: Client) -> None:
    await add(alice, "warning-signs", "Not sleeping")
    response = await alice.get("/plan")
    also = response.headers["x-attune-offline-also"].split()
    assert "/plan/crisis" in also and "/help" in also
    assert "/plan/crisis?step=1" in also and "/plan/crisis?step=5" in also
    for path in also:
        assert (await alice.get(path)).status_code == 200


async def test_a_line_for_children_is_never_offered_as_everyones(
    alice: Client,
) -> None:
    bulgaria = help_for("BG")
    assert bulgaria and bulgaria.lines and bulgaria.first_line is None
    page = await alice.get("/help?country=BG")
    assert "We do not list a national line for everyone in Bulgaria yet" in page.text
    await alice.post_form("/help/country", {"country": "BG"})
    await add(alice, "warning-signs", "Not sleeping")
    step = await alice.get("/plan/crisis?step=1")
    quick = step.text.split('class="quick-help"')[1].split("</p>")[0]
    assert 'href="tel:112"' in quick and "116" not in quick


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1]))


async def test_help_names_self_harm_in_its_opening_line(client: Client) -> None:
    english = text_of((await client.get("/help?country=GB")).text)
    assert (
        "If you are in danger, or might hurt yourself or act on thoughts of "
        "suicide, please reach out now." in english
    )
    spanish = text_of(
        (await client.get("/help?country=MX", headers={"Accept-Language": "es"})).text
    )
    assert (
        "Si estás en peligro, o temes hacerte daño o quitarte la vida, busca ayuda "
        "ahora." in spanish
    )
    assert "según pensamientos" not in spanish


async def test_help_says_how_to_put_distance_between_a_person_and_harm(
    client: Client,
) -> None:
    english = text_of((await client.get("/help?country=US")).text)
    assert "put distance and time between yourself and anything you could" in english
    assert "ask someone you trust to hold it for you" in english
    spanish = text_of(
        (await client.get("/help?country=ES", headers={"Accept-Language": "es"})).text
    )
    assert "pon distancia y tiempo entre tú y cualquier cosa" in spanish
    assert "pide a alguien de confianza que la guarde" in spanish

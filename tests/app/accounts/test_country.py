"""A person's country is only ever the one they chose: every path that sets it
(sign-up, the /help picker, Settings, a visitor's cookie) shows that country on
/help, the plan's card 5, the crisis sequence, the printed plan and the copies the
offline worker keeps; and Settings never stores a country nobody picked."""

from __future__ import annotations

import html
import re

import pytest
from litestar import Litestar

from server.accounts.models import User
from server.places.crisis_lines import help_for
from server.web.i18n import speaking
from tests.conftest import PASSPHRASE, Client, make_client

OFFLINE_HEADER = "x-attune-offline"


def country_name(code: str) -> str:
    with speaking("en"):
        help = help_for(code)
        assert help is not None
        return help.name


def selected_country(page: str) -> str:
    select = re.search(r'<select id="country".*?</select>', page, re.S)
    assert select, "no country field"
    chosen = re.findall(r'<option value="([^"]*)" selected', select.group(0))
    assert len(chosen) == 1, chosen
    return chosen[0]


def lines_shown_for(page: str) -> set[str]:
    """The countries whose crisis lines a page lists, by their titles."""
    return set(
        re.findall(
            r'class="(?:crisis-lines-title|print-country)">[^<]*: ([^<]+)</',
            html.unescape(page),
        )
    )


async def assert_help_shows(client: Client, code: str) -> None:
    response = await client.get("/help")
    assert lines_shown_for(response.text) == {country_name(code)}
    # This is the copy the offline worker keeps for the crisis path.
    assert response.headers.get(OFFLINE_HEADER) == "keep"


async def assert_country_everywhere(client: Client, code: str) -> None:
    """/help, card 5 of the plan, every step of the crisis sequence that lists lines,
    the printed plan, and the offline copies (the pages the plan names for them)."""
    name = country_name(code)
    await assert_help_shows(client, code)
    plan = await client.get("/plan")
    assert plan.status_code == 200
    assert lines_shown_for(plan.text) == {name}
    assert plan.headers.get(OFFLINE_HEADER) == "keep"
    crisis_urls = plan.headers["x-attune-offline-also"].split()
    assert "/help" in crisis_urls
    shown = [
        lines_shown_for((await client.get(url)).text)
        for url in crisis_urls
        if url.startswith("/plan/crisis")
    ]
    assert {name} in shown
    assert all(countries <= {name} for countries in shown)
    printed = await client.get("/plan/print")
    assert lines_shown_for(printed.text) == {name}


async def user_named(name: str) -> User:
    return await User.get(username=name)


async def test_settings_starts_at_not_set_and_saving_keeps_it_unset(
    alice: Client,
) -> None:
    """The bug: Settings showed the first country (Afghanistan) as chosen, and
    saving the time zone stored it."""
    settings = await alice.get("/settings")
    assert selected_country(settings.text) == ""
    assert "Not set: decide from my time zone and language" in settings.text
    response = await alice.post_form(
        "/settings", {"country": "", "timezone": "Europe/Madrid"}
    )
    assert response.status_code == 303
    user = await user_named("alice")
    assert (user.country, user.timezone) == ("", "Europe/Madrid")
    # Attune decides from the zone, and Settings says what it decided.
    await assert_help_shows(alice, "ES")
    settings = await alice.get("/settings")
    assert selected_country(settings.text) == ""
    assert "(now Spain)" in settings.text


async def test_a_country_chosen_in_settings_is_shown_everywhere(
    alice: Client,
) -> None:
    response = await alice.post_form(
        "/settings", {"country": "NZ", "timezone": "Europe/Madrid"}
    )
    assert response.status_code == 303
    assert selected_country((await alice.get("/settings")).text) == "NZ"
    await assert_country_everywhere(alice, "NZ")


async def test_a_country_chosen_on_help_is_shown_everywhere(alice: Client) -> None:
    response = await alice.post_form("/help/country", {"country": "IE"})
    assert response.status_code == 303
    assert (await user_named("alice")).country == "IE"
    assert selected_country((await alice.get("/settings")).text) == "IE"
    await assert_country_everywhere(alice, "IE")


async def test_a_visitors_choice_is_kept_and_carried_into_sign_up(
    app: Litestar,
) -> None:
    async with make_client(app) as visitor:
        await visitor.get("/help?country=CA")
        await assert_help_shows(visitor, "CA")  # the cookie, with no query
        await visitor.post_form(
            "/register",
            {
                "username": "carmen",
                "passphrase": PASSPHRASE,
                "passphrase_confirm": PASSPHRASE,
                "timezone": "Europe/Madrid",
            },
        )
        assert (await user_named("carmen")).country == "CA"
        await assert_country_everywhere(visitor, "CA")


async def test_sign_up_without_a_choice_stores_no_country(app: Litestar) -> None:
    async with make_client(app) as visitor:
        await visitor.post_form(
            "/register",
            {
                "username": "dario",
                "passphrase": PASSPHRASE,
                "passphrase_confirm": PASSPHRASE,
                "timezone": "America/Mexico_City",
            },
            headers={"Accept-Language": "en-GB,en;q=0.9"},
        )
        assert (await user_named("dario")).country == ""
        # The zone decides, before the browser's language region.
        await assert_country_everywhere(visitor, "MX")


@pytest.mark.parametrize("field", ["country", "timezone"])
async def test_a_field_that_matches_nothing_shows_nothing_chosen(
    alice: Client, field: str
) -> None:
    """A value the list does not hold (an old zone name, a country code no longer
    listed) shows as nothing chosen, never as the list's first entry."""
    user = await user_named("alice")
    setattr(user, field, "ZZ" if field == "country" else "Mars/Olympus")
    await user.save(update_fields=[field])
    page = (await alice.get("/settings")).text
    select = re.search(rf'<select id="{field}".*?</select>', page, re.S)
    assert select
    first = re.search(r"<option[^>]*>", select.group(0))
    assert first and 'value=""' in first.group(0) and "selected" in first.group(0)
    # Saving it as it stands asks for a choice instead of storing the first entry.
    if field == "timezone":
        response = await alice.post_form("/settings", {"country": "", "timezone": ""})
        assert response.status_code == 422
        assert "Choose a time zone from the list" in response.text
        assert (await user_named("alice")).timezone == "Mars/Olympus"


async def test_a_cleared_country_is_asked_about_once(alice: Client) -> None:
    """The people migration 0004 cleared see one request to check their country."""
    await User.filter(username="alice").update(country_notice=True)
    first = await alice.get("/")
    assert "Please check your country, so Attune shows the right crisis lines." in (
        first.text
    )
    assert 'href="/settings#where"' in first.text
    second = await alice.get("/")
    assert "Please check your country" not in second.text
    assert not (await user_named("alice")).country_notice

"""One country per person, decided in one place: the account's setting for a
signed-in person, the visitor's own choice, else a guess that says it is one
(time zone first, then the browser's language region)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from babel.languages import get_official_languages
from litestar import Request

from server.places.crisis_lines import (
    OTHER,
    country_choices_in,
    country_from_accept_language,
    is_known_country,
)
from server.web.i18n import languages
from server.web.timezones import UTC, country_for_zone

COUNTRY_COOKIE = "attune_country"
# Set by device.js from the browser's own time zone, so a visitor's guess can use it.
ZONE_COOKIE = "attune_tz"

GUESSED_FROM_ZONE = "zone"
GUESSED_FROM_LANGUAGE = "language"


class Resident(Protocol):
    """What the decision reads of a signed-in person (an account)."""

    country: str
    timezone: str


@dataclass(frozen=True)
class CountryChoice:
    code: str  # ISO 3166-1 alpha-2, or OTHER
    guessed_from: str = ""  # "" when the person chose it

    @property
    def chosen(self) -> bool:
        return not self.guessed_from and self.code != OTHER


def known(code: str | None) -> str:
    code = (code or "").strip().upper()
    return code if code and code != OTHER and is_known_country(code) else ""


def guess_country(zone: str, accept_language: str) -> CountryChoice:
    if zone and zone != UTC and (code := known(country_for_zone(zone))):
        return CountryChoice(code, GUESSED_FROM_ZONE)
    if code := country_from_accept_language(accept_language):
        return CountryChoice(code, GUESSED_FROM_LANGUAGE)
    return CountryChoice(OTHER)


def country_of(user: Resident, accept_language: str = "") -> CountryChoice:
    if user.country == OTHER or known(user.country):
        return CountryChoice(user.country)
    return guess_country(user.timezone, accept_language)


def country_for(request: Request, user: Resident | None) -> CountryChoice:
    """The country for this request: `user` is the signed-in person, or None."""
    accept_language = request.headers.get("accept-language", "")
    if user is not None:
        return country_of(user, accept_language)
    else:
        cookie = request.cookies.get(COUNTRY_COOKIE, "")
        if cookie == OTHER or known(cookie):
            return CountryChoice(cookie)
        zone = request.cookies.get(ZONE_COOKIE, "")[:64]
    return guess_country(zone, accept_language)


def looks_unchosen(country: str, zone: str, language: str) -> bool:
    """A country that is the first entry of the picker in some language, while the
    person's time zone and language both point elsewhere: what Settings stored
    when its country field showed nothing chosen and fell back to its first option
    (a person in Madrid saved as Afghanistan)."""
    firsts = {country_choices_in(code)[0][0] for code in languages()}
    if country not in firsts:
        return False
    zone_points_here = bool(zone) and country_for_zone(zone) == country
    language_points_here = bool(language) and language in get_official_languages(
        country, de_facto=True
    )
    return not zone_points_here and not language_points_here

"""Crisis lines and emergency numbers by country, from crisis_lines.toml.

Every line carries the service's own page, the independent pages that give the
same number and the day that comparison was made; the tests check every number
against libphonenumber's metadata as well (tests/unit/test_crisis_lines.py)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from babel import Locale

DATA_FILE = Path(__file__).with_name("crisis_lines.toml")

OTHER = "XX"  # "somewhere else": no country chosen


@dataclass(frozen=True)
class CrisisLine:
    name: str
    number: str
    kind: str  # "call" or "text"
    keyword: str
    hours: str
    cost: str
    languages: tuple[str, ...]
    audience: str  # "" for everyone
    note: str
    source: str
    corroborated_by: tuple[str, ...]
    reviewed: dt.date
    confirmed_by_person: str

    @property
    def digits(self) -> str:
        return re.sub(r"[^0-9+*#]", "", self.number)

    @property
    def href(self) -> str:
        if self.kind == "call":
            return f"tel:{self.digits}"
        # "?&body=" is the form both Android (?body=) and iOS (&body=) read.
        body = f"?&body={quote(self.keyword)}" if self.keyword else ""
        return f"sms:{self.digits}{body}"

    @property
    def action(self) -> str:
        if self.kind == "call":
            return f"Call {self.number}"
        if self.keyword:
            return f"Text {self.keyword} to {self.number}"
        return f"Text {self.number}"


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    services: tuple[str, ...]  # "all", "ambulance", "fire", "police"

    @property
    def href(self) -> str:
        return "tel:" + re.sub(r"[^0-9+*#]", "", self.number)

    @property
    def label(self) -> str:
        if "all" in self.services:
            return "Emergency services"
        return " and ".join(SERVICE_NAMES[s] for s in self.services).capitalize()


SERVICE_NAMES = {"ambulance": "ambulance", "fire": "fire service", "police": "police"}


@dataclass(frozen=True)
class CountryHelp:
    code: str
    name: str
    emergency: tuple[EmergencyNumber, ...]  # the one for danger to life first
    emergency_source: str
    note: str
    lines: tuple[CrisisLine, ...]  # the general line(s) first

    @property
    def first_line(self) -> CrisisLine | None:
        """The first line for everyone (a children's line is not offered to all)."""
        return next((line for line in self.lines if not line.audience), None)

    @property
    def all_day_and_free(self) -> bool:
        """Only then may a page say "any hour, free" of these lines."""
        return bool(self.lines) and all(
            line.hours == "24/7" and line.cost == "free" for line in self.lines
        )


@dataclass(frozen=True)
class Directory:
    name: str
    url: str


@dataclass(frozen=True)
class CrisisData:
    countries: dict[str, CountryHelp]
    directory: Directory
    reviewed: dt.date  # the most recent day any entry was compared with its pages


def _line(entry: dict) -> CrisisLine:
    return CrisisLine(
        name=entry["name"],
        number=entry["number"],
        kind=entry["kind"],
        keyword=entry.get("keyword", ""),
        hours=entry.get("hours", ""),
        cost=entry.get("cost", ""),
        languages=tuple(entry.get("languages", ())),
        audience=entry.get("audience", ""),
        note=entry.get("note", ""),
        source=entry["source"],
        corroborated_by=tuple(entry.get("corroborated_by", ())),
        reviewed=entry["reviewed"],
        confirmed_by_person=entry.get("confirmed_by_person", ""),
    )


def country_name(code: str, locale: str = "en") -> str:
    return Locale.parse(locale).territories.get(code.upper(), code.upper())


@lru_cache(maxsize=1)
def load() -> CrisisData:
    raw = raw_data()
    countries: dict[str, CountryHelp] = {}
    for code, entry in raw["emergency"].items():
        lines = tuple(_line(line) for line in raw.get("lines", {}).get(code, []))
        countries[code] = CountryHelp(
            code=code,
            name=country_name(code),
            emergency=tuple(
                EmergencyNumber(n["number"], tuple(n["services"]))
                for n in entry["numbers"]
            ),
            emergency_source=entry["source"],
            note=entry.get("note", ""),
            lines=lines,
        )
    dates = [line.reviewed for c in countries.values() for line in c.lines]
    dates += [e["reviewed"] for e in raw["emergency"].values()]
    directory = Directory(raw["directory"]["name"], raw["directory"]["url"])
    return CrisisData(countries, directory, max(dates))


def raw_data() -> dict:
    return tomllib.loads(DATA_FILE.read_text())


def directory() -> Directory:
    return load().directory


def last_reviewed() -> dt.date:
    return load().reviewed


def sort_key(name: str) -> str:
    """Alphabetical as a person reads it: "Åland Islands" before "Albania"."""
    return (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    )


def all_countries() -> list[CountryHelp]:
    return sorted(load().countries.values(), key=lambda c: sort_key(c.name))


def country_choices() -> list[tuple[str, str]]:
    """Every country by name, then "somewhere else"."""
    return [(c.code, c.name) for c in all_countries()] + [(OTHER, "Somewhere else")]


def help_for(code: str) -> CountryHelp | None:
    """None means: no country chosen, so show the directory and a general note."""
    return load().countries.get(code.upper())


def is_known_country(code: str) -> bool:
    return code == OTHER or code.upper() in load().countries


_LANG_REGION = re.compile(r"^[a-z]{2,3}(?:[-_][a-z]{4})?[-_]([a-z]{2})$", re.I)


def country_from_accept_language(header: str) -> str:
    """The first language tag with a region ("en-GB" -> "GB"), else ""."""
    for part in header.split(",")[:10]:
        tag = part.split(";")[0].strip()
        match = _LANG_REGION.match(tag)
        if match and match.group(1).upper() in load().countries:
            return match.group(1).upper()
    return ""

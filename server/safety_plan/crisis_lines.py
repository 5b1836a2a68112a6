"""Crisis lines and emergency numbers by country, from crisis_lines.toml.

Every line carries the service's own page, the independent pages that give the
same number and the day that comparison was made; the tests check every number
against libphonenumber's metadata as well (tests/unit/test_crisis_lines.py)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO
from urllib.parse import quote

from babel import Locale
from babel.lists import format_list

from server.web.i18n import _, _l, current_language, reading_order

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
            return _("Call %(number)s") % {"number": self.number}
        if self.keyword:
            return _("Text %(keyword)s to %(number)s") % {
                "keyword": self.keyword,
                "number": self.number,
            }
        return _("Text %(number)s") % {"number": self.number}

    # Hours, audience and notes are English in the data file and translated from
    # the catalog (extract_texts below puts them there).
    @property
    def hours_text(self) -> str:
        return data_text(self.hours)

    @property
    def audience_text(self) -> str:
        return data_text(self.audience)

    @property
    def note_text(self) -> str:
        return data_text(self.note)

    def for_speakers_of(self, language: str) -> bool:
        """A line or option for people who speak `language` (988's Spanish one)."""
        return bool(self.audience) and self.languages == (language,)


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
            return _("Emergency services")
        named = format_list(
            [str(SERVICE_NAMES[s]) for s in self.services], locale=current_language()
        )
        return named[:1].upper() + named[1:]


SERVICE_NAMES = {
    "ambulance": _l("ambulance"),
    "fire": _l("fire service"),
    "police": _l("police"),
}


@dataclass(frozen=True)
class CountryHelp:
    code: str
    emergency: tuple[EmergencyNumber, ...]  # the one for danger to life first
    emergency_source: str
    note: str
    lines: tuple[CrisisLine, ...]  # the general line(s) first

    @property
    def name(self) -> str:
        return country_name(self.code, current_language())

    @property
    def lines_for_reader(self) -> tuple[CrisisLine, ...]:
        """The lines in the order the reader needs them: a line or option in their
        own language first (988's Spanish option for a Spanish reader), then the
        general lines, then lines for other particular people."""
        language = current_language()
        own = tuple(line for line in self.lines if line.for_speakers_of(language))
        return own + tuple(line for line in self.lines if line not in own)

    @property
    def first_line(self) -> CrisisLine | None:
        """The first line for everyone, or for speakers of the reader's language
        (a children's line is not offered to all)."""
        language = current_language()
        return next(
            (
                line
                for line in self.lines_for_reader
                if not line.audience or line.for_speakers_of(language)
            ),
            None,
        )

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


@lru_cache(maxsize=4096)
def country_name(code: str, locale: str = "en") -> str:
    return Locale.parse(locale).territories.get(code.upper(), code.upper())


def data_text(text: str) -> str:
    # gettext("") is the catalog's header, never an empty string.
    return _(text) if text else ""


def extract_texts(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor for this file: the hours, audiences and notes people read
    (names stay as each service writes them). Named in babel.cfg."""
    data = tomllib.loads(fileobj.read().decode())
    for lines in data.get("lines", {}).values():
        for line in lines:
            for field in ("hours", "audience", "note"):
                if text := line.get(field, ""):
                    yield 0, "_", text, [f"TRANSLATORS: a crisis line's {field}"]


@lru_cache(maxsize=1)
def load() -> CrisisData:
    raw = raw_data()
    countries: dict[str, CountryHelp] = {}
    for code, entry in raw["emergency"].items():
        lines = tuple(_line(line) for line in raw.get("lines", {}).get(code, []))
        countries[code] = CountryHelp(
            code=code,
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


def all_countries() -> list[CountryHelp]:
    return sorted(load().countries.values(), key=lambda c: reading_order(c.name))


def country_choices() -> list[tuple[str, str]]:
    """Every country by name in the reader's language, then "somewhere else"."""
    return _country_choices(current_language())


@lru_cache(maxsize=8)
def _country_choices(language: str) -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in all_countries()] + [(OTHER, _("Somewhere else"))]


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

"""Crisis lines, abuse lines and emergency numbers by country, from
crisis_lines.toml.

Every line carries the published pages that give its number (each with its
publisher and date) and the day they were compared; the tests hold every line to
the evidence rule and every number to libphonenumber's metadata
(tests/unit/test_crisis_lines.py)."""

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
from babel.core import parse_locale
from babel.lists import format_list

from server.web.i18n import (
    _,
    _l,
    accepted_tags,
    current_language,
    reading_order,
    speaking,
)

DATA_FILE = Path(__file__).with_name("crisis_lines.toml")

OTHER = "XX"  # "somewhere else": no country chosen


CRISIS = "crisis"  # suicide and emotional crisis
ABUSE = "abuse"  # domestic, family and sexual violence


@dataclass(frozen=True)
class Page:
    """A published page that gives a line's number."""

    url: str
    publisher: str
    type: str  # "government", "health-service", "news" or "service"
    published: dt.date | None  # None: the page shows no date


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
    pages: tuple[Page, ...]
    reviewed: dt.date
    confirmed_by_person: str
    topic: str = CRISIS
    option: str = ""  # the menu key pressed once the call connects
    gloss: str = ""  # an English name, for a name in another script

    @property
    def digits(self) -> str:
        return re.sub(r"[^0-9+*#]", "", self.number)

    @property
    def href(self) -> str:
        # "#" (Japan's #8008) would start a fragment in a URI: it is written %23.
        digits = quote(self.digits, safe="+*")
        if self.kind == "call":
            return f"tel:{digits}"
        # "?&body=" is the form both Android (?body=) and iOS (&body=) read.
        body = f"?&body={quote(self.keyword)}" if self.keyword else ""
        return f"sms:{digits}{body}"

    @property
    def id(self) -> str:
        """Stable across reviews while the service keeps its number."""
        option = f"-{self.option}" if self.option else ""
        plain = self.digits.replace("*", "s").replace("#", "h").replace("+", "")
        return f"{plain}-{self.kind}{option}"

    @property
    def action(self) -> str:
        if self.kind == "call" and self.option:
            return _("Call %(number)s, then press %(option)s") % {
                "number": self.number,
                "option": self.option,
            }
        if self.kind == "call":
            return _("Call %(number)s") % {"number": self.number}
        if self.keyword:
            return _("Text %(keyword)s to %(number)s") % {
                "keyword": self.keyword,
                "number": self.number,
            }
        return _("Text %(number)s") % {"number": self.number}

    @property
    def named_action(self) -> str:
        """The action with the service's name, for a button that stands alone."""
        values = {"name": self.short_name, "number": self.number}
        if self.kind == "call" and self.option:
            text = _("Call %(name)s, %(number)s, then press %(option)s")
            values["option"] = self.option
        elif self.kind == "call":
            text = _("Call %(name)s, %(number)s")
        elif self.keyword:
            text = _("Text %(keyword)s to %(name)s, %(number)s")
            values["keyword"] = self.keyword
        else:
            text = _("Text %(name)s, %(number)s")
        return text % values

    @property
    def short_name(self) -> str:
        """The name a reader can read: the gloss for a name in another script."""
        return self.gloss_text or self.name

    @property
    def gloss_text(self) -> str:
        return data_text(self.gloss)

    @property
    def answers_in(self) -> str:
        """ "answers in Japanese" when the line does not speak the reader's language."""
        language = current_language()
        if not self.languages or language in self.languages:
            return ""
        names = Locale.parse(language).languages
        spoken = format_list(
            [names.get(code, code) for code in self.languages],
            style="or",
            locale=language,
        )
        return _("answers in %(languages)s") % {"languages": spoken}

    @property
    def details(self) -> tuple[str, str, str]:
        return (self.note, self.hours, self.cost)

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
class LineGroup:
    """Consecutive ways to reach one service (TelefonSeelsorge's three numbers, a
    line by call and by text): one label above its buttons, so no label sits
    between two buttons."""

    lines: tuple[CrisisLine, ...]

    @property
    def first(self) -> CrisisLine:
        return self.lines[0]

    @property
    def details_shared(self) -> bool:
        return len({line.details for line in self.lines}) == 1


def grouped(lines: tuple[CrisisLine, ...]) -> tuple[LineGroup, ...]:
    groups: list[list[CrisisLine]] = []
    for line in lines:
        if groups and (groups[-1][0].name, groups[-1][0].audience) == (
            line.name,
            line.audience,
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    return tuple(LineGroup(tuple(group)) for group in groups)


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    # "all", "ambulance", "fire", "police"; "emergency" when the number comes from
    # libphonenumber's metadata, which does not say which service answers.
    services: tuple[str, ...]

    @property
    def href(self) -> str:
        return "tel:" + re.sub(r"[^0-9+*#]", "", self.number)

    @property
    def label(self) -> str:
        if "all" in self.services:
            return _("Emergency services")
        if "emergency" in self.services:
            return _("Emergency number")
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
    lines: tuple[CrisisLine, ...]  # crisis lines, the general line(s) first
    abuse_lines: tuple[CrisisLine, ...] = ()

    @property
    def groups_for_reader(self) -> tuple[LineGroup, ...]:
        return grouped(self.lines_for_reader)

    @property
    def abuse_groups(self) -> tuple[LineGroup, ...]:
        return grouped(self.abuse_lines)

    @property
    def first_abuse_line(self) -> CrisisLine | None:
        return next((line for line in self.abuse_lines if not line.audience), None)

    @property
    def name(self) -> str:
        return country_name(self.code, current_language())

    @property
    def lines_for_reader(self) -> tuple[CrisisLine, ...]:
        """The lines in the order the reader needs them: a line or option in their
        own language first (988's Spanish option for a Spanish reader), then the
        general lines, then lines for other particular people."""
        own = self._in_readers_language()
        return own + tuple(line for line in self.lines if line not in own)

    def _in_readers_language(self) -> tuple[CrisisLine, ...]:
        """Lines for speakers of the reader's language, when no line for everyone
        speaks it: a Spanish reader in the US is offered 988's Spanish option
        first, an English reader the line for everyone, never the veterans' line
        (which also answers only in English)."""
        language = current_language()
        if any(language in line.languages for line in self.lines if not line.audience):
            return ()
        return tuple(line for line in self.lines if line.for_speakers_of(language))

    @property
    def first_line(self) -> CrisisLine | None:
        """The first line for everyone, or for speakers of the reader's language
        (a children's line is not offered to all)."""
        own = self._in_readers_language()
        return next(
            (
                line
                for line in self.lines_for_reader
                if not line.audience or line in own
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
        pages=tuple(
            Page(p["url"], p["publisher"], p["type"], published_on(p.get("published")))
            for p in entry["pages"]
        ),
        reviewed=entry["reviewed"],
        confirmed_by_person=entry.get("confirmed_by_person", ""),
        topic=entry.get("topic", CRISIS),
        option=entry.get("option", ""),
        gloss=entry.get("gloss", ""),
    )


def published_on(value: dt.date | str | None) -> dt.date | None:
    """A page's date: a day, or "YYYY-MM" or "YYYY" where the page gives no more
    (taken as its first day, so a check against it is never too kind)."""
    if isinstance(value, str):
        year, _, month = value.partition("-")
        return dt.date(int(year), int(month or 1), 1)
    return value


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
            for field in ("hours", "audience", "note", "gloss"):
                if text := line.get(field, ""):
                    yield 0, "_", text, [f"TRANSLATORS: a crisis line's {field}"]


@lru_cache(maxsize=1)
def load() -> CrisisData:
    raw = raw_data()
    countries: dict[str, CountryHelp] = {}
    for code, entry in raw["emergency"].items():
        lines = tuple(_line(line) for line in raw.get("lines", {}).get(code, []))
        abuse_lines = tuple(line for line in lines if line.topic == ABUSE)
        countries[code] = CountryHelp(
            code=code,
            emergency=tuple(
                EmergencyNumber(n["number"], tuple(n["services"]))
                for n in entry["numbers"]
            ),
            emergency_source=entry["source"],
            note=entry.get("note", ""),
            lines=tuple(line for line in lines if line.topic != ABUSE),
            abuse_lines=abuse_lines,
        )
    dates = [
        line.reviewed for c in countries.values() for line in (*c.lines, *c.abuse_lines)
    ]
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
    return country_choices_in(current_language())


@lru_cache(maxsize=8)
def country_choices_in(language: str) -> list[tuple[str, str]]:
    with speaking(language):
        return [(c.code, c.name) for c in all_countries()] + [
            (OTHER, _("Somewhere else"))
        ]


def help_for(code: str) -> CountryHelp | None:
    """None means: no country chosen, so show the directory and a general note."""
    return load().countries.get(code.upper())


def is_known_country(code: str) -> bool:
    return code == OTHER or code.upper() in load().countries


def country_from_accept_language(header: str) -> str:
    """The region of the most wanted language tag that names one ("en-GB" ->
    "GB"), else ""."""
    for tag in accepted_tags(header)[:10]:
        try:
            region = parse_locale(tag, sep="-")[1]
        except ValueError:
            continue
        if region and region.upper() in load().countries:
            return region.upper()
    return ""

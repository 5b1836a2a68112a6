"""Crisis lines by country, from crisis_lines.toml (each number with its source)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("crisis_lines.toml")

EU_NAMES = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia",
    "CY": "Cyprus", "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia",
    "FI": "Finland", "FR": "France", "DE": "Germany", "GR": "Greece",
    "HU": "Hungary", "IT": "Italy", "LV": "Latvia", "LT": "Lithuania",
    "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands", "PL": "Poland",
    "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia",
    "ES": "Spain", "SE": "Sweden",
}  # fmt: skip

OTHER = "XX"  # any country without its own entry


@dataclass(frozen=True)
class CrisisLine:
    name: str
    number: str
    kind: str  # "call" or "text"
    hours: str
    source: str
    checked: dt.date

    @property
    def href(self) -> str:
        digits = re.sub(r"[^0-9+]", "", self.number)
        return f"{'sms' if self.kind == 'text' else 'tel'}:{digits}"

    @property
    def action(self) -> str:
        return f"{'Text' if self.kind == 'text' else 'Call'} {self.number}"


@dataclass(frozen=True)
class CountryHelp:
    code: str
    name: str
    emergency: str
    emergency_source: str
    lines: tuple[CrisisLine, ...]

    @property
    def emergency_href(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.emergency)


@dataclass(frozen=True)
class Directory:
    name: str
    url: str


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, CountryHelp], Directory]:
    raw = tomllib.loads(DATA_FILE.read_text())
    countries: dict[str, CountryHelp] = {}
    for code, entry in raw["countries"].items():
        countries[code] = CountryHelp(
            code=code,
            name=entry["name"],
            emergency=entry["emergency"],
            emergency_source=entry["emergency_source"],
            lines=tuple(CrisisLine(**line) for line in entry.get("lines", [])),
        )
    eu = raw["eu"]
    for code in eu["countries"]:
        countries.setdefault(
            code,
            CountryHelp(code, EU_NAMES[code], eu["emergency"], eu["source"], ()),
        )
    directory = Directory(raw["directory"]["name"], raw["directory"]["url"])
    return countries, directory


def raw_data() -> dict[str, object]:
    return tomllib.loads(DATA_FILE.read_text())


def directory() -> Directory:
    return _data()[1]


def all_countries() -> list[CountryHelp]:
    """Countries with their own crisis lines first, then the rest by name."""
    countries = list(_data()[0].values())
    return sorted(countries, key=lambda c: (not c.lines, c.name))


def country_choices() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in all_countries()] + [(OTHER, "Somewhere else")]


def help_for(code: str) -> CountryHelp | None:
    """None means: no entry here, so show the directory and a general note."""
    return _data()[0].get(code.upper())


def is_known_country(code: str) -> bool:
    return code == OTHER or code.upper() in _data()[0]


_LANG_REGION = re.compile(r"^[a-z]{2,3}[-_]([a-z]{2})$", re.I)


def country_from_accept_language(header: str) -> str:
    """The first language tag with a region we know ("en-GB" -> "GB"), else ""."""
    for part in header.split(",")[:10]:
        tag = part.split(";")[0].strip()
        match = _LANG_REGION.match(tag)
        if match and match.group(1).upper() in _data()[0]:
            return match.group(1).upper()
    return ""

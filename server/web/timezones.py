"""Time zones people can choose: the current canonical IANA zones of every
country (the tz database's zone.tab), grouped by region, plus UTC. Obsolete and
alias names (US/Eastern, Asia/Calcutta) are not offered, but an alias a browser
reports is understood as the zone it links to."""

from __future__ import annotations

import os
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import get_timezone_location

from server.web.i18n import N_, SOURCE_LANGUAGE, _, current_language, reading_order

UTC = "UTC"


@dataclass(frozen=True)
class Zone:
    name: str  # "America/Argentina/Buenos_Aires"
    country: str  # ISO 3166-1 alpha-2, "" for UTC
    region: str  # "America"
    place: str  # "Argentina/Buenos Aires"

    @property
    def label(self) -> str:
        """What a person reads in the list: "Buenos Aires, Argentina", or in
        Spanish "Ciudad de México, México"."""
        return zone_label(self.name, self.country, self.place, current_language())


@lru_cache(maxsize=4096)
def zone_label(name: str, country: str, place: str, language: str) -> str:
    if not country:
        return _("UTC (no time zone)")
    city = place.rpartition("/")[2]
    if language != SOURCE_LANGUAGE:  # the city's own name in that language
        city = get_timezone_location(name, locale=language, return_city=True) or city
    return f"{city}, {Locale.parse(language).territories.get(country, country)}"


def _zone_tab() -> Path:
    for folder in zoneinfo.TZPATH:
        candidate = Path(folder) / "zone.tab"
        if candidate.exists():
            return candidate
    raise RuntimeError("the tz database's zone.tab was not found in zoneinfo.TZPATH")


@lru_cache(maxsize=1)
def canonical_zones() -> dict[str, Zone]:
    zones: dict[str, Zone] = {}
    for line in _zone_tab().read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        country, _coordinates, name, *_ = line.split("\t")
        region, _, place = name.partition("/")
        zones[name] = Zone(name, country, region, place.replace("_", " "))
    zones[UTC] = Zone(UTC, "", "", UTC)
    return dict(sorted(zones.items()))


# The regions of the tz database, as the time-zone list groups them; translated
# where shown.
REGIONS = (
    N_("Africa"), N_("America"), N_("Antarctica"), N_("Arctic"), N_("Asia"),
    N_("Atlantic"), N_("Australia"), N_("Europe"), N_("Indian"), N_("Pacific"),
)  # fmt: skip


def grouped_zones() -> list[tuple[str, list[Zone]]]:
    """For a select with one group per region, places in the reader's order."""
    return _grouped_zones(current_language())


@lru_cache(maxsize=8)
def _grouped_zones(language: str) -> list[tuple[str, list[Zone]]]:
    groups: dict[str, list[Zone]] = {}
    for zone in canonical_zones().values():
        if zone.name != UTC:
            groups.setdefault(zone.region, []).append(zone)
    for places in groups.values():
        places.sort(key=lambda zone: reading_order(zone.label))
    return [("", [canonical_zones()[UTC]])] + sorted(groups.items())


@lru_cache(maxsize=512)
def canonical_zone(name: str) -> str | None:
    """The canonical zone for a name, following the tz database's links
    ("Asia/Calcutta" -> "Asia/Kolkata"); None when it is no zone at all."""
    name = name.strip()
    zones = canonical_zones()
    if name in zones:
        return name
    if name in ("Etc/UTC", "Etc/GMT", "GMT", "UCT", "Universal", "Zulu"):
        return UTC
    if not name or ".." in name or name not in zoneinfo.available_timezones():
        return None
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / name
        if path.exists():
            target = os.path.relpath(os.path.realpath(path), os.path.realpath(folder))
            if target in zones:
                return target
            # Debian keeps links as copies in some folders: compare the data.
            data = path.read_bytes()
            for zone in zones:
                candidate = Path(folder) / zone
                if candidate.exists() and candidate.read_bytes() == data:
                    return zone
    return None


def country_for_zone(name: str) -> str:
    """The country a time zone lies in ("Europe/Berlin" -> "DE"), else ""."""
    zone = canonical_zone(name)
    return canonical_zones()[zone].country if zone else ""


@lru_cache(maxsize=1)
def _first_zones() -> dict[str, str]:
    first: dict[str, str] = {}
    for line in _zone_tab().read_text().splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, name, *_ = line.split("\t")
            first.setdefault(country, name)
    return first


# zone.tab lists a country's zones by place, not by population: for the countries
# with several zones, the one where most people live.
MOST_PEOPLE = {
    "US": "America/New_York", "CA": "America/Toronto", "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo", "RU": "Europe/Moscow", "MX": "America/Mexico_City",
    "AR": "America/Argentina/Buenos_Aires", "CN": "Asia/Shanghai",
    "ID": "Asia/Jakarta", "KZ": "Asia/Almaty", "CL": "America/Santiago",
    "ES": "Europe/Madrid", "PT": "Europe/Lisbon", "NZ": "Pacific/Auckland",
    "EC": "America/Guayaquil", "DE": "Europe/Berlin", "UA": "Europe/Kyiv",
    "MN": "Asia/Ulaanbaatar", "CD": "Africa/Kinshasa", "MY": "Asia/Kuala_Lumpur",
}  # fmt: skip


def zone_for_country(country: str) -> str:
    """The zone most of a country's people live in (a default to offer)."""
    code = country.upper()
    return MOST_PEOPLE.get(code) or _first_zones().get(code, UTC)

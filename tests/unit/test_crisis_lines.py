from __future__ import annotations

import datetime as dt

from server.safety_plan.crisis_lines import (
    OTHER,
    all_countries,
    country_from_accept_language,
    help_for,
    raw_data,
)

# The numbers the content brief lists, exactly (CONTENT.md, "Safety plan cards").
BRIEF = {
    "US": ("911", {("988", "call"), ("988", "text")}),
    "CA": ("911", {("988", "call"), ("988", "text")}),
    "GB": ("999", {("116 123", "call")}),
    "IE": ("112", {("116 123", "call")}),
    "AU": ("000", {("13 11 14", "call")}),
    "NZ": ("111", {("1737", "call"), ("1737", "text")}),
}


def test_every_line_has_number_kind_source_and_date() -> None:
    data = raw_data()
    for code, country in data["countries"].items():  # type: ignore[attr-defined]
        assert country["emergency"] and country["emergency_source"].startswith(
            "https://"
        ), code
        assert isinstance(country["emergency_checked"], dt.date), code
        for line in country.get("lines", []):
            assert line["number"].replace(" ", "").isdigit(), line
            assert line["kind"] in {"call", "text"}, line
            assert line["source"].startswith("https://"), line
            assert isinstance(line["checked"], dt.date), line


def test_the_briefs_numbers_are_exactly_right() -> None:
    for code, (emergency, lines) in BRIEF.items():
        found = help_for(code)
        assert found is not None
        assert found.emergency == emergency
        assert {(line.number, line.kind) for line in found.lines} == lines


def test_eu_countries_get_112() -> None:
    for code in ["DE", "FR", "ES", "IT", "PL"]:
        found = help_for(code)
        assert found is not None and found.emergency == "112"


def test_links_are_one_tap_and_say_what_they_do() -> None:
    samaritans = help_for("GB").lines[0]  # type: ignore[union-attr]
    assert (samaritans.href, samaritans.action) == ("tel:116123", "Call 116 123")
    text_988 = [line for line in help_for("US").lines if line.kind == "text"][0]  # type: ignore[union-attr]
    assert (text_988.href, text_988.action) == ("sms:988", "Text 988")
    assert help_for("AU").emergency_href == "tel:000"  # type: ignore[union-attr]


def test_accept_language_picks_a_known_region() -> None:
    assert country_from_accept_language("en-GB,en;q=0.9") == "GB"
    assert country_from_accept_language("fr-CA") == "CA"
    assert country_from_accept_language("en") == ""
    assert country_from_accept_language("xx-ZZ, de-DE") == "DE"
    assert help_for(OTHER) is None


def test_countries_with_lines_come_first() -> None:
    countries = all_countries()
    with_lines = [c for c in countries if c.lines]
    assert countries[: len(with_lines)] == with_lines

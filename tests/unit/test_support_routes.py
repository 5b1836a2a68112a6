"""server/home/support_routes.toml: every route well formed, and every route a person
in a Spanish-speaking country may act on backed by two independent published pages,
each recorded with its address, publisher and date."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from server.home.support import DATA_FILE, OTHER, extract_texts, route_for, routes
from server.places.crisis_lines import is_known_country

CHECKED = ("ES", "MX", "AR", "CO", "CL")  # added with their pages (issue 26)
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
LINK = re.compile(r"<a [^>]*>")


def test_every_route_is_a_known_country_or_the_general_one() -> None:
    assert OTHER in routes()
    for code in routes():
        assert code == OTHER or (code.isupper() and is_known_country(code)), code


def test_every_text_says_something_and_its_links_leave_safely() -> None:
    for route in routes().values():
        texts = [route.start, route.check, *route.registers]
        texts += [route.title] if route.title else []
        texts += [d.text for d in route.directories]
        for text in texts:
            assert text.strip() and "\n" not in text, route.code
            for link in LINK.findall(text):
                assert re.match(r'<a href="https://[^"]+" ', link), link
                assert 'rel="noopener noreferrer"' in link, link


@pytest.mark.parametrize("code", CHECKED)
def test_each_fact_rests_on_two_independent_pages(code: str) -> None:
    publishers: dict[str, set[str]] = defaultdict(set)
    for page in routes()[code].pages:
        assert page.about in {"start", "check", "title"}, page
        assert re.match(r"^https?://[^ ]+$", page.url), page
        assert page.publisher.strip(), page
        assert page.published == "" or DATE.match(page.published), page
        publishers[page.about].add(page.publisher)
    assert len(publishers["start"]) >= 2, (code, publishers["start"])
    assert len(publishers["check"]) >= 2, (code, publishers["check"])


def test_spains_warning_about_the_word_terapeuta_has_its_pages() -> None:
    spain = routes()["ES"]
    assert "«terapeuta»" in spain.title
    assert len({p.publisher for p in spain.pages if p.about == "title"}) >= 2


def test_a_country_without_a_route_gets_the_general_one() -> None:
    assert route_for("FR").code == OTHER
    assert route_for("XX").code == OTHER
    assert route_for("es").code == "ES"


def test_the_extractor_offers_every_text_for_translation() -> None:
    with DATA_FILE.open("rb") as file:
        found = {message for _, _, message, _ in extract_texts(file, (), (), {})}
    for route in routes().values():
        assert {route.start, route.check, *route.registers} <= found
        assert not route.title or route.title in found
        assert {d.text for d in route.directories} <= found

"""Ways to find a therapist by country, from support_routes.toml (declared once, as
data): /support shows the route of the person's decided country, never one chosen
by their language, and a general route for every other country."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from markupsafe import Markup

from server.web.i18n import _

DATA_FILE = Path(__file__).with_name("support_routes.toml")
OTHER = "other"


@dataclass(frozen=True)
class Directory:
    text: str
    paid: bool  # therapists pay to be listed: a listing is an advert


@dataclass(frozen=True)
class SourcePage:
    about: str  # the field it supports: "start", "check" or "title"
    url: str
    publisher: str
    published: str  # as the page shows it; "" when it shows no date


@dataclass(frozen=True)
class SupportRoute:
    code: str  # ISO 3166-1 alpha-2, or OTHER
    start: str
    check: str
    directories: tuple[Directory, ...] = ()
    registers: tuple[str, ...] = ()
    title: str = ""  # the country's own word on the title "therapist"
    pages: tuple[SourcePage, ...] = ()

    # The texts are the project's own (they may hold links), translated from the
    # catalog in the reader's language.
    @property
    def start_html(self) -> Markup:
        return Markup(_(self.start))

    @property
    def check_html(self) -> Markup:
        return Markup(_(self.check))

    @property
    def directories_html(self) -> list[Markup]:
        return [Markup(_(d.text)) for d in self.directories]

    @property
    def title_html(self) -> Markup:
        return Markup(_(self.title)) if self.title else Markup("")

    @property
    def registers_html(self) -> list[Markup]:
        return [Markup(_(text)) for text in self.registers]

    @property
    def has_paid_listings(self) -> bool:
        return any(d.paid for d in self.directories)


def _route(code: str, entry: dict[str, Any]) -> SupportRoute:
    return SupportRoute(
        code=code,
        start=entry["start"],
        check=entry["check"],
        directories=tuple(Directory(**d) for d in entry.get("directories", ())),
        registers=tuple(entry.get("registers", ())),
        title=entry.get("title", ""),
        pages=tuple(SourcePage(**page) for page in entry.get("pages", ())),
    )


@lru_cache(maxsize=1)
def routes() -> dict[str, SupportRoute]:
    raw = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    return {code: _route(code, entry) for code, entry in raw["routes"].items()}


def route_for(code: str) -> SupportRoute:
    """The route of a country, or the general one for a country not listed."""
    return routes().get(code.upper()) or routes()[OTHER]


def extract_texts(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor for support_routes.toml: every text a person reads.
    Named in babel.cfg."""
    data = tomllib.loads(fileobj.read().decode())
    for code, entry in data["routes"].items():
        note = [f"TRANSLATORS: /support, for {code}; keep the links as they are"]
        for field in ("start", "check", "title"):
            if text := entry.get(field, ""):
                yield 0, "_", text, note
        for directory in entry.get("directories", ()):
            yield 0, "_", directory["text"], note
        for text in entry.get("registers", ()):
            yield 0, "_", text, note

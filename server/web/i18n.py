"""The person's language: negotiated once per request, then used by templates and
code alike through gettext.

Languages are the catalogs present in server/locales/<lang>/LC_MESSAGES/messages.po
(English is the source language and needs none), so adding a language is a
translation job, not a code change. Catalogs are compiled in memory at first use:
no .mo files to build or to forget.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy, Translations
from litestar.connection import ASGIConnection
from litestar.types import ASGIApp, Message, Receive, Scope, Send

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SOURCE_LANGUAGE = "en"
# A visitor's explicit choice; a signed-in person's choice is also saved with the
# account, which is what follows them to another device.
LANGUAGE_COOKIE = "attune_lang"

_current: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


@cache
def catalogs() -> dict[str, NullTranslations]:
    found: dict[str, NullTranslations] = {SOURCE_LANGUAGE: NullTranslations()}
    for po in sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po")):
        language = po.parent.parent.name
        with po.open("rb") as source:
            catalog = read_po(source, locale=language)
        compiled = BytesIO()
        write_mo(compiled, catalog, use_fuzzy=False)
        compiled.seek(0)
        found[language] = Translations(compiled)
    return found


def languages() -> tuple[str, ...]:
    return tuple(catalogs())


@cache
def language_name(language: str) -> str:
    """A language by its own name, as its speakers look for it ("Español")."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def supported(language: str | None) -> str:
    """The supported language a tag asks for ("es-MX" -> "es"), else ""."""
    base = (language or "").strip().replace("_", "-").split("-")[0].lower()
    return base if base in catalogs() else ""


# Browsers send a handful of distinct headers: each is parsed once (the language
# and the country of a visitor's every page both read it).
@lru_cache(maxsize=256)
def accepted_tags(header: str) -> tuple[str, ...]:
    """The language tags of an Accept-Language header, most wanted first (by
    weight, then order); those refused (q=0) or with a malformed weight left out."""
    weighted = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.partition(";")
        quality = 1.0
        if params:
            name, _, value = params.strip().partition("=")
            try:
                quality = float(value) if name == "q" else 1.0
            except ValueError:
                continue
        if quality > 0 and (tag := tag.strip()):
            weighted.append((-quality, index, tag))
    return tuple(tag for *_, tag in sorted(weighted))


def from_accept_language(header: str) -> str:
    """The supported language the header wants most ("es-419" -> "es"), else ""."""
    found = negotiate_locale(accepted_tags(header), languages(), sep="-")
    return supported(found)


def negotiate(choice: str | None, account: str | None, accept_language: str) -> str:
    """The explicit choice, else the account's setting, else the browser's
    languages, else English."""
    return (
        supported(choice)
        or supported(account)
        or from_accept_language(accept_language)
        or SOURCE_LANGUAGE
    )


def reading_order(text: str) -> str:
    """A sort key for names as a person reads them: "Åland Islands" before
    "Albania", "Ámsterdam" with the A's."""
    return (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    )


def current_language() -> str:
    return _current.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Everything inside speaks `language`: a request, a reminder for one person."""
    token = _current.set(supported(language) or SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def speak_for_rest_of_request(language: str) -> None:
    """For the error handler, which answers outside the middleware (a path no
    route knows): its page is rendered after it returns, still in this request's
    own task and context, so the language is set, not scoped."""
    _current.set(supported(language) or SOURCE_LANGUAGE)


def gettext(message: str) -> str:
    return catalogs()[_current.get()].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogs()[_current.get()].ngettext(singular, plural, n)


def lazy_gettext(message: str) -> str:
    """For text declared at import time (labels, step titles, flash messages):
    translated each time it is shown, in the language of whoever is reading.
    Typed as str, which is how it is used: formatted, joined, rendered."""
    return LazyProxy(gettext, message, enable_cache=False)  # type: ignore[return-value]


def N_(message: str) -> str:
    """Marks text for the catalog without translating it here: for values that
    are compared or stored in English and translated where they are shown."""
    return message


_ = gettext
_l = lazy_gettext


def language_middleware(app: ASGIApp) -> ASGIApp:
    """Speaks the negotiated language for the rest of the request. Runs inside the
    session middleware, so a signed-in person's saved language is known."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
        user = scope.get("user")
        language = negotiate(
            connection.cookies.get(LANGUAGE_COOKIE),
            getattr(user, "language", ""),
            connection.headers.get("accept-language", ""),
        )
        header = (b"content-language", language.encode())

        async def send_with_language(message: Message) -> None:
            # Says which language a page is in; the service worker refreshes its
            # offline copies when this changes.
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        with speaking(language):
            await app(scope, receive, send_with_language)

    return middleware

"""The language pipeline: negotiation in one place, and a Spanish catalog that
covers every string the code and templates can show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from server.web.i18n import (
    LOCALES_DIR,
    from_accept_language,
    gettext,
    language_name,
    languages,
    lazy_gettext,
    negotiate,
    speaking,
)

REPO = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]")


def extracted() -> dict[str, str | tuple[str, ...]]:
    """msgid -> the message (a plural pair for ngettext), as `pybabel extract
    -F babel.cfg -k _l` finds them."""
    with (REPO / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found: dict[str, str | tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords=keywords
    ):
        key = message[0] if isinstance(message, tuple) else message
        if key:
            found[key] = message
    return found


def test_the_choice_beats_the_account_beats_the_browser_beats_english() -> None:
    assert negotiate("es", "en", "en-US,en") == "es"
    assert negotiate("en", "es", "es-MX") == "en"
    assert negotiate(None, "es", "en-US") == "es"
    assert negotiate("", "", "es-MX,es;q=0.9,en;q=0.8") == "es"
    assert negotiate("", "", "de-DE,de;q=0.9") == "en"
    # A language we do not speak is passed over, not an error.
    assert negotiate("xx", "", "fr-FR,es;q=0.5") == "es"


def test_the_browser_header_is_read_by_its_weights() -> None:
    assert from_accept_language("en;q=0.4, es-419;q=0.9") == "es"
    assert from_accept_language("es;q=0, en") == "en"
    assert from_accept_language("es;q=nonsense, en") == "en"
    assert from_accept_language("") == ""
    assert from_accept_language("de-DE, es;q=0.5, EN-us;q=0.8") == "en"
    assert from_accept_language("*;q=0.1, es-419;q=0.2") == "es"
    assert from_accept_language("en;q=0.0, es;q=0.001") == "es"


def test_languages_are_the_catalogs_present() -> None:
    on_disk = {po.parent.parent.name for po in LOCALES_DIR.glob("*/LC_MESSAGES/*.po")}
    assert set(languages()) == {"en"} | on_disk
    assert "es" in languages()
    assert language_name("es") == "Español"


def test_lazy_text_speaks_the_language_of_whoever_reads_it() -> None:
    label = lazy_gettext("Get help now")
    with speaking("es"):
        spanish = str(label)
    assert str(label) == "Get help now"
    assert spanish != "Get help now" and spanish == gettext_in("es", "Get help now")


def test_the_plan_cards_words_are_fixed_once_per_language() -> None:
    """cards_in() turns the cards' lazy words into text once per language: each
    language's copy reads in that language, whoever asks and in whatever language
    the asking request speaks."""
    from server.safety_plan.cards import CARDS, cards_in

    with speaking("en"):
        spanish = cards_in("es")
    english = cards_in("en")
    assert [card.slug for card in spanish] == [card.slug for card in CARDS]
    for card, es, en in zip(CARDS, spanish, english, strict=True):
        assert type(es.title) is str and type(es.examples[0]) is str
        with speaking("en"):
            assert en.title == str(card.title)
        assert es.title == gettext_in("es", en.title) != en.title
        assert es.prompt == gettext_in("es", en.prompt)
        assert es.item_label == gettext_in("es", en.item_label)


def gettext_in(language: str, message: str) -> str:
    with speaking(language):
        return gettext(message)


@pytest.mark.parametrize("language", [code for code in languages() if code != "en"])
def test_every_string_is_translated_with_the_same_placeholders(language: str) -> None:
    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    missing, fuzzy, broken = [], [], []
    for msgid in extracted():
        entry = catalog.get(msgid)
        translations = (
            (
                entry.string
                if entry and isinstance(entry.string, tuple)
                else (entry.string,)
            )
            if entry
            else ("",)
        )
        if not entry or not all(translations):
            missing.append(msgid)
            continue
        if entry.fuzzy:
            fuzzy.append(msgid)
        wanted = sorted(set(PLACEHOLDER.findall(msgid)) - {"%d"})
        for text in translations:
            have = sorted(set(PLACEHOLDER.findall(text)) - {"%d"})
            if have != wanted:
                broken.append((msgid, text))
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, fuzzy[:5]
    assert not broken, broken[:5]

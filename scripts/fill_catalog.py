"""Fill a catalog's empty entries from a dict of translations (a translator's
working file): `python scripts/fill_catalog.py es path/to/translations.py`.
Entries already translated are left alone; nothing is marked fuzzy."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALES = Path(__file__).resolve().parent.parent / "server" / "locales"


def main(language: str, source: str) -> None:
    translations = runpy.run_path(source)["T"]
    path = LOCALES / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=language)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        text = translations.get(key)
        if text is None:
            continue
        if isinstance(message.id, str):
            if not message.string:
                message.string = text
                filled += 1
        elif not all(message.string):
            one, other = text
            forms = catalog.num_plurals
            message.string = tuple([one] + [other] * (forms - 1))
            filled += 1
    catalog.project, catalog.version = "Attune", "1.0"
    with path.open("wb") as file:
        write_po(file, catalog, omit_header=False, sort_output=True, width=88)
    left = sum(
        1
        for m in catalog
        if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
    )
    print(f"{filled} filled, {left} still empty")


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""Restore from an export: the file is read and checked whole, shown, then written in
one transaction.

Each feature makes an importer for each section of the export it reads back, in its
own `restore.py` (beside the exporter, its model's export_dict), with @restores: the
schema of one row (a msgspec Struct), a check that cleans rows the way the feature's
form does, and the function that writes what is new. Its manifest lists them, and
the app hands them all to the functions here: this module names no feature.

Between the upload and the confirmation, the checked rows travel in the confirm
form itself, sealed with the person's data key and stamped with the time: nothing of
the file is written to disk or to the database before the person agrees, any app
instance can finish the job, and a copy that is old, altered or someone else's does
not open.
"""

from __future__ import annotations

import asyncio
import base64
import re
import time
import zlib
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec
from babel.numbers import format_decimal
from tortoise.transactions import in_transaction

from server.crypto import DecryptionError, FieldCipher
from server.privacy import EXPORT_FORMAT, EXPORT_VERSION
from server.web.clock import utcnow
from server.web.i18n import _, current_language

# How long the confirm page's sealed copy of the file stays good.
PENDING_SECONDS = 3600
# How many unknown fields the confirm page names at most.
UNKNOWN_SHOWN = 20
# Fields of the export's top level that are not sections.
ENVELOPE = ("format", "version", "exported_at")


class RestoreError(ValueError):
    """What is wrong with the file, in words for the person (nothing was written)."""


@dataclass
class Restoring:
    """What an importer writes with: the receiving account, its cipher, the time."""

    user: Any
    cipher: FieldCipher
    now: datetime
    # What the result page should say besides the counts: keys of the importers'
    # `notes` ("notes-kept": "Where you had already written a note ... was kept.").
    notes: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Importer:
    section: str
    # One row of the section (or the whole section when `single`).
    schema: type[msgspec.Struct]
    # Raises RestoreError for a row the feature's form would refuse; returns the
    # rows to write (cleaned as the form cleans them).
    check: Callable[[list[Any]], list[Any]]
    # Writes what is not there yet; returns how many were new.
    write: Callable[[Restoring, list[Any]], Awaitable[int]]
    # "12 reflections", in the reader's language.
    counted: Callable[[int], str]
    single: bool = False
    # Other sections of the export this one stands for (a plan's own row, made
    # again with its entries): neither restored nor reported as left out.
    covers: tuple[str, ...] = ()
    # Sentences the result page may add, by key (lazy strings).
    notes: Mapping[str, str] = field(default_factory=dict)
    # Where the section comes in the summaries (and the writing): lower first.
    rank: int = 50


# Every importer by its section, in the order sections are summarised and written.
Importers = Mapping[str, Importer]


def by_section(importers: Iterable[Importer]) -> Importers:
    return {i.section: i for i in sorted(importers, key=lambda i: i.rank)}


def restores(
    section: str,
    schema: type[msgspec.Struct],
    *,
    check: Callable[[list[Any]], list[Any]],
    counted: Callable[[int], str],
    single: bool = False,
    covers: tuple[str, ...] = (),
    notes: Mapping[str, str] | None = None,
    rank: int = 50,
) -> Callable[[Callable[[Restoring, list[Any]], Awaitable[int]]], Importer]:
    """The importer of one section of an export, around the function that writes
    it back."""

    def importer(write: Callable[[Restoring, list[Any]], Awaitable[int]]) -> Importer:
        return Importer(
            section, schema, check, write, counted, single, covers, notes or {}, rank
        )

    return importer


@dataclass
class ReadExport:
    """A checked export: its rows by section, and what was left out."""

    sections: dict[str, list[Any]]
    # What reads the sections back (and names them in a summary).
    importers: Importers = field(repr=False)
    # Fields or sections this Attune does not know ("reflections.mood").
    unknown: list[str] = field(default_factory=list)
    # Known sections that are never restored (sign-ins, devices, share links).
    not_restored: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.sections.items() if rows}

    def summary(self) -> list[str]:
        """What the file holds, a line per section: "12 reflections"."""
        return summarise(self.counts(), self.importers)


def summarise(counts: dict[str, int], importers: Importers) -> list[str]:
    return [
        importers[name].counted(n)
        for name, n in counts.items()
        if n and name in importers
    ]


def number(n: float) -> str:
    """A count as the reader writes numbers ("1,000", "1.000")."""
    return format_decimal(n, locale=current_language())


def size_message(limit: int) -> str:
    return _("A file up to %(size)s MB can be restored.") % {
        "size": number(limit / 1_000_000)
    }


def too_large_message(limit: int) -> str:
    return (
        _("This file is larger than Attune can read at once.")
        + " "
        + size_message(limit)
    )


def read_export(
    raw: bytes, importers: Importers, exported: Collection[str]
) -> ReadExport:
    """Decode and check a whole export (whose `exported` sections are known, and
    read back by `importers`); RestoreError says what is wrong."""
    try:
        document = msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        if "truncated" in str(exc):
            raise RestoreError(
                _(
                    "This file ends too soon: it may not have finished downloading. "
                    "Download your export again and choose the new file."
                )
            ) from None
        raise _damaged() from None
    except (UnicodeDecodeError, RecursionError):  # invalid UTF-8; nesting past reason
        raise _damaged() from None
    if isinstance(document, dict) and _made_before_versions(document):
        document = {**document, "format": EXPORT_FORMAT, "version": EXPORT_VERSION}
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise RestoreError(
            _(
                "This is not an Attune export. Choose the file Attune gave you, "
                "named like attune-export-2025-03-14.json."
            )
        )
    version = document.get("version")
    if "version" not in document:
        raise _missing("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _wrong("version")
    if version > EXPORT_VERSION:
        raise RestoreError(
            _(
                "This export was made by a newer Attune (format version "
                "%(version)s). This one reads up to version %(supported)s."
            )
            % {"version": version, "supported": EXPORT_VERSION}
        )
    covered = {name for importer in importers.values() for name in importer.covers}
    read = ReadExport(sections={}, importers=importers)
    for key, value in document.items():
        if key in importers or key in ENVELOPE or key in covered:
            continue
        if key not in exported:
            read.unknown.append(key)
        elif value:
            read.not_restored.append(key)
    for name, importer in importers.items():
        value = document.get(name, {} if importer.single else [])
        if importer.single:
            value = [value]
        elif not isinstance(value, list):
            raise _wrong(name)
        read.unknown += _unknown_fields(name, value, importer.schema)
        try:
            rows = msgspec.convert(value, _list_of(importer.schema))
        except msgspec.ValidationError as exc:
            raise _invalid(name, str(exc), importer.single) from None
        read.sections[name] = importer.check(rows)
    # Named, not listed in full: a file of strange keys must not make a huge page.
    read.unknown = sorted(dict.fromkeys(read.unknown))[:UNKNOWN_SHOWN]
    return read


def _made_before_versions(document: dict[str, Any]) -> bool:
    """An export downloaded before exports said their format (2026-12): the same
    fields, without `format` and `version`. People who left with one can come back."""
    account = document.get("account")
    return (
        "format" not in document
        and "version" not in document
        and isinstance(document.get("exported_at"), str)
        and isinstance(account, dict)
        and "username" in account
    )


def _list_of(schema: type[msgspec.Struct]) -> Any:
    return list.__class_getitem__(schema)


def _unknown_fields(
    section: str, rows: list[Any], schema: type[msgspec.Struct]
) -> list[str]:
    known = {f.encode_name for f in msgspec.structs.fields(schema)}
    found: dict[str, None] = {}
    for row in rows:
        if isinstance(row, dict):
            found.update({f"{section}.{key}": None for key in row if key not in known})
    return list(found)


MISSING = re.compile(r"Object missing required field `([^`]+)` - at `\$(.*)`")
AT = re.compile(r" - at `\$(.*)`$")


def _invalid(section: str, problem: str, single: bool) -> RestoreError:
    """msgspec's message (English, for developers) -> the field's name and place,
    like "reflections[3].occurred_on"."""
    missing = MISSING.match(problem)
    where = AT.search(problem)
    path = missing.group(2) if missing else where.group(1) if where else ""
    if single:
        path = path.removeprefix("[0]")
    if missing:
        return _missing(f"{section}{path}.{missing.group(1)}")
    return _wrong(f"{section}{path}")


def _missing(name: str) -> RestoreError:
    return RestoreError(
        _("This file is missing “%(field)s”, which an Attune export always has.")
        % {"field": name}
    )


def _wrong(name: str) -> RestoreError:
    return RestoreError(
        _("“%(field)s” in this file is not as Attune writes it.") % {"field": name}
    )


def _damaged() -> RestoreError:
    return RestoreError(
        _(
            "This file is damaged: it is not the text Attune writes. Download your "
            "export again and choose the new file."
        )
    )


def problem_in(where: str, problem: str) -> RestoreError:
    """A row the feature's form would refuse: where it is, and the form's words."""
    return RestoreError(
        _("In %(where)s: %(problem)s") % {"where": where, "problem": problem}
    )


# --- Carrying the checked file to the confirmation -------------------------------


def _bound(user_id: object) -> dict[str, Any]:
    return {"table": "restore", "row_id": user_id, "field": "pending"}


def seal_pending(read: ReadExport, cipher: FieldCipher, user_id: object) -> str:
    """The checked rows, compressed and sealed for this account, stamped now."""
    packed = msgspec.json.encode(
        {"issued": int(time.time()), "sections": read.sections}
    )
    text = base64.b64encode(zlib.compress(packed, 6)).decode()
    return cipher.encrypt(text, **_bound(user_id))


def open_pending(
    token: str, cipher: FieldCipher, user_id: object, importers: Importers
) -> ReadExport:
    """The rows sealed by seal_pending, checked again through the same schemas."""
    expired = RestoreError(
        _("That confirmation has expired. Please choose the file again.")
    )
    try:
        text = cipher.decrypt(token, **_bound(user_id))
        document = msgspec.json.decode(zlib.decompress(base64.b64decode(text)))
        if time.time() - document["issued"] > PENDING_SECONDS:
            raise expired
        # Checked again: a deploy in between may have changed a schema.
        sections = {
            name: msgspec.convert(rows, _list_of(importers[name].schema))
            for name, rows in document["sections"].items()
            if name in importers
        }
    except (
        DecryptionError,
        ValueError,  # bad base64, msgspec's DecodeError and ValidationError
        zlib.error,
        KeyError,
        TypeError,
    ):
        raise expired from None
    return ReadExport(sections=sections, importers=importers)


# --- Writing ------------------------------------------------------------------------


@dataclass
class Restored:
    """How much of each section was new, of how many in the file, and the keys of
    anything worth saying about the rest."""

    new: dict[str, int]
    of: dict[str, int]
    notes: list[str]

    @property
    def total(self) -> int:
        return sum(self.new.values())


def note_texts(keys: list[str], importers: Importers) -> list[str]:
    """The sentences for these note keys, in the reader's language."""
    texts: dict[str, str] = {}
    for importer in importers.values():
        texts.update(importer.notes)
    return [str(texts[key]) for key in keys if key in texts]


async def write_export(
    read: ReadExport, user: Any, cipher: FieldCipher, now: datetime | None = None
) -> Restored:
    """Write every section in one transaction: all of it, or (on any error) none."""
    importers = read.importers
    context = Restoring(user=user, cipher=cipher, now=now or utcnow())
    new: dict[str, int] = {}
    async with in_transaction():
        for name, importer in importers.items():
            rows = read.sections.get(name) or []
            if rows:
                new[name] = await importer.write(context, rows)
    return Restored(new=new, of=read.counts(), notes=sorted(context.notes))


async def read_export_off_loop(
    raw: bytes, importers: Importers, exported: Collection[str]
) -> ReadExport:
    """read_export in a worker thread: a large file does not hold the event loop.
    (The thread runs in a copy of this context, so it speaks the reader's language.)"""
    return await asyncio.to_thread(read_export, raw, importers, exported)

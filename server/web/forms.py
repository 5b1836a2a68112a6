"""Small form classes: per-field cleaning, messages written for people, values kept."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from babel.numbers import format_decimal
from litestar import Request

from server.web.i18n import _, current_language


class FieldError(ValueError):
    """Raised by a clean_<field> method with the message shown next to the field."""


def _as_text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""  # an uploaded file where text was expected
    # PostgreSQL text cannot hold NUL; nobody types one on purpose.
    return value.replace("\x00", "")


def _get(data: Any, name: str) -> Any:
    if name not in data:
        return None
    return data.getall(name) if hasattr(data, "getall") else data.get(name)


class Form:
    """Subclasses list `fields` (single values) and `multi_fields` (checkbox lists),
    set `max_lengths`, and may define `clean_<name>(value)`, `clean_field(name,
    value)` for the rest, and `clean()`."""

    fields: ClassVar[tuple[str, ...]] = ()
    multi_fields: ClassVar[tuple[str, ...]] = ()
    max_lengths: ClassVar[dict[str, int]] = {}
    default_max_length: ClassVar[int] = 10_000

    def __init__(self, data: Any = None, initial: Mapping[str, Any] | None = None):
        self.values: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self.cleaned: dict[str, Any] = {}
        self.bound = data is not None
        for name in self.fields:
            if data is None:
                self.values[name] = (initial or {}).get(name, "")
            else:
                got = _get(data, name)
                if isinstance(got, list):
                    got = got[0] if got else ""
                self.values[name] = _as_text(got) if got is not None else ""
        for name in self.multi_fields:
            if data is None:
                self.values[name] = list((initial or {}).get(name, []))
            else:
                got = _get(data, name)
                if got is None:
                    got = []
                elif not isinstance(got, list):
                    got = [got]
                self.values[name] = [_as_text(v) for v in got if _as_text(v)]

    @classmethod
    async def from_request(cls, request: Request, **kwargs: Any) -> Any:
        return cls(await request.form(), **kwargs)

    def is_valid(self) -> bool:
        for name in (*self.fields, *self.multi_fields):
            value = self.values[name]
            limit = self.max_lengths.get(name, self.default_max_length)
            if isinstance(value, str) and len(value) > limit:
                self.errors[name] = _(
                    "Please keep this under %(limit)s characters."
                ) % {"limit": format_decimal(limit, locale=current_language())}
                continue
            clean = getattr(self, f"clean_{name}", None)
            try:
                if clean is not None:
                    self.cleaned[name] = clean(value)
                else:
                    self.cleaned[name] = self.clean_field(name, value)
            except FieldError as exc:
                self.errors[name] = str(exc)
        if not self.errors:
            try:
                self.clean()
            except FieldError as exc:
                self.errors.setdefault("__all__", str(exc))
        return not self.errors

    def clean_field(self, name: str, value: Any) -> Any:
        """A field without its own clean_<name>: text is trimmed."""
        return value.strip() if isinstance(value, str) else value

    def clean(self) -> None:
        """Checks that need several fields."""

    def add_error(self, name: str, message: str) -> None:
        self.errors[name] = message

"""Forms of the lesson card: done/save switches and the private note."""

from __future__ import annotations

from typing import ClassVar

from server.web.forms import FieldError, Form
from server.web.i18n import _
from server.web.pages import safe_next


class SwitchForm(Form):
    """`value` "1" turns on, "0" turns off (so a repeated post changes nothing);
    empty toggles. `next` is where to go back to."""

    fields: ClassVar[tuple[str, ...]] = ("value", "next")
    max_lengths: ClassVar[dict[str, int]] = {"value": 10, "next": 300}

    def clean_value(self, value: str) -> bool | None:
        value = value.strip()
        if value == "":
            return None
        if value in {"0", "1"}:
            return value == "1"
        raise FieldError(_("Please use the button on the card."))

    def clean_next(self, value: str) -> str:
        return safe_next(value.strip(), default="")


NOTE_MAX = 4000


class NoteForm(Form):
    fields: ClassVar[tuple[str, ...]] = ("text",)
    max_lengths: ClassVar[dict[str, int]] = {"text": NOTE_MAX}

    def clean_text(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise FieldError(
                _(
                    "There is nothing to keep yet. Write a few words, or leave it: "
                    "the note is optional."
                )
            )
        return value

from __future__ import annotations

import re
from typing import Any

from server.places.crisis_lines import is_known_country
from server.web.forms import FieldError, Form
from server.web.i18n import _, ngettext
from server.web.timezones import canonical_zone

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
MIN_PASSPHRASE = 10
MAX_PASSPHRASE = 200
# The most common choices in breach lists that pass the length rule.
COMMON_PASSPHRASES = {
    "1234567890", "0123456789", "qwertyuiop", "password12", "password123",
    "iloveyou123", "abcdefghij", "1111111111", "passphrase", "letmein123",
    "qwerty1234", "welcome123", "attuneattune",
}  # fmt: skip


def clean_timezone(value: str) -> str:
    zone = canonical_zone(value)
    if zone is None:
        raise FieldError(_("Choose a time zone from the list, like Europe/London."))
    return zone


def clean_username(value: str) -> str:
    name = value.strip().lower()
    if not name:
        raise FieldError(_("Choose a username."))
    if not USERNAME.match(name):
        raise FieldError(
            _(
                "Use 3 to 32 letters, numbers, dots, dashes or underscores, "
                "starting with a letter or number."
            )
        )
    return name


def clean_new_passphrase(value: str) -> str:
    if len(value) < MIN_PASSPHRASE:
        raise FieldError(
            ngettext(
                "Use at least %(num)d character. A few words you will "
                "remember work well.",
                "Use at least %(num)d characters. A few words you will "
                "remember work well.",
                MIN_PASSPHRASE,
            )
            % {"num": MIN_PASSPHRASE}
        )
    if len(value) > MAX_PASSPHRASE:
        raise FieldError(
            ngettext(
                "Please keep it under %(num)d character.",
                "Please keep it under %(num)d characters.",
                MAX_PASSPHRASE,
            )
            % {"num": MAX_PASSPHRASE}
        )
    if value.lower() in COMMON_PASSPHRASES or len(set(value)) < 4:
        raise FieldError(_("That one is easy to guess. Try a few words of your own."))
    return value


def clean_known_username(value: str) -> str:
    """Sign-in and recovery: any name is looked up (an impossible one just fails)."""
    name = value.strip().lower()
    if not name:
        raise FieldError(_("Enter your username."))
    return name


class NewPassphraseForm(Form):
    """A new passphrase typed twice."""

    def clean_passphrase(self, value: str) -> str:
        return clean_new_passphrase(value)

    def clean_passphrase_confirm(self, value: str) -> str:
        if value != self.values["passphrase"]:
            raise FieldError(_("The two passphrases are not the same."))
        return value


class RegisterForm(NewPassphraseForm):
    fields = ("username", "passphrase", "passphrase_confirm", "timezone")
    max_lengths = {
        "username": 100,
        "passphrase": 1000,
        "passphrase_confirm": 1000,
        "timezone": 64,
    }

    def clean_timezone(self, value: str) -> str:
        # Left out (an old page, a script): the server's guess is used instead.
        return clean_timezone(value) if value.strip() else ""

    def clean_username(self, value: str) -> str:
        return clean_username(value)

    def clean(self) -> None:
        if self.cleaned["passphrase"].lower() == self.cleaned["username"]:
            self.add_error("passphrase", _("Your passphrase cannot be your username."))


class LoginForm(Form):
    fields = ("username", "passphrase", "next")
    max_lengths = {"username": 100, "passphrase": 1000, "next": 500}

    def clean_username(self, value: str) -> str:
        return clean_known_username(value)

    def clean_passphrase(self, value: str) -> str:
        if not value:
            raise FieldError(_("Enter your passphrase."))
        return value


class RecoverForm(Form):
    fields = ("username", "code", "passphrase")
    max_lengths = {"username": 100, "code": 100, "passphrase": 1000}

    def clean_username(self, value: str) -> str:
        return clean_known_username(value)

    def clean_code(self, value: str) -> str:
        if not value.strip():
            raise FieldError(_("Enter the recovery code you saved when you signed up."))
        return value.strip()

    def clean_passphrase(self, value: str) -> str:
        return clean_new_passphrase(value)


class ChangePassphraseForm(NewPassphraseForm):
    fields = ("current", "passphrase", "passphrase_confirm")
    max_lengths = {"current": 1000, "passphrase": 1000, "passphrase_confirm": 1000}

    def clean_current(self, value: str) -> str:
        if not value:
            raise FieldError(_("Enter your current passphrase."))
        return value


class PreferencesForm(Form):
    fields = ("country", "timezone")
    max_lengths = {"country": 10, "timezone": 64}

    def clean_country(self, value: str) -> str:
        code = value.strip().upper()
        if not code:
            return ""  # "not set": Attune decides, and says it is a guess
        if not is_known_country(code):
            raise FieldError(_("Choose a country from the list."))
        return code

    def clean_timezone(self, value: str) -> str:
        return clean_timezone(value)


class TimezoneForm(Form):
    fields = ("timezone", "next")
    max_lengths = {"timezone": 64, "next": 500}

    def clean_timezone(self, value: str) -> str:
        return clean_timezone(value)


# A passkey's answer (JSON from the browser) posted in a hidden field.
CREDENTIAL_MAX = 20_000


class AddPassphraseForm(NewPassphraseForm):
    """A first passphrase for an account that signs in with passkeys, confirmed
    with the recovery code or one of its passkeys (`credential`)."""

    fields = ("code", "credential", "passphrase", "passphrase_confirm")
    max_lengths = {
        "code": 100,
        "credential": CREDENTIAL_MAX,
        "passphrase": 1000,
        "passphrase_confirm": 1000,
    }

    def clean(self) -> None:
        if not (self.cleaned["code"] or self.cleaned["credential"]):
            self.add_error(
                "code", _("Enter your recovery code, or confirm with a passkey.")
            )


class ConfirmForm(Form):
    """Confirming a grave step: the passphrase, or for an account without one, the
    recovery code or a passkey."""

    fields = ("passphrase", "code", "credential")
    max_lengths = {"passphrase": 1000, "code": 100, "credential": CREDENTIAL_MAX}

    def __init__(self, data: Any = None, *, has_passphrase: bool = True) -> None:
        super().__init__(data)
        self.has_passphrase = has_passphrase

    def clean(self) -> None:
        if self.has_passphrase and not self.cleaned["passphrase"]:
            self.add_error("passphrase", _("Enter your passphrase to confirm."))
        elif not self.has_passphrase and not (
            self.cleaned["code"] or self.cleaned["credential"]
        ):
            self.add_error(
                "code", _("Enter your recovery code, or confirm with a passkey.")
            )

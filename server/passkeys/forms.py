from __future__ import annotations

from server.accounts.forms import CREDENTIAL_MAX, clean_timezone, clean_username
from server.passkeys.models import NAME_MAX
from server.web.forms import FieldError, Form
from server.web.i18n import _


class CredentialForm(Form):
    """A passkey's answer, posted by passkeys.js in a hidden field."""

    fields = ("credential", "next", "name")
    max_lengths = {"credential": CREDENTIAL_MAX, "next": 500, "name": 500}

    def clean_credential(self, value: str) -> str:
        if not value.strip():
            raise FieldError(_("Your device did not answer. Please try again."))
        return value


class PasskeySignupForm(Form):
    """Sign-up with a passkey: the username and time zone of the sign-up form; the
    passphrase fields are left empty."""

    fields = ("username", "timezone")
    max_lengths = {"username": 100, "timezone": 64}

    def clean_username(self, value: str) -> str:
        return clean_username(value)

    def clean_timezone(self, value: str) -> str:
        # Left out (a script of another page): the server's guess is used.
        return clean_timezone(value) if value.strip() else ""


class RenameForm(Form):
    fields = ("name",)
    max_lengths = {"name": NAME_MAX}

    def clean_name(self, value: str) -> str:
        name = " ".join(value.split())
        if not name:
            raise FieldError(_("Give it a name, like the phone it is on."))
        return name

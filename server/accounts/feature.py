"""The accounts feature as the app sees it (server/feature.py)."""

from __future__ import annotations

from server.accounts import restore, routes
from server.accounts.auth import session_middleware
from server.accounts.models import Session
from server.accounts.restore_page import RestoreController
from server.feature import Feature
from server.privacy import PersonalData
from server.web.i18n import _l

FEATURE = Feature(
    name="accounts",
    routes=(routes.AccountController, routes.SettingsController, RestoreController),
    flash_messages=routes.FLASH_MESSAGES,
    field_labels={
        "account": _l("Account"),
        "sessions": _l("Sessions"),
        "username": _l("Username"),
        "country": _l("Country"),
        "language": _l("Language"),
        "signed_in_at": _l("Signed in at"),
        "last_seen_at": _l("Last seen at"),
        # Posted only (shown back on the page that keeps a form in an outage).
        "passphrase": _l("Passphrase"),
        "passphrase_confirm": _l("Passphrase confirm"),
        "current": _l("Current"),
        "code": _l("Code"),
    },
    models="server.accounts.models",
    personal_data=(PersonalData(Session, "sessions", order_by=("created_at",)),),
    importers=(restore.restore_account,),
    sections={
        "settings": "settings",
        "login": "signin",
        "register": "signin",
        "recover": "signin",
    },
    form_controls=frozenset({"next"}),
    middleware=(session_middleware,),
)

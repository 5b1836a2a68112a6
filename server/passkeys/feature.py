"""Passkeys as the app sees them (server/feature.py)."""

from __future__ import annotations

from server.feature import Feature
from server.passkeys import routes
from server.passkeys.models import Passkey
from server.privacy import PersonalData
from server.web.i18n import _l

FEATURE = Feature(
    name="passkeys",
    routes=routes.ROUTES,
    flash_messages=routes.FLASH_MESSAGES,
    field_labels={
        "passkeys": _l("Passkeys"),
        "name": _l("Name"),
        "credential_id": _l("Credential id"),
        "last_used_at": _l("Last used at"),
        "synced": _l("Synced"),
    },
    models="server.passkeys.models",
    personal_data=(PersonalData(Passkey, "passkeys", order_by=("created_at",)),),
    template_globals={"passkeys_offered": routes.passkeys_offered},
)

"""Text the page scripts show (push statuses, the timer, the
share buttons): declared here so it is extracted and translated with the rest;
base.html hands it to the scripts as one JSON block in the page's language."""

from __future__ import annotations

import json
from functools import lru_cache

from markupsafe import Markup

from server.web.i18n import _l, speaking

SCRIPT_TEXT = {
    "copied": _l("Copied. Paste it into a message to the person you chose."),
    "selected": _l("The link is selected: copy it with your device's own menu."),
    "sharedTitle": _l("My safety plan"),
    "codeCopied": _l("Copied. Keep it somewhere safe, away from this phone."),
    "pushBlocked": _l(
        "Notifications are blocked for Attune in this browser. To get the "
        "reminder, allow notifications for this site in your browser’s settings, "
        "then tap the button again."
    ),
    "pushLater": _l("No problem. Tap the button again whenever you are ready."),
    "pushFailed": _l(
        "We could not set up notifications on this device just now. Please try "
        "again in a moment."
    ),
    "pushAsking": _l("Asking your browser for permission…"),
    "pushSettingUp": _l("Setting up this device…"),
    "pushWillGet": _l("This device will get your reminder."),
    "pushGets": _l("This device gets your reminder."),
    "timeUp": _l("Time is up. Take a moment before you move on."),
    "timerStarted": _l("Timer started: %(time)s. Follow the steps at your own pace."),
    "timerStopped": _l(
        "Timer stopped. That is fine; you can come back to it any time."
    ),
    "passkeyClosed": _l(
        "The passkey request closed before it finished. Nothing has changed."
    ),
    "passkeyExists": _l("This device already has a passkey for your account."),
    "passkeyFailed": _l("The passkey could not be used just now. Please try again."),
    "passkeyUnsupported": _l(
        "This browser does not offer passkeys. Your passphrase works as always."
    ),
    "oneMinute": _l("1 minute"),
    "minutes": _l("%(num)s minutes"),
}


@lru_cache(maxsize=8)
def script_text_json(language: str) -> Markup:
    """The JSON for <script type="application/json" id="attune-text">; "<" is
    escaped so no text can close the element."""
    with speaking(language):
        text = {key: str(value) for key, value in SCRIPT_TEXT.items()}
    return Markup(json.dumps(text, ensure_ascii=False).replace("<", "\\u003c"))

"""The reminder form and the checks on a browser's push subscription."""

from __future__ import annotations

import binascii
import ipaddress
import re
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

import msgspec
from cryptography.hazmat.primitives.asymmetric import ec

from server.crypto import b64url_decode
from server.web.forms import FieldError, Form
from server.web.i18n import _
from server.web.timezones import canonical_zone

TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$")

# The browsers' push services (RFC 8030 endpoints). Anything else is refused, so a
# subscription cannot point the dispatcher at an internal address (SSRF).
PUSH_HOSTS = {
    "fcm.googleapis.com",  # Chrome, Edge on Android, Opera, Samsung Internet
    "updates.push.services.mozilla.com",  # Firefox
    "web.push.apple.com",  # Safari, and every browser on iOS/iPadOS
}
PUSH_HOST_SUFFIXES = (".push.services.mozilla.com", ".notify.windows.com")
MAX_ENDPOINT = 1024


class ReminderForm(Form):
    fields = ("enabled", "time", "timezone")
    max_lengths = {"enabled": 10, "time": 8, "timezone": 64}

    def clean_enabled(self, value: str) -> bool:
        # The submit buttons carry on/off; pressing Enter submits the first ("on").
        value = value.strip() or "on"
        if value not in ("on", "off"):
            raise FieldError(_("Choose to turn reminders on or off."))
        return value == "on"

    def clean_time(self, value: str) -> str:
        match = TIME.match(value.strip())
        if not match:
            raise FieldError(_("Choose a time like 08:30."))
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    def clean_timezone(self, value: str) -> str:
        zone = canonical_zone(value)
        if zone is None:
            raise FieldError(
                _("Choose your time zone from the list, like Europe/Paris.")
            )
        return zone


class SubscriptionRefused(ValueError):
    """The posted subscription cannot be used; the message is safe to show."""


def host_allowed(endpoint: str, extra_hosts: tuple[str, ...]) -> bool:
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password or "\\" in endpoint:
        return False
    netloc = f"{host}:{port}" if port else host
    if netloc in extra_hosts:
        # Test push services on 127.0.0.1 may use plain http; only when listed.
        return parts.scheme in ("https", "http")
    if parts.scheme != "https" or port not in (None, 443):
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return False
    return host in PUSH_HOSTS or host.endswith(PUSH_HOST_SUFFIXES)


# What a browser posts, declared once: anything else (wrong types, deep nesting,
# over-long or non-ASCII strings, NUL, invalid UTF-8) fails to decode -> 422.
Endpoint = Annotated[
    str, msgspec.Meta(min_length=1, max_length=MAX_ENDPOINT, pattern=r"^[\x21-\x7e]+$")
]
Key = Annotated[str, msgspec.Meta(max_length=200, pattern=r"^[A-Za-z0-9_-]+=*$")]


class _Keys(msgspec.Struct):
    p256dh: Key
    auth: Key


class _Subscription(msgspec.Struct, rename={"old_endpoint": "oldEndpoint"}):
    endpoint: Endpoint
    keys: _Keys
    old_endpoint: Annotated[
        str, msgspec.Meta(max_length=MAX_ENDPOINT, pattern=r"^[\x21-\x7e]*$")
    ] = ""


class _Unsubscribe(msgspec.Struct):
    endpoint: Endpoint


def _key(value: str, length: int, name: str) -> str:
    try:
        raw = b64url_decode(value.rstrip("="))
    except (binascii.Error, ValueError):
        raise SubscriptionRefused(
            f"The subscription's {name} key is not valid."
        ) from None
    if len(raw) != length:
        raise SubscriptionRefused(f"The subscription's {name} key is not valid.")
    return value.rstrip("=")


@dataclass(frozen=True)
class SubscriptionData:
    endpoint: str
    p256dh: str
    auth: str
    old_endpoint: str = ""


def parse_subscription(body: bytes, extra_hosts: tuple[str, ...]) -> SubscriptionData:
    """A PushSubscription.toJSON() as posted by push.js or the service worker."""
    try:
        data = msgspec.json.decode(body, type=_Subscription)
    # A string that is not UTF-8 raises UnicodeDecodeError, not DecodeError.
    except (msgspec.DecodeError, UnicodeDecodeError):
        raise SubscriptionRefused(
            "Send the subscription as JSON, as the browser gives it."
        ) from None
    if not host_allowed(data.endpoint, extra_hosts):
        raise SubscriptionRefused("That push service is not one we can send to.")
    p256dh = _key(data.keys.p256dh, 65, "p256dh")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), b64url_decode(p256dh)
        )
    except ValueError:
        raise SubscriptionRefused(
            "The subscription's p256dh key is not valid."
        ) from None
    auth = _key(data.keys.auth, 16, "auth")
    return SubscriptionData(data.endpoint, p256dh, auth, data.old_endpoint)


def parse_unsubscribe(body: bytes) -> str:
    try:
        return msgspec.json.decode(body, type=_Unsubscribe).endpoint
    except (msgspec.DecodeError, UnicodeDecodeError):
        raise SubscriptionRefused("Send the endpoint to remove.") from None

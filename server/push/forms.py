"""The reminder form and the checks on a browser's push subscription."""

from __future__ import annotations

import binascii
import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from cryptography.hazmat.primitives.asymmetric import ec

from server.push.vapid import b64url_decode
from server.web.forms import FieldError, Form

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


@lru_cache(maxsize=1)
def timezone_names() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z or z == "UTC")


class ReminderForm(Form):
    fields = ("enabled", "time", "timezone")
    max_lengths = {"enabled": 10, "time": 8, "timezone": 64}

    def clean_enabled(self, value: str) -> bool:
        # The submit buttons carry on/off; pressing Enter submits the first ("on").
        value = value.strip() or "on"
        if value not in ("on", "off"):
            raise FieldError("Choose to turn reminders on or off.")
        return value == "on"

    def clean_time(self, value: str) -> str:
        match = TIME.match(value.strip())
        if not match:
            raise FieldError("Choose a time like 08:30.")
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    def clean_timezone(self, value: str) -> str:
        value = value.strip()
        if value not in timezone_names():
            raise FieldError("Choose your time zone from the list, like Europe/Paris.")
        return value


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


def _key(value: Any, length: int, name: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]+=*", value):
        raise SubscriptionRefused(f"The subscription's {name} key is missing.")
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


def parse_subscription(data: Any, extra_hosts: tuple[str, ...]) -> SubscriptionData:
    """A PushSubscription.toJSON() as posted by push.js or the service worker."""
    if not isinstance(data, dict):
        raise SubscriptionRefused("Send the subscription as JSON.")
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT:
        raise SubscriptionRefused("The subscription has no endpoint.")
    if not host_allowed(endpoint, extra_hosts):
        raise SubscriptionRefused("That push service is not one we can send to.")
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise SubscriptionRefused("The subscription has no keys.")
    p256dh = _key(keys.get("p256dh"), 65, "p256dh")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), b64url_decode(p256dh)
        )
    except ValueError:
        raise SubscriptionRefused(
            "The subscription's p256dh key is not valid."
        ) from None
    auth = _key(keys.get("auth"), 16, "auth")
    old = data.get("oldEndpoint")
    return SubscriptionData(endpoint, p256dh, auth, old if isinstance(old, str) else "")

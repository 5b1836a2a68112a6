"""Passkeys: the options each ceremony starts with, and the checks of what the
browser answers (py_webauthn does the cryptography; this module keeps the
challenges, the relying party and the stored credentials)."""

from __future__ import annotations

import ipaddress
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_client_data_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from server.accounts.models import User
from server.crypto import FieldCipher
from server.passkeys.models import NAME_MAX, Passkey, PasskeyChallenge
from server.web.clock import utcnow
from server.web.i18n import _

RP_NAME = "Attune"
# Long enough to find the phone and look at it; short enough that a challenge
# copied from a page is soon worthless.
CHALLENGE_LIFETIME = timedelta(minutes=5)
# What py_webauthn (and the base64 and CBOR decoding under it) raises for an
# answer it cannot accept, malformed or forged.
REFUSALS = (WebAuthnException, ValueError, TypeError, KeyError, IndexError)


class PasskeyRefused(Exception):
    """An answer that is not accepted; str() is the message for the person, and
    `reason` says why, for tests (never shown: it may name the attempt)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _not_accepted(reason: str) -> PasskeyRefused:
    return PasskeyRefused(
        _("That passkey could not be used. Please try again."), reason
    )


def _expired(reason: str) -> PasskeyRefused:
    return PasskeyRefused(
        _("That took a little too long, or the page was used twice. Please try again."),
        reason,
    )


@dataclass(frozen=True)
class RelyingParty:
    """Who the passkeys belong to (`id`, a domain name) and the one page address
    their answers must come from."""

    id: str
    origin: str


def is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def relying_party(
    rp_id_setting: str, scheme: str, host: str, port: int | None
) -> RelyingParty | None:
    """The relying party for a request to scheme://host:port, or None where passkeys
    cannot work: an IP address (browsers refuse one as an RP ID), or a host that is
    not the configured RP ID nor below it."""
    host = host.lower()
    rp_id = (rp_id_setting or host).lower()
    if not host or not rp_id or is_ip_address(rp_id):
        return None
    if host != rp_id and not host.endswith("." + rp_id):
        return None
    default_port = {"http": 80, "https": 443}.get(scheme)
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    return RelyingParty(rp_id, f"{scheme}://{netloc}")


# --- Challenges ---------------------------------------------------------------


async def new_challenge(
    purpose: str,
    *,
    user_id: uuid.UUID | None = None,
    username: str = "",
    timezone: str = "",
    now: datetime | None = None,
) -> bytes:
    now = now or utcnow()
    # Old ones go as new ones come: the table stays a few rows long.
    await PasskeyChallenge.filter(expires_at__lte=now).delete()
    challenge = secrets.token_bytes(32)
    await PasskeyChallenge.create(
        challenge=bytes_to_base64url(challenge),
        purpose=purpose,
        user_id=user_id,
        username=username,
        timezone=timezone,
        expires_at=now + CHALLENGE_LIFETIME,
    )
    return challenge


def signed_challenge(credential: dict[str, Any]) -> str:
    """The challenge the browser signed, read from its client data."""
    try:
        data = parse_client_data_json(
            base64url_to_bytes(credential["response"]["clientDataJSON"])
        )
    except REFUSALS as exc:
        raise _not_accepted("malformed client data") from exc
    return bytes_to_base64url(data.challenge)


async def take_challenge(
    credential: dict[str, Any], purpose: str, now: datetime | None = None
) -> PasskeyChallenge:
    """The challenge this answer signed, used up: whatever the answer turns out to
    be, the same challenge never counts twice (here or on another instance)."""
    now = now or utcnow()
    key = signed_challenge(credential)
    row = await PasskeyChallenge.get_or_none(challenge=key)
    # Delete, then count what was deleted: of two requests racing with the same
    # answer, only one deletes the row.
    if row is None or not await PasskeyChallenge.filter(challenge=key).delete():
        raise _expired("unknown or used challenge")
    if row.expires_at <= now:
        raise _expired("expired challenge")
    if row.purpose != purpose:
        raise _not_accepted("challenge for another ceremony")
    return row


def parse_credential(text: str) -> dict[str, Any]:
    """The browser's answer as posted in a form field (JSON)."""
    try:
        credential = json.loads(text)
    except ValueError as exc:
        raise _not_accepted("not JSON") from exc
    if not isinstance(credential, dict) or not isinstance(credential.get("id"), str):
        raise _not_accepted("not a credential")
    return credential


# --- Options ------------------------------------------------------------------


def _descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    transports = []
    for name in filter(None, passkey.transports.split(",")):
        try:
            transports.append(AuthenticatorTransport(name))
        except ValueError:
            continue
    return PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(passkey.credential_id), transports=transports or None
    )


def creation_options(
    rp: RelyingParty,
    challenge: bytes,
    user_id: uuid.UUID,
    username: str,
    existing: list[Passkey],
) -> str:
    """navigator.credentials.create() options: a discoverable credential (so sign-in
    needs no username) with user verification (a fingerprint, face or PIN)."""
    return options_to_json(
        generate_registration_options(
            rp_id=rp.id,
            rp_name=RP_NAME,
            user_id=user_id.bytes,
            user_name=username,
            challenge=challenge,
            timeout=int(CHALLENGE_LIFETIME.total_seconds() * 1000),
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED,
                user_verification=UserVerificationRequirement.REQUIRED,
            ),
            # The same device is not offered twice for one account.
            exclude_credentials=[_descriptor(p) for p in existing],
        )
    )


def request_options(
    rp: RelyingParty, challenge: bytes, allowed: list[Passkey] | None = None
) -> str:
    """navigator.credentials.get() options: any of this site's passkeys (sign-in),
    or only the person's own (confirming an action)."""
    return options_to_json(
        generate_authentication_options(
            rp_id=rp.id,
            challenge=challenge,
            timeout=int(CHALLENGE_LIFETIME.total_seconds() * 1000),
            allow_credentials=[_descriptor(p) for p in allowed or []],
            user_verification=UserVerificationRequirement.REQUIRED,
        )
    )


# --- Checking answers -----------------------------------------------------------


@dataclass
class NewPasskey:
    """A verified new credential, not stored yet."""

    credential_id: str
    public_key: bytes
    sign_count: int
    backup_eligible: bool
    backed_up: bool
    transports: str


def check_new_passkey(
    credential: dict[str, Any], challenge: str, rp: RelyingParty
) -> NewPasskey:
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            require_user_verification=True,
        )
    except REFUSALS as exc:
        raise _not_accepted(str(exc)) from exc
    reported = credential.get("response", {}).get("transports") or []
    transports = [t for t in reported if isinstance(t, str)]
    return NewPasskey(
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        backup_eligible=verified.credential_device_type
        == CredentialDeviceType.MULTI_DEVICE,
        backed_up=verified.credential_backed_up,
        transports=",".join(transports)[:200],
    )


def check_assertion(
    credential: dict[str, Any], challenge: str, rp: RelyingParty, passkey: Passkey
) -> None:
    """Verify a sign-in answer against the stored key, then record its use. A
    counter that does not go up (once it has counted) is refused by py_webauthn:
    two authenticators with the same key, one of them a copy."""
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except REFUSALS as exc:
        raise _not_accepted(str(exc)) from exc
    handle = credential.get("response", {}).get("userHandle")
    if handle and handle != bytes_to_base64url(uuid.UUID(str(passkey.user_id)).bytes):
        raise _not_accepted("user handle of another account")
    passkey.sign_count = verified.new_sign_count
    passkey.backed_up = verified.credential_backed_up
    passkey.last_used_at = utcnow()


async def used_passkey(credential: dict[str, Any]) -> Passkey:
    passkey = await Passkey.get_or_none(
        credential_id=str(credential.get("id", ""))[:1400]
    ).select_related("user")
    if passkey is None:
        raise _not_accepted("unknown credential")
    return passkey


async def record_use(passkey: Passkey) -> None:
    await passkey.save(update_fields=["sign_count", "backed_up", "last_used_at"])


# --- A person's passkeys --------------------------------------------------------


def clean_name(name: str) -> str:
    return " ".join(name.split())[:NAME_MAX]


# (what the browser's User-Agent says, the name a person knows the device by)
_DEVICES = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "Chromebook"),
    ("Macintosh", "Mac"),
    ("Windows", "Windows"),
    ("Linux", "Linux"),
)


def device_name(hint: str, user_agent: str) -> str:
    """The name a new passkey starts with: the model the browser gave the page
    ("Pixel 8", from User-Agent Client Hints), else the kind of device its
    User-Agent names. The person can rename it."""
    named = clean_name(hint)
    if named:
        return named
    return next((name for marker, name in _DEVICES if marker in user_agent), "")


async def passkeys_of(user: User) -> list[Passkey]:
    return await Passkey.filter(user_id=user.pk).order_by("created_at")


async def store_passkey(
    user_id: uuid.UUID, new: NewPasskey, name: str, cipher: FieldCipher
) -> Passkey:
    if await Passkey.filter(credential_id=new.credential_id).exists():
        raise _not_accepted("credential already stored")
    passkey = Passkey(
        id=uuid.uuid4(),
        user_id=user_id,
        credential_id=new.credential_id,
        public_key=new.public_key,
        sign_count=new.sign_count,
        backup_eligible=new.backup_eligible,
        backed_up=new.backed_up,
        transports=new.transports,
    )
    passkey.seal(cipher, "name", clean_name(name) or _("Passkey"))
    await passkey.save()
    return passkey


class LastWayIn(Exception):
    """Removing this passkey would leave the account with no way to sign in."""


async def remove_passkey(user: User, passkey: Passkey) -> None:
    async with in_transaction():
        others = await Passkey.filter(user_id=user.pk).exclude(pk=passkey.pk).count()
        if not user.password_hash and others == 0:
            raise LastWayIn()
        await Passkey.filter(pk=passkey.pk).delete()

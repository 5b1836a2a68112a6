"""A software authenticator for tests without a browser: a real P-256 key, real
CBOR and real signatures, laid out as the WebAuthn spec says, so py_webauthn
checks exactly what it checks for a phone. Every field can be bent to make the
answer of a faulty or hostile one."""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, encode_cbor

UP, UV, BE, BS, AT = 0x01, 0x04, 0x08, 0x10, 0x40


def b64(data: bytes) -> str:
    return bytes_to_base64url(data)


@dataclass
class SoftAuthenticator:
    origin: str = "http://testserver"
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    credential_id: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    sign_count: int = 0
    # Counts up by this much at each use (0: a synced passkey that never counts).
    step: int = 1
    user_verified: bool = True
    synced: bool = True
    rp_id: str = ""
    user_handle: bytes = b""

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return encode_cbor(
            {
                1: 2,  # EC2
                3: -7,  # ES256
                -1: 1,  # P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _flags(self, attested: bool) -> int:
        flags = UP | (UV if self.user_verified else 0)
        if self.synced:
            flags |= BE | BS
        return flags | (AT if attested else 0)

    def _auth_data(self, rp_id: str, attested: bool) -> bytes:
        data = hashlib.sha256(rp_id.encode()).digest()
        data += bytes([self._flags(attested)]) + struct.pack(">I", self.sign_count)
        if attested:
            data += bytes(16)  # AAGUID: none
            data += struct.pack(">H", len(self.credential_id)) + self.credential_id
            data += self._cose_key()
        return data

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps(
            {
                "type": kind,
                "challenge": challenge,
                "origin": origin or self.origin,
                "crossOrigin": False,
            }
        ).encode()

    def create(
        self, options: dict[str, Any] | str, *, origin: str | None = None
    ) -> dict[str, Any]:
        """The answer to navigator.credentials.create(options)."""
        if isinstance(options, str):
            options = json.loads(options)
        self.rp_id = self.rp_id or options["rp"]["id"]
        self.user_handle = base64url_to_bytes(options["user"]["id"])
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        attestation = encode_cbor(
            {
                "fmt": "none",
                "attStmt": {},
                "authData": self._auth_data(self.rp_id, attested=True),
            }
        )
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data),
                "attestationObject": b64(attestation),
                "transports": ["internal", "hybrid"],
            },
            "clientExtensionResults": {},
        }

    def get(
        self, options: dict[str, Any] | str, *, origin: str | None = None
    ) -> dict[str, Any]:
        """The answer to navigator.credentials.get(options), signed."""
        if isinstance(options, str):
            options = json.loads(options)
        self.sign_count += self.step
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        auth_data = self._auth_data(options["rpId"], attested=False)
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data),
                "authenticatorData": b64(auth_data),
                "signature": b64(signature),
                "userHandle": b64(self.user_handle),
            },
            "clientExtensionResults": {},
        }

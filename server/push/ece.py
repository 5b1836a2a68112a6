"""RFC 8291 message encryption: one push message in one aes128gcm record (RFC 8188).

The same bytes pywebpush's `WebPusher.encode` produces (through http_ece), minus
its per-message costs that are not cryptography: a deep copy of the subscription,
a backend look-up, case-insensitive header dicts and a parse of the browser's key
per call site. A fresh ECDH key and a fresh salt for every message, always.
"""

from __future__ import annotations

import hmac
import os

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

RECORD_SIZE = 4096
# One record holds the plaintext, the 0x02 delimiter and the 16-byte GCM tag.
MAX_PLAINTEXT = RECORD_SIZE - 1 - 16

_CURVE = ec.SECP256R1()
_KEY_INFO = b"WebPush: info\x00"
# HKDF-Expand to at most 32 bytes is one HMAC over info || 0x01 (RFC 5869 §2.3).
_CEK_INFO = b"Content-Encoding: aes128gcm\x00\x01"
_NONCE_INFO = b"Content-Encoding: nonce\x00\x01"
_LAST_RECORD = b"\x02"


def _hmac(key: bytes, message: bytes) -> bytes:
    return hmac.digest(key, message, "sha256")


def encrypt(plaintext: bytes, ua_public: bytes, auth_secret: bytes) -> bytes:
    """The request body for one message to the browser key `ua_public`
    (65-byte uncompressed P-256 point) with its 16-byte `auth_secret`."""
    if len(ua_public) != 65:
        raise ValueError("p256dh must be an uncompressed P-256 point")
    if len(plaintext) > MAX_PLAINTEXT:
        raise ValueError("payload does not fit in one record")
    receiver = ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, ua_public)
    ephemeral = ec.generate_private_key(_CURVE)
    as_public = ephemeral.public_key().public_bytes(
        Encoding.X962, PublicFormat.UncompressedPoint
    )
    shared = ephemeral.exchange(ec.ECDH(), receiver)
    # RFC 8291 §3.4: the input keying material mixes in the auth secret.
    ikm = _hmac(_hmac(auth_secret, shared), _KEY_INFO + ua_public + as_public + b"\x01")
    salt = os.urandom(16)
    prk = _hmac(salt, ikm)
    cek = _hmac(prk, _CEK_INFO)[:16]
    nonce = _hmac(prk, _NONCE_INFO)[:12]
    ciphertext = AESGCM(cek).encrypt(nonce, plaintext + _LAST_RECORD, None)
    # RFC 8188 §2.1 header: salt, record size, key id length, key id (our key).
    header = salt + RECORD_SIZE.to_bytes(4, "big") + bytes([len(as_public)]) + as_public
    return header + ciphertext

"""Envelope encryption of private text.

A master key (ATTUNE_MASTER_KEY, or instance/master.key made once with 0600) wraps one
random data key per account. Private fields are AES-GCM encrypted with that data key,
with "<table>:<row id>:<field>" as associated data, so a ciphertext copied to another
row or field fails to open. Deleting an account deletes its wrapped key, and with it
every ciphertext's meaning.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from server.settings import Settings

KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT = "g1"  # version tag of the ciphertext layout


class DecryptionError(Exception):
    """A ciphertext that does not open: tampered, moved, or its key is gone."""


def b64url(raw: bytes) -> str:
    """URL-safe base64 without padding (JWTs, Web Push keys, ciphertexts)."""
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def b64url_decode(text: str) -> bytes:
    """The reverse of b64url; padded text, and standard base64 ("+", "/"), read too."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_token(token: str) -> str:
    """How a secret token (a session, a share link) is found without being kept."""
    return hashlib.sha256(token.encode()).hexdigest()


def decode_master_key(text: str) -> bytes:
    try:
        raw = b64url_decode(text)
    except ValueError:
        raw = b""
    if len(raw) != KEY_BYTES:
        raise ValueError("a master key is base64 of exactly 32 bytes")
    return raw


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"attune-key-id" + key).hexdigest()[:12]


@dataclass(frozen=True)
class Keyring:
    """The current master key and earlier ones still accepted while rotating."""

    current: bytes
    previous: tuple[bytes, ...] = ()

    def wrap(self, data_key: bytes) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.current).encrypt(nonce, data_key, b"attune-data-key")
        return f"{key_id(self.current)}.{b64url(nonce + sealed)}"

    def unwrap(self, wrapped: str) -> bytes:
        kid, _, blob = wrapped.partition(".")
        for key in (self.current, *self.previous):
            if key_id(key) == kid:
                try:
                    raw = b64url_decode(blob)
                    return AESGCM(key).decrypt(
                        raw[:NONCE_BYTES], raw[NONCE_BYTES:], b"attune-data-key"
                    )
                except (InvalidTag, ValueError):  # binascii.Error is a ValueError
                    raise DecryptionError("data key does not open") from None
        raise DecryptionError("data key was wrapped by an unknown master key")

    def needs_rewrap(self, wrapped: str) -> bool:
        return not wrapped.startswith(key_id(self.current) + ".")


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


class FieldCipher:
    """Encrypts one person's private fields with their data key."""

    def __init__(self, data_key: bytes) -> None:
        self._aead = AESGCM(data_key)

    @staticmethod
    def _aad(table: str, row_id: object, field: str) -> bytes:
        return f"{table}:{row_id}:{field}".encode()

    def encrypt(self, plain: str, *, table: str, row_id: object, field: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(
            nonce, plain.encode(), self._aad(table, row_id, field)
        )
        return f"{FORMAT}.{b64url(nonce + sealed)}"

    def decrypt(self, token: str, *, table: str, row_id: object, field: str) -> str:
        fmt, _, blob = token.partition(".")
        if fmt != FORMAT or not blob:
            raise DecryptionError("not an Attune ciphertext")
        try:
            raw = b64url_decode(blob)
            plain = self._aead.decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], self._aad(table, row_id, field)
            )
        except (InvalidTag, ValueError):
            raise DecryptionError("ciphertext does not open") from None
        return plain.decode()


def write_secret_once(path: Path, content: str) -> str:
    """Create `path` (mode 0600) holding `content` unless it exists; return what the
    file holds. Several processes may start at once: each writes a private temp file
    and links it into place, so a reader never sees a half-written file and the first
    link wins."""
    if path.exists():
        return path.read_text()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(content)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text()


def _read_or_create_key_file(path: Path) -> str:
    text = base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()
    return write_secret_once(path, text + "\n").strip()


def master_key_path(settings: Settings) -> Path:
    return settings.instance_dir / "master.key"


def load_keyring(settings: Settings) -> Keyring:
    text = settings.master_key or _read_or_create_key_file(master_key_path(settings))
    previous = list(settings.previous_master_keys)
    old_file = settings.instance_dir / "master.key.previous"
    if not settings.master_key and old_file.exists():
        previous.extend(line for line in old_file.read_text().split() if line)
    return Keyring(
        current=decode_master_key(text),
        previous=tuple(decode_master_key(p) for p in previous),
    )


def load_secret(settings: Settings) -> str:
    """The CSRF secret: from the environment, or made once in instance/."""
    return settings.secret_key or _read_or_create_key_file(
        settings.instance_dir / "secret.key"
    )


# --- Share links -----------------------------------------------------------------
#
# A share link is https://…/shared/<token>, 256 random bits. The server keeps
# SHA-256(token) to find the row, and a copy of the person's data key wrapped with
# AES-GCM under HKDF-SHA256(token). So the link row by itself cannot open the plan:
# someone with a copy of the database (without the master key) learns nothing from
# it, and the token's hash does not yield the wrapping key (a different derivation).
# Opening the shared page needs the token, which lives only in the link the person
# handed over. Revoking deletes the row and with it that copy of the key.

SHARE_INFO = b"attune safety plan share link v1"


def _share_kek(token: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=SHARE_INFO
    ).derive(token.encode())


def wrap_for_link(data_key: bytes, token: str, link_id: UUID) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_share_kek(token)).encrypt(nonce, data_key, link_id.bytes)
    return b64url(nonce + sealed)


def unwrap_for_link(wrapped: str, token: str, link_id: UUID) -> bytes | None:
    try:
        raw = b64url_decode(wrapped)
        return AESGCM(_share_kek(token)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], link_id.bytes
        )
    except (InvalidTag, ValueError):
        return None

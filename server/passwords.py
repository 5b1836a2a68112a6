"""Passphrases with argon2id (hashing runs in a worker thread: it is slow on purpose)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server.settings import Settings

# Crockford-style alphabet: no I, L, O, U, easy to read back from paper.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class Passwords:
    def __init__(self, settings: Settings) -> None:
        self.hasher = PasswordHasher(
            time_cost=settings.argon2_iterations,
            memory_cost=settings.argon2_memory_kib,
            parallelism=1,
        )
        # Verified against for unknown usernames, so timing does not reveal them.
        self._dummy = self.hasher.hash(secrets.token_urlsafe(16))

    async def hash(self, passphrase: str) -> str:
        return await anyio.to_thread.run_sync(self.hasher.hash, passphrase)

    async def verify(self, stored: str | None, passphrase: str) -> bool:
        def check() -> bool:
            try:
                # No hash (an unknown name, an account with only passkeys):
                # the same work against a dummy, and never a match.
                return self.hasher.verify(stored or self._dummy, passphrase) and bool(
                    stored
                )
            except (VerificationError, InvalidHashError):
                return False

        return await anyio.to_thread.run_sync(check)

    def needs_rehash(self, stored: str) -> bool:
        return self.hasher.check_needs_rehash(stored)


def new_recovery_code() -> str:
    """Twenty characters, 100 bits, in groups of four."""
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(20))
    return "-".join(chars[i : i + 4] for i in range(0, 20, 4))


def normalise_recovery_code(code: str) -> str:
    cleaned = code.upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned


def hash_recovery_code(code: str) -> str:
    # 100 random bits need no slow hash; SHA-256 keeps the check cheap.
    return hashlib.sha256(normalise_recovery_code(code).encode()).hexdigest()


def recovery_code_matches(stored: str, code: str) -> bool:
    return hmac.compare_digest(stored, hash_recovery_code(code))

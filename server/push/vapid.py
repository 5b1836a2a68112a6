"""VAPID keys (RFC 8292): loaded from settings or generated once into instance/, and
JWTs signed once per push-service audience and reused for hours."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from py_vapid import Vapid02

from server.crypto import b64url, write_secret_once
from server.settings import Settings

# A token lives 12 hours (push services accept at most 24); it is re-signed when
# less than an hour is left, so a request never carries one about to expire.
TOKEN_LIFETIME = 12 * 3600
RESIGN_MARGIN = 3600


def public_key_of(private: ec.EllipticCurvePrivateKey) -> str:
    return b64url(
        private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    )


def new_vapid_keys() -> tuple[str, str]:
    """A new pair: (raw 32-byte private scalar, 65-byte application server key)."""
    private = ec.generate_private_key(ec.SECP256R1())
    scalar = private.private_numbers().private_value.to_bytes(32, "big")
    return b64url(scalar), public_key_of(private)


@dataclass(frozen=True)
class VapidKeys:
    private: str
    public: str

    def signer_key(self) -> Vapid02:
        return Vapid02.from_raw(self.private.encode())


def _checked(private: str, public: str, source: str) -> VapidKeys:
    try:
        key = Vapid02.from_raw(private.encode()).private_key
    except Exception:
        raise ValueError(f"The VAPID private key in {source} is not valid") from None
    derived = public_key_of(key)
    if public and public != derived:
        raise ValueError(
            f"The VAPID public key in {source} does not match the private key"
        )
    return VapidKeys(private, derived)


def _instance_keys(path: Path) -> VapidKeys:
    if path.exists():
        text = path.read_text()
    else:
        private, public = new_vapid_keys()
        text = write_secret_once(
            path, json.dumps({"private": private, "public": public})
        )
    data = json.loads(text)
    return _checked(data["private"], data.get("public", ""), str(path))


@lru_cache(maxsize=8)
def _load(instance_dir: Path, private: str, public: str) -> VapidKeys:
    if private:
        return _checked(private, public, "VAPID_PRIVATE_KEY")
    return _instance_keys(instance_dir / "vapid.json")


def load_vapid_keys(settings: Settings) -> VapidKeys:
    return _load(
        settings.instance_dir, settings.vapid_private_key, settings.vapid_public_key
    )


def audience(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class VapidSigner:
    """Authorization headers per push-service audience, cached until near expiry."""

    keys: VapidKeys
    subject: str
    clock: Callable[[], float] = time.time
    _key: Vapid02 | None = None
    _cache: dict[str, tuple[float, dict[str, str]]] = field(default_factory=dict)
    signatures: int = 0

    def headers_for(self, endpoint: str) -> dict[str, str]:
        aud = audience(endpoint)
        now = self.clock()
        cached = self._cache.get(aud)
        if cached and cached[0] - now > RESIGN_MARGIN:
            return dict(cached[1])
        if self._key is None:
            self._key = self.keys.signer_key()
        exp = int(now) + TOKEN_LIFETIME
        # A fresh dict per signature: claims must never leak between audiences
        # (pywebpush issue #130).
        claims = {"sub": self.subject, "aud": aud, "exp": exp}
        headers = self._key.sign(dict(claims))
        self.signatures += 1
        self._cache[aud] = (float(exp), headers)
        return dict(headers)

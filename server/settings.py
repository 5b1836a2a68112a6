"""One frozen Settings object, read from the environment with safe local defaults.

Every field is documented in README.md's configuration table (a test checks it).
A variable NAME may also be given as NAME_FILE, the path of a file holding the value
(for mounted secrets).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A malformed environment value: the app refuses to start rather than guess."""


def _env(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default).strip()


def _env_bool(name: str, default: bool) -> bool:
    raw = _env(name).lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = _env(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}")
    return value


@dataclass(frozen=True)
class Settings:
    # Folder for the embedded database and generated keys (git-ignored).
    instance_dir: Path = REPO_ROOT / "instance"
    # postgres://user@host/db for PostgreSQL; empty means SQLite in instance_dir.
    database_url: str = ""
    # Pool size per app process on PostgreSQL.
    database_pool_size: int = 10
    # base64 of 32 random bytes; empty means generate instance/master.key once.
    master_key: str = ""
    # Earlier master keys (comma-separated base64), readable during a rotation.
    previous_master_keys: tuple[str, ...] = ()
    # Secret for CSRF tokens; empty means generate instance/secret.key once.
    secret_key: str = ""
    # redis://host:port/db for rate limits shared by several app processes.
    redis_url: str = ""
    # Force Secure cookies and HSTS (also on when a request arrives over HTTPS).
    https: bool = False
    # Days a session lives without use, and at most.
    session_idle_days: int = 14
    session_absolute_days: int = 60
    # Failed logins allowed per minute from one address, and per account per hour.
    login_limit_per_ip: int = 10
    login_limit_per_account: int = 20
    # New accounts allowed per hour from one address.
    signup_limit_per_ip: int = 20
    # Argon2id cost (memory in KiB, iterations).
    argon2_memory_kib: int = 19456
    argon2_iterations: int = 2
    # VAPID keys for Web Push (base64url); empty means generate into instance/.
    vapid_private_key: str = ""
    vapid_public_key: str = ""
    # Contact sent to push services in the VAPID claim (mailto: or https:).
    vapid_subject: str = "mailto:hello@attune.example.org"
    # Extra push hosts allowed for subscriptions (comma-separated host[:port]).
    push_extra_hosts: tuple[str, ...] = ()
    # Run the daily push dispatcher inside the app process.
    embedded_dispatcher: bool = True
    # Seconds a request may take before it answers 503 (a full pool never hangs).
    request_timeout_seconds: float = 10.0
    # Largest request body accepted, in bytes.
    max_body_bytes: int = 256 * 1024
    # Python logging level.
    log_level: str = "INFO"

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))


def settings_from_env() -> Settings:
    instance = _env("ATTUNE_INSTANCE_DIR")
    return Settings(
        instance_dir=Path(instance) if instance else REPO_ROOT / "instance",
        database_url=_env("DATABASE_URL"),
        database_pool_size=_env_int("ATTUNE_DB_POOL_SIZE", 10, minimum=1),
        master_key=_env("ATTUNE_MASTER_KEY"),
        previous_master_keys=tuple(
            k.strip()
            for k in _env("ATTUNE_PREVIOUS_MASTER_KEYS").split(",")
            if k.strip()
        ),
        secret_key=_env("ATTUNE_SECRET_KEY"),
        redis_url=_env("REDIS_URL"),
        https=_env_bool("ATTUNE_HTTPS", False),
        session_idle_days=_env_int("ATTUNE_SESSION_IDLE_DAYS", 14, minimum=1),
        session_absolute_days=_env_int("ATTUNE_SESSION_ABSOLUTE_DAYS", 60, minimum=1),
        login_limit_per_ip=_env_int("ATTUNE_LOGIN_LIMIT_PER_IP", 10, minimum=1),
        login_limit_per_account=_env_int(
            "ATTUNE_LOGIN_LIMIT_PER_ACCOUNT", 20, minimum=1
        ),
        signup_limit_per_ip=_env_int("ATTUNE_SIGNUP_LIMIT_PER_IP", 20, minimum=1),
        argon2_memory_kib=_env_int("ATTUNE_ARGON2_MEMORY_KIB", 19456, minimum=8),
        argon2_iterations=_env_int("ATTUNE_ARGON2_ITERATIONS", 2, minimum=1),
        vapid_private_key=_env("VAPID_PRIVATE_KEY"),
        vapid_public_key=_env("VAPID_PUBLIC_KEY"),
        vapid_subject=_env("VAPID_SUBJECT", "mailto:hello@attune.example.org"),
        push_extra_hosts=tuple(
            h.strip() for h in _env("ATTUNE_PUSH_EXTRA_HOSTS").split(",") if h.strip()
        ),
        embedded_dispatcher=_env_bool("ATTUNE_EMBEDDED_DISPATCHER", True),
        request_timeout_seconds=float(
            _env_int("ATTUNE_REQUEST_TIMEOUT_SECONDS", 10, minimum=1)
        ),
        max_body_bytes=_env_int("ATTUNE_MAX_BODY_BYTES", 256 * 1024, minimum=1024),
        log_level=_env("ATTUNE_LOG_LEVEL", "INFO").upper(),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return settings_from_env()

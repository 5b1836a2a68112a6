"""One frozen Settings object, read from the environment with safe local defaults.

Every field is documented in README.md's configuration table (a test checks it).
A variable NAME may also be given as NAME_FILE, the path of a file holding the value
(for mounted secrets).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, get_type_hints

REPO_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A malformed environment value: the app refuses to start rather than guess."""


def _env(name: str) -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, "").strip()


def _bool(name: str, raw: str) -> bool:
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _int(name: str, raw: str, minimum: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}")
    return value


def _list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def setting(default: Any, env: str, minimum: int = 0) -> Any:
    """A setting, declared once: its default, its environment variable and, for
    numbers, the least value accepted."""
    return field(default=default, metadata={"env": env, "minimum": minimum})


@dataclass(frozen=True)
class Settings:
    # Folder for the embedded database and generated keys (git-ignored).
    instance_dir: Path = setting(REPO_ROOT / "instance", "ATTUNE_INSTANCE_DIR")
    # postgres://user@host/db for PostgreSQL; empty means SQLite in instance_dir.
    database_url: str = setting("", "DATABASE_URL")
    # Pool size per app process on PostgreSQL.
    database_pool_size: int = setting(10, "ATTUNE_DB_POOL_SIZE", minimum=1)
    # base64 of 32 random bytes; empty means generate instance/master.key once.
    master_key: str = setting("", "ATTUNE_MASTER_KEY")
    # Earlier master keys (comma-separated base64), readable during a rotation.
    previous_master_keys: tuple[str, ...] = setting((), "ATTUNE_PREVIOUS_MASTER_KEYS")
    # Secret for CSRF tokens; empty means generate instance/secret.key once.
    secret_key: str = setting("", "ATTUNE_SECRET_KEY")
    # redis://host:port/db for rate limits shared by several app processes.
    redis_url: str = setting("", "REDIS_URL")
    # Force Secure cookies and HSTS (also on when a request arrives over HTTPS).
    https: bool = setting(False, "ATTUNE_HTTPS")
    # Days a session lives without use, and at most.
    session_idle_days: int = setting(14, "ATTUNE_SESSION_IDLE_DAYS", minimum=1)
    session_absolute_days: int = setting(60, "ATTUNE_SESSION_ABSOLUTE_DAYS", minimum=1)
    # Failed logins allowed per minute from one address, and per account per hour.
    login_limit_per_ip: int = setting(10, "ATTUNE_LOGIN_LIMIT_PER_IP", minimum=1)
    login_limit_per_account: int = setting(
        20, "ATTUNE_LOGIN_LIMIT_PER_ACCOUNT", minimum=1
    )
    # New accounts allowed per hour from one address.
    signup_limit_per_ip: int = setting(20, "ATTUNE_SIGNUP_LIMIT_PER_IP", minimum=1)
    # Argon2id cost (memory in KiB, iterations).
    argon2_memory_kib: int = setting(19456, "ATTUNE_ARGON2_MEMORY_KIB", minimum=8)
    argon2_iterations: int = setting(2, "ATTUNE_ARGON2_ITERATIONS", minimum=1)
    # VAPID keys for Web Push (base64url); empty means generate into instance/.
    vapid_private_key: str = setting("", "VAPID_PRIVATE_KEY")
    vapid_public_key: str = setting("", "VAPID_PUBLIC_KEY")
    # Contact sent to push services in the VAPID claim (mailto: or https:).
    vapid_subject: str = setting("mailto:hello@attune.example.org", "VAPID_SUBJECT")
    # Extra push hosts allowed for subscriptions (comma-separated host[:port]).
    push_extra_hosts: tuple[str, ...] = setting((), "ATTUNE_PUSH_EXTRA_HOSTS")
    # Run the daily push dispatcher inside the app process.
    embedded_dispatcher: bool = setting(True, "ATTUNE_EMBEDDED_DISPATCHER")
    # Seconds a request may take before it answers 503 (a full pool never hangs).
    request_timeout_seconds: float = setting(
        10.0, "ATTUNE_REQUEST_TIMEOUT_SECONDS", minimum=1
    )
    # Largest request body accepted, in bytes.
    max_body_bytes: int = setting(256 * 1024, "ATTUNE_MAX_BODY_BYTES", minimum=1024)
    # Largest export file a restore accepts, in bytes (read in memory, never on disk).
    max_import_bytes: int = setting(
        8_000_000, "ATTUNE_MAX_IMPORT_BYTES", minimum=100_000
    )
    # The passkeys' relying party ID: the site's domain name (attune.example.org).
    # Empty means the host each request came to, when that is a domain name; an IP
    # address cannot be one, so passkeys are then not offered.
    rp_id: str = setting("", "ATTUNE_RP_ID")
    # Python logging level.
    log_level: str = setting("INFO", "ATTUNE_LOG_LEVEL")
    # Where "Quick exit" goes: a neutral page, absolute http(s) (README says why
    # this one).
    quick_exit_url: str = setting("https://www.wikipedia.org/", "ATTUNE_QUICK_EXIT_URL")

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))


def settings_from_env() -> Settings:
    """Settings from the environment: each variable that is set (or NAME_FILE)
    replaces its default, parsed by the setting's type."""
    types = get_type_hints(Settings)
    values: dict[str, Any] = {}
    for item in fields(Settings):
        name, minimum = item.metadata["env"], item.metadata["minimum"]
        raw = _env(name)
        if not raw:
            continue
        kind = types[item.name]
        if kind is bool:
            values[item.name] = _bool(name, raw)
        elif kind is int:
            values[item.name] = _int(name, raw, minimum)
        elif kind is float:  # whole seconds in the environment
            values[item.name] = float(_int(name, raw, minimum))
        elif kind is Path:
            values[item.name] = Path(raw)
        elif kind == tuple[str, ...]:
            values[item.name] = _list(raw)
        else:
            values[item.name] = raw
    if "log_level" in values:
        values["log_level"] = values["log_level"].upper()
    if "quick_exit_url" in values:
        _absolute_url("ATTUNE_QUICK_EXIT_URL", values["quick_exit_url"])
    return Settings(**values)


def _absolute_url(name: str, raw: str) -> None:
    scheme, _, rest = raw.partition("://")
    if scheme.lower() not in {"http", "https"} or not rest or " " in raw:
        raise SettingsError(f"{name} must be an absolute http(s) address, not {raw!r}")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return settings_from_env()

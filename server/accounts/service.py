"""Accounts: sign-up, sign-in, sessions, passphrase changes, recovery and deletion."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from markupsafe import Markup
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.accounts import queries
from server.accounts.forms import USERNAME
from server.accounts.models import Session, User
from server.crypto import Keyring, hash_token, new_data_key
from server.passwords import (
    Passwords,
    hash_recovery_code,
    new_recovery_code,
    recovery_code_matches,
)
from server.privacy import PersonalData, delete_personal_rows
from server.settings import Settings
from server.web.clock import utcnow
from server.web.i18n import _

# Refresh last_seen_at at most this often: a write per request would cost more than
# the precision is worth.
TOUCH_EVERY = timedelta(minutes=5)


class UsernameTaken(Exception):
    pass


@dataclass
class NewAccount:
    user: User
    recovery_code: str


async def create_account(
    username: str,
    passphrase: str | None,
    *,
    passwords: Passwords,
    keyring: Keyring,
    country: str = "",
    timezone: str = "UTC",
    language: str = "",
    user_id: UUID | None = None,
) -> NewAccount:
    """A new account; with no passphrase (None) it signs in with a passkey, and the
    password hash stays empty, which matches no passphrase."""
    if await User.filter(username=username).exists():
        raise UsernameTaken(username)
    code = new_recovery_code()
    user = User(
        id=user_id or uuid4(),
        username=username,
        password_hash=await passwords.hash(passphrase) if passphrase else "",
        recovery_hash=hash_recovery_code(code),
        wrapped_key=keyring.wrap(new_data_key()),
        country=country,
        timezone=timezone,
        language=language,
    )
    try:
        # Its own savepoint inside a caller's transaction (a passkey sign-up's):
        # on PostgreSQL a failed INSERT aborts the transaction around it, and the
        # check below could not run.
        async with in_transaction():
            await user.save()
    except IntegrityError as exc:  # a race with another sign-up for the same name
        if await User.filter(username=username).exists():
            raise UsernameTaken(username) from exc
        raise
    return NewAccount(user, code)


async def find_user(username: str) -> User | None:
    # A name that could never have been registered is simply unknown (the ORM would
    # refuse to compare it with a 32-character column).
    if not USERNAME.match(username):
        return None
    return await User.get_or_none(username=username)


async def authenticate(
    username: str, passphrase: str, *, passwords: Passwords
) -> User | None:
    user = await find_user(username)
    ok = await passwords.verify(user.password_hash if user else None, passphrase)
    if not (ok and user):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash(passphrase)
        await user.save(update_fields=["password_hash"])
    return user


async def start_session(
    user: User, settings: Settings, now: datetime | None = None
) -> str:
    """A new random token at every sign-in: a token planted before sign-in is useless."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    await Session.create(
        token_hash=hash_token(token),
        user=user,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(days=settings.session_absolute_days),
    )
    return token


async def session_user(
    token: str, settings: Settings, now: datetime | None = None
) -> tuple[queries.SessionTimes, User] | None:
    """The live session and its person, in one quick read."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    found = await queries.session_with_person(hash_token(token))
    if found is None:
        return None
    session, user = found
    if not session.is_live(now, settings.session_idle_days * 86400):
        await Session.filter(token_hash=session.token_hash).delete()
        return None
    if now - session.last_seen_at > TOUCH_EVERY:
        await Session.filter(token_hash=session.token_hash).update(last_seen_at=now)
    return session, user


async def end_session(token: str) -> None:
    await Session.filter(token_hash=hash_token(token)).delete()


async def end_other_sessions(user: User, keep_token: str) -> int:
    return (
        await Session.filter(user_id=user.pk)
        .exclude(token_hash=hash_token(keep_token))
        .delete()
    )


async def change_passphrase(
    user: User, new_passphrase: str, *, passwords: Passwords
) -> None:
    user.password_hash = await passwords.hash(new_passphrase)
    await user.save(update_fields=["password_hash"])


async def recover(
    username: str, code: str, new_passphrase: str, *, passwords: Passwords
) -> tuple[User, str] | None:
    """Set a new passphrase with the recovery code; return the user and a new code."""
    user = await find_user(username)
    if user is None or not recovery_code_matches(user.recovery_hash, code):
        return None
    new_code = new_recovery_code()
    user.password_hash = await passwords.hash(new_passphrase)
    user.recovery_hash = hash_recovery_code(new_code)
    async with in_transaction():
        await user.save(update_fields=["password_hash", "recovery_hash"])
        # Whoever knew the old passphrase is signed out everywhere.
        await Session.filter(user_id=user.pk).delete()
    return user, new_code


# Other ways a person without a passphrase can confirm it is them (a passkey):
# a feature adds its check here, called with the request and the posted form.
IdentityCheck = Callable[[Any, User, Mapping[str, str]], Awaitable[bool]]
IDENTITY_CHECKS: list[IdentityCheck] = []


async def identity_confirmed(
    request: Any, user: User, values: Mapping[str, str], *, passwords: Passwords
) -> bool:
    """Before deleting the account or setting a passphrase: the passphrase, for an
    account that has one; otherwise the recovery code or another check (a passkey)."""
    if user.password_hash:
        return await passwords.verify(user.password_hash, values.get("passphrase", ""))
    code = values.get("code", "")
    if code and recovery_code_matches(user.recovery_hash, code):
        return True
    for check in IDENTITY_CHECKS:
        if await check(request, user, values):
            return True
    return False


async def delete_account(user: User, tables: Sequence[PersonalData]) -> None:
    """Every row of the person in these tables (every feature's personal data),
    then the account and its wrapped data key, at once."""
    async with in_transaction():
        await delete_personal_rows(user.pk, tables)
        await User.filter(pk=user.pk).delete()


async def purge_expired_sessions(
    settings: Settings, now: datetime | None = None
) -> int:
    now = now or utcnow()
    idle_cutoff = now - timedelta(days=settings.session_idle_days)
    expired = await Session.filter(expires_at__lte=now).delete()
    idle = await Session.filter(last_seen_at__lte=idle_cutoff).delete()
    return expired + idle


async def take_country_notice(user: User | None) -> Markup | None:
    """Once, for a person whose never-chosen country was cleared (migration
    accounts/0004): ask them to check it. Shown on the first page with crisis lines
    they open, then never again."""
    if user is None or not user.country_notice:
        return None
    user.country_notice = False
    await User.filter(id=user.id).update(country_notice=False)
    return Markup('{} <a href="/settings#where">{}</a>').format(
        _("Please check your country, so Attune shows the right crisis lines."),
        _("Check my country"),
    )

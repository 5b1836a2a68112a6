"""Read-only share links: made, listed, revoked and opened. How the link's token
wraps the person's key is in server/crypto.py."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from uuid import UUID

from server.crypto import FieldCipher, hash_token, unwrap_for_link, wrap_for_link
from server.safety_plan.models import ShareLink
from server.web.clock import utcnow

SHARE_DAYS_DEFAULT = 30
SHARE_DAYS_CHOICES = (7, 30, 90)


#
async def create_share(
    user_id: UUID,
    data_key: bytes,
    cipher: FieldCipher,
    label: str,
    days: int = SHARE_DAYS_DEFAULT,
    now: datetime | None = None,
    *,
    include_phones: bool = False,
) -> tuple[ShareLink, str]:
    """A new link; the token is returned once and never stored."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    link = ShareLink(
        user_id=user_id,
        token_hash=hash_token(token),
        expires_at=now + timedelta(days=days),
        include_phones=include_phones,
    )
    link.wrapped_key = wrap_for_link(data_key, token, link.id)
    link.seal(cipher, "label", label)
    await link.save()
    return link, token


async def active_links(user_id: UUID, now: datetime | None = None) -> list[ShareLink]:
    now = now or utcnow()
    return await ShareLink.filter(user_id=user_id, expires_at__gt=now).order_by(
        "-created_at"
    )


async def forget_expired_links(user_id: UUID, now: datetime | None = None) -> None:
    await ShareLink.filter(user_id=user_id, expires_at__lte=now or utcnow()).delete()


async def revoke_share(user_id: UUID, link_id: UUID) -> bool:
    return bool(await ShareLink.filter(user_id=user_id, id=link_id).delete())


async def open_share(
    token: str, now: datetime | None = None
) -> tuple[ShareLink, FieldCipher] | None:
    """The link and a cipher for its plan, or None (unknown, revoked or expired)."""
    if not token or len(token) > 100:
        return None
    link = await ShareLink.get_or_none(token_hash=hash_token(token)).prefetch_related(
        "user"
    )
    if link is None or link.expires_at <= (now or utcnow()):
        return None
    data_key = unwrap_for_link(link.wrapped_key, token, link.id)
    if data_key is None:
        return None
    return link, FieldCipher(data_key)

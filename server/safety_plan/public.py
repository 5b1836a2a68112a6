"""What other features may ask of the safety plan."""

from __future__ import annotations

from datetime import datetime

from server.accounts.models import User
from server.crypto import FieldCipher
from server.safety_plan import review, service


async def review_due(user: User, now: datetime | None = None) -> bool:
    """True when the plan has entries, has not been looked at for 30 days, and the
    home page's note was not put off in the last 30 days. Only dates are used."""
    return await review.review_due(user.pk, now)


async def add_coping_step(user: User, cipher: FieldCipher, text: str) -> bool:
    """Add a practice (from a lesson) to card 2, things I can do on my own, noting
    where it came from. The same words twice are added once: False then."""
    return await service.add_coping_step(user.pk, cipher, text, source="lesson")


async def has_coping_step(user: User, cipher: FieldCipher, text: str) -> bool:
    """True when these words are already among things I can do on my own."""
    return await service.has_coping_step(user.pk, cipher, text)

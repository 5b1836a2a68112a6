"""What other features may ask of the safety plan."""

from __future__ import annotations

from server.accounts.models import User
from server.crypto import FieldCipher


async def review_due(user: User) -> bool:
    """True when the plan has not been looked at for 30 days (home page note)."""
    return False


async def add_coping_step(user: User, cipher: FieldCipher, text: str) -> None:
    """Add a practice (from a lesson) to card 2, things I can do on my own."""
    raise NotImplementedError

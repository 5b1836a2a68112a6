"""Master-key rotation: re-wrap each account's data key; the data itself is untouched."""

from __future__ import annotations

import base64
import os
import secrets

from server.accounts.models import User
from server.crypto import load_keyring, master_key_path
from server.settings import Settings


async def rewrap_all(settings: Settings) -> int:
    keyring = load_keyring(settings)
    count = 0
    async for user in User.all().only("id", "wrapped_key"):
        if keyring.needs_rewrap(user.wrapped_key):
            user.wrapped_key = keyring.wrap(keyring.unwrap(user.wrapped_key))
            await User.filter(pk=user.pk).update(wrapped_key=user.wrapped_key)
            count += 1
    return count


async def rotate_embedded_master_key(settings: Settings) -> int:
    """New instance/master.key; the old one stays readable until every key moved."""
    current = master_key_path(settings)
    previous = settings.instance_dir / "master.key.previous"
    old_text = current.read_text().strip() if current.exists() else ""
    if old_text:
        with open(previous, "a") as f:
            os.chmod(previous, 0o600)
            f.write(old_text + "\n")
    tmp = current.with_suffix(".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    os.replace(tmp, current)
    count = await rewrap_all(settings)
    previous.unlink(missing_ok=True)
    return count

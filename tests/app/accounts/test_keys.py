from __future__ import annotations

import json

import pytest

from server.accounts.keys import rotate_embedded_master_key
from server.accounts.models import User
from server.app import create_app
from server.crypto import load_keyring
from server.db import database
from server.features import FEATURES
from server.settings import Settings
from tests.conftest import make_client, sign_up


# The key file is the embedded default's; with ATTUNE_MASTER_KEY the same rewrap runs.
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_rotating_the_master_key_keeps_data_readable(settings: Settings) -> None:
    app = create_app(settings)
    async with database(settings, FEATURES.tortoise_apps):
        async with make_client(app) as c:
            await sign_up(c, "alice")
            before = await User.get(username="alice")
            old_key = load_keyring(settings).current
            assert await rotate_embedded_master_key(settings) == 1
            after = await User.get(username="alice")
            assert after.wrapped_key != before.wrapped_key
            new_keyring = load_keyring(settings)
            assert new_keyring.current != old_key and new_keyring.previous == ()
            assert not (settings.instance_dir / "master.key.previous").exists()
        # A fresh process with only the new key still opens the person's data.
        fresh = create_app(settings)
        async with make_client(fresh) as c:
            await c.post_form(
                "/login",
                {"username": "alice", "passphrase": "calm river morning light"},
            )
            export = await c.get("/settings/export.json")
            assert export.status_code == 200
            assert json.loads(export.content)["account"]["username"] == "alice"

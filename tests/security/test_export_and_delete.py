"""Export returns every row a person owns; deletion leaves none, in any table."""

from __future__ import annotations

import json

import pytest
from litestar import Litestar
from tortoise import Tortoise

from server.accounts.models import User
from server.features import FEATURES
from tests.conftest import PASSPHRASE, Client
from tests.figures import record
from tests.security.conftest import fill_everything

pytestmark = pytest.mark.security


async def test_export_round_trips_every_row_and_deletion_leaves_none(
    app: Litestar, people: tuple[Client, Client], backend: str
) -> None:
    alice, bob = people
    user = await User.get(username="alice")
    await fill_everything(alice, app, "words I wrote", user.pk)
    await fill_everything(bob, app, "bob's words", (await User.get(username="bob")).pk)
    export = json.loads((await alice.get("/settings/export.json")).content)
    owned = exported = kinds = 0
    for entry in FEATURES.personal_data:
        rows = await entry.model.filter(user_id=user.pk).count()
        got = len(export.get(entry.section, []))
        assert got == rows, (entry.section, got, rows)
        owned += rows
        exported += got
        kinds += 1 if rows else 0
    assert owned >= 5 and "bob's words" not in json.dumps(export)

    response = await alice.post_form("/settings/delete", {"passphrase": PASSPHRASE})
    assert response.status_code == 303
    left = 0
    tables = 0
    for app_models in Tortoise.apps.values():
        for model in app_models.values():
            if "user" in model._meta.fk_fields | model._meta.o2o_fields:
                tables += 1
                left += await model.filter(user_id=user.pk).count()
    assert left == 0
    assert not await User.filter(
        pk=user.pk
    ).exists()  # and with it the wrapped data key
    assert await User.filter(username="bob").exists()
    record(
        f"Export/delete ({backend})",
        f"export {exported}/{owned} rows of {kinds} kinds; after deletion 0 rows in {tables} tables, data key gone",
    )

"""migrations/reflections/0003: entries written as fifteen sealed columns come out
as one sealed document and a sealed summary, with every answer intact, on SQLite and
on PostgreSQL, through the real migrations."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.connection import get_connection

from server.accounts.models import User
from server.crypto import FieldCipher, load_keyring, new_data_key
from server.db import database, run_migrations, tortoise_config
from server.features import FEATURES
from server.reflections.models import Reflection
from server.sealed import UNREADABLE
from server.settings import Settings
from tests.conftest import empty_database

OLD_ENTRY = {
    "relationship_kind": "partner",
    "person_name": "Sam",
    "what_happened": "Dinner went quiet after the budget talk. " * 6,
    "sensations": json.dumps(["tight-chest", "heat"]),
    "body_location": "chest",
    "body_notes": "hot face",
    "intensity": "8",
    "loudest_part": "protective",
    "protective_wanted": "to leave the room",
    "vulnerable_wanted": "to be heard",
    "compassionate_wanted": "you are safe now",
    "repair_tried": "tried",
    "repair_text": "I said sorry for going quiet",
    "connection": "6",
    "lesson_learned": "like dinners at home",
}


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    with empty_database(request.param, tmp_path) as settings:
        yield settings


async def insert_old_entry(
    settings: Settings, cipher: FieldCipher, user_id: uuid.UUID, values: dict[str, str]
) -> uuid.UUID:
    """A row as the app wrote it before 0003: each answer sealed in its own column."""
    row_id = uuid.uuid4()
    written = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    columns: dict[str, object] = {
        "id": row_id,
        "user_id": user_id,
        "created_at": written,
        "updated_at": written,
        "occurred_on": date(2026, 1, 2),
        "submit_key_hash": uuid.uuid4().hex,
        **{
            name: cipher.encrypt(text, table="reflections", row_id=row_id, field=name)
            for name, text in values.items()
        },
    }
    await execute(
        settings,
        f"INSERT INTO reflections ({', '.join(columns)})"
        f" VALUES ({', '.join('?' for _ in columns)})",
        list(columns.values()),
    )
    return row_id


async def execute(settings: Settings, sql: str, params: list[object]) -> None:
    """asyncpg takes $1.. and typed values; SQLite takes ? and text."""
    if settings.is_postgres:
        parts = sql.split("?")
        sql = parts[0] + "".join(f"${n}{p}" for n, p in enumerate(parts[1:], 1))
    else:
        params = [p if isinstance(p, str) else str(p) for p in params]
    await get_connection("default").execute_query(sql, params)


async def test_old_entries_become_one_sealed_document(settings: Settings) -> None:
    # Everything but reflections at its newest; reflections as they were before.
    await run_migrations(
        settings, FEATURES.tortoise_apps, target="reflections.0002_user_indexes"
    )
    await run_migrations(
        settings, FEATURES.tortoise_apps, target="accounts.0004_country_check"
    )
    keyring = load_keyring(settings)
    data_key = new_data_key()
    cipher = FieldCipher(data_key)
    # Tortoise caches each table's INSERT SQL per process, not per dialect: a
    # PostgreSQL run after a SQLite one would reuse "?" placeholders.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(settings, FEATURES.tortoise_apps))
    try:
        user = await User.create(
            username="maria",
            password_hash="x",
            recovery_hash="x",
            wrapped_key=keyring.wrap(data_key),
        )
        whole = await insert_old_entry(settings, cipher, user.pk, OLD_ENTRY)
        sparse = await insert_old_entry(
            settings,
            cipher,
            user.pk,
            # The old app sealed every column, empty ones too.
            {**dict.fromkeys(OLD_ENTRY, ""), "what_happened": "short"},
        )
        damaged = await insert_old_entry(
            settings, cipher, user.pk, {**OLD_ENTRY, "person_name": ""}
        )
        # One column that no longer opens: sealed for another row.
        await execute(
            settings,
            "UPDATE reflections SET person_name = ? WHERE id = ?",
            [
                cipher.encrypt(
                    "x", table="reflections", row_id=whole, field="person_name"
                ),
                damaged,
            ],
        )
    finally:
        await Tortoise.close_connections()

    await run_migrations(settings, FEATURES.tortoise_apps)

    async with database(settings, FEATURES.tortoise_apps):
        rows = {row.id: row for row in await Reflection.all()}
        assert set(rows) == {whole, sparse, damaged}
        answers = rows[whole].answers(cipher)
        assert answers == {
            **OLD_ENTRY,
            "sensations": ["tight-chest", "heat"],
            "intensity": 8,
            "connection": 6,
        }
        assert rows[whole].occurred_on == date(2026, 1, 2)
        card = rows[whole].card_answers(cipher)
        assert card["relationship_kind"] == "partner"
        assert card["intensity"] == 8 and card["connection"] == 6
        assert card["repair_tried"] == "tried"
        assert card["what_happened"].endswith("…") and len(card["what_happened"]) <= 141
        assert set(card) == {
            "relationship_kind",
            "what_happened",
            "intensity",
            "connection",
            "repair_tried",
        }
        assert rows[sparse].answers(cipher)["what_happened"] == "short"
        assert rows[sparse].answers(cipher)["intensity"] is None
        assert rows[sparse].answers(cipher)["person_name"] == ""
        assert rows[damaged].answers(cipher)["person_name"] == str(UNREADABLE)
        assert rows[damaged].answers(cipher)["lesson_learned"] == "like dinners at home"

        # The old columns are gone; the journal's index is still there.
        connection = get_connection("default")
        if settings.is_postgres:
            _, columns = await connection.execute_query(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = 'reflections'"
            )
            _, indexes = await connection.execute_query(
                "SELECT indexdef AS sql FROM pg_indexes WHERE tablename = 'reflections'"
            )
            names = {row["column_name"] for row in columns}
        else:
            _, columns = await connection.execute_query(
                "PRAGMA table_info(reflections)"
            )
            _, indexes = await connection.execute_query(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'reflections'"
                " AND type = 'index' AND sql IS NOT NULL"
            )
            names = {row["name"] for row in columns}
        assert names == {
            "id",
            "user_id",
            "created_at",
            "updated_at",
            "occurred_on",
            "submit_key_hash",
            "content",
            "summary",
        }
        assert any(
            re.search(
                r"\(\"?user_id\"?, \"?occurred_on\"?, \"?created_at\"?\)", row["sql"]
            )
            for row in indexes
        ), [row["sql"] for row in indexes]

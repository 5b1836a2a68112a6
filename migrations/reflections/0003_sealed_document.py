"""A reflection becomes one sealed document (every answer) and a sealed summary
(what its card shows), instead of fifteen sealed columns.

Each row's old fields are opened with its person's data key and sealed again as the
two documents; then the old columns go. A person's key that does not unwrap stops
the migration (nothing is lost: fix the master key, run it again); a single field
that does not open is carried over as the placeholder the pages already show.
"""

import json
from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

# The columns as they were (migrations/reflections/0001_initial.py).
OLD_TEXT = (
    "relationship_kind", "person_name", "what_happened", "body_location",
    "body_notes", "loudest_part", "protective_wanted", "vulnerable_wanted",
    "compassionate_wanted", "repair_tried", "repair_text", "lesson_learned",
)  # fmt: skip
OLD_NUMBERS = ("intensity", "connection")
OLD_LISTS = ("sensations",)
OLD_COLUMNS = (*OLD_TEXT, *OLD_NUMBERS, *OLD_LISTS)


def old_values(opened: dict[str, str]) -> dict[str, Any]:
    """The old per-column strings -> values as the form cleans them."""
    values: dict[str, Any] = {name: opened[name] for name in OLD_TEXT}
    for name in OLD_NUMBERS:
        values[name] = int(opened[name]) if opened[name].isdigit() else None
    try:
        sensations = json.loads(opened["sensations"] or "[]")
    except ValueError:
        sensations = []
    values["sensations"] = sensations if isinstance(sensations, list) else []
    return values


async def seal_as_documents(apps: Any, schema_editor: Any) -> None:
    from server.crypto import DecryptionError, FieldCipher, load_keyring
    from server.db import migration_settings
    from server.sealed import UNREADABLE
    from server.reflections.questions import answers_of, summary_of

    Reflection = apps.get_model("reflections", "Reflection")
    User = apps.get_model("accounts", "User")
    rows = await Reflection.all().values("id", "user_id", *OLD_COLUMNS)
    if not rows:
        return  # a new instance: no key is needed, none is made
    keyring = load_keyring(migration_settings())
    ciphers: dict[Any, FieldCipher] = {}
    for row in rows:
        owner = row["user_id"]
        if owner not in ciphers:
            wrapped = await User.filter(id=owner).values_list("wrapped_key", flat=True)
            ciphers[owner] = FieldCipher(keyring.unwrap(wrapped[0]))
        cipher = ciphers[owner]

        def opened(name: str) -> str:
            token = row[name]
            if not token:
                return ""
            try:
                return cipher.decrypt(
                    token, table="reflections", row_id=row["id"], field=name
                )
            except DecryptionError:
                return str(UNREADABLE)

        # Today's answers_of/summary_of: the document they write is the one the app
        # reads, and reading tolerates answers a later question list lacks.
        answers = answers_of(old_values({name: opened(name) for name in OLD_COLUMNS}))
        sealed = {
            field: cipher.encrypt(
                json.dumps(document), table="reflections", row_id=row["id"], field=field
            )
            for field, document in (
                ("content", answers),
                ("summary", summary_of(answers)),
            )
        }
        await Reflection.filter(id=row["id"]).update(**sealed)


class DropColumn(ops.RemoveField):
    """RemoveField, with SQLite's own DROP COLUMN (3.35+) instead of Tortoise's table
    rebuild, which copies every row once per column and loses the table's indexes."""

    async def database_forward(
        self, app_label: str, old_state: Any, new_state: Any, state_editor: Any = None
    ) -> None:
        if state_editor:
            await state_editor._run_sql(
                f'ALTER TABLE "reflections" DROP COLUMN "{self.name}"'
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_language"), ("reflections", "0002_user_indexes")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Reflection",
            name="content",
            field=fields.TextField(default="", db_default="", unique=False),
        ),
        ops.AddField(
            model_name="Reflection",
            name="summary",
            field=fields.TextField(default="", db_default="", unique=False),
        ),
        ops.RunPython(seal_as_documents),
        *(DropColumn(model_name="Reflection", name=name) for name in OLD_COLUMNS),
    ]

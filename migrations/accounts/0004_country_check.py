"""Settings once showed no country as chosen, so its select fell back to its first
entry and a save stored it (a person in Madrid saved as Afghanistan). This clears
every country that looks unchosen by that rule (server/places/country.looks_unchosen:
the picker's first entry while the person's time zone and language both point
elsewhere), so Attune decides it again and says it is a guess, and asks those
people once to check it."""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


async def clear_unchosen_countries(apps: Any, schema_editor: Any) -> None:
    from server.places.country import looks_unchosen

    User = apps.get_model("accounts", "User")
    rows = await User.exclude(country="").values("id", "country", "timezone", "language")
    cleared = [
        row["id"]
        for row in rows
        if looks_unchosen(row["country"], row["timezone"], row["language"])
    ]
    if cleared:
        await User.filter(id__in=cleared).update(country="", country_notice=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_language")]

    initial = False

    operations = [
        ops.AddField(
            model_name="User",
            name="country_notice",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.RunPython(clear_unchosen_countries),
    ]

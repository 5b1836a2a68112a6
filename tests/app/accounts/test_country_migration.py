"""migrations/accounts/0004: a country Settings stored without the person choosing
it (the picker's first entry, while their time zone and language point elsewhere)
is cleared, and those people are asked once to check it; every other country stays.
On SQLite and PostgreSQL, through the real migrations."""

from __future__ import annotations

import uuid

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from server.accounts.models import User
from server.db import database, run_migrations, tortoise_config
from server.features import FEATURES
from server.settings import Settings
from tests.app.reflections.test_migration import execute, settings  # noqa: F401

# username: (country, time zone, language) as the old app stored them
PEOPLE = {
    "madrid": ("AF", "Europe/Madrid", "es"),  # the reported case: Spain -> 119
    "london": ("AF", "Europe/London", ""),
    "no_zone": ("AF", "UTC", "en"),
    "kabul": ("AF", "Asia/Kabul", "en"),  # the zone points at Afghanistan
    "dari": ("AF", "UTC", "fa"),  # so does the language
    "chose_spain": ("ES", "Europe/Madrid", "es"),
    "not_set": ("", "Europe/Madrid", "es"),
    "elsewhere": ("XX", "Europe/Madrid", ""),
}
CLEARED = {"madrid", "london", "no_zone"}


async def test_unchosen_first_countries_are_cleared_and_flagged(
    settings: Settings,  # noqa: F811
) -> None:
    await run_migrations(
        settings, FEATURES.tortoise_apps, target="accounts.0003_user_language"
    )
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(settings, FEATURES.tortoise_apps))
    try:
        for name, (country, zone, language) in PEOPLE.items():
            await execute(
                settings,
                "INSERT INTO users (id, username, password_hash, recovery_hash,"
                " wrapped_key, country, timezone, language, created_at)"
                " VALUES (?, ?, 'x', 'x', 'x', ?, ?, ?, CURRENT_TIMESTAMP)",
                [str(uuid.uuid4()), name, country, zone, language],
            )
    finally:
        await Tortoise.close_connections()

    await run_migrations(settings, FEATURES.tortoise_apps)

    async with database(settings, FEATURES.tortoise_apps):
        after = {u.username: u for u in await User.all()}
    assert {n for n, u in after.items() if u.country_notice} == CLEARED
    for name, (country, zone, language) in PEOPLE.items():
        expected = "" if name in CLEARED else country
        assert after[name].country == expected, name
        assert (after[name].timezone, after[name].language) == (zone, language)

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from litestar import Litestar
from tortoise import Tortoise

from tests.conftest import Client, make_client, sign_up
from tests.security.routes import DESTRUCTIVE, RouteCase, forms_in, route_cases

pytestmark = pytest.mark.security

# Pages that are files or redirects rather than places with forms.
NOT_PAGES = {
    "/settings/export.json",
    "/sw.js",
    "/manifest.webmanifest",
    "/healthz",
    "/lessons/today",
}


async def all_models_rows() -> dict[str, int]:
    counts = {}
    for app_models in Tortoise.apps.values():
        for model in app_models.values():
            counts[model._meta.db_table] = await model.all().count()
    return counts


async def ids_of(user_id: Any) -> dict[type, list[Any]]:
    """Every row id belonging to this person, by type (uuid ids and lesson slugs)."""
    found: dict[type, list[Any]] = {uuid.UUID: [], str: []}
    from server.features import FEATURES

    for entry in FEATURES.personal_data:
        pk = entry.model._meta.pk_attr
        for row in await entry.model.filter(user_id=user_id).values(pk):
            if isinstance(row[pk], uuid.UUID):
                found[uuid.UUID].append(row[pk])
    for app_models in Tortoise.apps.values():
        lesson = app_models.get("Lesson")
        if lesson is not None:
            found[str] = [r["slug"] for r in await lesson.all().limit(2).values("slug")]
    return found


def page_cases(app: Litestar) -> list[RouteCase]:
    return [
        c for c in route_cases(app) if c.method == "GET" and c.path not in NOT_PAGES
    ]


async def fill_everything(
    client: Client, app: Litestar, text: str, user_id: Any
) -> int:
    """Submit every non-destructive form on every page with `text` in each text field."""
    submitted = 0
    for attempt in range(
        2
    ):  # a second pass reaches pages that need the first pass's ids
        ids = await ids_of(user_id)
        for case in page_cases(app):
            values = {n: (ids.get(k) or [None])[0] for n, k in case.params.items()}
            if any(v is None for v in values.values()):
                continue
            page = await client.get(case.fill(values))
            if page.status_code != 200:
                continue
            for form in forms_in(page.text):
                if DESTRUCTIVE.search(form.action) or (
                    attempt and "new" not in form.action
                ):
                    continue
                response = await client.post_form(form.action, form.submission(text))
                assert response.status_code < 500, (form.action, response.status_code)
                submitted += 1
    return submitted


async def load_lessons_if_any() -> None:
    try:
        from server.lessons.loader import load_lessons
    except ImportError:
        return
    await load_lessons()


@pytest_asyncio.fixture
async def people(app: Litestar) -> AsyncIterator[tuple[Client, Client]]:
    await load_lessons_if_any()
    async with make_client(app) as alice, make_client(app) as bob:
        await sign_up(alice, "alice")
        await sign_up(bob, "bob")
        yield alice, bob

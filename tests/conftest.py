"""Shared fixtures: a migrated database per test (SQLite, and PostgreSQL where marked),
the app in-process over httpx, and the fixed cast (alice owns data, bob is another
person)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
import pytest_asyncio
from litestar import Litestar
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from server.app import create_app
from server.db import database, run_migrations
from server.features import FEATURES
from server.settings import Settings

PG_ADMIN_URL = os.environ.get(
    "ATTUNE_TEST_PG", "postgres://postgres@127.0.0.1:5432/test"
)
PASSPHRASE = "calm river morning light"

# Cheap hashing in tests; production cost is measured in bench/.
FAST = {"argon2_memory_kib": 64, "argon2_iterations": 1, "embedded_dispatcher": False}


@contextmanager
def empty_database(backend: str, instance: Path) -> Iterator[Settings]:
    """Settings for a database no migration has touched yet (SQLite in `instance`,
    or a new PostgreSQL database, dropped afterwards): for migration tests."""
    if backend == "sqlite":
        yield Settings(instance_dir=instance)
        return
    name = f"attune_migration_{uuid.uuid4().hex[:10]}"
    admin = ["psql", PG_ADMIN_URL.replace("postgres://", "postgresql://", 1), "-qc"]
    subprocess.run([*admin, f'CREATE DATABASE "{name}"'], check=True)
    try:
        yield Settings(
            instance_dir=instance,
            database_url=re.sub(r"/[^/]*$", f"/{name}", PG_ADMIN_URL),
        )
    finally:
        subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    browser = [
        i for i in items if "/tests/browser/" in str(i.fspath).replace("\\", "/")
    ]
    for item in browser:
        item.add_marker(pytest.mark.browser)
    # Playwright's sync API keeps its event loop marked as running while it is open,
    # so every asyncio test must run before the first browser test.
    items[:] = [i for i in items if i not in browser] + browser


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once; every test gets a copy of the file (fast, and real migrations)."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    asyncio.run(run_migrations(Settings(instance_dir=folder), FEATURES.tortoise_apps))
    return folder / "attune.sqlite3"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, migrated once, dropped at the end.

    Done in subprocesses (psql, `attune migrate`), so it works whether or not an
    event loop is running in this thread (Playwright's sync API keeps one)."""
    name = f"attune_test_{uuid.uuid4().hex[:12]}"
    admin = ["psql", PG_ADMIN_URL.replace("postgres://", "postgresql://", 1), "-qc"]
    subprocess.run(
        [*admin, f'CREATE DATABASE "{name}"'], check=True, capture_output=True
    )
    url = re.sub(r"/[^/]*$", f"/{name}", PG_ADMIN_URL)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "server.cli", "migrate"],
        env=env,
        check=True,
        capture_output=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    yield url
    subprocess.run(
        [*admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], capture_output=True
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    instance = tmp_path / "instance"
    instance.mkdir()
    if backend == "postgres":
        url = request.getfixturevalue("pg_url")
        return Settings(instance_dir=instance, database_url=url, **FAST)  # type: ignore[arg-type]
    template = request.getfixturevalue("sqlite_template")
    shutil.copy(template, instance / "attune.sqlite3")
    return Settings(instance_dir=instance, **FAST)  # type: ignore[arg-type]


async def truncate_all() -> None:
    conn = Tortoise.get_connection("default")
    tables = [m._meta.db_table for app in Tortoise.apps.values() for m in app.values()]
    await conn.execute_script(f"TRUNCATE {', '.join(tables)} CASCADE")


@pytest_asyncio.fixture
async def app(settings: Settings) -> AsyncIterator[Litestar]:
    # Tortoise caches each table's INSERT SQL per process, not per dialect: a
    # PostgreSQL run after a SQLite one would reuse "?" placeholders.
    EXECUTOR_CACHE.clear()
    application = create_app(settings)
    # The app's own lifespan runs anyio scopes that must exit in the task that
    # entered them; pytest-asyncio tears fixtures down in another task, so the
    # database context is entered directly (the lifespan is tested with uvicorn).
    async with database(settings, FEATURES.tortoise_apps):
        if settings.is_postgres:
            await truncate_all()
        yield application
        await application.state.rate_limiter.close()


class Client(httpx.AsyncClient):
    """An httpx client that behaves like a browser with forms: it carries the CSRF
    token in each form post, as the rendered pages do."""

    async def csrf_token(self) -> str:
        if "attune_csrf" not in self.cookies:
            await self.get("/about")
        return self.cookies["attune_csrf"]

    async def post_form(
        self,
        url: str,
        data: dict[str, object] | list[tuple[str, object]] | None = None,
        *,
        htmx: bool = False,
        **kwargs: object,
    ) -> httpx.Response:
        token = await self.csrf_token()
        items = list(data.items()) if isinstance(data, dict) else list(data or [])
        flat: list[tuple[str, str]] = []
        for key, value in items:
            if isinstance(value, list | tuple):
                flat.extend((key, str(v)) for v in value)
            else:
                flat.append((key, str(value)))
        flat.append(("_csrf_token", token))
        headers = dict(kwargs.pop("headers", None) or {})  # type: ignore[call-overload]
        if htmx:
            headers["HX-Request"] = "true"
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return await self.post(url, content=urlencode(flat), headers=headers, **kwargs)  # type: ignore[arg-type]


def make_client(app: Litestar, address: str = "127.0.0.1") -> Client:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return Client(transport=transport, base_url="http://testserver")


@pytest_asyncio.fixture
async def client(app: Litestar) -> AsyncIterator[Client]:
    async with make_client(app) as c:
        yield c


async def sign_up(client: Client, username: str, passphrase: str = PASSPHRASE) -> str:
    """Register through the real form; return the recovery code shown."""
    response = await client.post_form(
        "/register",
        {
            "username": username,
            "passphrase": passphrase,
            "passphrase_confirm": passphrase,
        },
    )
    assert response.status_code == 200, response.text
    match = re.search(r'data-code="([0-9A-Z-]{24})"', response.text)
    assert match, "recovery code not shown"
    return match.group(1)


@pytest_asyncio.fixture
async def alice(app: Litestar) -> AsyncIterator[Client]:
    async with make_client(app) as c:
        await sign_up(c, "alice")
        yield c


@pytest_asyncio.fixture
async def bob(app: Litestar) -> AsyncIterator[Client]:
    async with make_client(app) as c:
        await sign_up(c, "bob")
        yield c


def pytest_terminal_summary(terminalreporter: object) -> None:
    from tests.figures import FIGURES

    if not FIGURES:
        return
    write = terminalreporter.write_line  # type: ignore[attr-defined]
    terminalreporter.section("Attune security and reliability figures")  # type: ignore[attr-defined]
    width = max(len(name) for name, _ in FIGURES)
    for name, value in FIGURES:
        write(f"{name.ljust(width)}  {value}")

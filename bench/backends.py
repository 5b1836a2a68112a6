"""Run one async measurement on SQLite, then (when asked) on a fresh PostgreSQL
database dropped afterwards: the benches that compare the two."""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from server.settings import Settings

Measure = Callable[[Settings, str], Awaitable[None]]


def on_each_backend(measure: Measure, postgres: bool, prefix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(measure(Settings(instance_dir=Path(folder)), "SQLite"))
    if not postgres:
        return
    dbname = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc"]
    subprocess.run([*admin, f'CREATE DATABASE "{dbname}"'], check=True)
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = f"postgres://postgres@127.0.0.1:5432/{dbname}"
            settings = Settings(instance_dir=Path(folder), database_url=url)
            asyncio.run(measure(settings, "PostgreSQL"))
    finally:
        subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'])

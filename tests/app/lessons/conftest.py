from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from litestar import Litestar

from server.accounts.models import User
from server.lessons import service
from server.lessons.loader import LoadReport, load_lessons
from server.lessons.parsing import CONTENT_DIR


@pytest_asyncio.fixture
async def lessons(app: Litestar) -> AsyncIterator[LoadReport]:
    """The real program, loaded into this test's database."""
    service.forget_cached_lessons()
    yield await load_lessons()
    service.forget_cached_lessons()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the lesson files that a test may edit."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


async def user_named(name: str) -> User:
    return await User.get(username=name)

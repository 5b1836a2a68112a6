from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.accounts.models import User
from server.lessons.parsing import CONTENT_DIR


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the lesson files that a test may edit."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


async def user_named(name: str) -> User:
    return await User.get(username=name)

"""Fixtures shared by the app tests of every feature."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from litestar import Litestar

from server.lessons import service
from server.lessons.loader import LoadReport, load_lessons


@pytest_asyncio.fixture
async def lessons(app: Litestar) -> AsyncIterator[LoadReport]:
    """The real program, loaded into this test's database."""
    service.forget_cached_lessons()
    yield await load_lessons()
    service.forget_cached_lessons()

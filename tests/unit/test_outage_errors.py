"""Only database and network errors are outages ("the database is resting", 503);
any other error is a bug, and must not hide behind that page."""

from __future__ import annotations

import errno
import socket
import sqlite3

import asyncpg
import pytest
from tortoise.exceptions import DBConnectionError

from server.web.errors import is_unavailable


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(errno.ECONNREFUSED, "refused"),
        ConnectionResetError(),
        TimeoutError(),
        socket.gaierror(socket.EAI_NONAME, "no such host"),
        OSError(errno.EHOSTUNREACH, "no route to host"),
        DBConnectionError("gone"),
        asyncpg.CannotConnectNowError("starting up"),
    ],
)
def test_database_and_network_errors_are_outages(error: BaseException) -> None:
    assert is_unavailable(error)


@pytest.mark.parametrize(
    "error",
    [
        FileNotFoundError(errno.ENOENT, "no such file", "templates/x.html"),
        PermissionError(errno.EACCES, "denied"),
        IsADirectoryError(),
        OSError("something else"),
        ValueError("bad"),
        sqlite3.IntegrityError("UNIQUE constraint failed"),
    ],
)
def test_other_errors_are_not(error: BaseException) -> None:
    assert not is_unavailable(error)


def test_an_outage_is_found_down_the_chain() -> None:
    try:
        try:
            raise ConnectionResetError()
        except ConnectionResetError as cause:
            raise RuntimeError("while saving") from cause
    except RuntimeError as wrapped:
        assert is_unavailable(wrapped)

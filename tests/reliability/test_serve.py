"""How `attune serve` runs the app."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import start_server

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def test_the_server_runs_on_asyncios_own_loop(tmp_path: Path) -> None:
    """uvloop, which uvicorn picks when it is installed, serves new requests before
    finishing started ones once the process is busy (MagicStack/uvloop#123): at 50
    connections a page with a 75 ms median kept 1 in 100 people waiting 1-2 s
    (bench/server_floor.py). asyncio's own loop takes them in turn."""
    proc, base = start_server(tmp_path)
    try:
        assert httpx.get(base + "/help").status_code == 200
        libraries = Path(f"/proc/{proc.pid}/maps").read_text()
        assert "uvloop" not in libraries
    finally:
        proc.terminate()
        proc.wait(timeout=10)

"""The `attune` command as an operator runs it, in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CONTENT = REPO / "server" / "lessons" / "content"


def attune(instance: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ATTUNE_INSTANCE_DIR": str(instance)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_migrate_and_load_lessons_twice_change_nothing_the_second_time(
    tmp_path: Path,
) -> None:
    assert attune(tmp_path, "migrate").returncode == 0
    first = attune(tmp_path, "load-lessons")
    assert first.returncode == 0 and "36 added" in first.stdout
    second = attune(tmp_path, "load-lessons")
    assert "0 added, 0 updated, 36 unchanged" in second.stdout


def test_a_bad_lesson_file_is_named_without_a_traceback(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    first = sorted(content.glob("day-01-*.md"))[0]
    first.write_text(first.read_text().replace("minutes: 2", "minutes: two"))
    assert attune(tmp_path, "migrate").returncode == 0
    result = attune(tmp_path, "load-lessons", "--directory", str(content))
    assert result.returncode == 1
    assert first.name in result.stderr and "minutes" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_keys_print_in_the_right_shape(tmp_path: Path) -> None:
    vapid = attune(tmp_path, "vapid-keys")
    assert "VAPID_PRIVATE_KEY=" in vapid.stdout and "VAPID_PUBLIC_KEY=" in vapid.stdout
    master = attune(tmp_path, "new-master-key").stdout.strip()
    import base64

    assert len(base64.b64decode(master)) == 32


MAKE_DANA = """
import asyncio
from server.accounts.service import create_account
from server.crypto import load_keyring
from server.db import database
from server.features import FEATURES
from server.passwords import Passwords
from server.settings import get_settings

async def main():
    settings = get_settings()
    async with database(settings, FEATURES.tortoise_apps):
        await create_account(
            "dana", "calm river morning light",
            passwords=Passwords(settings), keyring=load_keyring(settings),
        )

asyncio.run(main())
"""


def test_import_restores_a_file_into_an_account_once(tmp_path: Path) -> None:
    import json

    assert attune(tmp_path, "migrate").returncode == 0
    env = {**os.environ, "ATTUNE_INSTANCE_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-c", MAKE_DANA], cwd=REPO, env=env, check=True, timeout=120
    )
    export = tmp_path / "export.json"
    export.write_text(
        json.dumps(
            {
                "format": "attune-export",
                "version": 1,
                "reflections": [
                    {"occurred_on": "2025-01-02", "what_happened": "A small moment."},
                    {"occurred_on": "2025-01-03", "what_happened": "Another."},
                ],
                "safety_plan_items": [{"card_id": "reasons", "text": "My sister"}],
                "extra": True,
            }
        )
    )
    first = attune(tmp_path, "import", str(export), "--user", "dana", "--yes")
    assert first.returncode == 0, first.stderr
    assert "2 reflections" in first.stdout and "extra" in first.stdout
    assert "New: " in first.stdout
    again = attune(tmp_path, "import", str(export), "--user", "Dana", "--yes")
    assert "Nothing was new." in again.stdout
    damaged = tmp_path / "damaged.json"
    damaged.write_text(export.read_text()[:40])
    refused = attune(tmp_path, "import", str(damaged), "--user", "dana", "--yes")
    assert refused.returncode == 1 and "ends too soon" in refused.stderr
    assert "Traceback" not in refused.stderr
    nobody = attune(tmp_path, "import", str(export), "--user", "erin", "--yes")
    assert nobody.returncode == 1 and "No account is named" in nobody.stderr

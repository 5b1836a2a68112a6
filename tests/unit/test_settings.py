from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.settings import SettingsError, settings_from_env

REPO = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_in_the_readme() -> None:
    source = (REPO / "server" / "settings.py").read_text()
    names = set(re.findall(r'_env(?:_bool|_int)?\("([A-Z_]+)"', source))
    assert len(names) >= 15
    readme = (REPO / "README.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, f"document these in README.md: {missing}"


def test_a_malformed_value_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTUNE_HTTPS", "maybe")
    with pytest.raises(SettingsError):
        settings_from_env()
    monkeypatch.setenv("ATTUNE_HTTPS", "1")
    monkeypatch.setenv("ATTUNE_SESSION_IDLE_DAYS", "soon")
    with pytest.raises(SettingsError):
        settings_from_env()


def test_a_file_variable_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "key"
    secret.write_text("  from-a-file \n")
    monkeypatch.setenv("ATTUNE_SECRET_KEY_FILE", str(secret))
    assert settings_from_env().secret_key == "from-a-file"

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from server.settings import Settings, SettingsError, settings_from_env

REPO = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_in_the_readme() -> None:
    names = {item.metadata["env"] for item in fields(Settings)}
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


def test_each_default_is_the_one_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    for item in fields(Settings):
        monkeypatch.delenv(item.metadata["env"], raising=False)
    assert settings_from_env() == Settings()
    monkeypatch.setenv("ATTUNE_PUSH_EXTRA_HOSTS", " a.example , b.example:8443,")
    monkeypatch.setenv("ATTUNE_LOG_LEVEL", "debug")
    monkeypatch.setenv("ATTUNE_ARGON2_MEMORY_KIB", "4")
    with pytest.raises(SettingsError, match="at least 8"):
        settings_from_env()
    monkeypatch.setenv("ATTUNE_ARGON2_MEMORY_KIB", "65536")
    found = settings_from_env()
    assert found.push_extra_hosts == ("a.example", "b.example:8443")
    assert found.log_level == "DEBUG" and found.argon2_memory_kib == 65536


def test_the_quick_exit_goes_only_to_a_whole_web_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ATTUNE_QUICK_EXIT_URL", "https://weather.example/today")
    assert settings_from_env().quick_exit_url == "https://weather.example/today"
    for wrong in ("weather.example", "javascript:history.back()", "/help"):
        monkeypatch.setenv("ATTUNE_QUICK_EXIT_URL", wrong)
        with pytest.raises(SettingsError, match="ATTUNE_QUICK_EXIT_URL"):
            settings_from_env()

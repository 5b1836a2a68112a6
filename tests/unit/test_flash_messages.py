"""Flash messages are declared by the feature that shows them and put together once
when the app is made: every key a handler sends has its words, and no two features
claim one key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.app import create_app
from server.settings import Settings
from server.web.pages import combine_flash_messages

SERVER = Path(__file__).resolve().parents[2] / "server"


def test_every_key_a_handler_sends_has_its_words(tmp_path: Path) -> None:
    table = create_app(Settings(instance_dir=tmp_path)).state.flash_messages
    sent = {
        key
        for path in SERVER.rglob("*.py")
        for key in re.findall(r'flash="([a-z-]+)"', path.read_text())
    }
    assert sent, "no flash keys found: the pattern is out of date"
    assert sent <= table.keys(), sorted(sent - table.keys())
    assert all(str(words) for words in table.values())


def test_a_key_two_features_claim_stops_the_app_from_starting() -> None:
    with pytest.raises(ValueError, match="saved"):
        combine_flash_messages({"saved": "Saved."}, {"saved": "Kept."})

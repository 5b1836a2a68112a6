from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from py_vapid import Vapid02

from server.push.vapid import VapidSigner, load_vapid_keys, new_vapid_keys
from server.settings import Settings


def test_new_keys_are_a_matching_pair() -> None:
    private, public = new_vapid_keys()
    key = Vapid02.from_raw(private.encode())
    headers = key.sign({"sub": "mailto:a@example.org", "aud": "https://x.example"})
    assert f"k={public}" in headers["Authorization"]


def test_embedded_keys_are_made_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(instance_dir=tmp_path)
    first = load_vapid_keys(settings)
    path = tmp_path / "vapid.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["public"] == first.public
    assert load_vapid_keys(Settings(instance_dir=tmp_path)).public == first.public


def test_keys_from_settings_win_and_must_match(tmp_path: Path) -> None:
    private, public = new_vapid_keys()
    keys = load_vapid_keys(Settings(instance_dir=tmp_path, vapid_private_key=private))
    assert keys.public == public
    assert not (tmp_path / "vapid.json").exists()
    other = new_vapid_keys()[1]
    with pytest.raises(ValueError, match="does not match"):
        load_vapid_keys(
            Settings(
                instance_dir=tmp_path, vapid_private_key=private, vapid_public_key=other
            )
        )


def test_a_token_is_signed_once_per_audience_and_renewed_before_expiry(
    tmp_path: Path,
) -> None:
    now = [1_000_000.0]
    signer = VapidSigner(
        load_vapid_keys(Settings(instance_dir=tmp_path)),
        "mailto:a@example.org",
        clock=lambda: now[0],
    )
    a = signer.headers_for("https://fcm.googleapis.com/fcm/send/1")
    assert signer.headers_for("https://fcm.googleapis.com/fcm/send/2") == a
    signer.headers_for("https://web.push.apple.com/x")
    assert signer.signatures == 2
    now[0] += 10 * 3600
    assert signer.headers_for("https://fcm.googleapis.com/fcm/send/3") == a
    now[0] += 1.5 * 3600  # less than an hour left: sign again
    assert signer.headers_for("https://fcm.googleapis.com/fcm/send/3") != a
    assert signer.signatures == 3


def test_the_signers_clock_is_typed_as_a_clock() -> None:
    # Typed as `object` it needed a type: ignore to be called, which hid mistakes.
    from collections.abc import Callable
    from typing import get_type_hints

    from server.push.vapid import VapidSigner

    assert get_type_hints(VapidSigner)["clock"] == Callable[[], float]

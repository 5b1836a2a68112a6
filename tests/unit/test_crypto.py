from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from server.crypto import (
    DecryptionError,
    FieldCipher,
    Keyring,
    decode_master_key,
    key_id,
    load_keyring,
    new_data_key,
)
from server.settings import Settings


def cipher() -> FieldCipher:
    return FieldCipher(new_data_key())


def test_it_round_trips_text() -> None:
    c = cipher()
    token = c.encrypt("I felt unseen 💬", table="t", row_id="1", field="f")
    assert "unseen" not in token
    assert c.decrypt(token, table="t", row_id="1", field="f") == "I felt unseen 💬"


def test_the_same_text_encrypts_differently_each_time() -> None:
    c = cipher()
    a = c.encrypt("same", table="t", row_id="1", field="f")
    b = c.encrypt("same", table="t", row_id="1", field="f")
    assert a != b


def test_a_tampered_ciphertext_fails_calmly() -> None:
    c = cipher()
    token = c.encrypt("hello", table="t", row_id="1", field="f")
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(DecryptionError):
        c.decrypt(flipped, table="t", row_id="1", field="f")
    with pytest.raises(DecryptionError):
        c.decrypt("not a ciphertext", table="t", row_id="1", field="f")


def test_a_ciphertext_moved_to_another_row_or_field_fails() -> None:
    c = cipher()
    token = c.encrypt("hello", table="t", row_id="1", field="f")
    with pytest.raises(DecryptionError):
        c.decrypt(token, table="t", row_id="2", field="f")
    with pytest.raises(DecryptionError):
        c.decrypt(token, table="t", row_id="1", field="g")


def test_another_persons_key_cannot_open_it() -> None:
    token = cipher().encrypt("hello", table="t", row_id="1", field="f")
    with pytest.raises(DecryptionError):
        cipher().decrypt(token, table="t", row_id="1", field="f")


def test_keys_wrapped_before_a_rotation_still_open() -> None:
    old, new = os.urandom(32), os.urandom(32)
    data_key = new_data_key()
    wrapped = Keyring(old).wrap(data_key)
    rotating = Keyring(new, previous=(old,))
    assert rotating.needs_rewrap(wrapped)
    assert rotating.unwrap(wrapped) == data_key
    rewrapped = rotating.wrap(rotating.unwrap(wrapped))
    assert not rotating.needs_rewrap(rewrapped)
    assert Keyring(new).unwrap(rewrapped) == data_key
    with pytest.raises(DecryptionError):
        Keyring(new).unwrap(wrapped)


def test_the_embedded_master_key_is_made_once_and_private(tmp_path: Path) -> None:
    settings = Settings(instance_dir=tmp_path)
    first = load_keyring(settings)
    key_file = tmp_path / "master.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_keyring(settings).current == first.current


def test_a_malformed_master_key_is_refused() -> None:
    with pytest.raises(ValueError):
        decode_master_key("too-short")
    assert decode_master_key(base64.b64encode(b"k" * 32).decode()) == b"k" * 32


def test_a_master_key_reads_in_either_base64_alphabet() -> None:
    key = bytes(
        [0xFB, 0xFF] * 16
    )  # "+" and "/" in standard base64, "-" and "_" in URL-safe
    standard = base64.b64encode(key).decode()
    url_safe = base64.urlsafe_b64encode(key).decode().rstrip("=")
    assert "+" in standard and "-" in url_safe
    assert decode_master_key(standard) == decode_master_key(url_safe) == key


@pytest.mark.parametrize("blob", ["abcde", "a", "%%%%%"])
def test_a_malformed_wrapped_key_fails_as_a_key_that_does_not_open(blob: str) -> None:
    master = os.urandom(32)
    with pytest.raises(DecryptionError):
        Keyring(master).unwrap(f"{key_id(master)}.{blob}")


def _make_key(path: str) -> str:
    from server.crypto import _read_or_create_key_file

    return _read_or_create_key_file(Path(path))


def test_processes_starting_at_once_agree_on_one_complete_key(tmp_path: Path) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    for round_ in range(5):
        path = tmp_path / f"master{round_}.key"
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=6, mp_context=spawn) as pool:
            keys = list(pool.map(_make_key, [str(path)] * 12))
        assert len(set(keys)) == 1
        assert decode_master_key(keys[0]) and path.read_text().strip() == keys[0]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

"""Push messages are encrypted by http_ece (RFC 8291) and fit the RFC's 4096 bytes."""

from __future__ import annotations

import http_ece
import pytest

from server.push.sender import MAX_PLAINTEXT, encrypt
from tests.app.push.conftest import BrowserKeys, b64u_decode


def test_the_largest_message_fits_in_4096_bytes_and_a_browser_opens_it() -> None:
    browser = BrowserKeys()
    plaintext = b'{"x":"' + b"a" * (MAX_PLAINTEXT - 8) + b'"}'
    assert len(plaintext) == MAX_PLAINTEXT == 3993
    body = encrypt(plaintext, b64u_decode(browser.p256dh), browser.auth)
    assert len(body) == 4096
    assert browser.decrypt(body) == {"x": "a" * (MAX_PLAINTEXT - 8)}


def test_each_message_has_its_own_key_and_salt() -> None:
    browser = BrowserKeys()
    key = b64u_decode(browser.p256dh)
    first, second = encrypt(b"{}", key, browser.auth), encrypt(b"{}", key, browser.auth)
    assert first[:16] != second[:16]  # salt
    assert first[21:86] != second[21:86]  # our ephemeral public key


def test_a_bad_browser_key_is_refused() -> None:
    with pytest.raises(ValueError):
        encrypt(b"{}", b"\x04" + b"\x00" * 64, b"0" * 16)
    with pytest.raises(ValueError):
        encrypt(b"{}", b"short", b"0" * 16)


def test_another_browser_cannot_open_it() -> None:
    browser, other = BrowserKeys(), BrowserKeys()
    body = encrypt(b"{}", b64u_decode(browser.p256dh), browser.auth)
    with pytest.raises((http_ece.ECEException, ValueError)):
        other.decrypt(body)

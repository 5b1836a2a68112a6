"""What the passkey checks refuse, with real keys and py_webauthn itself (answers
made by tests/authenticator.py, bent where a test says)."""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from webauthn.helpers import bytes_to_base64url

from server.passkeys.models import Passkey
from server.passkeys.service import (
    NewPasskey,
    PasskeyRefused,
    RelyingParty,
    check_assertion,
    check_new_passkey,
    creation_options,
    device_name,
    parse_credential,
    relying_party,
    request_options,
    signed_challenge,
)
from tests.authenticator import SoftAuthenticator

RP = RelyingParty("testserver", "http://testserver")
USER = uuid.UUID(int=7)


def registered(
    device: SoftAuthenticator, rp: RelyingParty = RP
) -> tuple[str, dict[str, Any]]:
    challenge = secrets.token_bytes(32)
    options = creation_options(rp, challenge, USER, "alice", [])
    return bytes_to_base64url(challenge), device.create(options)


def stored(device: SoftAuthenticator) -> tuple[Passkey, NewPasskey]:
    challenge, answer = registered(device)
    new = check_new_passkey(answer, challenge, RP)
    passkey = Passkey(
        id=uuid.uuid4(),
        credential_id=new.credential_id,
        public_key=new.public_key,
        sign_count=new.sign_count,
        backed_up=new.backed_up,
    )
    # Without a database the ORM has not wired the relation: the column is set
    # as a row read back would have it.
    passkey.user_id = USER
    return passkey, new


def sign_in_answer(
    device: SoftAuthenticator, rp: RelyingParty = RP, **bend: Any
) -> tuple[str, dict[str, Any]]:
    challenge = secrets.token_bytes(32)
    answer = device.get(request_options(rp, challenge), **bend)
    return bytes_to_base64url(challenge), answer


# --- Registration ---------------------------------------------------------------


def test_a_new_passkey_is_accepted_with_its_flags_and_counter() -> None:
    device = SoftAuthenticator(sign_count=5)
    challenge, answer = registered(device)
    new = check_new_passkey(answer, challenge, RP)
    assert new.credential_id == bytes_to_base64url(device.credential_id)
    assert new.sign_count == 5
    assert new.backup_eligible and new.backed_up
    assert new.transports == "internal,hybrid"


def test_options_ask_for_a_discoverable_verified_credential() -> None:
    options = json.loads(creation_options(RP, b"c" * 32, USER, "alice", []))
    assert options["rp"] == {"id": "testserver", "name": "Attune"}
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    get = json.loads(request_options(RP, b"c" * 32))
    assert get["userVerification"] == "required"
    assert get["allowCredentials"] == []


def test_a_new_passkey_from_another_origin_is_refused() -> None:
    device = SoftAuthenticator()
    challenge = secrets.token_bytes(32)
    answer = device.create(
        creation_options(RP, challenge, USER, "alice", []),
        origin="http://testserver.evil.example",
    )
    with pytest.raises(PasskeyRefused) as caught:
        check_new_passkey(answer, bytes_to_base64url(challenge), RP)
    assert "origin" in caught.value.reason


def test_a_new_passkey_for_another_challenge_is_refused() -> None:
    _, answer = registered(SoftAuthenticator())
    with pytest.raises(PasskeyRefused) as caught:
        check_new_passkey(answer, bytes_to_base64url(b"x" * 32), RP)
    assert "challenge" in caught.value.reason


def test_a_new_passkey_without_user_verification_is_refused() -> None:
    device = SoftAuthenticator(user_verified=False)
    challenge, answer = registered(device)
    with pytest.raises(PasskeyRefused) as caught:
        check_new_passkey(answer, challenge, RP)
    assert "verif" in caught.value.reason.lower()


def test_a_new_passkey_for_another_relying_party_is_refused() -> None:
    device = SoftAuthenticator(rp_id="evil.example")
    challenge, answer = registered(device)
    with pytest.raises(PasskeyRefused) as caught:
        check_new_passkey(answer, challenge, RP)
    assert "RP ID" in caught.value.reason


# --- Sign-in --------------------------------------------------------------------


def test_a_good_sign_in_moves_the_counter_and_notes_the_use() -> None:
    device = SoftAuthenticator()
    passkey, _ = stored(device)
    challenge, answer = sign_in_answer(device)
    check_assertion(answer, challenge, RP, passkey)
    assert passkey.sign_count == 1
    assert passkey.last_used_at is not None
    assert passkey.last_used_at <= datetime.now(UTC)


def test_a_counter_going_backwards_is_refused_as_a_copy() -> None:
    device = SoftAuthenticator(sign_count=10)
    passkey, _ = stored(device)
    challenge, answer = sign_in_answer(device)
    check_assertion(answer, challenge, RP, passkey)  # 11
    clone = SoftAuthenticator(
        key=device.key, credential_id=device.credential_id, sign_count=3
    )
    clone.user_handle = device.user_handle
    challenge, answer = sign_in_answer(clone)
    with pytest.raises(PasskeyRefused) as caught:
        check_assertion(answer, challenge, RP, passkey)
    assert "sign count" in caught.value.reason
    assert passkey.sign_count == 11


def test_a_passkey_that_never_counts_keeps_working() -> None:
    device = SoftAuthenticator(step=0)
    passkey, _ = stored(device)
    for _ in range(2):
        challenge, answer = sign_in_answer(device)
        check_assertion(answer, challenge, RP, passkey)
    assert passkey.sign_count == 0


def test_a_sign_in_from_another_origin_is_refused() -> None:
    device = SoftAuthenticator()
    passkey, _ = stored(device)
    challenge, answer = sign_in_answer(device, origin="http://localhost:9999")
    with pytest.raises(PasskeyRefused) as caught:
        check_assertion(answer, challenge, RP, passkey)
    assert "origin" in caught.value.reason


def test_a_sign_in_without_user_verification_is_refused() -> None:
    device = SoftAuthenticator()
    passkey, _ = stored(device)
    device.user_verified = False
    challenge, answer = sign_in_answer(device)
    with pytest.raises(PasskeyRefused) as caught:
        check_assertion(answer, challenge, RP, passkey)
    assert "verif" in caught.value.reason.lower()


def test_a_forged_signature_is_refused() -> None:
    device = SoftAuthenticator()
    passkey, _ = stored(device)
    impostor = SoftAuthenticator(credential_id=device.credential_id)
    impostor.user_handle = device.user_handle
    challenge, answer = sign_in_answer(impostor)
    with pytest.raises(PasskeyRefused) as caught:
        check_assertion(answer, challenge, RP, passkey)
    assert "signature" in caught.value.reason


def test_an_answer_naming_another_account_is_refused() -> None:
    device = SoftAuthenticator()
    passkey, _ = stored(device)
    device.user_handle = uuid.UUID(int=8).bytes
    challenge, answer = sign_in_answer(device)
    with pytest.raises(PasskeyRefused) as caught:
        check_assertion(answer, challenge, RP, passkey)
    assert "user handle" in caught.value.reason


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        '{"id": 5}',
        '{"id": "x"}',
        '{"id": "x", "response": "no"}',
        '{"id": "x", "response": {"clientDataJSON": "%%%"}}',
        '{"id": "x", "response": {"clientDataJSON": "e30"}}',
    ],
)
def test_malformed_answers_are_refused_not_crashed_on(text: str) -> None:
    with pytest.raises(PasskeyRefused):
        signed_challenge(parse_credential(text))


@pytest.mark.parametrize(
    "bend",
    [
        lambda a: a["response"].pop("signature"),
        lambda a: a["response"].update(authenticatorData="AAAA"),
        lambda a: a["response"].update(signature="%%%"),
        lambda a: a.update(rawId="b3RoZXI"),
        lambda a: a.update(type="password"),
    ],
)
def test_bent_sign_in_answers_are_refused(bend: Any) -> None:
    device = SoftAuthenticator()
    passkey, _ = stored(device)
    challenge, answer = sign_in_answer(device)
    bend(answer)
    with pytest.raises(PasskeyRefused):
        check_assertion(answer, challenge, RP, passkey)


# --- Where passkeys can work ------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "scheme", "host", "port", "expected"),
    [
        ("", "http", "localhost", 8000, RelyingParty("localhost", "http://localhost:8000")),
        ("", "https", "attune.example.org", 443, RelyingParty("attune.example.org", "https://attune.example.org")),
        ("", "http", "127.0.0.1", 8000, None),
        ("", "http", "[::1]", 8000, None),
        ("example.org", "https", "app.example.org", None, RelyingParty("example.org", "https://app.example.org")),
        ("example.org", "https", "example.org.evil.test", None, None),
        ("10.0.0.2", "http", "10.0.0.2", 80, None),
    ],
)  # fmt: skip
def test_the_relying_party_is_a_domain_name_the_page_is_under(
    setting: str, scheme: str, host: str, port: int | None, expected: object
) -> None:
    assert relying_party(setting, scheme, host, port) == expected


def test_a_new_passkey_is_named_after_its_device() -> None:
    assert device_name("Pixel 8", "Mozilla/5.0 (Linux; Android 14)") == "Pixel 8"
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)"
    assert device_name("", iphone) == "iPhone"
    assert device_name("  ", "curl/8") == ""
    assert len(device_name("x" * 500, "")) == 60

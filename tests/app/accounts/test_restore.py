"""Settings -> "Restore from a file": an export read back into an account, through
the real upload, confirm and result pages."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from litestar import Litestar
from tortoise import Tortoise

from server.accounts.models import User
from server.crypto import FieldCipher
from server.lessons.loader import LoadReport
from server.reflections.models import Reflection
from tests.app.reflections.helpers import EVERYTHING, write
from tests.app.safety_plan.helpers import add
from tests.conftest import Client, make_client, sign_up

LESSON = "/lessons/feeling-safe-first"


async def fill(client: Client) -> None:
    """A little of everything a restore brings back, typed through the forms."""
    await write(client, **EVERYTHING)
    await write(client, occurred_on="2025-04-02", what_happened="A second one.")
    await add(client, "warning-signs", "I stop answering messages")
    await add(client, "connect", "Ana", phone="+34 600 000 000", note="evenings")
    await client.post_form(f"{LESSON}/save", {"value": "1"})
    await client.post_form(f"{LESSON}/done", {"value": "1"})
    await client.post_form(f"{LESSON}/note", {"text": "Safety first, then the rest."})
    await client.post_form(
        "/settings/reminders",
        {"enabled": "on", "time": "07:45", "timezone": "Europe/Paris"},
    )
    # A draft: the first step of a reflection, kept for later.
    page = await client.get("/reflections/new/step/1")
    key = re.search(r'name="key" value="([^"]+)"', page.text)
    kept = await client.post_form(
        "/reflections/new/step/1",
        {
            "occurred_on": "2025-05-01",
            "relationship_kind": "friend",
            "key": key.group(1) if key else "k" * 20,
            "go": "draft",
        },
    )
    assert kept.status_code == 303


async def export_of(client: Client) -> bytes:
    response = await client.get("/settings/export.json")
    assert response.status_code == 200
    return response.content


async def upload(client: Client, content: bytes, name: str = "export.json") -> Any:
    token = await client.csrf_token()
    return await client.post(
        "/settings/restore",
        data={"_csrf_token": token},
        files={"file": (name, content, "application/json")},
    )


def pending_of(page: str) -> str:
    match = re.search(r'name="pending" value="([^"]+)"', page)
    assert match, "no confirm form"
    return unescape(match.group(1))


async def restore(client: Client, content: bytes) -> Any:
    """Upload, check what the page says the file holds, confirm; the result page."""
    read = await upload(client, content)
    assert read.status_code == 200, read.text
    confirmed = await client.post_form(
        "/settings/restore/confirm", {"pending": pending_of(read.text)}
    )
    assert confirmed.status_code == 303, confirmed.text
    assert confirmed.headers["location"].startswith("/settings/restore/done")
    return await client.get(confirmed.headers["location"])


def comparable(export: bytes) -> dict[str, Any]:
    """An export without what differs between accounts: ids, times of the import,
    sign-ins, and what is never restored (devices, deliveries, share links)."""
    data = json.loads(export)
    for name in ("exported_at", "sessions", "push_subscriptions", "push_deliveries"):
        data.pop(name, None)
    data["account"].pop("username")
    data["account"].pop("created_at")
    data["safety_plan"] = len(data["safety_plan"])
    for section in data.values():
        for row in section if isinstance(section, list) else []:
            for name in ("id", "updated_at"):
                row.pop(name, None)
    return data


async def test_a_round_trip_gives_back_the_same_export(
    app: Litestar, alice: Client, lessons: LoadReport
) -> None:
    await fill(alice)
    first = await export_of(alice)
    async with make_client(app) as carol:
        await sign_up(carol, "carol")
        done = await restore(carol, first)
        assert "New here" in done.text
        assert "2 reflections" in done.text
        assert "2 entries in your safety plan" in done.text
        again = await export_of(carol)
    assert comparable(again) == comparable(first)
    journal = await alice.get("/reflections")
    assert "Sam looked at the phone" in journal.text


async def test_restoring_the_same_file_twice_adds_nothing_the_second_time(
    app: Litestar, alice: Client, lessons: LoadReport
) -> None:
    await fill(alice)
    first = await export_of(alice)
    # Into the same account: everything in the file is already here.
    done = await restore(alice, first)
    assert "Nothing was new" in done.text
    async with make_client(app) as carol:
        await sign_up(carol, "carol")
        await restore(carol, first)
        counts = await row_counts("carol")
        second = await restore(carol, first)
        assert "Nothing was new" in second.text
        assert await row_counts("carol") == counts
        assert counts["reflections"] == 2


async def test_the_page_shows_what_the_file_holds_before_anything_changes(
    alice: Client, lessons: LoadReport, app: Litestar
) -> None:
    await fill(alice)
    first = await export_of(alice)
    async with make_client(app) as carol:
        await sign_up(carol, "carol")
        before = await row_counts("carol")
        read = await upload(carol, first)
        assert read.status_code == 200
        for line in (
            "2 reflections",
            "2 entries in your safety plan",
            "1 lesson done or saved",
            "1 lesson note",
            "1 reflection you had not finished",
            "1 daily reminder setting",
        ):
            assert line in read.text, line
        assert "Restore these" in read.text
        assert await row_counts("carol") == before
        # The file's words are not on the page, nor anywhere but sealed.
        assert "Sam looked at the phone" not in read.text


async def row_counts(username: str) -> dict[str, int]:
    user = await User.get(username=username)
    counts = {}
    for app_models in Tortoise.apps.values():
        for model in app_models.values():
            if "user" in model._meta.fk_fields | model._meta.o2o_fields:
                counts[model._meta.db_table] = await model.filter(
                    user_id=user.pk
                ).count()
    return counts


def an_export(**change: Any) -> dict[str, Any]:
    return {
        "format": "attune-export",
        "version": 1,
        "account": {"language": "es", "country": "MX", "timezone": "UTC"},
        "reflections": [
            {"occurred_on": "2025-01-02", "what_happened": "A small moment."}
        ],
        **change,
    }


async def refused(client: Client, content: bytes, status: int = 422) -> str:
    before = await row_counts("alice")
    response = await upload(client, content)
    assert response.status_code == status, response.text
    assert await row_counts("alice") == before
    assert 'aria-invalid="true"' in response.text  # the message sits at the field
    match = re.search(
        r'<p class="field-error" id="file-error">([^<]+)</p>', response.text
    )
    assert match, "no message next to the field"
    return unescape(match.group(1))


async def test_damaged_and_foreign_files_get_a_clear_message_and_change_nothing(
    alice: Client,
) -> None:
    whole = json.dumps(an_export()).encode()
    assert "ends too soon" in await refused(alice, whole[: len(whole) // 2])
    assert "damaged" in await refused(alice, b"this is not json at all")
    assert "not an Attune export" in await refused(
        alice, json.dumps({"name": "a contacts file"}).encode()
    )
    assert "not an Attune export" in await refused(
        alice, json.dumps(an_export(format="someone-else")).encode()
    )
    assert "newer Attune" in await refused(
        alice, json.dumps(an_export(version=2)).encode()
    )
    assert "“version”" in await refused(
        alice,
        json.dumps({k: v for k, v in an_export().items() if k != "version"}).encode(),
    )
    missing = await refused(
        alice, json.dumps(an_export(reflections=[{"what_happened": "x"}])).encode()
    )
    assert "reflections[0].occurred_on" in missing
    wrong = await refused(
        alice,
        json.dumps(
            an_export(reflections=[{"occurred_on": "2025-01-02", "intensity": "x"}])
        ).encode(),
    )
    assert "reflections[0].intensity" in wrong
    # What the form would refuse is refused here too, with the form's words.
    too_strong = await refused(
        alice,
        json.dumps(
            an_export(reflections=[{"occurred_on": "2025-01-02", "intensity": 11}])
        ).encode(),
    )
    assert "whole number from 0 to 10" in too_strong
    draft = await refused(
        alice,
        json.dumps(
            an_export(reflection_drafts=[{"values": {"connection": "12"}, "step": 5}])
        ).encode(),
    )
    assert "the reflection you had not finished" in draft
    assert "whole number from 0 to 10" in draft
    assert "Choose the export file" in await refused(alice, b"")


async def test_an_invalid_utf8_sequence_is_refused_and_changes_nothing(
    alice: Client,
) -> None:
    content = json.dumps(an_export()).encode().replace(b"A small", b"A \xff\xfe small")
    assert "damaged" in await refused(alice, content)


async def test_nesting_past_reason_is_refused_not_a_server_error(
    alice: Client,
) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    content = b'{"format": "attune-export", "version": 1, "x": ' + deep + b"}"
    assert "damaged" in await refused(alice, content)


async def test_a_file_over_the_limit_answers_413_with_the_limit_next_to_the_field(
    alice: Client,
) -> None:
    page = await alice.get("/settings/restore")
    assert "A file up to 8 MB can be restored." in page.text
    big = json.dumps(an_export(padding="x" * 8_100_000)).encode()
    message = await refused(alice, big, status=413)
    assert "larger than Attune can read at once" in message
    assert "8 MB" in message


async def test_markup_and_nul_are_kept_as_words_never_as_markup(
    app: Litestar, alice: Client
) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>\x00 end'
    content = json.dumps(
        an_export(reflections=[{"occurred_on": "2025-01-02", "what_happened": hostile}])
    ).encode()
    await restore(alice, content)
    user = await User.get(username="alice")
    entry = await Reflection.get(user_id=user.pk)
    cipher = FieldCipher(app.state.keyring.unwrap(user.wrapped_key))
    stored = entry.answers(cipher)["what_happened"]
    assert "\x00" not in stored  # removed, as the form removes it
    assert stored.startswith("<script>")  # kept as the person's words, sealed
    assert hostile[:20] not in entry.content
    page = await alice.get(f"/reflections/{entry.id}")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


async def test_unknown_fields_are_left_out_and_said_so(alice: Client) -> None:
    content = json.dumps(
        an_export(
            mood_tracker=[1, 2],
            reflections=[{"occurred_on": "2025-01-02", "mood": "calm"}],
        )
    ).encode()
    read = await upload(alice, content)
    assert read.status_code == 200
    assert "mood_tracker" in read.text and "reflections.mood" in read.text


async def test_the_account_takes_language_country_and_zone_only_when_unset(
    alice: Client,
) -> None:
    user = await User.get(username="alice")
    user.country = "ES"
    await user.save()
    await restore(alice, json.dumps(an_export()).encode())
    user = await User.get(username="alice")
    assert (user.language, user.country) == ("es", "ES")


async def test_another_persons_session_cannot_restore(
    alice: Client, bob: Client
) -> None:
    content = json.dumps(an_export()).encode()
    before = await row_counts("alice")
    bobs_before = await row_counts("bob")
    bobs_token = await bob.csrf_token()
    await alice.csrf_token()
    forged = await alice.post(
        "/settings/restore",
        data={"_csrf_token": bobs_token},
        files={"file": ("export.json", content, "application/json")},
    )
    assert forged.status_code == 403
    none = await alice.post(
        "/settings/restore",
        files={"file": ("export.json", content, "application/json")},
    )
    assert none.status_code == 403
    # A confirm page made for alice does not open in bob's account.
    read = await upload(alice, content)
    stolen = await bob.post_form(
        "/settings/restore/confirm", {"pending": pending_of(read.text)}
    )
    assert stolen.status_code == 422
    assert "expired" in stolen.text
    forged_confirm = await alice.post(
        "/settings/restore/confirm",
        data={"pending": pending_of(read.text), "_csrf_token": bobs_token},
    )
    assert forged_confirm.status_code == 403
    assert await row_counts("alice") == before
    assert await row_counts("bob") == bobs_before


async def test_it_speaks_spanish(alice: Client) -> None:
    alice.headers["Accept-Language"] = "es"
    page = await alice.get("/settings/restore")
    assert "Restaurar desde un archivo" in page.text
    message = await refused(alice, b"not json")
    assert "dañado" in message


async def test_a_file_that_fails_midway_writes_nothing_at_all(alice: Client) -> None:
    # The reflections are written before the plan, whose card would overflow: the
    # one transaction takes the reflections back too.
    content = json.dumps(
        an_export(
            safety_plan_items=[
                {"card_id": "reasons", "text": f"Reason {n}"} for n in range(31)
            ]
        )
    ).encode()
    before = await row_counts("alice")
    read = await upload(alice, content)
    assert read.status_code == 200
    confirmed = await alice.post_form(
        "/settings/restore/confirm", {"pending": pending_of(read.text)}
    )
    assert confirmed.status_code == 422
    assert "more than 30 entries" in unescape(confirmed.text)
    assert await row_counts("alice") == before


async def test_a_confirmation_that_was_altered_opens_nothing(alice: Client) -> None:
    before = await row_counts("alice")
    read = await upload(alice, json.dumps(an_export()).encode())
    pending = pending_of(read.text)
    for altered in ("", "g1.AAAA", pending[:-4] + "AAAA"):
        response = await alice.post_form(
            "/settings/restore/confirm", {"pending": altered}
        )
        assert response.status_code == 422
        assert "expired" in response.text
    assert await row_counts("alice") == before


async def test_what_is_written_here_wins_and_the_page_says_so(
    app: Litestar, alice: Client, lessons: LoadReport
) -> None:
    await alice.post_form(f"{LESSON}/note", {"text": "My note, written here."})
    content = json.dumps(
        an_export(
            account={},
            lesson_notes=[
                {"lesson": "feeling-safe-first", "note": "The file's note."},
                {"lesson": "a-lesson-elsewhere", "note": "Not in this program."},
            ],
            lesson_progress=[
                {"lesson": "feeling-safe-first", "saved_at": "2026-01-02T10:00:00Z"}
            ],
        )
    ).encode()
    done = await restore(alice, content)
    text = unescape(done.text)
    assert "that note was kept" in text
    assert "not in this Attune's program" in text
    user = await User.get(username="alice")
    cipher = FieldCipher(app.state.keyring.unwrap(user.wrapped_key))
    from server.lessons.models import LessonNote, LessonProgress

    notes = await LessonNote.filter(user_id=user.pk)
    assert [n.open(cipher, "text") for n in notes] == ["My note, written here."]
    saved = await LessonProgress.get(user_id=user.pk)
    assert saved.saved_at is not None and saved.saved_at.year == 2026


async def test_an_export_made_before_versions_is_restored_too(
    app: Litestar, alice: Client, lessons: LoadReport
) -> None:
    """Files downloaded before exports said their format (and before a plan entry
    carried its card's id), in Spanish: a person who left with one can come back."""
    await fill(alice)
    alice.headers["Accept-Language"] = "es"
    old = json.loads(await export_of(alice))
    for name in ("format", "version"):
        del old[name]
    for item in old["safety_plan_items"]:
        del item["card_id"]
    assert old["safety_plan_items"][0]["card"] != "Signs a hard time may be starting"
    async with make_client(app) as carol:
        await sign_up(carol, "carol")
        done = await restore(carol, json.dumps(old).encode())
        assert "2 entries in your safety plan" in done.text
        again = comparable(await export_of(carol))
    del alice.headers["Accept-Language"]
    assert again == comparable(await export_of(alice))

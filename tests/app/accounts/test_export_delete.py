from __future__ import annotations

import json

import pytest
from tortoise import Tortoise
from tortoise.fields.relational import ForeignKeyFieldInstance

from server.accounts.models import Session, User
from server.features import FEATURES
from tests.conftest import PASSPHRASE, Client


def models_pointing_at_user() -> set[type]:
    found = set()
    for app in Tortoise.apps.values():
        for model in app.values():
            for field in model._meta.fields_map.values():
                if (
                    isinstance(field, ForeignKeyFieldInstance)
                    and field.related_model is User
                ):
                    found.add(model)
    return found


async def test_every_model_that_holds_a_persons_rows_is_listed(app: object) -> None:
    registered = {entry.model for entry in FEATURES.personal_data}
    missing = models_pointing_at_user() - registered
    assert not missing, (
        f"list in its manifest's personal_data: {sorted(m.__name__ for m in missing)}"
    )
    for entry in FEATURES.personal_data:
        meta = entry.model._meta
        assert "user" in meta.fk_fields | meta.o2o_fields, entry.model


async def test_export_downloads_everything_as_json(alice: Client) -> None:
    response = await alice.get("/settings/export.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "attachment" in response.headers["content-disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "alice"
    assert len(data["sessions"]) == 1
    page = await alice.get("/settings/export")
    assert "Everything you wrote" in page.text and "alice" in page.text


async def test_export_is_only_ever_your_own(alice: Client, bob: Client) -> None:
    data = json.loads((await bob.get("/settings/export.json")).content)
    assert data["account"]["username"] == "bob"
    assert "alice" not in json.dumps(data)


async def test_delete_needs_the_passphrase(alice: Client) -> None:
    response = await alice.post_form(
        "/settings/delete", {"passphrase": "wrong one here"}
    )
    assert response.status_code == 422
    assert "not your passphrase" in response.text
    assert await User.filter(username="alice").exists()


async def test_delete_removes_the_account_and_every_row(
    alice: Client, bob: Client
) -> None:
    user = await User.get(username="alice")
    response = await alice.post_form("/settings/delete", {"passphrase": PASSPHRASE})
    assert response.status_code == 303
    assert not await User.filter(pk=user.pk).exists()
    for model in models_pointing_at_user():
        assert await model.filter(user_id=user.pk).count() == 0, model
    assert await Session.filter(user_id=user.pk).count() == 0
    # Bob is untouched.
    assert await User.filter(username="bob").exists()
    assert (await bob.get("/settings")).status_code == 200
    assert (await alice.get("/settings")).status_code == 303


async def test_a_failure_midway_through_deletion_leaves_everything(
    alice: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tortoise.queryset import QuerySet

    user = await User.get(username="alice")
    await alice.post_form("/settings", {"country": "GB", "timezone": "Europe/London"})
    before = {
        m: await m.filter(user_id=user.pk).count() for m in models_pointing_at_user()
    }
    calls = {"n": 0}
    real_delete = QuerySet.delete

    def failing_delete(self: QuerySet, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the disk went away")
        return real_delete(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "delete", failing_delete)
    response = await alice.post_form("/settings/delete", {"passphrase": PASSPHRASE})
    monkeypatch.setattr(QuerySet, "delete", real_delete)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert calls["n"] >= 3
    assert await User.filter(pk=user.pk).exists()
    after = {
        m: await m.filter(user_id=user.pk).count() for m in models_pointing_at_user()
    }
    assert after == before
    assert (await alice.get("/settings")).status_code == 200


async def test_the_export_names_lessons_by_their_titles(
    lessons: object, alice: Client
) -> None:
    from server.lessons.parsing import load_lesson_files

    first = load_lesson_files()[0]
    await alice.post_form(f"/lessons/{first.slug}/save", {})
    text = (await alice.get("/settings/export.txt")).text
    assert f"Lesson title: {first.title}" in text
    data = (await alice.get("/settings/export.json")).json()
    assert data["lesson_progress"][0]["lesson_title"] == first.title


def test_the_readable_export_names_every_section_and_keeps_its_english() -> None:
    labels = FEATURES.field_labels
    for entry in FEATURES.personal_data:
        assert entry.section in labels, f"add a label for {entry.section}"
    for key, text in labels.items():
        # The English is the key written out, as before translation.
        assert str(text) == key.replace("_", " ").capitalize()


async def test_the_text_export_reads_as_before_in_english(alice: Client) -> None:
    text = (await alice.get("/settings/export.txt")).text
    assert text.startswith("Everything you wrote in Attune\nExported on ")
    assert "\n\nACCOUNT\nUsername: alice\n" in text
    assert "\nSESSIONS (1)\n" in text and "\n   Signed in at: " in text


async def test_the_readable_export_shows_words_and_names_not_codes(
    alice: Client,
) -> None:
    from server.accounts.models import User
    from tests.app.reflections.helpers import EVERYTHING, form_key, write

    await write(alice, **EVERYTHING)
    step = await alice.get("/reflections/new/step/1")
    await alice.post_form(
        "/reflections/new/step/1",
        {"key": form_key(step.text), "go": "draft", "relationship_kind": "friend",
         "person_name": "Robin", "occurred_on": "2025-03-15"},
    )  # fmt: skip
    text = (await alice.get("/settings/export.txt")).text
    page = (await alice.get("/settings/export")).text
    assert "\n   With: Partner\n   Name: Sam\n" in text  # one field a line
    assert "\n\nREFLECTION DRAFTS (1)\n" in text
    for shown in (text, page.replace("<dt>", "").replace("</dt><dd>", ": ")):
        # The entry: each answer by its name, each choice by its words.
        assert "With: Partner" in shown
        assert "Sensations: Tight chest, Heat" in shown
        assert "Loudest: Protective part" in shown
        assert "Repair: Repair tried" in shown
        assert "What happened: Sam looked at the phone" in shown
        # The draft: its words, not a list of its field names.
        assert "With: Friend" in shown and "Name: Robin" in shown
        assert "relationship_kind" not in shown and "tight-chest" not in shown
    await User.filter(username="alice").update(language="es")
    text = (await alice.get("/settings/export.txt")).text
    assert "Pareja" in text and "Pecho apretado" in text and "Robin" in text
    assert "partner" not in text and "tight-chest" not in text
    # The JSON export keeps the stored codes, for another app to read.
    data = (await alice.get("/settings/export.json")).json()
    assert data["reflections"][0]["sensations"] == ["tight-chest", "heat"]
    assert data["reflection_drafts"][0]["values"]["relationship_kind"] == "friend"

from __future__ import annotations

from litestar import Litestar
from tortoise import Tortoise

from server.reflections.models import Reflection, ReflectionDraft
from tests.app.reflections.helpers import EVERYTHING, new_key, write
from tests.conftest import Client


async def test_it_saves_every_step_from_the_one_page_form(alice: Client) -> None:
    reflection_id = await write(alice, **EVERYTHING)
    page = await alice.get(f"/reflections/{reflection_id}")
    assert page.status_code == 200
    for text in (
        "14 Mar 2025",
        "Partner",
        "Sam looked at the phone while I was talking.",
        "Tight chest, Heat",
        "chest and throat",
        "7 of 10",
        "Protective part",
        "To be listened to.",
        "Repair tried",
        "6 of 10",
        "dinners as a child",
    ):
        assert text in page.text
    row = await Reflection.get(id=reflection_id)
    assert row.occurred_on.isoformat() == "2025-03-14"


async def test_it_saves_an_entry_with_every_step_skipped(alice: Client) -> None:
    reflection_id = await write(alice)
    page = await alice.get(f"/reflections/{reflection_id}")
    assert page.status_code == 200
    assert "You skipped this step." in page.text
    assert await Reflection.filter(id=reflection_id).count() == 1


async def test_it_keeps_ten_thousand_characters(alice: Client) -> None:
    long_text = ("word " * 2000)[:9_999] + "!"
    assert len(long_text) == 10_000
    reflection_id = await write(alice, what_happened=long_text)
    page = await alice.get(f"/reflections/{reflection_id}")
    assert long_text.strip() in page.text


async def test_it_refuses_more_than_ten_thousand_characters_and_keeps_them(
    alice: Client,
) -> None:
    key = await new_key(alice)
    too_long = "a" * 10_001
    response = await alice.post_form(
        "/reflections/new", {"what_happened": too_long, "key": key}
    )
    assert response.status_code == 422
    assert "under 10,000 characters" in response.text
    assert too_long in response.text
    assert await Reflection.all().count() == 0


async def test_it_renders_markup_in_every_field_inert(alice: Client) -> None:
    markup = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    texts = {
        name: f"{name} {markup}"
        for name in (
            "person_name",
            "what_happened",
            "body_location",
            "body_notes",
            "protective_wanted",
            "vulnerable_wanted",
            "compassionate_wanted",
            "repair_text",
            "lesson_learned",
        )
    }
    reflection_id = await write(alice, **texts)
    for url in (
        f"/reflections/{reflection_id}",
        f"/reflections/{reflection_id}/edit",
        "/reflections",
        "/reflections?q=script",
    ):
        page = await alice.get(url)
        assert page.status_code == 200
        assert "<script>alert" not in page.text
        assert "<img src=x" not in page.text
    detail = (await alice.get(f"/reflections/{reflection_id}")).text
    for name in texts:
        assert f"{name} &lt;script&gt;alert(" in detail


async def test_an_out_of_range_intensity_is_explained_and_the_rest_is_kept(
    alice: Client,
) -> None:
    key = await new_key(alice)
    response = await alice.post_form(
        "/reflections/new",
        {**EVERYTHING, "intensity": "11", "key": key, "go": "save"},
    )
    assert response.status_code == 422
    assert "from 0 to 10" in response.text
    assert 'aria-invalid="true"' in response.text
    # The tap scale has no 11 to keep: no number is chosen, the message says why.
    assert 'name="intensity" value="10" checked' not in response.text
    assert "Sam looked at the phone while I was talking." in response.text
    assert 'value="tight-chest" checked' in response.text
    assert f'value="{key}"' in response.text
    assert await Reflection.all().count() == 0


async def test_a_badly_typed_date_or_choice_is_explained(alice: Client) -> None:
    key = await new_key(alice)
    response = await alice.post_form(
        "/reflections/new",
        {"occurred_on": "yesterday", "relationship_kind": "boss", "key": key},
    )
    assert response.status_code == 422
    assert "Choose a date like" in response.text
    assert "Please choose one of the options" in response.text


async def test_a_double_submit_creates_one_entry(alice: Client) -> None:
    key = await new_key(alice)
    data = {**EVERYTHING, "key": key, "go": "save"}
    first = await alice.post_form("/reflections/new", data)
    second = await alice.post_form("/reflections/new", data)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await Reflection.all().count() == 1


async def test_two_forms_make_two_entries(alice: Client) -> None:
    await write(alice, what_happened="one")
    await write(alice, what_happened="two")
    assert await Reflection.all().count() == 2


async def test_the_same_key_from_another_person_is_their_own_entry(
    alice: Client, bob: Client
) -> None:
    key = await new_key(alice)
    for person in (alice, bob):
        response = await person.post_form("/reflections/new", {"key": key})
        assert response.status_code == 303
    assert await Reflection.all().count() == 2


async def test_it_keeps_a_draft_from_the_one_page_form(alice: Client) -> None:
    key = await new_key(alice)
    response = await alice.post_form(
        "/reflections/new",
        {"what_happened": "half a thought", "key": key, "go": "draft"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/reflections"
    assert await Reflection.all().count() == 0
    again = await alice.get("/reflections/new")
    assert "half a thought" in again.text
    assert f'value="{key}"' in again.text
    assert "What you wrote is back in place" in again.text


async def test_starting_fresh_discards_the_draft(alice: Client) -> None:
    key = await new_key(alice)
    await alice.post_form(
        "/reflections/new", {"what_happened": "let it go", "key": key, "go": "draft"}
    )
    response = await alice.post_form("/reflections/new/discard", {})
    assert response.status_code == 303
    assert await ReflectionDraft.all().count() == 0
    assert "let it go" not in (await alice.get("/reflections/new")).text


async def test_saving_clears_the_draft(alice: Client) -> None:
    key = await new_key(alice)
    await alice.post_form(
        "/reflections/new", {"what_happened": "draft", "key": key, "go": "draft"}
    )
    await alice.post_form(
        "/reflections/new", {"what_happened": "done", "key": key, "go": "save"}
    )
    assert await ReflectionDraft.all().count() == 0


async def test_nothing_written_is_stored_in_plain_text(alice: Client) -> None:
    canary = "Canary-phrase-71f3 about Grandma Edith"
    await write(
        alice,
        **{
            **EVERYTHING,
            "person_name": canary,
            "what_happened": canary,
            "lesson_learned": canary,
        },
    )
    key = await new_key(alice)
    await alice.post_form(
        "/reflections/new", {"body_notes": canary, "key": key, "go": "draft"}
    )
    conn = Tortoise.get_connection("default")
    for table in ("reflections", "reflection_drafts"):
        rows = await conn.execute_query_dict(f"SELECT * FROM {table}")
        assert rows
        dump = repr(rows)
        assert canary not in dump
        assert "Canary" not in dump
        assert "partner" not in dump
        assert "tight-chest" not in dump
    row = (await conn.execute_query_dict("SELECT * FROM reflections"))[0]
    # Every answer, numbers and choices too, is inside the two sealed documents.
    assert set(row) == {
        "id", "user_id", "created_at", "updated_at", "occurred_on",
        "submit_key_hash", "content", "summary",
    }  # fmt: skip
    for column in ("content", "summary"):
        assert str(row[column]).startswith("g1."), column


async def test_entries_and_drafts_are_registered_for_export_and_deletion(
    app: Litestar, alice: Client
) -> None:
    from server.accounts.models import User
    from server.crypto import FieldCipher
    from server.features import FEATURES

    sections = {entry.model: entry.section for entry in FEATURES.personal_data}
    assert sections[Reflection] == "reflections"
    assert sections[ReflectionDraft] == "reflection_drafts"

    await write(alice, **EVERYTHING)
    key = await new_key(alice)
    await alice.post_form(
        "/reflections/new", {"what_happened": "unfinished", "key": key, "go": "draft"}
    )
    user = await User.get(username="alice")
    cipher = FieldCipher(app.state.keyring.unwrap(user.wrapped_key))
    (row,) = await Reflection.filter(user_id=user.pk)
    exported = row.export_dict(cipher)
    assert exported["what_happened"] == EVERYTHING["what_happened"]
    assert exported["intensity"] == 7
    assert exported["connection"] == 6
    assert exported["sensations"] == ["tight-chest", "heat"]
    assert exported["occurred_on"] == "2025-03-14"
    assert exported["lesson_learned"] == EVERYTHING["lesson_learned"]
    draft = await ReflectionDraft.get(user_id=user.pk)
    assert draft.export_dict(cipher)["values"]["what_happened"] == "unfinished"


async def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    for url in (
        "/reflections",
        "/reflections/new",
        "/reflections/new/step/2",
        "/reflections/trends",
        "/reflections/6f1c1f0e-2b5e-4c55-9a55-8d3f4f0e7a11",
    ):
        response = await client.get(url)
        assert response.status_code in (302, 303), url
        assert response.headers["location"].startswith("/login?next="), url
    response = await client.post_form("/reflections/new", {"what_happened": "x"})
    assert response.status_code in (302, 303)
    assert await Reflection.all().count() == 0


async def test_a_wrong_method_is_refused(alice: Client) -> None:
    response = await alice.put("/reflections/new")
    assert response.status_code == 405
    response = await alice.delete("/reflections")
    assert response.status_code == 405

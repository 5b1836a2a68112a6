from __future__ import annotations

import uuid

from server.reflections.models import Reflection
from tests.app.reflections.helpers import EVERYTHING, write
from tests.conftest import Client


async def test_it_reads_an_entry_privately(alice: Client) -> None:
    reflection_id = await write(alice, **EVERYTHING)
    page = await alice.get(f"/reflections/{reflection_id}")
    assert page.status_code == 200
    assert 'hx-history="false"' in page.text
    assert "x-attune-offline" not in page.headers
    assert page.headers["cache-control"] == "no-store"


async def test_it_hides_other_peoples_entries(alice: Client, bob: Client) -> None:
    reflection_id = await write(alice, **EVERYTHING)
    for url in (
        f"/reflections/{reflection_id}",
        f"/reflections/{reflection_id}/edit",
        f"/reflections/{reflection_id}/delete",
    ):
        response = await bob.get(url)
        assert response.status_code == 404, url
        assert "Sam" not in response.text
    edit = await bob.post_form(
        f"/reflections/{reflection_id}/edit", {"what_happened": "bob was here"}
    )
    assert edit.status_code == 404
    delete = await bob.post_form(f"/reflections/{reflection_id}/delete", {})
    assert delete.status_code == 404
    assert await Reflection.filter(id=reflection_id).exists()
    page = await alice.get(f"/reflections/{reflection_id}")
    assert "bob was here" not in page.text


async def test_an_unknown_id_is_not_found(alice: Client) -> None:
    unknown = uuid.uuid4()
    for url in (
        f"/reflections/{unknown}",
        f"/reflections/{unknown}/edit",
        f"/reflections/{unknown}/delete",
        "/reflections/not-a-uuid",
    ):
        assert (await alice.get(url)).status_code == 404, url


async def test_it_edits_with_every_value_in_place(alice: Client) -> None:
    reflection_id = await write(alice, **EVERYTHING)
    form = await alice.get(f"/reflections/{reflection_id}/edit")
    assert form.status_code == 200
    assert 'value="2025-03-14"' in form.text
    assert '<option value="partner" selected>' in form.text
    assert 'value="tight-chest" checked' in form.text
    assert 'value="protective" checked' in form.text
    assert 'value="7"' in form.text
    changed = {**EVERYTHING, "what_happened": "Seen differently now.", "intensity": "4"}
    response = await alice.post_form(f"/reflections/{reflection_id}/edit", changed)
    assert response.status_code == 303
    assert response.headers["location"] == f"/reflections/{reflection_id}"
    page = await alice.get(f"/reflections/{reflection_id}")
    assert "Seen differently now." in page.text and "4 of 10" in page.text
    assert await Reflection.all().count() == 1


async def test_edit_keeps_typed_text_on_error(alice: Client) -> None:
    reflection_id = await write(alice, **EVERYTHING)
    response = await alice.post_form(
        f"/reflections/{reflection_id}/edit",
        {**EVERYTHING, "connection": "-1", "repair_text": "new words kept"},
    )
    assert response.status_code == 422
    assert "from 0 to 10" in response.text
    assert "new words kept" in response.text
    page = await alice.get(f"/reflections/{reflection_id}")
    assert "new words kept" not in page.text


async def test_it_deletes_after_confirmation(alice: Client) -> None:
    reflection_id = await write(alice, **EVERYTHING)
    confirm = await alice.get(f"/reflections/{reflection_id}/delete")
    assert confirm.status_code == 200
    assert "Delete this reflection?" in confirm.text
    assert await Reflection.filter(id=reflection_id).exists()
    response = await alice.post_form(f"/reflections/{reflection_id}/delete", {})
    assert response.status_code == 303
    assert response.headers["location"] == "/reflections"
    assert not await Reflection.filter(id=reflection_id).exists()
    assert (await alice.get(f"/reflections/{reflection_id}")).status_code == 404


async def test_delete_through_htmx_moves_the_page(alice: Client) -> None:
    reflection_id = await write(alice, **EVERYTHING)
    response = await alice.post_form(
        f"/reflections/{reflection_id}/delete", {}, htmx=True
    )
    assert response.status_code == 200
    assert "/reflections" in response.headers["hx-location"]


async def test_a_wrong_method_on_an_entry_is_refused(alice: Client) -> None:
    reflection_id = await write(alice, **EVERYTHING)
    response = await alice.delete(f"/reflections/{reflection_id}")
    assert response.status_code == 405

from __future__ import annotations

import pytest

from server.reflections.forms import ReflectionForm
from server.reflections.models import Reflection, ReflectionDraft
from server.web.forms import FieldError
from tests.app.reflections.helpers import EVERYTHING, form_key
from tests.conftest import Client

STEP_FIELDS = {
    1: ("occurred_on", "relationship_kind", "person_name"),
    2: ("what_happened",),
    3: ("sensations", "body_location", "body_notes", "intensity"),
    4: (
        "loudest_part",
        "protective_wanted",
        "vulnerable_wanted",
        "compassionate_wanted",
    ),
    5: ("repair_tried", "repair_text", "connection"),
    6: ("lesson_learned",),
}


async def first_step(client: Client) -> str:
    response = await client.get(
        "/reflections/new/step/1", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    return form_key(response.text)


async def post_step(client: Client, number: int, key: str, go: str, **values):
    return await client.post_form(
        f"/reflections/new/step/{number}",
        {**values, "key": key, "go": go},
        htmx=True,
    )


async def test_the_new_page_loads_steps_with_htmx_and_works_without(
    alice: Client,
) -> None:
    page = await alice.get("/reflections/new")
    assert page.status_code == 200
    assert 'hx-get="/reflections/new/step/1"' in page.text
    # Without JS the same page holds every step, one fieldset each, one submit.
    assert page.text.count('class="step-set stack"') == 6
    assert "Save reflection" in page.text
    assert 'href="/help"' in page.text and 'href="/plan"' in page.text
    assert 'hx-history="false"' in page.text
    assert "x-attune-offline" not in page.headers


async def test_a_step_is_a_fragment_for_htmx_and_a_page_otherwise(
    alice: Client,
) -> None:
    fragment = await alice.get(
        "/reflections/new/step/2", headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.text
    assert "Step 2 of 6" in fragment.text
    assert 'id="entry"' in fragment.text
    assert fragment.headers["vary"].lower().count("hx-request") >= 1
    full = await alice.get("/reflections/new/step/2")
    assert "<html" in full.text and "Step 2 of 6" in full.text
    boosted = await alice.get(
        "/reflections/new/step/2",
        headers={"HX-Request": "true", "HX-Boosted": "true"},
    )
    assert "<html" in boosted.text


async def test_it_writes_an_entry_one_step_at_a_time(alice: Client) -> None:
    key = await first_step(alice)
    for number in range(1, 7):
        values = {name: EVERYTHING[name] for name in STEP_FIELDS[number]}
        response = await post_step(alice, number, key, "next", **values)
        assert response.status_code == 200, response.text
        if number < 6:
            assert f"Step {number + 1} of 6" in response.text
            assert "<html" not in response.text
    assert "hx-location" in response.headers
    (row,) = await Reflection.all()
    assert (
        response.headers["hx-location"].endswith(str(row.id))
        or str(row.id) in response.headers["hx-location"]
    )
    page = await alice.get(f"/reflections/{row.id}")
    for text in ("Partner", "Sam looked at the phone", "Tight chest, Heat", "7 of 10"):
        assert text in page.text
    assert "dinners as a child" in page.text
    assert await ReflectionDraft.all().count() == 0


async def test_nothing_is_lost_going_back_and_forth(alice: Client) -> None:
    key = await first_step(alice)
    await post_step(alice, 1, key, "next", relationship_kind="friend")
    await post_step(alice, 2, key, "next", what_happened="We argued about plans.")
    back = await post_step(alice, 3, key, "back", body_location="shoulders")
    assert "Step 2 of 6" in back.text
    assert "We argued about plans." in back.text
    forward = await post_step(alice, 2, key, "next", what_happened="We argued.")
    assert 'value="shoulders"' in forward.text
    back_to_one = await alice.get(
        "/reflections/new/step/1", headers={"HX-Request": "true"}
    )
    assert '<option value="friend" selected>' in back_to_one.text


async def test_every_step_can_be_skipped(alice: Client) -> None:
    key = await first_step(alice)
    for number in range(1, 7):
        response = await post_step(alice, number, key, "next")
        assert response.status_code == 200
    assert await Reflection.all().count() == 1


async def test_save_what_i_have_at_any_step(alice: Client) -> None:
    key = await first_step(alice)
    await post_step(alice, 1, key, "next", relationship_kind="parent")
    response = await post_step(alice, 2, key, "save", what_happened="Just this.")
    assert response.status_code == 200
    assert "/reflections/" in response.headers["hx-location"]
    (row,) = await Reflection.all()
    page = await alice.get(f"/reflections/{row.id}")
    assert "Just this." in page.text and "Parent" in page.text


async def test_a_double_save_creates_one_entry(alice: Client) -> None:
    key = await first_step(alice)
    first = await post_step(alice, 2, key, "save", what_happened="once")
    second = await post_step(alice, 2, key, "save", what_happened="once")
    assert first.headers["hx-location"] == second.headers["hx-location"]
    assert await Reflection.all().count() == 1
    assert await ReflectionDraft.all().count() == 0


async def test_the_draft_is_sealed_and_resumes_later(alice: Client) -> None:
    key = await first_step(alice)
    await post_step(alice, 1, key, "next", relationship_kind="colleague")
    await post_step(alice, 2, key, "next", what_happened="A meeting went cold.")
    await post_step(alice, 3, key, "draft", body_notes="Tired.")
    draft = await ReflectionDraft.get()
    assert "cold" not in draft.values and draft.values.startswith("g1.")
    assert draft.step == 3
    # Later: the page starts where they stopped, with the same form key.
    page = await alice.get("/reflections/new")
    assert 'hx-get="/reflections/new/step/3"' in page.text
    assert "A meeting went cold." in page.text
    assert f'value="{key}"' in page.text
    step3 = await alice.get("/reflections/new/step/3", headers={"HX-Request": "true"})
    assert "Tired." in step3.text


async def test_a_bad_step_value_is_explained_and_kept(alice: Client) -> None:
    key = await first_step(alice)
    response = await post_step(
        alice, 3, key, "next", intensity="12", body_location="jaw"
    )
    assert response.status_code == 422
    assert "Step 3 of 6" in response.text
    assert "from 0 to 10" in response.text
    # The tap scale has no 12 to show again; the words typed are kept.
    assert 'value="jaw"' in response.text
    assert 'name="intensity" value="" checked' in response.text
    assert await Reflection.all().count() == 0


async def test_an_unknown_step_is_not_found(alice: Client) -> None:
    assert (await alice.get("/reflections/new/step/7")).status_code == 404
    assert (await alice.get("/reflections/new/step/0")).status_code == 404
    response = await alice.post_form("/reflections/new/step/9", {"key": "x" * 20})
    assert response.status_code == 404


async def test_drafts_belong_to_one_person(alice: Client, bob: Client) -> None:
    key = await first_step(alice)
    await post_step(alice, 2, key, "draft", what_happened="alice only")
    page = await bob.get("/reflections/new")
    assert "alice only" not in page.text
    step = await bob.get("/reflections/new/step/2")
    assert "alice only" not in step.text


async def test_what_happened_steers_toward_a_moment_you_can_hold(
    alice: Client,
) -> None:
    step = await alice.get("/reflections/new/step/2", headers={"HX-Request": "true"})
    assert "Pick a small moment you can hold, not the hardest one." in step.text
    whole = await alice.get("/reflections/new")
    assert "A small moment you can hold, not the hardest one" in whole.text


async def test_a_form_level_error_on_saving_shows_on_the_step(
    alice: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check across answers (Form.clean) names no field: the step being saved
    shows it, with what was typed (no step to point at used to end in a 500)."""

    def across_answers(form: ReflectionForm) -> None:
        if type(form) is ReflectionForm:  # the whole entry, not one step
            raise FieldError("These answers do not go together yet.")

    monkeypatch.setattr(ReflectionForm, "clean", across_answers)
    key = await first_step(alice)
    response = await post_step(alice, 2, key, "save", what_happened="Kept words.")
    assert response.status_code == 422
    assert "These answers do not go together yet." in response.text
    assert "Kept words." in response.text
    assert await Reflection.all().count() == 0

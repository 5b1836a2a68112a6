"""Not repairing can be the right choice: the two answers that say so (issue 16)."""

from __future__ import annotations

import json

from tests.app.reflections.helpers import new_key, write
from tests.conftest import Client


async def test_it_offers_choosing_not_to_and_not_safe_to(alice: Client) -> None:
    page = await alice.get("/reflections/new")
    for value, label in (
        ("chose-not", "I chose not to"),
        ("not-safe", "It isn&#39;t safe to"),
    ):
        assert f'value="{value}"' in page.text
        assert label in page.text
    step = await alice.get("/reflections/new/step/5", headers={"HX-Request": "true"})
    assert "not every person is safe to repair with" in step.text.lower()


async def test_the_new_answers_are_stored_shown_and_exported(alice: Client) -> None:
    chose = await write(alice, occurred_on="2025-05-02", repair_tried="chose-not")
    unsafe = await write(alice, occurred_on="2025-05-03", repair_tried="not-safe")
    assert "Chose not to repair" in (await alice.get(f"/reflections/{chose}")).text
    assert "Not safe to repair" in (await alice.get(f"/reflections/{unsafe}")).text
    filtered = await alice.get("/reflections?repair=not-safe")
    assert f"/reflections/{unsafe}" in filtered.text
    assert f"/reflections/{chose}" not in filtered.text
    exported = json.loads((await alice.get("/settings/export.json")).content)
    answers = {entry["id"]: entry["repair_tried"] for entry in exported["reflections"]}
    assert answers == {chose: "chose-not", unsafe: "not-safe"}


async def test_they_are_left_out_of_the_repair_rate_and_the_page_says_so(
    alice: Client,
) -> None:
    for day, answer in (
        ("2025-05-02", "tried"),
        ("2025-05-10", "not-yet"),
        ("2025-05-20", "chose-not"),
        ("2025-05-21", "not-safe"),
    ):
        await write(alice, occurred_on=day, intensity="5", repair_tried=answer)
    html = (await alice.get("/reflections/trends")).text
    assert "you tried a repair 1 time out of the 2" in html
    assert (
        '<th scope="row">May 2025</th><td>4</td><td>1 of 2</td><td>50%</td><td>2</td>'
        in html
    )
    assert "are left out of this share (2 so far)" in html
    # And why, in words (issue 26).
    assert (
        "because repair is not the goal then: when it isn't safe, your safety "
        "comes first" in html
    )


async def test_the_note_shows_when_no_answer_counts_toward_the_rate(
    alice: Client,
) -> None:
    for day in ("2025-05-02", "2025-05-03", "2025-05-04"):
        await write(alice, occurred_on=day, intensity="4", repair_tried="chose-not")
    html = (await alice.get("/reflections/trends")).text
    assert 'class="bar"' not in html
    assert "are left out of this share (3 so far)" in html


async def test_a_made_up_repair_answer_is_explained(alice: Client) -> None:
    key = await new_key(alice)
    response = await alice.post_form(
        "/reflections/new",
        {"repair_tried": "never", "what_happened": "kept", "key": key, "go": "save"},
    )
    assert response.status_code == 422
    assert "Please choose one of the options" in response.text
    assert "kept" in response.text

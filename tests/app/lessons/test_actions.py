from __future__ import annotations

from datetime import UTC, datetime, timedelta

from litestar import Litestar

from server.lessons import service
from server.lessons.forms import NOTE_MAX
from server.lessons.loader import LoadReport
from server.lessons.models import Lesson, LessonNote, LessonProgress
from tests.conftest import Client

from .conftest import user_named

CARD = "/lessons/feeling-safe-first"


async def progress(
    name: str, slug: str = "feeling-safe-first"
) -> LessonProgress | None:
    user = await user_named(name)
    return await LessonProgress.get_or_none(user_id=user.pk, lesson__slug=slug)


async def test_it_saves_a_card_and_a_repeated_save_changes_nothing(
    alice: Client, lessons: LoadReport
) -> None:
    first = await alice.post_form(f"{CARD}/save", {"value": "1", "next": CARD})
    assert first.status_code == 303
    assert first.headers["location"] == CARD
    assert first.headers["x-attune-offline"] == "keep"
    assert first.headers["x-attune-offline-url"] == CARD
    row = await progress("alice")
    assert row and row.saved_at and row.done_at is None
    again = await alice.post_form(f"{CARD}/save", {"value": "1"})
    assert again.headers["x-attune-offline"] == "keep"
    assert await LessonProgress.all().count() == 1
    assert (await progress("alice")).saved_at == row.saved_at  # type: ignore[union-attr]


async def test_it_unsaves_idempotently_and_tells_the_worker_to_forget(
    alice: Client, lessons: LoadReport
) -> None:
    await alice.post_form(f"{CARD}/save", {"value": "1"})
    for _ in range(2):
        response = await alice.post_form(
            f"{CARD}/save", {"value": "0", "next": "/saved"}
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/saved"
        assert response.headers["x-attune-offline"] == "drop"
        assert response.headers["x-attune-offline-url"] == CARD
        assert (await progress("alice")).saved_at is None  # type: ignore[union-attr]


async def test_a_save_without_a_value_toggles(
    alice: Client, lessons: LoadReport
) -> None:
    await alice.post_form(f"{CARD}/save", {})
    assert (await progress("alice")).saved_at is not None  # type: ignore[union-attr]
    response = await alice.post_form(f"{CARD}/save", {})
    assert response.headers["x-attune-offline"] == "drop"
    assert (await progress("alice")).saved_at is None  # type: ignore[union-attr]


async def test_a_strange_value_or_next_is_refused_kindly(
    alice: Client, lessons: LoadReport
) -> None:
    response = await alice.post_form(f"{CARD}/save", {"value": "yes"})
    assert response.status_code == 422
    assert "Please use the button on the card" in response.text
    assert await LessonProgress.all().count() == 0
    outside = await alice.post_form(
        f"{CARD}/done", {"value": "1", "next": "//evil.example"}
    )
    assert outside.headers["location"] == CARD
    repeated = await alice.post_form(f"{CARD}/done", [("value", "1"), ("value", "0")])
    assert repeated.status_code == 303


async def test_a_saved_card_and_the_saved_page_are_kept_offline(
    alice: Client, lessons: LoadReport
) -> None:
    await alice.post_form(f"{CARD}/save", {"value": "1"})
    card = await alice.get(CARD)
    assert card.headers["x-attune-offline"] == "keep"
    assert "Saved on " in card.text and "Remove from saved" in card.text
    # An unsaved card tells the worker to forget any copy (unsaved elsewhere).
    other = await alice.get("/lessons/two-kinds-of-memory")
    assert other.headers["x-attune-offline"] == "drop"
    fragment = await alice.get(CARD, headers={"HX-Request": "true"})
    assert "x-attune-offline" not in fragment.headers
    saved = await alice.get("/saved")
    assert saved.status_code == 200
    assert saved.headers["x-attune-offline"] == "keep"
    assert "Feeling safe comes first" in saved.text
    assert "Two kinds of memory" not in saved.text


async def test_saved_cards_are_newest_first_and_the_empty_page_invites(
    alice: Client, lessons: LoadReport
) -> None:
    empty = await alice.get("/saved")
    assert "Nothing saved yet" in empty.text
    assert 'href="/lessons/today"' in empty.text
    user = await user_named("alice")
    old = await Lesson.get(day=2)
    new = await Lesson.get(day=1)
    await service.set_mark(
        user, old, "saved_at", True, now=datetime.now(UTC) - timedelta(days=3)
    )
    await service.set_mark(user, new, "saved_at", True)
    text = (await alice.get("/saved")).text
    assert text.index(new.title) < text.index(old.title)


async def test_another_persons_saved_cards_stay_theirs(
    alice: Client, bob: Client, lessons: LoadReport
) -> None:
    await alice.post_form(f"{CARD}/save", {"value": "1"})
    assert "Nothing saved yet" in (await bob.get("/saved")).text
    card = await bob.get(CARD)
    assert "Save this card" in card.text and card.headers["x-attune-offline"] == "drop"


async def test_it_marks_a_lesson_done_and_undone(
    alice: Client, lessons: LoadReport
) -> None:
    response = await alice.post_form(f"{CARD}/done", {"value": "1"})
    assert response.status_code == 303 and response.headers["location"] == CARD
    row = await progress("alice")
    assert row and row.done_at
    page = await alice.get(CARD)
    assert "Marked as done" in page.text  # the flash
    assert "You finished this one" in page.text
    assert "That is today's lesson done" in page.text
    assert 'href="/lessons/your-mind-is-shaped-with-others"' in page.text
    # Marking again keeps the first time; undoing clears it.
    await alice.post_form(f"{CARD}/done", {"value": "1"})
    assert (await progress("alice")).done_at == row.done_at  # type: ignore[union-attr]
    await alice.post_form(f"{CARD}/done", {"value": "0"})
    assert (await progress("alice")).done_at is None  # type: ignore[union-attr]


async def test_today_stays_on_the_lesson_finished_today_then_moves_on(
    alice: Client, lessons: LoadReport
) -> None:
    await alice.post_form(f"{CARD}/done", {"value": "1"})
    today = await alice.get("/lessons/today")
    assert today.headers["location"] == CARD
    # Yesterday's work: the next lesson is today's.
    row = await progress("alice")
    assert row
    row.done_at = datetime.now(UTC) - timedelta(days=2)
    await row.save()
    assert (await alice.get("/lessons/today")).headers["location"] == (
        "/lessons/your-mind-is-shaped-with-others"
    )


async def test_todays_lesson_follows_each_persons_time_zone(
    alice: Client, bob: Client, lessons: LoadReport
) -> None:
    """Same UTC instants, two zones (the arithmetic is in test_lesson_schedule)."""
    finished = datetime(2026, 5, 5, 10, tzinfo=UTC)
    now = datetime(2026, 5, 5, 13, tzinfo=UTC)
    day_1 = await Lesson.get(day=1)
    for name, zone in (("alice", "Pacific/Auckland"), ("bob", "America/Los_Angeles")):
        user = await user_named(name)
        user.timezone = zone
        await user.save()
        await service.set_mark(user, day_1, "done_at", True, now=finished)
    alice_today = await service.todays_lesson(await user_named("alice"), now)
    bob_today = await service.todays_lesson(await user_named("bob"), now)
    assert alice_today and alice_today.lesson.day == 2
    assert bob_today and bob_today.lesson.day == 1 and bob_today.finished_today


async def test_reading_ahead_is_welcome(alice: Client, lessons: LoadReport) -> None:
    response = await alice.post_form("/lessons/the-still-face/done", {"value": "1"})
    assert response.status_code == 303
    user = await user_named("alice")
    later = datetime.now(UTC) + timedelta(days=1)
    today = await service.todays_lesson(user, later)
    assert today and today.lesson.day == 1


async def test_an_htmx_post_answers_with_the_actions_fragment(
    alice: Client, lessons: LoadReport
) -> None:
    response = await alice.post_form(f"{CARD}/save", {"value": "1"}, htmx=True)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="card-actions"')
    assert "<html" not in response.text
    assert "Saved to your cards." in response.text
    assert response.headers["x-attune-offline"] == "keep"
    assert response.headers["x-attune-offline-url"] == CARD
    done = await alice.post_form(f"{CARD}/done", {"value": "1"}, htmx=True)
    assert "You finished this one" in done.text and "<html" not in done.text


async def test_a_private_note_is_encrypted_and_shown_only_to_its_owner(
    app: Litestar, alice: Client, bob: Client, lessons: LoadReport
) -> None:
    secret = "When my sister listened without fixing anything."
    response = await alice.post_form(f"{CARD}/note", {"text": secret})
    assert response.status_code == 303
    assert response.headers["location"] == f"{CARD}#your-note"
    note = await LessonNote.get()
    assert secret not in note.text and "sister" not in note.text
    assert note.lesson_slug == "feeling-safe-first"

    assert secret in (await alice.get(CARD)).text
    assert "Update my note" in (await alice.get(CARD)).text
    bobs_card = await bob.get(CARD)
    assert secret not in bobs_card.text and "Keep my note" in bobs_card.text

    # Bob writing his own note leaves Alice's alone.
    await bob.post_form(f"{CARD}/note", {"text": "Bob's own words"})
    assert await LessonNote.all().count() == 2
    assert secret in (await alice.get(CARD)).text
    assert secret not in (await bob.get(CARD)).text
    await bob.post_form(f"{CARD}/note/delete", {})
    assert await LessonNote.all().count() == 1
    assert secret in (await alice.get(CARD)).text


async def test_a_note_can_be_updated_and_deleted(
    alice: Client, lessons: LoadReport
) -> None:
    await alice.post_form(f"{CARD}/note", {"text": "first thought"})
    await alice.post_form(f"{CARD}/note", {"text": "second thought"})
    assert await LessonNote.all().count() == 1
    text = (await alice.get(CARD)).text
    assert "second thought" in text and "first thought" not in text
    response = await alice.post_form(f"{CARD}/note/delete", {}, htmx=True)
    assert response.status_code == 200 and "Your note is deleted." in response.text
    assert await LessonNote.all().count() == 0


async def test_a_note_that_is_too_long_or_empty_keeps_the_text(
    alice: Client, lessons: LoadReport
) -> None:
    long_text = "A thought I want to keep. " * 200
    assert len(long_text) > NOTE_MAX
    response = await alice.post_form(f"{CARD}/note", {"text": long_text})
    assert response.status_code == 422
    assert "Please keep this under 4,000 characters." in response.text
    assert "A thought I want to keep. A thought" in response.text
    assert 'aria-invalid="true"' in response.text
    fragment = await alice.post_form(f"{CARD}/note", {"text": "   "}, htmx=True)
    assert fragment.status_code == 422
    assert fragment.text.lstrip().startswith('<div id="your-note"')
    assert "There is nothing to keep yet" in fragment.text
    assert await LessonNote.all().count() == 0


async def test_notes_and_progress_are_in_the_export_and_go_with_the_account(
    app: Litestar, alice: Client, lessons: LoadReport
) -> None:
    from server.crypto import FieldCipher
    from server.features import FEATURES

    await alice.post_form(f"{CARD}/note", {"text": "kept for me"})
    await alice.post_form(f"{CARD}/save", {"value": "1"})
    user = await user_named("alice")
    cipher = FieldCipher(app.state.keyring.unwrap(user.wrapped_key))
    # Only this feature's entries, walked the way export and deletion walk them.
    ours = {
        e.section: e
        for e in FEATURES.personal_data
        if e.model in (LessonNote, LessonProgress)
    }
    assert set(ours) == {"lesson_notes", "lesson_progress"}
    exported = {
        section: [
            row.export_dict(cipher)
            for row in await entry.model.filter(user_id=user.pk).order_by(
                *entry.order_by
            )
        ]
        for section, entry in ours.items()
    }
    assert exported["lesson_notes"][0]["note"] == "kept for me"
    assert exported["lesson_notes"][0]["lesson"] == "feeling-safe-first"
    assert exported["lesson_progress"][0]["saved_at"]
    for entry in ours.values():
        await entry.model.filter(user_id=user.pk).delete()
    assert await LessonNote.all().count() == 0
    assert await LessonProgress.all().count() == 0
    assert await Lesson.all().count() == 36


async def test_a_practice_can_be_added_to_the_safety_plan(
    alice: Client, lessons: LoadReport
) -> None:
    response = await alice.post_form(f"{CARD}/add-to-plan", {})
    assert response.status_code == 303
    assert response.headers["location"] == CARD
    assert "Added to your safety plan" in (await alice.get(CARD)).text
    plan = await alice.get("/plan")
    # The short version, one line to read in a hard moment, not the whole practice.
    assert "Feel my feet on the floor, breathe out slowly" in plan.text
    assert "let your feet rest flat on the floor" not in plan.text


STIRRING = "/lessons/out-of-nowhere"


async def test_a_calming_lesson_offers_its_short_version_for_the_plan(
    alice: Client, lessons: LoadReport
) -> None:
    page = await alice.get(CARD)
    assert "Add this practice to my safety plan" in page.text
    assert "Feel my feet on the floor, breathe out slowly" in page.text


async def test_a_stirring_lesson_offers_no_add_to_plan_button(
    alice: Client, lessons: LoadReport
) -> None:
    page = await alice.get(STIRRING)
    assert page.status_code == 200
    assert "Add this practice to my safety plan" not in page.text
    assert "/add-to-plan" not in page.text


async def test_a_stirring_practice_posted_anyway_is_not_added(
    alice: Client, lessons: LoadReport
) -> None:
    response = await alice.post_form(f"{STIRRING}/add-to-plan", {})
    assert response.status_code == 303
    assert response.headers["location"] == STIRRING
    assert "not added to your safety plan" in (await alice.get(STIRRING)).text
    plan = await alice.get("/plan")
    assert "Does this feel familiar" not in plan.text
    assert "Reactions that seem to come out of nowhere" not in plan.text
    fragment = await alice.post_form(f"{STIRRING}/add-to-plan", {}, htmx=True)
    assert fragment.status_code == 200
    assert "not added to your safety plan" in fragment.text

from __future__ import annotations

import re

from litestar import Litestar

from server.lessons import service
from server.lessons.loader import LoadReport
from server.lessons.models import Lesson, LessonProgress
from tests.conftest import Client
from tests.queries import recorded_queries

CARD = "/lessons/feeling-safe-first"


async def test_visitors_can_browse_the_whole_program(
    client: Client, lessons: LoadReport
) -> None:
    response = await client.get("/lessons")
    assert response.status_code == 200
    for number, title in enumerate(
        [
            "Safety and connection",
            "Memory the body keeps",
            "A brain that can change",
            "The right brain and co-regulation",
            "Rupture and repair",
            "Integration",
        ],
        start=1,
    ):
        assert f"Part {number}: {title}" in response.text
    assert response.text.count('href="/lessons/') >= 36
    assert "Create a free account" in response.text
    assert "of 6 done" not in response.text  # no progress for visitors
    assert "streak" not in response.text.lower()


async def test_visitors_get_day_1_today(client: Client, lessons: LoadReport) -> None:
    response = await client.get("/lessons/today")
    assert response.status_code == 302
    assert response.headers["location"] == CARD
    assert response.headers["cache-control"] == "no-store"


async def test_todays_lesson_is_a_full_navigation_for_htmx(
    client: Client, lessons: LoadReport
) -> None:
    response = await client.get(
        "/lessons/today", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert response.status_code == 200
    assert response.headers["hx-redirect"] == CARD


async def test_a_card_shows_everything_a_lesson_has(
    client: Client, lessons: LoadReport
) -> None:
    response = await client.get(CARD)
    assert response.status_code == 200
    text = response.text
    lesson = await Lesson.get(day=1)
    assert f'<h1 id="lesson-title">{lesson.title}</h1>' in text
    assert lesson.key_idea in text
    assert "<p>Think of the last time" in text
    assert text.count("<li>If you like, let your feet rest") == 1
    assert 'data-timer data-seconds="120" hidden' in text
    assert "Take about 2 minutes" in text
    assert lesson.prompt.replace("'", "&#39;") in text
    assert "Siegel, D. J. (2012). The developing mind" in text
    assert "data-offline-stamp hidden>Offline copy · " in text
    assert "Day 1 of 36" in text
    # Reading and practice, each said truthfully (not "about 2 minutes" for both).
    assert "2-minute read · 2-minute practice" in text
    assert "about 2 minutes</p>" not in text
    assert "x-attune-offline" not in response.headers
    assert "sign in</a> to keep a private note" in text


async def test_a_lesson_that_may_stir_feelings_offers_the_plan_and_help(
    client: Client, lessons: LoadReport
) -> None:
    gentle = await Lesson.filter(gentle_note=True).first()
    calm = await Lesson.filter(gentle_note=False).first()
    assert gentle and calm
    text = (await client.get(gentle.url)).text
    assert 'class="gentle-note"' in text
    assert '<a href="/plan">safety plan</a>' in text
    assert 'href="/help"' in text
    assert 'class="gentle-note"' not in (await client.get(calm.url)).text


async def test_lessons_about_therapy_link_to_finding_a_therapist(
    client: Client, lessons: LoadReport
) -> None:
    therapy = await client.get("/lessons/finding-safe-people")
    assert '<a href="/support">Finding a therapist</a>' in therapy.text
    other = await client.get("/lessons/two-kinds-of-memory")
    assert '<a href="/support">Finding a therapist</a> explains' not in other.text


async def test_an_unknown_lesson_is_the_404_page(
    client: Client, alice: Client, lessons: LoadReport
) -> None:
    response = await client.get("/lessons/no-such-lesson")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    for action in ("done", "save", "note", "note/delete", "add-to-plan"):
        posted = await alice.post_form(
            f"/lessons/no-such-lesson/{action}", {"value": "1"}
        )
        assert posted.status_code == 404, action


async def test_actions_answer_405_to_get(client: Client, lessons: LoadReport) -> None:
    for action in ("done", "save", "note", "add-to-plan"):
        response = await client.get(f"{CARD}/{action}")
        assert response.status_code == 405, action


async def test_visitors_are_asked_to_sign_in_to_keep_anything(
    client: Client, lessons: LoadReport
) -> None:
    for action in ("done", "save", "note", "add-to-plan"):
        response = await client.post_form(
            f"{CARD}/{action}", {"value": "1", "text": "x"}
        )
        assert response.status_code == 303, action
        assert response.headers["location"] == "/login?next=/lessons/feeling-safe-first"
    assert await LessonProgress.all().count() == 0
    saved = await client.get("/saved")
    assert saved.status_code in (302, 303)
    assert saved.headers["location"].startswith("/login?next=/saved")


async def test_the_program_shows_progress_module_by_module(
    alice: Client, lessons: LoadReport
) -> None:
    empty = await alice.get("/lessons")
    assert "day 1 is waiting" in empty.text
    assert empty.text.count("0 of 6 done") == 6
    await alice.post_form(f"{CARD}/done", {"value": "1"})
    await alice.post_form("/lessons/two-kinds-of-memory/save", {"value": "1"})
    text = (await alice.get("/lessons")).text
    assert text.count("1 of 6 done") == 1 and text.count("0 of 6 done") == 5
    assert re.search(
        r"Feeling safe comes first</span></a>\s*<span class=\"markers\">\s*<span class=\"marker\">.*?Done",
        text,
        re.S,
    )
    assert re.search(
        r"Two kinds of memory</span></a>\s*<span class=\"markers\">\s*<span class=\"marker\">Saved",
        text,
    )
    assert "Your saved cards (1)" in text
    assert "day 1 is waiting" not in text


async def test_the_home_page_shows_todays_lesson(
    alice: Client, lessons: LoadReport
) -> None:
    text = (await alice.get("/")).text
    assert "Day 1 · 2-minute read · 2-minute practice" in text
    assert "Feeling safe comes first" in text


async def test_the_program_page_makes_two_queries_whatever_the_progress(
    app: Litestar, alice: Client, lessons: LoadReport
) -> None:
    """One for the lessons (none while cached), one for this person's progress."""
    for slug in ("feeling-safe-first", "two-kinds-of-memory", "the-still-face"):
        await alice.post_form(f"/lessons/{slug}/done", {"value": "1"})
        await alice.post_form(f"/lessons/{slug}/save", {"value": "1"})
    with recorded_queries() as queries:
        service.forget_cached_lessons()
        assert (await alice.get("/lessons")).status_code == 200
        assert len([q for q in queries if "lesson" in q.lower()]) == 2, queries
        queries.clear()
        assert (await alice.get("/lessons")).status_code == 200
        assert len([q for q in queries if "lesson" in q.lower()]) == 1, queries


async def test_every_lesson_takes_a_minute_or_two_to_read(
    app: Litestar, lessons: LoadReport
) -> None:
    # 120 to 250 body words, a key idea and a prompt: at 200 words a minute.
    assert {lesson.read_minutes for lesson in await Lesson.all()} <= {1, 2}


async def test_the_stress_trauma_and_closing_lessons_say_when_to_seek_more_help(
    client: Client, lessons: LoadReport
) -> None:
    for slug in ("leaving-survival-mode", "memories-in-pieces", "healing-together"):
        text = (await client.get(f"/lessons/{slug}")).text
        assert "a doctor or a therapist" in text, slug
        assert "call a crisis line or your emergency number now" in text, slug


async def test_the_home_page_says_how_long_a_lesson_really_takes(
    client: Client, lessons: LoadReport
) -> None:
    # Reading plus practice: what the home page claims holds for every lesson.
    for lesson in await Lesson.all():
        assert 4 <= lesson.read_minutes + lesson.minutes <= 5, lesson.slug
    home = (await client.get("/")).text
    assert "about 4 to 5 minutes in all" in home
    assert "two-minute" not in home
    spanish = (await client.get("/", headers={"Accept-Language": "es"})).text
    assert "entre 4 y 5 minutos en total" in spanish and "dos minutos" not in spanish

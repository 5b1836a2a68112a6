"""The home page note, practices from lessons, and the printed plan."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from litestar import Litestar

from server.safety_plan import public
from server.safety_plan.models import Plan, PlanItem
from server.web.clock import utcnow
from tests.app.safety_plan.helpers import add, person, rows, texts, visible_text
from tests.conftest import Client

NOTE = "It has been a while since you looked at your safety plan"


async def test_the_review_note_comes_after_thirty_days(
    app: Litestar, alice: Client
) -> None:
    user, _ = await person(app)
    assert not await public.review_due(user)  # nothing in the plan yet
    await add(alice, "reasons", "My niece")
    await alice.get("/plan")
    plan = await Plan.get(user_id=user.pk)
    assert plan.viewed_at is not None
    now = utcnow()
    assert not await public.review_due(user, now + timedelta(days=29))
    assert await public.review_due(user, now + timedelta(days=31))

    await Plan.filter(id=plan.id).update(
        viewed_at=now - timedelta(days=31), created_at=now - timedelta(days=40)
    )
    home = await alice.get("/")
    assert NOTE in home.text
    dismissed = await alice.post_form("/plan/review-note/dismiss", {})
    assert dismissed.status_code == 303 and dismissed.headers["location"] == "/"
    assert NOTE not in (await alice.get("/")).text
    # "Not now" lasts a while, then the note may come back.
    assert not await public.review_due(user, now + timedelta(days=20))
    assert await public.review_due(user, now + timedelta(days=31))
    # Looking at the plan clears it.
    await alice.get("/plan")
    await Plan.filter(id=plan.id).update(review_dismissed_at=None)
    assert not await public.review_due(user)


async def test_dismissing_the_note_needs_an_account(client: Client) -> None:
    response = await client.post_form("/plan/review-note/dismiss", {})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


async def test_a_practice_from_a_lesson_lands_on_card_two_once(
    app: Litestar, alice: Client
) -> None:
    user, cipher = await person(app)
    await add(alice, "on-my-own", "A slow walk")
    await public.add_coping_step(user, cipher, "Breathe out a little longer")
    await public.add_coping_step(user, cipher, "  breathe out a little   LONGER ")
    await public.add_coping_step(user, cipher, "A slow walk")
    await public.add_coping_step(user, cipher, "   ")
    assert await texts(app, "on-my-own") == [
        "A slow walk",
        "Breathe out a little longer",
    ]
    added = (await rows(app, "on-my-own"))[1]
    assert added.source == "lesson"
    assert added.position == 1
    assert await Plan.filter(user_id=user.pk).exists()
    page = await alice.get("/plan")
    assert "from a lesson" in page.text
    assert await PlanItem.filter(user_id=user.pk).count() == 2


async def test_the_print_page_is_clean_and_warns_about_paper(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "ask-for-help", "Sam", phone="+44 7700 900123")
    await add(alice, "reasons", "My niece")
    page = await alice.get("/plan/print", headers={"Accept-Language": "en-GB"})
    assert page.status_code == 200
    seen = visible_text(page.text)
    assert "Paper can be seen by anyone who picks it up" in seen
    assert "Sam" in seen and "My niece" in seen
    assert "7700" not in seen
    assert "Call 116 123" in seen
    print_css = Path("static/css/app.css").read_text()
    assert "@media print" in print_css and ".print-card" in print_css
    assert "css/app" in page.text
    with_numbers = await alice.get("/plan/print?numbers=1")
    assert "+44 7700 900123" in visible_text(with_numbers.text)

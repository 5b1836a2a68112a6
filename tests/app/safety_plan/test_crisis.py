"""In a crisis: one thing at a time, empty steps skipped, nothing recorded."""

from __future__ import annotations

import re

from litestar import Litestar
from tortoise import Tortoise

from server.safety_plan.models import Plan
from tests.app.safety_plan.helpers import add, person, visible_text
from tests.conftest import Client


async def every_row() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, as the database holds it."""
    conn = Tortoise.get_connection("default")
    snapshot = {}
    for app in Tortoise.apps.values():
        for model in app.values():
            table = model._meta.db_table
            _, found = await conn.execute_query(f"SELECT * FROM {table}")
            snapshot[table] = sorted(
                tuple(str(v) for v in dict(r).values()) for r in found
            )
    return snapshot


def forward_link(page: str) -> str | None:
    match = re.search(
        r'<a class="button primary" href="([^"]+)">Something else from my plan</a>',
        page,
    )
    return match.group(1).replace("&amp;", "&") if match else None


async def test_it_walks_the_steps_in_order_skipping_empty_ones(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "warning-signs", "Not sleeping")
    await add(alice, "ask-for-help", "Sam", phone="+44 7700 900123")
    await add(alice, "reasons", "My dog")
    headings = []
    url: str | None = "/plan/crisis"
    for _ in range(5):
        assert url
        page = await alice.get(url)
        assert page.status_code == 200
        headings.append(re.search(r"<h1[^>]*>(.*?)</h1>", page.text).group(1))  # type: ignore[union-attr]
        if "My reasons for living" in headings[-1]:
            break
        url = forward_link(page.text)
    assert headings == [
        "Signs a hard time may be starting",
        "People I can ask for help",
        "Professionals and crisis lines",
        "My reasons for living",
    ]
    # The last step says where the person is and puts their people beside the reasons.
    last = visible_text(page.text)
    assert "Step 4 of 4" in last
    assert last.index("My dog") < last.index("Call someone") < last.index("Call Sam")


async def test_each_step_has_one_forward_a_back_and_a_way_to_stop(
    alice: Client,
) -> None:
    await add(alice, "warning-signs", "Not sleeping")
    await add(alice, "on-my-own", "A warm shower")
    page = await alice.get("/plan/crisis?step=2")
    assert page.text.count("Something else from my plan") == 1
    assert '<a href="/plan/crisis?step=1">Back</a>' in page.text
    assert re.search(r'<a href="/plan">I(&#39;|\')ll stop here</a>', page.text)
    seen = visible_text(page.text).lower()
    for never in ("did this help", "rate", "score", "how bad", "are you sure"):
        assert never not in seen
    first = await alice.get("/plan/crisis")
    assert ">Back</a>" not in first.text


async def test_the_last_step_offers_crisis_lines_and_reasons_and_goes_on(
    alice: Client,
) -> None:
    await add(alice, "warning-signs", "Not sleeping")
    await add(alice, "reasons", "My dog")
    await add(alice, "safer-space", "Ask Jo to keep it for a while")
    last = await alice.get("/plan/crisis?step=7", headers={"Accept-Language": "en-US"})
    seen = visible_text(last.text)
    assert "My dog" in seen
    assert "Call 988" in seen and "Text 988" in seen
    assert "tried everything" not in seen.lower()
    # It ends there, with people to call and a way on, not back at the start.
    assert forward_link(last.text) is None
    assert "Call someone" in seen
    assert (
        '<a class="button primary" href="/help">More ways to get help now' in last.text
    )
    assert "Step 4 of 4" in seen
    six = await alice.get("/plan/crisis?step=6", headers={"Accept-Language": "en-US"})
    assert "Ask Jo to keep it for a while" in six.text
    assert "Call someone" not in six.text  # not the last step
    assert "Step 3 of 4" in visible_text(six.text)


async def test_reasons_are_offered_when_the_last_step_is_another_card(
    app: Litestar, alice: Client
) -> None:
    # No reasons yet: step 6 is the last, and it offers the crisis lines.
    await add(alice, "safer-space", "Spend the evening at Jo's")
    last = await alice.get("/plan/crisis?step=6", headers={"Accept-Language": "en-GB"})
    seen = visible_text(last.text)
    assert "Call someone" in seen
    assert "Call 116 123" in seen


async def test_an_empty_plan_still_has_somewhere_to_go(alice: Client) -> None:
    page = await alice.get("/plan/crisis", headers={"Accept-Language": "en-US"})
    assert page.status_code == 200
    assert "Professionals and crisis lines" in page.text
    assert "Call 988" in visible_text(page.text)
    assert 'href="/help"' in page.text
    assert "More ways to get help now" in page.text


async def test_odd_step_values_fall_back_quietly(alice: Client) -> None:
    for value in ("abc", "-3", "99", "", "1e9"):
        page = await alice.get(f"/plan/crisis?step={value}")
        assert page.status_code == 200
        assert "Something else from my plan" in page.text or "More ways" in page.text


async def test_nothing_is_recorded_during_the_sequence(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "warning-signs", "Not sleeping")
    await add(alice, "on-my-own", "A warm shower")
    await add(alice, "reasons", "My dog")
    await alice.get("/plan")  # viewed once, before
    user, _ = await person(app)
    viewed_before = (await Plan.get(user_id=user.pk)).viewed_at
    before = await every_row()
    url: str | None = "/plan/crisis"
    for _ in range(6):
        page = await alice.get(url or "/plan/crisis")
        assert page.status_code == 200
        assert page.headers["x-attune-offline"] == "keep"
        url = forward_link(page.text)
    await alice.get("/plan/crisis?step=1")
    assert await every_row() == before
    assert (await Plan.get(user_id=user.pk)).viewed_at == viewed_before


async def test_an_entry_that_cannot_be_opened_is_left_out_quietly(
    app: Litestar, alice: Client
) -> None:
    from server.safety_plan.models import PlanItem

    await add(alice, "warning-signs", "Not sleeping")
    await add(alice, "on-my-own", "A warm shower")
    user, _ = await person(app)
    await PlanItem.filter(user_id=user.pk, card="warning-signs").update(
        text="g1.broken"
    )
    page = await alice.get("/plan/crisis")
    assert "Things I can do on my own" in page.text
    assert "could not be opened" not in page.text


async def test_any_hour_and_free_belong_to_the_crisis_lines_only(
    alice: Client,
) -> None:
    await add(alice, "professionals", "My therapist, Dr Lee", phone="+44 7700 900123")
    page = await alice.get("/plan/crisis?step=5", headers={"Accept-Language": "en-GB"})
    seen = visible_text(page.text)
    lead = re.search(r'<p class="lede">(.*?)</p>', page.text, re.S)
    assert lead and "People whose job is to help" in lead.group(1)
    assert "any hour" not in lead.group(1) and "free" not in lead.group(1)
    assert "Dr Lee" in seen
    lines = "The crisis lines below answer at any hour, and calling or texting"
    assert lines in seen
    # Said after the person's own professionals, above the lines it is about.
    assert seen.index("Dr Lee") < seen.index(lines) < seen.index("Call 116 123")

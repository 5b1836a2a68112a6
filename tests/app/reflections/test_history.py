from __future__ import annotations

import re

from tests.app.reflections.helpers import write
from tests.conftest import Client


def card_titles(html: str) -> list[str]:
    return re.findall(r'<a href="/reflections/[0-9a-f-]{36}">([^<]*)</a>', html)


async def seed(client: Client) -> None:
    await write(
        client,
        occurred_on="2025-01-10",
        relationship_kind="partner",
        what_happened="Dinner went quiet after the budget talk.",
        repair_tried="tried",
        intensity="8",
        connection="5",
    )
    await write(
        client,
        occurred_on="2025-02-20",
        relationship_kind="parent",
        what_happened="Mum hung up on me.",
        lesson_learned="Same silence as when I was nine.",
        repair_tried="not-yet",
    )
    await write(
        client,
        occurred_on="2025-03-05",
        relationship_kind="friend",
        what_happened="Jo cancelled again.",
        repair_tried="tried",
    )


async def test_the_empty_history_explains_what_a_reflection_is(alice: Client) -> None:
    page = await alice.get("/reflections")
    assert page.status_code == 200
    assert "No reflections yet" in page.text
    assert "A reflection is a few quiet minutes" in page.text
    assert 'href="/reflections/new"' in page.text


async def test_it_lists_newest_first_as_cards(alice: Client) -> None:
    await seed(alice)
    page = await alice.get("/reflections")
    assert card_titles(page.text) == [
        "Jo cancelled again.",
        "Mum hung up on me.",
        "Dinner went quiet after the budget talk.",
    ]
    assert "3 reflections" in page.text
    assert '2025-01-10">10 Jan 2025</time> · Partner' in page.text
    assert "Intensity 8" in page.text and "connection 5" in page.text
    assert "Repair tried" in page.text and "Repair not yet" in page.text
    assert 'hx-history="false"' in page.text


async def test_search_finds_their_own_words_in_any_field(alice: Client) -> None:
    await seed(alice)
    page = await alice.get("/reflections", params={"q": "SILENCE"})
    assert card_titles(page.text) == ["Mum hung up on me."]
    page = await alice.get("/reflections", params={"q": "budget"})
    assert card_titles(page.text) == ["Dinner went quiet after the budget talk."]
    page = await alice.get("/reflections", params={"q": "nothing like this"})
    assert card_titles(page.text) == []
    assert "Nothing matches that" in page.text


async def test_search_never_shows_another_persons_entries(
    alice: Client, bob: Client
) -> None:
    await seed(alice)
    await write(bob, what_happened="Bob wrote about Jo too.")
    page = await bob.get("/reflections", params={"q": "Jo"})
    assert card_titles(page.text) == ["Bob wrote about Jo too."]


async def test_it_filters_by_relationship_kind(alice: Client) -> None:
    await seed(alice)
    page = await alice.get("/reflections", params={"kind": "parent"})
    assert card_titles(page.text) == ["Mum hung up on me."]
    assert '<option value="parent" selected>' in page.text


async def test_it_filters_by_repair(alice: Client) -> None:
    await seed(alice)
    tried = await alice.get("/reflections", params={"repair": "tried"})
    assert card_titles(tried.text) == [
        "Jo cancelled again.",
        "Dinner went quiet after the budget talk.",
    ]
    not_yet = await alice.get("/reflections", params={"repair": "not-yet"})
    assert card_titles(not_yet.text) == ["Mum hung up on me."]


async def test_it_filters_by_date_range(alice: Client) -> None:
    await seed(alice)
    page = await alice.get(
        "/reflections", params={"from": "2025-02-01", "to": "2025-02-28"}
    )
    assert card_titles(page.text) == ["Mum hung up on me."]
    page = await alice.get("/reflections", params={"from": "2025-02-21"})
    assert card_titles(page.text) == ["Jo cancelled again."]


async def test_odd_filter_values_are_ignored(alice: Client) -> None:
    await seed(alice)
    page = await alice.get(
        "/reflections",
        params={"kind": "boss", "repair": "maybe", "from": "soon", "page": "x"},
    )
    assert page.status_code == 200
    assert len(card_titles(page.text)) == 3


async def test_filters_answer_htmx_with_the_list_only(alice: Client) -> None:
    await seed(alice)
    response = await alice.get(
        "/reflections", params={"kind": "friend"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<section id="results"')
    assert card_titles(response.text) == ["Jo cancelled again."]
    page = await alice.get("/reflections")
    assert 'hx-get="/reflections"' in page.text and 'hx-push-url="true"' in page.text
    assert 'method="get" action="/reflections"' in page.text


async def test_it_pages_twenty_at_a_time_keeping_the_filters(alice: Client) -> None:
    for day in range(1, 26):
        await write(
            alice,
            occurred_on=f"2025-04-{day:02d}",
            relationship_kind="partner",
            what_happened=f"Entry {day:02d}",
        )
    await write(alice, occurred_on="2025-04-30", relationship_kind="friend")
    first = await alice.get("/reflections", params={"kind": "partner"})
    titles = card_titles(first.text)
    assert len(titles) == 20
    assert titles[0] == "Entry 25" and titles[-1] == "Entry 06"
    assert "25 reflections, page 1 of 2" in first.text
    assert 'href="/reflections?kind=partner&amp;page=2"' in first.text
    second = await alice.get("/reflections", params={"kind": "partner", "page": "2"})
    assert card_titles(second.text) == [f"Entry {d:02d}" for d in range(5, 0, -1)]
    assert 'href="/reflections?kind=partner"' in second.text
    beyond = await alice.get("/reflections", params={"kind": "partner", "page": "99"})
    assert card_titles(beyond.text) == card_titles(second.text)

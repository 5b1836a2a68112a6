"""Small helpers for the reflection tests: write entries the way a person does."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import Client

EVERYTHING: dict[str, Any] = {
    "occurred_on": "2025-03-14",
    "relationship_kind": "partner",
    "person_name": "Sam",
    "what_happened": "Sam looked at the phone while I was talking.",
    "sensations": ["tight-chest", "heat"],
    "body_location": "chest and throat",
    "body_notes": "Hot face, fast heart.",
    "intensity": "7",
    "loudest_part": "protective",
    "protective_wanted": "To walk out.",
    "vulnerable_wanted": "To be listened to.",
    "compassionate_wanted": "You matter, and so does Sam.",
    "repair_tried": "tried",
    "repair_text": "I said I felt unheard and we talked.",
    "connection": "6",
    "lesson_learned": "It reminded me of dinners as a child.",
}


def form_key(html: str) -> str:
    match = re.search(r'name="key" value="([^"]+)"', html)
    assert match, "no idempotency key in the form"
    return match.group(1)


async def new_key(client: Client) -> str:
    response = await client.get("/reflections/new")
    assert response.status_code == 200
    return form_key(response.text)


async def write(client: Client, **values: Any) -> str:
    """Create one reflection through the no-JS form; return its id."""
    key = await new_key(client)
    data = {**values, "key": key, "go": "save"}
    response = await client.post_form("/reflections/new", data)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    match = re.fullmatch(r"/reflections/([0-9a-f-]{36})", location)
    assert match, location
    return match.group(1)

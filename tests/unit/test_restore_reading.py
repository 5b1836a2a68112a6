"""Reading an export never fails any other way than with a message for the person:
whatever the file holds, read_export returns checked rows or raises RestoreError."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from server.features import FEATURES
from server.restore import RestoreError, read_export

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    [
        "occurred_on", "intensity", "sensations", "what_happened", "card_id", "text",
        "phone", "lesson", "note", "done_at", "enabled", "time", "timezone", "values",
        "step", "language", "country",
    ]
)  # fmt: skip
ROW = st.dictionaries(FIELDS | st.text(max_size=8), VALUES, max_size=6)
# What the app reads an export with: every feature's importers and sections.
IMPORTING = (FEATURES.importers, FEATURES.exported)


def outcome(document: Any) -> str:
    try:
        read_export(json.dumps(document).encode(), *IMPORTING)
    except RestoreError as exc:
        assert str(exc)
        return "refused"
    return "read"


@settings(max_examples=300, deadline=None)
@given(
    section=st.sampled_from(sorted(FEATURES.importers)),
    rows=st.lists(ROW, max_size=3) | VALUES,
)
def test_any_section_content_is_read_or_refused_with_a_message(
    section: str, rows: Any
) -> None:
    assert outcome({"format": "attune-export", "version": 1, section: rows}) in (
        "read",
        "refused",
    )


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=200))
def test_any_bytes_are_read_or_refused_with_a_message(raw: bytes) -> None:
    with contextlib.suppress(RestoreError):
        read_export(raw, *IMPORTING)

"""Hostile text stored through every form comes back inert on every page."""

from __future__ import annotations

import pytest
from litestar import Litestar

from server.accounts.models import User
from tests.conftest import Client
from tests.figures import record
from tests.security.conftest import fill_everything, ids_of, page_cases

pytestmark = pytest.mark.security

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "' autofocus onfocus='alert(2)",
    '<div hx-get="/logout" hx-trigger="load">boosted</div>',
    "<svg/onload=alert(3)>",
    "\u202eevil\u200b" + "y" * 10_000,
]
# What must never appear raw: markup that could run, or an attribute breakout.
RAW = [
    "<script>alert('xss')",
    "<img src=x",
    "onfocus='alert",
    "<div hx-get=",
    "<svg/onload",
]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_stored_hostile_text_is_inert_everywhere(
    app: Litestar, people: tuple[Client, Client]
) -> None:
    alice, _ = people
    user = await User.get(username="alice")
    stored = 0
    for payload in PAYLOADS:
        stored += await fill_everything(alice, app, payload, user.pk)
    ids = await ids_of(user.pk)
    pages = 0
    for case in page_cases(app):
        for row_id in (
            ids.get(next(iter(case.params.values()), str), [None])[:3]
            if case.params
            else [None]
        ):
            values = dict.fromkeys(case.params, row_id)
            if case.params and row_id is None:
                continue
            response = await alice.get(case.fill(values))
            if response.status_code != 200:
                continue
            pages += 1
            if response.headers["content-type"].startswith("text/plain"):
                # A plain-text download: the person's own words, verbatim, are the
                # point, and a browser never renders it as a page.
                assert response.headers["x-content-type-options"] == "nosniff"
                assert response.headers["content-disposition"].startswith("attachment")
                continue
            for raw in RAW:
                assert raw not in response.text, (case.path, raw)
    export = (await alice.get("/settings/export")).text
    for raw in RAW:
        assert raw not in export
    assert stored > 20 and pages > 10
    record(
        "Stored XSS",
        f"{len(PAYLOADS)} payloads through {stored} form posts; {pages} pages + export: 0 raw markup",
    )

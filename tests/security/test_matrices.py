"""Checks generated from the app's route table: a route added later is covered."""

from __future__ import annotations

import logging
import re

import pytest
from litestar import Litestar, get
from tortoise import Tortoise

from server.accounts.models import User
from tests.conftest import PASSPHRASE, Client, make_client
from tests.figures import record
from tests.security.conftest import all_models_rows, fill_everything, ids_of, page_cases
from tests.security.routes import UNSAFE, route_cases

pytestmark = pytest.mark.security
CANARY = "CANARY-7f3a wild plum orchard"


async def test_every_unsafe_route_refuses_missing_foreign_and_cross_site_tokens(
    app: Litestar, people: tuple[Client, Client], backend: str
) -> None:
    alice, bob = people
    bobs_token = await bob.csrf_token()
    await alice.csrf_token()
    cases = [c for c in route_cases(app) if c.method in UNSAFE]
    assert len(cases) >= 8
    rejected = 0
    for case in cases:
        url = case.fill()
        form = {"text": "x", "username": "alice", "passphrase": PASSPHRASE}
        answers = [
            await alice.request(case.method, url, data=form),
            await alice.request(
                case.method, url, data={**form, "_csrf_token": bobs_token}
            ),
            await alice.request(
                case.method,
                url,
                data=form,
                headers={
                    "Origin": "https://evil.example",
                    "Sec-Fetch-Site": "cross-site",
                },
            ),
            await alice.request(case.method, url, headers={"x-csrftoken": bobs_token}),
        ]
        statuses = [a.status_code for a in answers]
        assert statuses == [403] * 4, (case, statuses)
        rejected += 1
    record(
        f"CSRF ({backend})", f"{rejected}/{len(cases)} unsafe routes rejected x4 ways"
    )


async def test_get_routes_leave_row_counts_unchanged(
    app: Litestar, people: tuple[Client, Client], backend: str
) -> None:
    alice, _ = people
    user = await User.get(username="alice")
    await fill_everything(alice, app, "some words of mine", user.pk)
    ids = await ids_of(user.pk)
    before = await all_models_rows()
    visited = 0
    for case in page_cases(app):
        values = {n: (ids.get(k) or [None])[0] for n, k in case.params.items()}
        if any(v is None for v in values.values()):
            continue
        response = await alice.get(case.fill(values))
        assert response.status_code < 500, case
        visited += 1
    assert await all_models_rows() == before
    record(f"GET writes ({backend})", f"{visited} GET pages, 0 row-count changes")


async def test_another_persons_ids_answer_404_on_every_route(
    app: Litestar, people: tuple[Client, Client], backend: str
) -> None:
    alice, bob = people
    user = await User.get(username="alice")
    await fill_everything(alice, app, "alice private words", user.pk)
    alice_ids = (await ids_of(user.pk))[__import__("uuid").UUID]
    cases = [
        c
        for c in route_cases(app)
        if any(t.__name__ == "UUID" for t in c.params.values())
    ]
    tried = 0
    for case in cases:
        for row_id in alice_ids:
            values = {n: row_id for n, t in case.params.items() if t.__name__ == "UUID"}
            url = case.fill(values)
            if case.method == "GET":
                response = await bob.get(url)
            else:
                response = await bob.post_form(
                    url, {"text": "bob was here", "user_id": str(user.pk)}
                )
            assert response.status_code == 404, (case, response.status_code)
            assert "alice private words" not in response.text
            tried += 1
    record(
        f"Authorisation ({backend})",
        f"{tried}/{tried} foreign-id requests answered 404 ({len(cases)} routes x {len(alice_ids)} ids)",
    )


async def test_every_response_kind_carries_the_security_headers(
    app: Litestar, people: tuple[Client, Client], backend: str
) -> None:
    alice, _ = people

    @get("/__boom", include_in_schema=False)
    async def boom() -> None:
        raise RuntimeError("secret words that must not leak")

    app.register(boom)
    responses = {}
    for case in page_cases(app):
        if not case.params:
            responses[case.path] = await alice.get(case.path)
    responses["404"] = await alice.get("/no/such/page")
    responses["422"] = await alice.post_form(
        "/settings", {"country": "??", "timezone": "x"}
    )
    responses["500"] = await alice.get("/__boom")
    responses["missing file"] = await alice.get("/static/css/nothing.css")
    async with make_client(app) as stranger:
        for _ in range(11):
            last = await stranger.post_form(
                "/login", {"username": "alice", "passphrase": "nope nope"}
            )
        responses["429"] = last
    assert responses["500"].status_code == 500
    assert "secret words" not in responses["500"].text
    assert responses["429"].status_code == 429
    nonces = []
    for name, response in responses.items():
        csp = response.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp, name
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, name
        assert response.headers.get("x-content-type-options") == "nosniff", name
        assert response.headers.get("referrer-policy") == "no-referrer", name
        assert "camera=()" in response.headers.get("permissions-policy", ""), name
        nonces.append(re.search(r"'nonce-([^']+)'", csp).group(1))  # type: ignore[union-attr]
    assert len(set(nonces)) == len(nonces)
    # A file runs under its page's policy: only what a file acts on.
    static = await alice.get("/static/css/app.css")
    assert static.headers.get("x-content-type-options") == "nosniff"
    assert "content-security-policy" not in static.headers
    record(
        f"Headers ({backend})",
        f"{len(responses)}/{len(responses)} response kinds with CSP (unique nonce), nosniff, referrer and permissions policies",
    )


async def test_private_words_never_reach_logs_or_raw_rows(
    app: Litestar,
    people: tuple[Client, Client],
    backend: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    alice, _ = people
    caplog.set_level(logging.DEBUG)
    logging.getLogger("tortoise.db_client").setLevel(logging.DEBUG)
    try:
        user = await User.get(username="alice")
        submitted = await fill_everything(alice, app, CANARY, user.pk)
        await alice.get("/settings/export")
        token = alice.cookies["attune_session"]
    finally:
        logging.getLogger("tortoise.db_client").setLevel(logging.WARNING)
    logs = caplog.text
    assert CANARY not in logs
    assert PASSPHRASE not in logs
    assert token not in logs
    conn = Tortoise.get_connection("default")
    found = 0
    tables = 0
    for app_models in Tortoise.apps.values():
        for model in app_models.values():
            _, rows = await conn.execute_query(
                f'SELECT * FROM "{model._meta.db_table}"'
            )
            tables += 1
            found += sum(CANARY in str(dict(row)) for row in rows)
    assert found == 0
    # The canary went in: the export shows it decrypted.
    export = await alice.get("/settings/export.json")
    stored = export.text.count(CANARY.split()[0])
    record(
        f"Privacy canaries ({backend})",
        f"{submitted} forms filled; canary in logs 0, in raw rows of {tables} tables 0; passphrase/token in logs 0; canary copies in export {stored}",
    )

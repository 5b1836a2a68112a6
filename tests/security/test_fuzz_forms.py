"""Hypothesis drives every form the app renders with random and hostile values."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from markupsafe import escape

from server.accounts.models import User
from server.app import create_app
from server.db import database
from server.features import FEATURES
from server.settings import Settings
from tests.conftest import FAST, Client, make_client, sign_up
from tests.figures import record
from tests.security.conftest import ids_of, load_lessons_if_any, page_cases
from tests.security.routes import DESTRUCTIVE, FormSpec, forms_in

pytestmark = pytest.mark.security

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    '<div hx-get="/logout" hx-trigger="load">x</div>',
    "{{ 7*7 }}{% print 1 %}",
    "\u202egnp.exe\u200b\u200d",
    "javascript:alert(1)",
    "x" * 10_000,
]
hostile = st.one_of(
    st.sampled_from(XSS),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.just(""),
    st.just("   "),
)
STATS = {"posts": 0, "json_posts": 0, "server_errors": 0, "kept": 0, "forms": 0}


class FuzzWorld:
    def __init__(self, runner: asyncio.Runner, client: Client, forms: list[FormSpec]):
        self.runner, self.client, self.forms = runner, client, forms


@pytest.fixture(scope="module")
def world(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FuzzWorld]:
    instance = tmp_path_factory.mktemp("fuzz")
    shutil.copy(sqlite_template, instance / "attune.sqlite3")
    config = Settings(
        instance_dir=instance,
        login_limit_per_ip=10**6,
        signup_limit_per_ip=10**6,
        login_limit_per_account=10**6,
        **FAST,
    )  # type: ignore[arg-type]
    app: Litestar = create_app(config)
    runner = asyncio.Runner()
    db = database(config, FEATURES.tortoise_apps)
    runner.run(db.__aenter__())
    client = make_client(app)

    async def discover() -> list[FormSpec]:
        await load_lessons_if_any()
        await sign_up(client, "fuzzy")
        user = await User.get(username="fuzzy")
        ids = await ids_of(user.pk)
        found: dict[str, FormSpec] = {}
        for case in page_cases(app):
            values = {n: (ids.get(k) or [None])[0] for n, k in case.params.items()}
            if any(v is None for v in values.values()):
                continue
            page = await client.get(case.fill(values))
            for form in forms_in(page.text):
                if not DESTRUCTIVE.search(form.action) and form.text_fields():
                    found.setdefault(form.action, form)
        return list(found.values())

    forms = runner.run(discover())
    STATS["forms"] = len(forms)
    yield FuzzWorld(runner, client, forms)
    runner.run(client.aclose())
    runner.run(db.__aexit__(None, None, None))
    runner.close()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_hostile_input_never_breaks_a_form_and_nothing_typed_is_lost(
    world: FuzzWorld, data: st.DataObject
) -> None:
    form = data.draw(st.sampled_from(world.forms), label="form")
    submission = form.submission("")
    typed: dict[str, str] = {}
    for i, (name, _) in enumerate(submission):
        if name in form.text_fields() and name not in {"next"}:
            value = data.draw(hostile, label=name)
            submission[i] = (name, value)
            typed[name] = value
    response = world.runner.run(world.client.post_form(form.action, submission))
    STATS["posts"] += 1
    if response.status_code >= 500:
        STATS["server_errors"] += 1
    assert response.status_code < 500, (form.action, response.status_code)
    assert "<script>alert(1)</script>" not in response.text
    if response.status_code == 422:
        # Each message sits next to a field that points at it.
        for error_id in re.findall(r'id="([\w-]+-error)"', response.text):
            if error_id == "form-error":  # a whole-form message, announced as an alert
                assert 'role="alert" id="form-error"' in response.text
                continue
            assert f"{error_id}" in " ".join(
                re.findall(r'aria-describedby="([^"]+)"', response.text)
            ), error_id
        for name, value in typed.items():
            if "passphrase" in name or name in {"current"} or len(value) > 5000:
                continue
            clean = value.replace("\x00", "")
            if clean.strip():
                assert str(escape(clean)) in response.text, (form.action, name)
                STATS["kept"] += 1


# JSON a hostile client may send to the JSON endpoints: any value anywhere, wrong
# types, deep nesting, strings past any column's limit, huge numbers, bad bytes.
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
JSON_SHAPES = st.one_of(
    json_value.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {
            "endpoint": json_value | hostile,
            "keys": json_value,
            "oldEndpoint": json_value,
        }
    ).map(lambda v: json.dumps(v).encode()),
    st.sampled_from(
        [
            b"[" * 100_000 + b"]" * 100_000,
            b'{"endpoint": "' + b"https://fcm.googleapis.com/" + b"a" * 200_000 + b'"}',
            rb'{"endpoint": "\u0000", "keys": {"p256dh": "x", "auth": "y"}}',
            rb'{"endpoint": "\ud800"}',
            b'{"endpoint": 1' + b"0" * 5000 + b"}",
            b"\xff\xfe{}",
            b"",
        ]
    ),
    st.binary(max_size=64),
)
JSON_ENDPOINTS = ["/push/subscribe", "/push/unsubscribe"]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=JSON_SHAPES, endpoint=st.sampled_from(JSON_ENDPOINTS))
def test_hostile_json_never_reaches_a_server_error(
    world: FuzzWorld, body: bytes, endpoint: str
) -> None:
    async def send() -> int:
        token = await world.client.csrf_token()
        response = await world.client.post(
            endpoint,
            content=body,
            headers={"Content-Type": "application/json", "x-csrftoken": token},
        )
        return response.status_code

    status = world.runner.run(send())
    STATS["json_posts"] += 1
    if status >= 500:
        STATS["server_errors"] += 1
    assert 400 <= status < 500, (endpoint, status, body[:80])


def test_zz_fuzz_figures() -> None:
    record(
        "Fuzzing (Hypothesis)",
        f"{STATS['posts']} posts over {STATS['forms']} forms and {STATS['json_posts']} hostile JSON bodies to {len(JSON_ENDPOINTS)} JSON endpoints: {STATS['server_errors']} server errors; {STATS['kept']} rejected values re-shown intact",
    )
    assert STATS["server_errors"] == 0

"""Without JavaScript, a form post that meets a database outage gets a calm 503 page
that shows back everything typed, in a form that sends it again; passphrases are
never echoed. Once the database is back, that form saves exactly once."""

from __future__ import annotations

import html.parser
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlencode

import httpx
import pytest
from litestar import Litestar
from markupsafe import escape

from server.accounts.models import User
from server.crypto import FieldCipher
from server.lessons import service as lessons
from server.lessons.loader import load_lessons
from server.lessons.models import LessonNote
from server.push.models import ReminderSetting
from server.reflections.models import Reflection
from server.settings import Settings
from tests.app.reflections.helpers import EVERYTHING, new_key
from tests.app.safety_plan.helpers import texts
from tests.conftest import PASSPHRASE, Client, make_client
from tests.figures import record
from tests.reliability.test_database_outage import admin

pytestmark = [pytest.mark.reliability, pytest.mark.postgres]

WHAT_HAPPENED = (
    "\nWe argued about the dishes — again.\n"
    "I said “you never listen” & walked out <slammed the door>.\n\n"
    "Später: Ich habe mich entschuldigt. 彼は微笑んだ 🌱\n"
    "    indented line, then a tab\tand trailing spaces   "
)
PLAN_TEXT = "Walk to the river 🌊 & breathe <slowly> \"four\" 'counts'"
NOTE_TEXT = "Feeling safe first:\n– my sister's kitchen\n– the sea at Ålesund ☀️"
NEW_PASSPHRASE = "another quiet morning walk"
NOTE_URL = "/lessons/feeling-safe-first/note"


class FormReader(html.parser.HTMLParser):
    """Reads a page's kept form the way a browser submits it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        self.kinds: dict[str, str] = {}
        self._textarea: str | None = None
        self._text = ""
        self._closed = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if self._closed:
            return  # other forms on the page (the language picker) are not sent
        if tag == "form" and "kept-form" in found.get("class", ""):
            self.action = found["action"]
        elif tag == "input" and self.action is not None and "name" in found:
            self.fields.append((found["name"], found.get("value", "")))
            self.kinds[found["name"]] = found.get("type", "text")
        elif tag == "textarea" and self.action is not None:
            self._textarea, self._text = found["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.action is not None:
            self._closed = True
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the newline straight after <textarea>.
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.fields.append((self._textarea, text))
            self.kinds[self._textarea] = "textarea"
            self._textarea = None


def kept_form(response: httpx.Response) -> FormReader:
    reader = FormReader()
    reader.feed(response.text)
    assert reader.action is not None, "no kept form on the 503 page"
    return reader


@asynccontextmanager
async def outage(settings: Settings) -> AsyncIterator[None]:
    name = settings.database_url.rsplit("/", 1)[1].split("?")[0]
    await admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    await admin(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    )
    try:
        yield
    finally:
        await admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


async def send_again(client: Client, form: FormReader, **typed: str) -> httpx.Response:
    """Press "Try again" on the kept form, typing into its empty fields first."""
    fields = [(name, typed.get(name, value)) for name, value in form.fields]
    return await client.post(
        str(form.action),
        content=urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def assert_keeps(response: httpx.Response, path: str, typed: dict[str, str]) -> None:
    assert response.status_code == 503, response.status_code
    assert "resting for a moment" in response.text
    assert "Nothing was saved — what you wrote is below" in response.text
    assert 'href="/help"' in response.text
    form = kept_form(response)
    assert form.action == path
    sent = dict(form.fields)
    assert sent.get("_csrf_token"), "no CSRF field: Try again would be refused"
    for name, value in typed.items():
        assert str(escape(value)) in response.text, name
        assert sent[name] == value, name
        # Words are visible to read and copy: a textarea, or a text box for a line.
        expected = "textarea" if "\n" in value or len(value) > 80 else "text"
        if name not in ("key", "go", "action", "enabled", "next"):
            assert form.kinds[name] == expected, name
    assert "<slammed" not in response.text and "<slowly>" not in response.text


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_forms_posted_during_an_outage_come_back_whole_and_save_once(
    app: Litestar, settings: Settings, alice: Client
) -> None:
    lessons.forget_cached_lessons()
    await load_lessons()
    reflection = {
        **EVERYTHING,
        "what_happened": WHAT_HAPPENED,
        "key": await new_key(alice),
        "go": "save",
    }
    plan = {"text-new": PLAN_TEXT, "action": "save"}
    note = {"text": NOTE_TEXT}
    reminder = {"enabled": "on", "time": "07:45", "timezone": "Europe/Paris"}
    passphrase = {
        "current": PASSPHRASE,
        "passphrase": NEW_PASSPHRASE,
        "passphrase_confirm": NEW_PASSPHRASE,
    }
    async with make_client(app) as visitor:
        await visitor.csrf_token()
        async with outage(settings):
            during = {
                "/reflections/new": await alice.post_form(
                    "/reflections/new", reflection
                ),
                "/plan/edit/on-my-own": await alice.post_form(
                    "/plan/edit/on-my-own", plan
                ),
                NOTE_URL: await alice.post_form(NOTE_URL, note),
                "/settings/reminders": await alice.post_form(
                    "/settings/reminders", reminder
                ),
                "/settings/passphrase": await alice.post_form(
                    "/settings/passphrase", passphrase
                ),
                "/login": await visitor.post_form(
                    "/login",
                    {"username": "alice", "passphrase": PASSPHRASE, "next": "/plan"},
                ),
            }
        typed_words = {
            "/reflections/new": {
                k: v for k, v in reflection.items() if isinstance(v, str)
            },
            "/plan/edit/on-my-own": plan,
            NOTE_URL: note,
            "/settings/reminders": reminder,
            "/login": {"username": "alice", "next": "/plan"},
        }
        for path, typed in typed_words.items():
            assert_keeps(during[path], path, typed)
        reflection_form = kept_form(during["/reflections/new"])
        assert dict(reflection_form.fields)["go"] == "save"
        assert [v for k, v in reflection_form.fields if k == "sensations"] == [
            "tight-chest",
            "heat",
        ]
        # Passphrases are never echoed: they are typed again into empty fields.
        for path in ("/settings/passphrase", "/login"):
            response = during[path]
            assert response.status_code == 503
            assert PASSPHRASE not in response.text
            assert NEW_PASSPHRASE not in response.text
            assert "please type them again" in response.text
            form = kept_form(response)
            assert all(form.kinds[n] == "password" for n, v in form.fields if not v)
            assert not any(
                v for n, v in form.fields if "passphrase" in n or n == "current"
            )

        # The database is back: "Try again" on each kept form saves once.
        user = await User.get(username="alice")
        saved = [
            await send_again(alice, reflection_form),
            # A double submit of the same kept form is still one reflection.
            await send_again(alice, reflection_form),
            await send_again(alice, kept_form(during["/plan/edit/on-my-own"])),
            await send_again(alice, kept_form(during[NOTE_URL])),
            await send_again(alice, kept_form(during["/settings/reminders"])),
            await send_again(
                visitor, kept_form(during["/login"]), passphrase=PASSPHRASE
            ),
        ]
        assert [r.status_code for r in saved] == [303] * 6, [
            (r.status_code, r.text[:300]) for r in saved
        ]
        assert saved[-1].headers["location"] == "/plan"
    assert await texts(app, "on-my-own") == [PLAN_TEXT]
    cipher = FieldCipher(app.state.keyring.unwrap(user.wrapped_key))
    [note_row] = await LessonNote.filter(user_id=user.pk)
    assert note_row.open(cipher, "text") == NOTE_TEXT
    [reflection_row] = await Reflection.filter(user_id=user.pk)
    words = reflection_row.answers(cipher)["what_happened"]
    assert words == WHAT_HAPPENED.strip()
    reminder_row = await ReminderSetting.get(user_id=user.pk)
    assert (reminder_row.remind_at, reminder_row.timezone) == ("07:45", "Europe/Paris")
    record(
        "No-JS outage keeps words",
        "5/5 forms re-shown with every typed value (reflection, plan card, lesson "
        "note, reminders, sign-in), 0 passphrases echoed in 2 passphrase forms; "
        "after it, 1 row each (a double submit included)",
    )

"""Lesson pages: the program, today's lesson, a card, saved cards, and the card's
actions (done, save, private note, add the practice to the safety plan)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect, Response, Template
from litestar.types import ControllerRouterHandler
from markupsafe import Markup

from server.accounts.auth import cipher_for, current_user, requires_login, signed_in
from server.accounts.models import User
from server.lessons import service
from server.lessons.forms import NOTE_MAX, NoteForm, SwitchForm
from server.lessons.models import Lesson, LessonNote
from server.lessons.parsing import REFERENCES
from server.lessons.queries import Progress
from server.safety_plan.public import add_coping_step, has_coping_step
from server.web.dates import local_date, long_date
from server.web.i18n import _, _l, current_language
from server.web.pages import is_fragment_request, offline_copy_day, page, redirect
from server.web.state import app_state
from server.web.whole_pages import VISITOR_PAGE, is_plain_visit, render

FLASH_MESSAGES = {
    "lesson-done": _l("Marked as done. Well done for taking this time."),
    "lesson-saved": _l("Saved to your cards."),
    "lesson-unsaved": _l("Removed from your saved cards."),
    "added-to-plan": _l(
        "Added to your safety plan, under things you can do on your own."
    ),
    "already-in-plan": _l(
        "This practice is already in your safety plan, under things "
        "you can do on your own."
    ),
    "lesson-undone": _l("Marked as not done yet. You can come back to it any time."),
    "note-saved": _l("Your note is kept. Only you can read it."),
    "note-deleted": _l("Your note is deleted."),
    "not-for-plan": _l(
        "This practice is one for a calm day, so it is not added to your "
        "safety plan. The lessons with a calming practice offer that."
    ),
}

# The service worker's contract (PWA): keep or forget a card for offline reading.
OFFLINE = "X-Attune-Offline"
OFFLINE_URL = "X-Attune-Offline-Url"


def local_day_text(instant: datetime | None, user: User | None) -> str:
    if instant is None:
        return ""
    return long_date(local_date(instant, user.timezone if user else None))


@dataclass(frozen=True)
class LessonItem:
    lesson: Lesson
    done: bool
    saved: bool


@dataclass(frozen=True)
class ModuleView:
    number: int
    title: str
    items: list[LessonItem]

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)


@dataclass
class CardContext:
    """What the card template shows."""

    lesson: Lesson
    total: int
    progress: Progress | None
    text: LessonText
    today: service.Today | None
    note: LessonNote | None
    note_form: NoteForm
    note_updated: str
    saved_on: str
    previous: Lesson | None
    following: Lesson | None
    # The lesson's practice is among the plan's things I can do on my own.
    in_plan: bool = False
    # Just marked as done: a quiet moment follows.
    just_done: bool = False
    message: str = ""
    error: str = ""

    @property
    def done(self) -> bool:
        return bool(self.progress and self.progress.done_at)

    @property
    def saved(self) -> bool:
        return bool(self.progress and self.progress.saved_at)

    @property
    def is_today(self) -> bool:
        return bool(self.today and self.today.lesson.id == self.lesson.id)


@dataclass(frozen=True)
class LessonText:
    reading: Markup
    practice: Markup
    bottom: Markup


@lru_cache(maxsize=256)
def lesson_text(
    env: Environment, content_hash: str, language: str, lesson: Lesson
) -> LessonText:
    """Title, body, practice and references are the same for everyone who reads
    this language: render them once per version of the lesson (a lesson equals
    another with its id; the content hash tells versions apart)."""
    macros = env.get_template("lessons/_text.html").module
    return LessonText(
        reading=Markup(macros.reading(lesson)),  # type: ignore[attr-defined]
        practice=Markup(macros.practice(lesson)),  # type: ignore[attr-defined]
        bottom=Markup(macros.bottom(lesson, REFERENCES)),  # type: ignore[attr-defined]
    )


async def card_context(
    request: Request,
    lesson: Lesson,
    *,
    note_form: NoteForm | None = None,
    message: str = "",
    error: str = "",
    just_done: bool = False,
) -> CardContext:
    user = current_user(request)
    found = await service.catalog()
    progress = await service.progress_for(user)
    row = progress.get(lesson.id)
    note = await service.note_for(user, lesson)
    if note_form is None:
        text = note.open(cipher_for(request, user), "text") if note and user else ""
        note_form = NoteForm(initial={"text": text})
    position = found.days.index(lesson.day) if lesson.day in found.by_day else -1
    step = lesson.as_coping_step()
    in_plan = bool(
        user and step and await has_coping_step(user, cipher_for(request, user), step)
    )
    return CardContext(
        lesson=lesson,
        text=lesson_text(
            request.app.template_engine.engine,  # type: ignore[union-attr]
            lesson.content_hash,
            current_language(),
            lesson,
        ),
        total=len(found.program),
        progress=row,
        today=service.today_for(user, found, progress, service.utcnow()),
        note=note,
        note_form=note_form,
        note_updated=local_day_text(note.updated_at if note else None, user),
        saved_on=local_day_text(row.saved_at if row else None, user),
        previous=found.program[position - 1] if position > 0 else None,
        following=(
            found.program[position + 1]
            if 0 <= position < len(found.program) - 1
            else None
        ),
        in_plan=in_plan,
        just_done=just_done or request.cookies.get("attune_flash") == "lesson-done",
        message=message,
        error=error,
    )


# A visitor's card is everyone's in one language on one day: rendered once.
# Bounded: emptied when it holds more than the program's cards in a few languages.
_visitor_cards: dict[tuple[str, ...], bytes] = {}


async def visitor_card(request: Request, lesson: Lesson) -> Response[bytes]:
    day = offline_copy_day(request)
    key = (lesson.slug, lesson.content_hash, current_language(), day)
    html = _visitor_cards.get(key)
    if html is None:
        card = await card_context(request, lesson)
        html = render(
            request,
            "lessons/card.html",
            {
                **VISITOR_PAGE,
                "path": request.url.path,
                "offline_day": day,
                "card": card,
                "references": REFERENCES,
                "note_max": NOTE_MAX,
            },
        ).encode()
        if len(_visitor_cards) > 256:
            _visitor_cards.clear()
        _visitor_cards[key] = html
    return Response(html, media_type="text/html; charset=utf-8")


async def card_page(
    request: Request,
    lesson: Lesson,
    *,
    note_form: NoteForm | None = None,
    block: str | None = None,
    status_code: int = 200,
    message: str = "",
    error: str = "",
    just_done: bool = False,
) -> Template:
    user = current_user(request)
    card = await card_context(
        request,
        lesson,
        note_form=note_form,
        message=message,
        error=error,
        just_done=just_done,
    )
    response = page(
        request,
        "lessons/card.html",
        {"card": card, "references": REFERENCES, "note_max": NOTE_MAX},
        block=block,
        status_code=status_code,
    )
    if user and request.method == "GET" and not is_fragment_request(request):
        # "drop" too: a card unsaved on another device leaves this one's cache.
        response.headers[OFFLINE] = "keep" if card.saved else "drop"
    return response


def login_first(request: Request, lesson: Lesson) -> Response[Any]:
    return redirect(request, f"/login?next={quote(lesson.url)}")


async def after_action(
    request: Request, lesson: Lesson, block: str, flash: str, to: str = ""
) -> Response[Any]:
    """htmx swaps the card's block with a short message; a plain form goes back to
    the card (or `to`) with the same message as a flash."""
    if is_fragment_request(request):
        return await card_page(
            request,
            lesson,
            block=block,
            message=app_state(request).flash_messages[flash],
            just_done=flash == "lesson-done",
        )
    return redirect(request, to or lesson.url, flash=flash)


class LessonController(Controller):
    @get("/lessons", name="lessons")
    async def program(self, request: Request) -> Template:
        user = current_user(request)
        found = await service.catalog()
        progress = await service.progress_for(user)
        modules = [
            ModuleView(
                number,
                title,
                [
                    LessonItem(
                        lesson,
                        done=bool((row := progress.get(lesson.id)) and row.done_at),
                        saved=bool(row and row.saved_at),
                    )
                    for lesson in lessons
                ],
            )
            for number, title, lessons in found.modules()
        ]
        return page(
            request,
            "lessons/program.html",
            {
                "modules": modules,
                "total": len(found.program),
                "today": service.today_for(user, found, progress, service.utcnow()),
                "started": any(row.done_at for row in progress.values()),
                "saved_count": sum(1 for row in progress.values() if row.saved_at),
            },
        )

    @get("/lessons/today", name="lessons-today")
    async def today(self, request: Request) -> Response[Any]:
        today = await service.todays_lesson(current_user(request))
        if today is None:
            raise NotFoundException(_("The lessons are not loaded yet."))
        headers = {"Cache-Control": "no-store"}  # it changes every day
        if getattr(request, "htmx", None):
            # A full navigation, so the card's own script (the timer) loads.
            response: Response[Any] = ClientRedirect(redirect_to=today.lesson.url)
            response.headers.update(headers)
            return response
        return Redirect(path=today.lesson.url, status_code=302, headers=headers)

    @get("/lessons/{slug:str}", name="lesson")
    async def card(
        self, request: Request, slug: FromPath[str]
    ) -> Template | Response[bytes]:
        lesson = await service.get_lesson(slug)
        if is_plain_visit(request) and not is_fragment_request(request):
            return await visitor_card(request, lesson)
        return await card_page(request, lesson)

    async def _switch(
        self, request: Request, slug: str, field: str, flashes: tuple[str, str]
    ) -> tuple[Lesson, bool | None, Response[Any]]:
        """Done and saved are the same switch: value 1, 0, or empty to toggle."""
        lesson = await service.get_lesson(slug)
        user = current_user(request)
        if user is None:
            return lesson, None, login_first(request, lesson)
        form = await SwitchForm.from_request(request)
        response: Response[Any]
        if not form.is_valid():
            error = next(iter(form.errors.values()))
            response = await card_page(
                request, lesson, block="actions", status_code=422, error=error
            )
            return lesson, None, response
        value = form.cleaned["value"]
        if value is None:
            row = (await service.progress_for(user)).get(lesson.id)
            value = not (row and getattr(row, field))
        await service.set_mark(user, lesson, field, value)
        flash = flashes[0] if value else flashes[1]
        response = await after_action(
            request, lesson, "actions", flash, to=form.cleaned["next"]
        )
        return lesson, value, response

    @post("/lessons/{slug:str}/done")
    async def done(self, request: Request, slug: FromPath[str]) -> Response[Any]:
        flashes = ("lesson-done", "lesson-undone")
        _, _, response = await self._switch(request, slug, "done_at", flashes)
        return response

    @post("/lessons/{slug:str}/save")
    async def save(self, request: Request, slug: FromPath[str]) -> Response[Any]:
        flashes = ("lesson-saved", "lesson-unsaved")
        lesson, value, response = await self._switch(request, slug, "saved_at", flashes)
        if value is not None:
            # The service worker keeps or forgets this card's offline copy now.
            response.headers[OFFLINE] = "keep" if value else "drop"
            response.headers[OFFLINE_URL] = lesson.url
        return response

    @post("/lessons/{slug:str}/note")
    async def note(self, request: Request, slug: FromPath[str]) -> Response[Any]:
        lesson = await service.get_lesson(slug)
        user = current_user(request)
        if user is None:
            return login_first(request, lesson)
        form = await NoteForm.from_request(request)
        if not form.is_valid():
            return await card_page(
                request, lesson, note_form=form, block="note", status_code=422
            )
        await service.write_note(
            user, cipher_for(request, user), lesson, form.cleaned["text"]
        )
        return await after_action(
            request, lesson, "note", "note-saved", to=f"{lesson.url}#your-note"
        )

    @post("/lessons/{slug:str}/note/delete")
    async def delete_note(self, request: Request, slug: FromPath[str]) -> Response[Any]:
        lesson = await service.get_lesson(slug)
        user = current_user(request)
        if user is None:
            return login_first(request, lesson)
        await service.delete_note(user, lesson)
        return await after_action(
            request, lesson, "note", "note-deleted", to=f"{lesson.url}#your-note"
        )

    @post("/lessons/{slug:str}/add-to-plan")
    async def add_to_plan(self, request: Request, slug: FromPath[str]) -> Response[Any]:
        lesson = await service.get_lesson(slug)
        user = current_user(request)
        if user is None:
            return login_first(request, lesson)
        step = lesson.as_coping_step()
        if step is None:
            # Only a calming practice is a coping step; a page saved before this
            # lesson changed may still show the button.
            return await after_action(request, lesson, "actions", "not-for-plan")
        added = await add_coping_step(user, cipher_for(request, user), step)
        flash = "added-to-plan" if added else "already-in-plan"
        return await after_action(request, lesson, "actions", flash)

    @get("/saved", name="saved", guards=[requires_login])
    async def saved(self, request: Request) -> Template:
        user = signed_in(request)
        items = [
            (lesson, local_day_text(row.saved_at, user))
            for lesson, row in await service.saved_lessons(user)
        ]
        response = page(request, "lessons/saved.html", {"items": items})
        if not is_fragment_request(request):
            response.headers[OFFLINE] = "keep"
        return response


ROUTES: list[ControllerRouterHandler] = [LessonController]

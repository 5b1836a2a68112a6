"""The journal: write (whole or step by step), find, read, edit, delete, trends."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template
from litestar.types import ControllerRouterHandler

from server.accounts.auth import cipher_for, requires_login, signed_in
from server.places.country import country_for
from server.places.crisis_lines import help_for
from server.reflections import service
from server.reflections.forms import (
    STEP_COUNT,
    STEPS,
    ReflectionForm,
    Step,
    step_by_number,
    step_form,
)
from server.reflections.models import Reflection
from server.reflections.questions import follow_ups, labels_in
from server.reflections.trends import PERIODS, day_label, trends_for
from server.web.dates import today_in
from server.web.i18n import _l, current_language
from server.web.pages import page, redirect


def choices(request: Request) -> dict[str, Any]:
    """What the journal's pages show around the answers, in the reader's language,
    with the help of the person's country (said after some answers)."""
    return {
        **labels_in(current_language()),
        "country_help": help_for(country_for(request, signed_in(request)).code),
        "steps": STEPS,
        "step_count": STEP_COUNT,
        "day_label": day_label,
    }


FLASH_MESSAGES = {
    "reflection-saved": _l("Your reflection is saved. Thank you for taking the time."),
    "reflection-deleted": _l("That reflection is deleted."),
    "draft-kept": _l("Your draft is kept. You can come back to it any time."),
}


def one_value(data: Any, name: str) -> str:
    value = data.get(name) if data is not None else None
    return value if isinstance(value, str) else ""


def form_values_of(values: dict[str, Any]) -> dict[str, Any]:
    """Open entry values -> what the form fields show."""
    shown: dict[str, Any] = {}
    for name in ReflectionForm.fields:
        value = values.get(name)
        shown[name] = "" if value is None else str(value)
    for name in ReflectionForm.multi_fields:
        shown[name] = list(values.get(name) or [])
    return shown


class ReflectionController(Controller):
    path = "/reflections"
    guards = [requires_login]

    # History ------------------------------------------------------------------

    @get("", name="reflections")
    async def history(self, request: Request) -> Template:
        user = signed_in(request)
        filters = service.Filters.from_query(request.query_params)
        found = await service.find_reflections(user, cipher_for(request, user), filters)
        return page(
            request,
            "reflections/index.html",
            {**choices(request), "history": found, "filters": filters},
            block="results",
        )

    # Writing, all on one page ---------------------------------------------------

    @get("/new")
    async def new(self, request: Request) -> Template:
        user = signed_in(request)
        draft = await service.load_draft(user)
        values: dict[str, Any] = {}
        key = service.new_submit_key()
        start = 1
        if draft is not None:
            values = draft.open_values(cipher_for(request, user))
            key, start = draft.submit_key, draft.step
        values.setdefault("occurred_on", today_in(user.timezone).isoformat())
        return page(
            request,
            "reflections/new.html",
            {
                **choices(request),
                "form": ReflectionForm(initial=values),
                "key": key,
                "draft": draft,
                "start_step": start,
                "enhance": True,
            },
        )

    @post("/new")
    async def create(self, request: Request) -> Template | Response[Any]:
        user = signed_in(request)
        cipher = cipher_for(request, user)
        data = await request.form()
        key = service.clean_submit_key(one_value(data, "key"))
        form = ReflectionForm(data)
        if form.is_valid():
            if one_value(data, "go") == "draft":
                await service.save_draft(user, cipher, form.values, key, 1)
                return redirect(request, "/reflections", flash="draft-kept")
            reflection = await service.create_reflection(
                user, cipher, form.cleaned, key
            )
            return redirect(
                request, f"/reflections/{reflection.id}", flash="reflection-saved"
            )
        return page(
            request,
            "reflections/new.html",
            {
                **choices(request),
                "form": form,
                "key": key,
                "draft": None,
                "enhance": False,
            },
            status_code=422,
        )

    @post("/new/discard")
    async def discard(self, request: Request) -> Response[Any]:
        await service.discard_draft(signed_in(request))
        return redirect(request, "/reflections/new")

    # Writing, one step at a time --------------------------------------------------

    @get("/new/step/{number:int}")
    async def step(self, request: Request, number: FromPath[int]) -> Template:
        user = signed_in(request)
        step = step_by_number(number)
        if step is None:
            raise NotFoundException()
        draft = await service.load_draft(user)
        values = draft.open_values(cipher_for(request, user)) if draft else {}
        values.setdefault("occurred_on", today_in(user.timezone).isoformat())
        key = draft.submit_key if draft else service.new_submit_key()
        return self.render_step(request, step, ReflectionForm(initial=values), key)

    @post("/new/step/{number:int}")
    async def save_step(
        self, request: Request, number: FromPath[int]
    ) -> Template | Response[Any]:
        user = signed_in(request)
        step = step_by_number(number)
        if step is None:
            raise NotFoundException()
        cipher = cipher_for(request, user)
        data = await request.form()
        key = service.clean_submit_key(one_value(data, "key"))
        go = one_value(data, "go")
        # A repeated "save" (double tap, replay) finds the entry already written.
        done = await Reflection.get_or_none(
            user_id=user.pk, submit_key_hash=service.submit_key_hash(user, key)
        )
        if done is not None:
            return redirect(
                request, f"/reflections/{done.id}", flash="reflection-saved"
            )
        form = step_form(step, data)
        if not form.is_valid():
            return self.render_step(request, step, form, key, status_code=422)
        # Where to pick up: the step before, the next one, or this one when they stop.
        target = {"back": number - 1, "draft": number}.get(go, number + 1)
        target = max(1, min(target, STEP_COUNT))
        draft = await service.save_draft(user, cipher, form.values, key, target)
        if go == "draft":
            return redirect(request, "/reflections", flash="draft-kept")
        if go == "save" or (go != "back" and number == STEP_COUNT):
            whole = ReflectionForm(draft.open_values(cipher))
            if not whole.is_valid():
                # A value saved earlier no longer passes (an old draft): show its
                # step; an error across answers names no field: show this one.
                first = next(
                    (s for s in STEPS if set(s.fields) & set(whole.errors)), step
                )
                return self.render_step(request, first, whole, key, status_code=422)
            reflection = await service.create_reflection(
                user, cipher, whole.cleaned, key
            )
            return redirect(
                request, f"/reflections/{reflection.id}", flash="reflection-saved"
            )
        values = draft.open_values(cipher)
        return self.render_step(
            request, STEPS[target - 1], ReflectionForm(initial=values), key
        )

    def render_step(
        self,
        request: Request,
        step: Step,
        form: ReflectionForm,
        key: str,
        status_code: int = 200,
    ) -> Template:
        if form.bound:
            # A step form only knows its own fields; the template reads them all.
            for name in ReflectionForm.fields:
                form.values.setdefault(name, "")
            for name in ReflectionForm.multi_fields:
                form.values.setdefault(name, [])
        return page(
            request,
            "reflections/step.html",
            {**choices(request), "form": form, "step": step, "key": key},
            block="step",
            status_code=status_code,
        )

    # Trends -------------------------------------------------------------------------

    @get("/trends")
    async def trends(self, request: Request) -> Template:
        user = signed_in(request)
        cipher = cipher_for(request, user)
        entries = await service.trend_entries(user, cipher)
        return page(
            request,
            "reflections/trends.html",
            {
                **choices(request),
                "trends": trends_for(
                    entries,
                    request.query_params.get("period"),
                    today_in(user.timezone),
                ),
                "periods": PERIODS,
            },
        )

    # One entry ------------------------------------------------------------------------

    @get("/{reflection_id:uuid}")
    async def detail(self, request: Request, reflection_id: FromPath[UUID]) -> Template:
        user = signed_in(request)
        reflection = await service.get_reflection_for(user, reflection_id)
        entry = {
            "occurred_on": reflection.occurred_on,
            **reflection.answers(cipher_for(request, user)),
        }
        return page(
            request,
            "reflections/detail.html",
            {
                **choices(request),
                "reflection": reflection,
                "entry": entry,
                "follow_ups": follow_ups(entry),
            },
        )

    @get("/{reflection_id:uuid}/edit")
    async def edit_form(
        self, request: Request, reflection_id: FromPath[UUID]
    ) -> Template:
        user = signed_in(request)
        reflection = await service.get_reflection_for(user, reflection_id)
        values = form_values_of(reflection.answers(cipher_for(request, user)))
        values["occurred_on"] = reflection.occurred_on.isoformat()
        return page(
            request,
            "reflections/edit.html",
            {
                **choices(request),
                "reflection": reflection,
                "form": ReflectionForm(initial=values),
            },
        )

    @post("/{reflection_id:uuid}/edit")
    async def edit(
        self, request: Request, reflection_id: FromPath[UUID]
    ) -> Template | Response[Any]:
        user = signed_in(request)
        reflection = await service.get_reflection_for(user, reflection_id)
        form = await ReflectionForm.from_request(request)
        if form.is_valid():
            await service.update_reflection(
                reflection, cipher_for(request, user), form.cleaned
            )
            return redirect(request, f"/reflections/{reflection.id}", flash="saved")
        return page(
            request,
            "reflections/edit.html",
            {**choices(request), "reflection": reflection, "form": form},
            status_code=422,
        )

    @get("/{reflection_id:uuid}/delete")
    async def delete_form(
        self, request: Request, reflection_id: FromPath[UUID]
    ) -> Template:
        user = signed_in(request)
        reflection = await service.get_reflection_for(user, reflection_id)
        return page(
            request,
            "reflections/delete.html",
            {**choices(request), "reflection": reflection},
        )

    @post("/{reflection_id:uuid}/delete")
    async def delete(
        self, request: Request, reflection_id: FromPath[UUID]
    ) -> Response[Any]:
        user = signed_in(request)
        reflection = await service.get_reflection_for(user, reflection_id)
        await reflection.delete()
        return redirect(request, "/reflections", flash="reflection-deleted")


ROUTES: list[ControllerRouterHandler] = [ReflectionController]

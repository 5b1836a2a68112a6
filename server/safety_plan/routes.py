"""The safety plan: read, edit a card, walk it in a crisis, print, share."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template
from litestar.types import ControllerRouterHandler

from server.accounts.auth import cipher_for, current_user, requires_login, signed_in
from server.accounts.models import User
from server.places.country import country_for, country_of
from server.places.crisis_lines import CountryHelp, help_for
from server.safety_plan import crisis, review, service, sharing
from server.safety_plan.cards import BY_SLUG, REASONS, Card
from server.safety_plan.forms import CardForm, share_form
from server.safety_plan.forms import ShareForm as _ShareForm
from server.safety_plan.sharing import SHARE_DAYS_CHOICES
from server.web.dates import long_date
from server.web.i18n import _, _l, ngettext
from server.web.pages import is_fragment_request, page, redirect
from server.web.ratelimit import client_address, enforce_limit
from server.web.state import app_state

FLASH_MESSAGES = {
    "share-revoked": _l("That link no longer works."),
    "card-saved": _l("Saved."),
    "card-moved": _l("Moved."),
    "card-removed": _l("Removed from this card."),
}

# Full pages of /plan and /plan/crisis carry this header: the service worker keeps
# the latest copy of each, so the plan opens without a network.
OFFLINE_HEADER = "X-Attune-Offline"
ALSO_HEADER = "X-Attune-Offline-Also"
SHARED_LIMIT_PER_MINUTE = 30


def card_or_404(slug: str) -> Card:
    card = BY_SLUG.get(slug)
    if card is None:
        raise NotFoundException()
    return card


def plan_help(request: Request) -> CountryHelp | None:
    return help_for(country_for(request, current_user(request)).code)


def keep_offline(response: Template, request: Request) -> Template:
    if not is_fragment_request(request):
        response.headers[OFFLINE_HEADER] = "keep"
    return response


class PlanController(Controller):
    path = "/plan"
    guards = [requires_login]

    @get("/", name="plan")
    async def show(self, request: Request) -> Template:
        user = signed_in(request)
        plan = await service.load_plan(
            user.pk, cipher_for(request, user), plan_help(request)
        )
        await review.mark_viewed(user.pk)
        response = keep_offline(
            page(request, "safety_plan/plan.html", {"plan": plan}), request
        )
        # The whole crisis path opens offline once the plan was opened online.
        response.headers[ALSO_HEADER] = " ".join([*crisis.crisis_urls(plan), "/help"])
        return response

    async def _editor(
        self,
        request: Request,
        card: Card,
        form: CardForm | None = None,
        *,
        status: str = "",
        status_code: int = 200,
    ) -> Template:
        user = signed_in(request)
        if form is None:
            items = await service.card_items(user.pk, card, cipher_for(request, user))
            form = CardForm(card, items=items)
        return page(
            request,
            "safety_plan/edit.html",
            {
                "card": card,
                "form": form,
                "help": plan_help(request),
                "status": status,
            },
            block="editor",
            status_code=status_code,
        )

    @get("/edit/{slug:str}", name="plan-edit")
    async def edit(self, request: Request, slug: FromPath[str]) -> Template:
        return await self._editor(request, card_or_404(slug))

    @post("/edit/{slug:str}")
    async def save(
        self, request: Request, slug: FromPath[str]
    ) -> Template | Response[Any]:
        card = card_or_404(slug)
        user = signed_in(request)
        form = await CardForm.from_request(card, request)
        if not form.is_valid():
            return await self._editor(request, card, form, status_code=422)
        entries = service.arrange(form.entries, form.action)
        await service.save_card(user.pk, cipher_for(request, user), card, entries)
        verb = form.action.partition(":")[0]
        flash = {"up": "card-moved", "down": "card-moved", "remove": "card-removed"}
        key = flash.get(verb, "card-saved")
        if is_fragment_request(request):
            response = await self._editor(
                request, card, status=app_state(request).flash_messages[key]
            )
            if key == "card-saved":
                # "Save changes" sits at the end of a long form: bring the editor's
                # top, where "Saved." is, into view. A move or removal keeps the
                # person where they were.
                response.headers["HX-Reswap"] = "outerHTML show:#card-editor:top"
            return response
        return redirect(request, f"/plan/edit/{card.slug}", flash=key)

    @get("/crisis", name="plan-crisis")
    async def crisis(self, request: Request) -> Template:
        # Read only: nothing is written while someone goes through this (not even
        # viewed_at). A test counts every row before and after.
        user = signed_in(request)
        plan = await service.load_plan(
            user.pk, cipher_for(request, user), plan_help(request)
        )
        step = crisis.crisis_step(plan, request.query_params.get("step"))
        context = {
            "plan": plan,
            "step": step,
            "reasons": plan.of(BY_SLUG[REASONS]),
            "people": crisis.people_to_call(plan) if step.is_last else [],
        }
        return keep_offline(page(request, "safety_plan/crisis.html", context), request)

    @get("/print", name="plan-print")
    async def print_page(self, request: Request) -> Template:
        user = signed_in(request)
        plan = await service.load_plan(
            user.pk, cipher_for(request, user), plan_help(request)
        )
        numbers = request.query_params.get("numbers") == "1"
        return page(
            request, "safety_plan/print.html", {"plan": plan, "numbers": numbers}
        )

    async def _share_page(
        self,
        request: Request,
        form: _ShareForm | None = None,
        *,
        created_url: str = "",
        status_code: int = 200,
    ) -> Template:
        user = signed_in(request)
        cipher = cipher_for(request, user)
        await sharing.forget_expired_links(user.pk)
        links = [
            {
                "id": link.id,
                "label": link.open(cipher, "label"),
                "until": long_date(link.expires_at),
                "numbers": link.include_phones,
            }
            for link in await sharing.active_links(user.pk)
        ]
        plan = await service.load_plan(user.pk, cipher, plan_help(request))
        return page(
            request,
            "safety_plan/share.html",
            {
                "form": form or share_form(),
                "links": links,
                "plan": plan,
                "created_url": created_url,
                "day_choices": [
                    (str(d), ngettext("%(num)d day", "%(num)d days", d) % {"num": d})
                    for d in SHARE_DAYS_CHOICES
                ],
            },
            status_code=status_code,
        )

    @get("/share", name="plan-share")
    async def share(self, request: Request) -> Template:
        return await self._share_page(request)

    @post("/share")
    async def create_share(self, request: Request) -> Template:
        form = await _ShareForm.from_request(request)
        if not form.is_valid():
            return await self._share_page(request, form, status_code=422)
        user = signed_in(request)
        data_key = app_state(request).keyring.unwrap(user.wrapped_key)
        _, token = await sharing.create_share(
            user.pk,
            data_key,
            cipher_for(request, user),
            form.cleaned["label"],
            form.cleaned["days"],
            include_phones=form.cleaned["numbers"],
        )
        # Shown once, never stored: a page, not a redirect (like the recovery code).
        url = str(request.base_url).rstrip("/") + f"/shared/{token}"
        return await self._share_page(request, created_url=url)

    @post("/share/{link_id:uuid}/revoke")
    async def revoke_share(
        self, request: Request, link_id: FromPath[UUID]
    ) -> Response[Any]:
        user = signed_in(request)
        if not await sharing.revoke_share(user.pk, link_id):
            raise NotFoundException()
        return redirect(request, "/plan/share", flash="share-revoked")

    @post("/review-note/dismiss")
    async def dismiss_review(self, request: Request) -> Response[Any]:
        user = signed_in(request)
        await review.dismiss_review(user.pk)
        return redirect(request, "/")


class SharedPlanController(Controller):
    """The read-only page behind a share link: no account, rate-limited."""

    path = "/shared"

    @get("/{token:str}", name="plan-shared")
    async def shared(self, request: Request, token: FromPath[str]) -> Template:
        await enforce_limit(
            request,
            f"shared-ip:{client_address(request)}",
            SHARED_LIMIT_PER_MINUTE,
            60,
            _("Please wait a minute and open the link again."),
        )
        opened = await sharing.open_share(token)
        if opened is None:
            raise NotFoundException()
        link, cipher = opened
        owner: User = link.user
        plan = await service.load_plan(
            owner.pk, cipher, help_for(country_of(owner).code)
        )
        response = page(
            request,
            "safety_plan/shared.html",
            {
                "plan": plan,
                "numbers": link.include_phones,
                "label": link.open(cipher, "label"),
                "until": long_date(link.expires_at),
            },
        )
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response


ROUTES: list[ControllerRouterHandler] = [PlanController, SharedPlanController]

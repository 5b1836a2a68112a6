"""Pages for everyone: home, crisis help, about and privacy, finding support, health."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.exceptions import PermissionDeniedException
from litestar.response import Response, Template
from markupsafe import Markup

from server.accounts.auth import current_user, requires_login, signed_in
from server.accounts.service import take_country_notice
from server.db import database_reachable
from server.home.support import OTHER as OTHER_ROUTE
from server.home.support import route_for
from server.lessons.public import todays_lesson_summary
from server.places.country import (
    COUNTRY_COOKIE,
    CountryChoice,
    country_for,
    known,
)
from server.places.crisis_lines import (
    OTHER,
    country_choices,
    help_for,
)
from server.safety_plan.public import review_due
from server.web.forms import Form
from server.web.i18n import LANGUAGE_COOKIE, _, _l, current_language, supported
from server.web.pages import offline_copy_day, page, redirect, safe_next
from server.web.whole_pages import (
    ENCODES_ITSELF,
    QUALITY_ONCE,
    QUALITY_PER_REQUEST,
    VISITOR_PAGE,
    HtmlBody,
    html_response,
    is_plain_visit,
    page_context,
    render,
)

# Offline, the service worker shows the last /help it kept: only a page that shows
# the person's own country is marked for keeping.
OFFLINE_HEADER = "X-Attune-Offline"
ALSO_HEADER = "X-Attune-Offline-Also"

FLASH_MESSAGES = {"language-saved": _l("Your language is saved.")}


@lru_cache(maxsize=512)
def help_content(
    env: Environment, code: str, guessed_from: str, language: str
) -> Markup:
    """The crisis lines are the same for everyone in a country who reads the same
    language: render them once. /help is the page that must never be slow."""
    return Markup(
        env.get_template("home/_help_content.html").render(
            country=code,
            help=help_for(code),
            guessed_from=guessed_from,
        )
    )


def help_parts(env: Environment, choice: CountryChoice) -> dict[str, Markup]:
    language = current_language()
    return {
        "content_html": help_content(env, choice.code, choice.guessed_from, language),
        "more_html": help_more(env, language),
        "country_options": country_options(choice.code, language),
    }


# Bounded: the countries people open it from, in each language, for a day or two.
@lru_cache(maxsize=1024)
def visitor_help(
    env: Environment, code: str, guessed_from: str, language: str, day: str
) -> HtmlBody:
    """/help as every visitor in this country and language sees it today."""
    context = {**VISITOR_PAGE, "path": "/help", "offline_day": day}
    context |= help_parts(env, CountryChoice(code, guessed_from))
    return HtmlBody(env.get_template("home/help.html").render(context), QUALITY_ONCE)


@lru_cache(maxsize=8)
def help_more(env: Environment, language: str) -> Markup:
    return Markup(env.get_template("home/_help_more.html").render())


@lru_cache(maxsize=512)
def country_options(code: str, language: str) -> Markup:
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            value, Markup(" selected") if value == code else "", name
        )
        for value, name in country_choices()
    )


class CountryForm(Form):
    fields = ("country",)
    max_lengths = {"country": 10}

    def clean_country(self, value: str) -> str:
        code = value.strip().upper()
        return code if code == OTHER else known(code)


def posted_from_this_site(request: Request) -> bool:
    if site := request.headers.get("sec-fetch-site"):
        return site == "same-origin"
    origin = request.headers.get("origin", "")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host")


class LanguageForm(Form):
    fields = ("language", "next")
    max_lengths = {"language": 35, "next": 2000}

    def clean_language(self, value: str) -> str:
        return supported(value)


class HomeController(Controller):
    @get("/", name="home")
    async def home(self, request: Request) -> Template:
        user = current_user(request)
        context: dict[str, Any] = {
            "help": help_for(country_for(request, current_user(request)).code)
        }
        if user:
            context["lesson"] = await todays_lesson_summary(user)
            context["plan_review_due"] = await review_due(user)
            if notice := await take_country_notice(user):
                context["flash"] = notice
        response = page(request, "home/index.html", context)
        # The start page asks the worker to refresh its offline start: the
        # signed-in one is kept, a visitor's (or an ended session's) dropped.
        response.headers[ALSO_HEADER] = "/offline"
        return response

    # No unsafe request starts here, so the CSRF middleware is skipped: setting its
    # cookie was the largest single cost of this page, the one that must be fastest.
    # A visitor's page is everyone's in their country and language: rendered and
    # compressed once (server/web/whole_pages.py).
    @get(
        "/help",
        name="help",
        opt={"exclude_from_csrf": True, ENCODES_ITSELF: True},
    )
    async def help(self, request: Request) -> Response[bytes]:
        user = current_user(request)
        choice = country_for(request, user)
        asked = request.query_params.get("country", "").strip().upper()
        own = True
        if asked and (asked == OTHER or known(asked)):
            if user is not None:
                own = asked == choice.code  # a look at another country
            choice = CountryChoice(asked)  # a visitor's choice is kept below
        engine = request.app.template_engine
        assert engine is not None  # configured in create_app
        language = current_language()
        if is_plain_visit(request):
            body = visitor_help(
                engine.engine, choice.code, choice.guessed_from, language,
                offline_copy_day(request),
            )  # fmt: skip
        else:
            body = HtmlBody(
                render(
                    request,
                    "home/help.html",
                    {**page_context(request), **help_parts(engine.engine, choice)},
                ),
                QUALITY_PER_REQUEST,
            )
        response = html_response(request, body)
        if own:
            response.headers[OFFLINE_HEADER] = "keep"
        if asked and own and user is None:
            response.set_cookie(
                Cookie(
                    key=COUNTRY_COOKIE,
                    value=choice.code,
                    max_age=365 * 86400,
                    path="/",
                    httponly=True,
                    samesite="lax",
                )
            )
        return response

    @post("/help/country", guards=[requires_login])
    async def save_country(self, request: Request) -> Response[Any]:
        """A signed-in person's country is their account's, everywhere."""
        form = await CountryForm.from_request(request)
        user = signed_in(request)
        if form.is_valid() and form.cleaned["country"]:
            user.country = form.cleaned["country"]
            user.country_notice = False
            await user.save(update_fields=["country", "country_notice"])
        return redirect(request, "/help", flash="settings-saved")

    # The picker must work on every page, /help included, which skips the CSRF
    # middleware (so a first visit there has no token to send). Instead of the
    # token, the browser must say the post comes from this site: browsers send
    # Sec-Fetch-Site or Origin with every form post.
    @post("/language", opt={"exclude_from_csrf": True})
    async def choose_language(self, request: Request) -> Response[Any]:
        """The language picker in every page's footer and in Settings. A visitor's
        choice is kept in a cookie; a signed-in person's is also saved with the
        account, so it follows them to every device."""
        if not posted_from_this_site(request):
            raise PermissionDeniedException(_("Please choose your language again."))
        form = await LanguageForm.from_request(request)
        target = safe_next(form.values.get("next"), "/")
        language = form.cleaned.get("language") if form.is_valid() else ""
        if not language:
            return redirect(request, target)
        user = current_user(request)
        if user is not None and user.language != language:
            user.language = language
            await user.save(update_fields=["language"])
        response = redirect(request, target, flash="language-saved")
        response.set_cookie(
            Cookie(
                key=LANGUAGE_COOKIE,
                value=language,
                max_age=365 * 86400,
                path="/",
                httponly=True,
                samesite="lax",
            )
        )
        return response

    @get("/about", name="about")
    async def about(self, request: Request) -> Template:
        from server.lessons.parsing import REFERENCES

        return page(request, "home/about.html", {"references": REFERENCES})

    @get("/support", name="support")
    async def support(self, request: Request) -> Template:
        """Ways to find a therapist where the person lives (their decided country,
        not their language)."""
        code = country_for(request, current_user(request)).code
        route = route_for(code)
        country = help_for(code) if route.code != OTHER_ROUTE else None
        return page(
            request,
            "home/support.html",
            {"route": route, "country_name": country.name if country else ""},
        )

    @get("/healthz", name="healthz")
    async def healthz(self) -> Response[dict[str, Any]]:
        ok = await database_reachable()
        return Response(
            {"status": "ok" if ok else "unavailable", "database": ok},
            status_code=200 if ok else 503,
            headers={"Cache-Control": "no-store"},
        )

"""Pages for everyone: home, crisis help, about and privacy, finding support, health."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment
from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.response import Response, Template
from markupsafe import Markup

from server.accounts.auth import requires_login
from server.accounts.models import User
from server.db import database_reachable
from server.lessons.public import todays_lesson_summary
from server.safety_plan.country import (
    COUNTRY_COOKIE,
    CountryChoice,
    country_for,
    known,
)
from server.safety_plan.crisis_lines import (
    OTHER,
    country_choices,
    help_for,
)
from server.safety_plan.public import review_due
from server.web.forms import Form
from server.web.pages import current_user, page, redirect

# Offline, the service worker shows the last /help it kept: only a page that shows
# the person's own country is marked for keeping.
OFFLINE_HEADER = "X-Attune-Offline"


@lru_cache(maxsize=512)
def help_content(env: Environment, code: str, guessed_from: str) -> Markup:
    """The crisis lines are the same for everyone in a country: render them once.
    /help is the page that must never be slow."""
    return Markup(
        env.get_template("home/_help_content.html").render(
            country=code,
            help=help_for(code),
            guessed_from=guessed_from,
        )
    )


@lru_cache(maxsize=1)
def help_more(env: Environment) -> Markup:
    return Markup(env.get_template("home/_help_more.html").render())


@lru_cache(maxsize=512)
def country_options(code: str) -> Markup:
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


class HomeController(Controller):
    @get("/", name="home")
    async def home(self, request: Request) -> Template:
        user = current_user(request)
        context: dict[str, Any] = {"help": help_for(country_for(request).code)}
        if user:
            context["lesson"] = await todays_lesson_summary(user)
            context["plan_review_due"] = await review_due(user)
        return page(request, "home/index.html", context)

    # No unsafe request starts here, so the CSRF middleware is skipped: setting its
    # cookie was the largest single cost of this page, the one that must be fastest.
    @get("/help", name="help", opt={"exclude_from_csrf": True})
    async def help(self, request: Request) -> Template:
        choice = country_for(request)
        asked = request.query_params.get("country", "").strip().upper()
        own = True
        if asked and (asked == OTHER or known(asked)):
            if current_user(request) is None:
                choice = CountryChoice(asked)  # a visitor's choice, kept below
            else:
                own = asked == choice.code  # a look at another country
                choice = CountryChoice(asked)
        engine = request.app.template_engine
        assert engine is not None  # configured in create_app
        response = page(
            request,
            "home/help.html",
            {
                "content_html": help_content(
                    engine.engine, choice.code, choice.guessed_from
                ),
                "more_html": help_more(engine.engine),
                "country_options": country_options(choice.code),
            },
        )
        if own:
            response.headers[OFFLINE_HEADER] = "keep"
        if asked and own and current_user(request) is None:
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
        user: User = request.user
        if form.is_valid() and form.cleaned["country"]:
            user.country = form.cleaned["country"]
            await user.save(update_fields=["country"])
        return redirect(request, "/help", flash="settings-saved")

    @get("/about", name="about")
    async def about(self, request: Request) -> Template:
        from server.lessons.parsing import REFERENCES

        return page(request, "home/about.html", {"references": REFERENCES})

    @get("/support", name="support")
    async def support(self, request: Request) -> Template:
        return page(request, "home/support.html")

    @get("/healthz", name="healthz")
    async def healthz(self) -> Response[dict[str, Any]]:
        ok = await database_reachable()
        return Response(
            {"status": "ok" if ok else "unavailable", "database": ok},
            status_code=200 if ok else 503,
            headers={"Cache-Control": "no-store"},
        )

"""Pages for everyone: home, crisis help, about and privacy, finding support, health."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment
from litestar import Controller, Request, get
from litestar.datastructures import Cookie
from litestar.response import Response, Template
from markupsafe import Markup

from server.db import database_reachable
from server.lessons.public import todays_lesson_summary
from server.safety_plan.crisis_lines import (
    OTHER,
    all_countries,
    country_choices,
    country_from_accept_language,
    directory,
    help_for,
    is_known_country,
)
from server.safety_plan.public import review_due
from server.web.pages import current_user, page

COUNTRY_COOKIE = "attune_country"


def chosen_country(request: Request, asked: str | None = None) -> str:
    """The person's choice on the page, then their setting, then their browser."""
    for candidate in (
        asked,
        request.cookies.get(COUNTRY_COOKIE),
        getattr(current_user(request), "country", None),
        country_from_accept_language(request.headers.get("accept-language", "")),
    ):
        if candidate and is_known_country(candidate.upper()):
            return candidate.upper()
    return OTHER


@lru_cache(maxsize=128)
def help_content(env: Environment, code: str, signed_in: bool) -> Markup:
    """The crisis lines are the same for everyone in a country: render them once.
    /help is the page that must never be slow."""
    template = env.get_template("home/_help_content.html")
    return Markup(
        template.render(
            country=code,
            help=help_for(code),
            countries=all_countries(),
            choices=country_choices(),
            directory=directory(),
            signed_in=signed_in,
        )
    )


class HomeController(Controller):
    @get("/", name="home")
    async def home(self, request: Request) -> Template:
        user = current_user(request)
        context: dict[str, Any] = {"help": help_for(chosen_country(request))}
        if user:
            context["lesson"] = await todays_lesson_summary(user)
            context["plan_review_due"] = await review_due(user)
        return page(request, "home/index.html", context)

    # No unsafe request starts here, so the CSRF middleware is skipped: setting its
    # cookie was the largest single cost of this page, the one that must be fastest.
    @get("/help", name="help", opt={"exclude_from_csrf": True})
    async def help(self, request: Request) -> Template:
        country = request.query_params.get("country")
        code = chosen_country(request, country)
        engine = request.app.template_engine
        assert engine is not None  # configured in create_app
        content = help_content(engine.engine, code, current_user(request) is not None)
        response = page(request, "home/help.html", {"content_html": content})
        if country and is_known_country(country.upper()):
            response.set_cookie(
                Cookie(
                    key=COUNTRY_COOKIE,
                    value=code,
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
        return page(request, "home/support.html")

    @get("/healthz", name="healthz")
    async def healthz(self) -> Response[dict[str, Any]]:
        ok = await database_reachable()
        return Response(
            {"status": "ok" if ok else "unavailable", "database": ok},
            status_code=200 if ok else 503,
            headers={"Cache-Control": "no-store"},
        )

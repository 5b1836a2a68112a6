"""create_app(settings) -> Litestar: routes, plugins, middleware, templates, lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from functools import partial
from pathlib import Path

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.logging import LoggingConfig
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from server.accounts import routes as accounts
from server.accounts.auth import session_middleware
from server.accounts.restore_page import RestoreController
from server.crypto import load_keyring, load_secret
from server.db import database
from server.heap import settle_heap
from server.home import routes as home
from server.lessons import routes as lessons
from server.passkeys import routes as passkeys
from server.passwords import Passwords
from server.places import crisis_lines
from server.places import routes as places
from server.push import routes as push
from server.pwa.routes import ROUTES as PWA_ROUTES
from server.reflections import routes as reflections
from server.safety_plan import routes as safety_plan
from server.settings import Settings, get_settings
from server.web import shared_parts
from server.web.assets import STATIC_DIR, static_url
from server.web.dates import long_date, readable
from server.web.deadline import deadline_middleware
from server.web.errors import error_response, keep_what_was_sent
from server.web.i18n import (
    catalogs,
    current_language,
    gettext,
    language_middleware,
    language_name,
    languages,
    ngettext,
    speaking,
)
from server.web.pages import (
    CSRF_COOKIE,
    SHARED_FLASH_MESSAGES,
    combine_flash_messages,
)
from server.web.ratelimit import make_rate_limiter
from server.web.script_text import script_text_json
from server.web.security import HTMX_SRI, HTMX_URL, add_security_headers
from server.web.state import AppState
from server.web.timezones import canonical_zones, grouped_zones
from server.web.whole_pages import ENCODES_ITSELF

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def warm_ups(app: Litestar) -> list[Callable[[], object]]:
    """What the first requests would make and every later one keeps: made before
    the heap is settled (server/heap.py)."""
    engine = app.template_engine
    assert engine is not None

    def templates() -> None:
        for name in engine.engine.list_templates(extensions=("html", "txt")):
            engine.engine.get_template(name)

    def per_language() -> None:
        for language in languages():
            with speaking(language):
                crisis_lines.country_choices()
                grouped_zones()
                long_date(date.today())

    return [crisis_lines.load, catalogs, templates, per_language]


def configure_templates(engine: JinjaTemplateEngine, settings: Settings) -> None:
    env = engine.engine
    env.globals["passkeys_offered"] = passkeys.passkeys_offered
    env.globals.update(static_url=static_url, htmx_url=HTMX_URL, htmx_sri=HTMX_SRI)
    # The same for every request: the shared header may use it.
    env.globals["quick_exit_url"] = settings.quick_exit_url
    env.filters["long_date"] = long_date
    env.filters["readable"] = readable
    env.add_extension("jinja2.ext.i18n")
    # trimmed: a {% trans %} block's line breaks and indents are not part of its
    # message, so translators see one clean sentence.
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        current_language=current_language,
        languages=languages,
        language_name=language_name,
        script_text_json=script_text_json,
        is_known_zone=lambda name: name in canonical_zones(),
    )
    env.globals.update(
        crisis_directory=crisis_lines.directory,
        crisis_lines_reviewed=crisis_lines.last_reviewed,
    )
    env.trim_blocks = True
    env.lstrip_blocks = True
    shared_parts.install(env)
    # Templates change with a deploy, which restarts the process: checking every
    # template file's mtime on every render is wasted work.
    env.auto_reload = False


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    logging.getLogger("attune").setLevel(settings.log_level)
    # The ORM's query log would print private ciphertext and ids: keep it quiet.
    logging.getLogger("tortoise.db_client").setLevel(logging.WARNING)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with database(settings):
            settle_heap(*warm_ups(app))
            try:
                if settings.embedded_dispatcher:
                    from server.push.dispatcher import embedded_dispatcher

                    async with embedded_dispatcher(settings):
                        yield
                else:
                    yield
            finally:
                await app.state.rate_limiter.close()

    return Litestar(
        route_handlers=[
            home.HomeController,
            accounts.AccountController,
            accounts.SettingsController,
            RestoreController,
            *lessons.ROUTES,
            *reflections.ROUTES,
            *safety_plan.ROUTES,
            *PWA_ROUTES,
            *push.ROUTES,
            *places.ROUTES,
            *passkeys.ROUTES,
            create_static_files_router(
                path="/static",
                directories=[STATIC_DIR],
                cache_control=CacheControlHeader(max_age=31536000, public=True),
                include_in_schema=False,
            ),
        ],
        state=AppState(
            {
                "settings": settings,
                "keyring": load_keyring(settings),
                "passwords": Passwords(settings),
                "rate_limiter": make_rate_limiter(settings.redis_url),
                "flash_messages": combine_flash_messages(
                    SHARED_FLASH_MESSAGES,
                    *(
                        feature.FLASH_MESSAGES
                        for feature in (
                            accounts,
                            home,
                            lessons,
                            places,
                            passkeys,
                            push,
                            reflections,
                            safety_plan,
                        )
                    ),
                ),
            }
        ),
        lifespan=[lifespan],
        middleware=[deadline_middleware, session_middleware, language_middleware],
        before_send=[add_security_headers],
        plugins=[HTMXPlugin()],
        csrf_config=CSRFConfig(
            secret=load_secret(settings),
            cookie_name=CSRF_COOKIE,
            cookie_secure=settings.https,
            cookie_httponly=True,
        ),
        template_config=TemplateConfig(
            directory=TEMPLATES_DIR,
            engine=JinjaTemplateEngine,
            engine_callback=partial(configure_templates, settings=settings),
        ),
        compression_config=CompressionConfig(
            # Quality 4, not 5: /help (17 kB) compresses in 0.30 ms instead of
            # 0.79 ms, for 6 % more bytes (5.6 kB instead of 5.3 kB).
            backend="brotli",
            brotli_quality=4,
            brotli_gzip_fallback=True,
            exclude_opt_key=ENCODES_ITSELF,
        ),
        exception_handlers={Exception: error_response},
        after_exception=[keep_what_was_sent],
        logging_config=LoggingConfig(log_exceptions="never"),
        request_max_body_size=settings.max_body_bytes,
        openapi_config=None,
        debug=False,
    )

"""create_app(settings) -> Litestar: routes, plugins, middleware, templates, lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
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

from server.crypto import load_keyring, load_secret
from server.db import database
from server.feature import Features
from server.features import FEATURES
from server.heap import settle_heap
from server.passwords import Passwords
from server.settings import Settings, get_settings
from server.web import shared_parts, template_text
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
from server.web.pages import CSRF_COOKIE
from server.web.ratelimit import make_rate_limiter
from server.web.script_text import script_text_json
from server.web.security import HTMX_SRI, HTMX_URL, add_security_headers
from server.web.state import AppState
from server.web.timezones import canonical_zones, grouped_zones
from server.web.whole_pages import ENCODES_ITSELF

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def warm_ups(app: Litestar, features: Features) -> list[Callable[[], object]]:
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
                grouped_zones()
                long_date(date.today())

    return [*features.warm_ups, catalogs, templates, per_language]


def configure_templates(
    engine: JinjaTemplateEngine, settings: Settings, features: Features
) -> None:
    env = engine.engine
    env.globals.update(features.template_globals)
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
    template_text.install(env)
    env.globals.update(
        current_language=current_language,
        languages=languages,
        language_name=language_name,
        script_text_json=script_text_json,
        is_known_zone=lambda name: name in canonical_zones(),
        field_label=features.field_labels,
    )
    env.trim_blocks = True
    env.lstrip_blocks = True
    shared_parts.install(env, features.sections)
    # Templates change with a deploy, which restarts the process: checking every
    # template file's mtime on every render is wasted work.
    env.auto_reload = False


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    features = FEATURES
    logging.getLogger("attune").setLevel(settings.log_level)
    # The ORM's query log would print private ciphertext and ids: keep it quiet.
    logging.getLogger("tortoise.db_client").setLevel(logging.WARNING)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with database(settings, features.tortoise_apps):
            settle_heap(*warm_ups(app, features))
            try:
                async with AsyncExitStack() as running:
                    for runs_along in features.lifespans:
                        await running.enter_async_context(runs_along(settings))
                    yield
            finally:
                await app.state.rate_limiter.close()

    return Litestar(
        route_handlers=[
            *features.routes,
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
                "features": features,
                "flash_messages": features.flash_messages,
                "form_controls": features.form_controls,
            }
        ),
        lifespan=[lifespan],
        middleware=[deadline_middleware, *features.middleware, language_middleware],
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
            engine_callback=partial(
                configure_templates, settings=settings, features=features
            ),
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

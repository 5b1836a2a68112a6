"""Every error is a calm page in the layout, with the help link, and no stack trace."""

from __future__ import annotations

import errno
import logging
import socket
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import quote

import asyncpg
from litestar import Request
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    ValidationException,
)
from litestar.response import Response, Template
from litestar.types import Scope
from tortoise.exceptions import DBConnectionError

from server.web.i18n import (
    LANGUAGE_COOKIE,
    SOURCE_LANGUAGE,
    _,
    _l,
    current_language,
    negotiate,
    speak_for_rest_of_request,
)
from server.web.kept_form import keep_posted_form, kept_in
from server.web.pages import base_context, redirect

log = logging.getLogger("attune.errors")
UNAVAILABLE: tuple[type[BaseException], ...] = (
    DBConnectionError,
    ConnectionError,  # refused, reset, aborted, broken pipe
    TimeoutError,
    socket.gaierror,  # the database's host name does not resolve
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    # The server ended our connection (restart, failover, pg_terminate_backend).
    asyncpg.OperatorInterventionError,
    asyncpg.InternalClientError,
    # "database does not accept connections" (55000) during maintenance.
    asyncpg.ObjectNotInPrerequisiteStateError,
)


# Other OSErrors are outages only when they are about the network: a missing file
# is a bug to fix, not "the database is resting".
NETWORK_ERRNOS = {
    errno.ENETDOWN, errno.ENETUNREACH, errno.ENETRESET, errno.EHOSTDOWN,
    errno.EHOSTUNREACH, errno.ECONNABORTED, errno.ECONNRESET, errno.ECONNREFUSED,
    errno.ETIMEDOUT,
}  # fmt: skip


def is_unavailable(exc: BaseException) -> bool:
    """The database (or the network to it) is down, here or further down the chain."""
    seen: BaseException | None = exc
    for _depth in range(5):
        if seen is None:
            return False
        if isinstance(seen, UNAVAILABLE):
            return True
        if isinstance(seen, OSError) and seen.errno in NETWORK_ERRNOS:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

TITLES = {
    400: _l("That request did not make sense to us"),
    403: _l("That form had expired"),
    404: _l("We could not find that page"),
    405: _l("That is not something this page can do"),
    413: _l("That was more than we can take at once"),
    422: _l("Something needs another look"),
    429: _l("Let's take a breath"),
    500: _l("Something went wrong on our side"),
    503: _l("Attune is resting for a moment"),
}

# Litestar's own details are its English status phrases ("Method Not Allowed"):
# shown as they are in English, translated for everyone else.
STATUS_PHRASES = {
    "Bad Request": _l("Bad Request"),
    "Method Not Allowed": _l("Method Not Allowed"),
    "Unsupported Media Type": _l("Unsupported Media Type"),
    "Unprocessable Entity": _l("Unprocessable Entity"),
    "Unprocessable Content": _l("Unprocessable Content"),
}


def shown_detail(exc: Exception, status: int) -> str:
    """What an error page says under its title: the exception's own words for a
    client error (ours are translated where they are raised), nothing for ours."""
    if not isinstance(exc, HTTPException) or status >= 500:
        return ""
    if exc.detail in STATUS_PHRASES:
        return str(STATUS_PHRASES[exc.detail])
    if isinstance(exc, ValidationException) and current_language() != SOURCE_LANGUAGE:
        # "Validation failed for GET /x" is Litestar's English: the page's own
        # "go back and try again" instead.
        return ""
    return exc.detail


def status_of(exc: BaseException) -> int:
    if isinstance(exc, HTTPException):
        return exc.status_code
    # The database is down or out of connections: say so calmly.
    return 503 if is_unavailable(exc) else 500


async def keep_what_was_sent(exc: BaseException, scope: Scope) -> None:
    """Before an outage's page (an after_exception hook: handlers are synchronous),
    read the form that was posted, to show it back."""
    if scope["type"] == "http" and status_of(exc) == 503:
        await keep_posted_form(scope)


def error_response(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, NotAuthorizedException):
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return redirect(request, f"/login?next={quote(target)}")
    status = status_of(exc)
    headers = dict(getattr(exc, "headers", None) or {})
    if status >= 500:
        # Type and place only: an exception message can carry what someone typed.
        frames = traceback.extract_tb(exc.__traceback__)
        where = " <- ".join(
            f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in frames[-4:]
        )
        log.error(
            "%s on %s %s at %s",
            type(exc).__name__,
            request.method,
            request.url.path,
            where,
        )
    speak_for_rest_of_request(
        negotiate(
            request.cookies.get(LANGUAGE_COOKIE),
            getattr(request.scope.get("user"), "language", ""),
            request.headers.get("accept-language", ""),
        )
    )
    name = f"errors/{status}.html"
    if not (TEMPLATES / name).exists():
        name = "errors/error.html"
    context = {
        **base_context(request),
        "status": status,
        "title": TITLES.get(status) or _("Something went wrong"),
        "detail": shown_detail(exc, status),
        # Nothing was saved: show what was typed, ready to send again.
        "kept": kept_in(request) if status == 503 else None,
    }
    if request.headers.get("hx-request"):
        # An htmx request swaps the whole page, so the message is never lost in a
        # small target.
        headers.update({"HX-Retarget": "body", "HX-Reswap": "innerHTML"})
    return Template(
        template_name=name, context=context, status_code=status, headers=headers
    )

"""Pages that encode themselves: rendered to text here, compressed here, and, for a
visitor, rendered and compressed once per language and variant and then served as
they are. /help is the page that must never be slow, and nearly everyone who opens
it is a visitor seeing what everyone in their country and language sees.

A route that answers with `html_response` is left out of the compression
middleware (its opt `ENCODES_ITSELF`), so nothing is compressed twice.
"""

from __future__ import annotations

import gzip
from functools import cached_property
from typing import Any

import brotli
from litestar import Request
from litestar.response import Response

from server.web.pages import base_context

ENCODES_ITSELF = "encodes_itself"
# Per request (a signed-in page) the same quality as the middleware's; once per
# variant (a visitor's page) the smallest.
QUALITY_PER_REQUEST = 4
QUALITY_ONCE = 11


class HtmlBody:
    """A page's bytes and their compressed forms, each made when first asked for."""

    def __init__(self, html: str, quality: int) -> None:
        self.raw = html.encode()
        self.quality = quality

    @cached_property
    def br(self) -> bytes:
        return bytes(
            brotli.compress(self.raw, quality=self.quality, mode=brotli.MODE_TEXT)
        )

    @cached_property
    def gzip(self) -> bytes:
        return gzip.compress(self.raw, 6 if self.quality < QUALITY_ONCE else 9)

    def encoded_for(self, accept_encoding: str) -> tuple[bytes, str]:
        if "br" in accept_encoding:
            return self.br, "br"
        if "gzip" in accept_encoding:
            return self.gzip, "gzip"
        return self.raw, ""


# What base.html reads, as every visitor with no message waiting sees it: nothing of
# one request (no token, no person, no flash). The caller adds the path and the day
# in the reader's zone (the offline stamp), which are part of its cache key.
VISITOR_PAGE: dict[str, Any] = {
    "cookie_csrf_token": lambda _request: "",
    "user": None,
    "flash": "",
    "hx_csrf": "",
    "request": None,
}


def page_context(request: Request) -> dict[str, Any]:
    """What base.html reads for this request (a signed-in person, a message)."""
    return {**base_context(request), "request": request}


def is_plain_visit(request: Request) -> bool:
    """A visitor with no message waiting: the page is everyone's."""
    return request.scope.get("user") is None and "attune_flash" not in request.cookies


def render(request: Request, template: str, context: dict[str, Any]) -> str:
    engine = request.app.template_engine
    assert engine is not None  # configured in create_app
    return str(engine.engine.get_template(template).render(context))


def html_response(
    request: Request, body: HtmlBody, headers: dict[str, str] | None = None
) -> Response[bytes]:
    content, encoding = body.encoded_for(request.headers.get("accept-encoding", ""))
    extra = {"Vary": "Accept-Encoding"}
    if encoding:
        extra["Content-Encoding"] = encoding
    return Response(
        content,
        media_type="text/html; charset=utf-8",
        headers={**extra, **(headers or {})},
    )

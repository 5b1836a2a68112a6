"""A posted file read into memory, never onto disk, with its own size limit and
the CSRF check the middleware would do.

Litestar's form parser keeps an uploaded file in a spooled temporary file that
moves to disk past 1 MiB; a route whose upload must not touch the disk (a person's
whole journal, in the clear) skips the CSRF middleware and reads its body here.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from litestar import Request
from litestar.exceptions import PermissionDeniedException
from litestar.middleware.csrf import generate_csrf_hash
from multipart import MultipartError, MultipartSegment, PushMultipartParser

from server.web.pages import CSRF_COOKIE

CSRF_FIELD = "_csrf_token"
# The CSRF middleware's layout: 64 hex characters, then their HMAC.
TOKEN_SECRET_LENGTH = 64


class BodyTooLarge(Exception):
    """The request body is larger than the route accepts."""


class BodyUnreadable(Exception):
    """A multipart body that does not parse."""


@dataclass
class PostedForm:
    fields: dict[str, str] = field(default_factory=dict)
    # Each file field's bytes (the first file of that name).
    files: dict[str, bytes] = field(default_factory=dict)


async def read_body(request: Request, limit: int) -> bytes:
    announced = request.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limit:
        raise BodyTooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BodyTooLarge
    return bytes(body)


async def read_form_in_memory(request: Request, limit: int) -> PostedForm:
    """The posted form (multipart or urlencoded), all in memory."""
    body = await read_body(request, limit)
    content_type, options = request.content_type
    form = PostedForm()
    if content_type == "application/x-www-form-urlencoded":
        for name, value in parse_qsl(
            body.decode("utf-8", "replace"), keep_blank_values=True
        ):
            form.fields.setdefault(name, value)
        return form
    if content_type != "multipart/form-data" or not options.get("boundary"):
        return form
    try:
        with PushMultipartParser(options["boundary"], max_segment_count=20) as parser:
            segment: MultipartSegment | None = None
            data = bytearray()
            for chunk in (body, b""):
                for part in parser.parse(chunk):
                    if isinstance(part, MultipartSegment):
                        segment, data = part, bytearray()
                    elif part:
                        data += part
                    elif segment is not None:
                        if segment.filename is not None:
                            form.files.setdefault(segment.name, bytes(data))
                        else:
                            text = data.decode(segment.charset or "utf-8", "replace")
                            form.fields.setdefault(segment.name, text)
                        segment = None
    except MultipartError:
        raise BodyUnreadable from None
    return form


def _token_secret(token: str, secret: str) -> str | None:
    if len(token) <= TOKEN_SECRET_LENGTH:
        return None
    head, signature = token[:TOKEN_SECRET_LENGTH], token[TOKEN_SECRET_LENGTH:]
    expected = generate_csrf_hash(token=head, secret=secret)
    return head if hmac.compare_digest(signature, expected) else None


def check_csrf(request: Request, posted: PostedForm) -> None:
    """What the CSRF middleware checks: the token posted (header or form field)
    and the cookie's are both signed by us and the same; else 403."""
    config = request.app.csrf_config
    secret = config.secret if config else ""
    sent = request.headers.get("x-csrftoken") or posted.fields.get(CSRF_FIELD, "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    mine = _token_secret(sent, secret) if sent else None
    theirs = _token_secret(cookie, secret) if cookie else None
    if mine is None or theirs is None or not hmac.compare_digest(mine, theirs):
        raise PermissionDeniedException("CSRF token verification failed")

"""What a 503 page shows back from a form post: words yes, secrets never."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

from litestar import Request, post

from server.web.kept_form import KeptForm, kept_form


@post("/recover", request_max_body_size=None)
async def recover() -> None: ...


def posted(
    form: dict[str, Any] | None, method: str = "POST", query: bytes = b""
) -> Request:
    """A request as it reaches the error page: its body not read yet."""
    body = urlencode(form or {}, doseq=True).encode()
    scope: Any = {
        "type": "http",
        "method": method,
        "scheme": "http",
        "server": ("testserver", 80),
        "root_path": "",
        "path": "/recover",
        "query_string": query,
        "headers": [(b"content-type", b"application/x-www-form-urlencoded")]
        if form is not None
        else [],
        "state": {},
        "route_handler": recover,
    }

    async def receive() -> Any:
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


# The posted names the features declare as buttons and ids (their form_controls).
CONTROLS = frozenset({"go", "item"})


def kept(request: Request) -> KeptForm | None:
    return asyncio.run(kept_form(request, CONTROLS))


def kinds(request: Request) -> dict[str, tuple[str, str]]:
    found = kept(request)
    assert found is not None
    return {f.name: (f.kind, f.value) for f in found.fields}


def test_it_shows_words_and_keeps_controls_hidden() -> None:
    request = posted(
        {
            "_csrf_token": "abc",
            "username": "alice",
            "story": "line one\nline two",
            "go": "save",
            "empty": "",
        }
    )
    assert kinds(request) == {
        "username": ("line", "alice"),
        "story": ("text", "line one\nline two"),
        "go": ("hidden", "save"),
        "empty": ("hidden", ""),
    }


def test_it_never_echoes_secrets() -> None:
    request = posted(
        {
            "username": "alice",
            "code": "ABCD-1234-EFGH-5678-JKMN",
            "passphrase": "calm river morning light",
            "current": "old words here",
            "new_password": "hunter2hunter2",
        }
    )
    shown = kinds(request)
    for name in ("code", "passphrase", "current", "new_password"):
        assert shown[name] == ("secret", "")
    found = kept(request)
    assert found is not None and found.needs_retyping


def test_repeated_fields_come_back_in_order() -> None:
    found = kept(posted({"item": ["b", "a"]}))
    assert found is not None
    assert [(f.name, f.value, f.kind) for f in found.fields] == [
        ("item", "b", "hidden"),
        ("item", "a", "hidden"),
    ]
    assert not found.has_words


def test_it_posts_back_to_the_same_address() -> None:
    found = kept(posted({"username": "alice"}, query=b"next=%2Fplan"))
    assert found is not None and found.action == "/recover?next=%2Fplan"


def test_without_a_form_there_is_nothing_to_keep() -> None:
    assert kept(posted(None)) is None
    assert kept(posted({"username": "alice"}, method="GET")) is None


def test_a_body_already_gone_keeps_nothing_calmly() -> None:
    request = posted({"username": "alice"})

    async def gone() -> Any:
        raise RuntimeError("receive called after the body was read")

    assert kept(Request(request.scope, gone)) is None

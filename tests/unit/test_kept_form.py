"""What a 503 page shows back from a form post: words yes, secrets never."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.utils.scope.state import ScopeState

from server.web.kept_form import kept_form

# The posted names the features declare as buttons and ids (their form_controls).
CONTROLS = frozenset({"go", "item"})


def posted(
    form: dict[str, Any] | None, method: str = "POST", query: bytes = b""
) -> Request:
    scope: Any = {
        "type": "http",
        "method": method,
        "scheme": "http",
        "server": ("testserver", 80),
        "root_path": "",
        "path": "/recover",
        "query_string": query,
        "headers": [],
        "state": {},
    }
    if form is not None:
        ScopeState.from_scope(scope).form = form
    return Request(scope)


def kinds(request: Request) -> dict[str, tuple[str, str]]:
    kept = kept_form(request, CONTROLS)
    assert kept is not None
    return {f.name: (f.kind, f.value) for f in kept.fields}


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
    kept = kept_form(request, CONTROLS)
    assert kept is not None and kept.needs_retyping


def test_repeated_fields_come_back_in_order_and_uploads_are_left_out() -> None:
    upload = UploadFile(content_type="text/plain", filename="a.txt")
    kept = kept_form(posted({"item": ["b", "a"], "file": upload}), CONTROLS)
    assert kept is not None
    assert [(f.name, f.value, f.kind) for f in kept.fields] == [
        ("item", "b", "hidden"),
        ("item", "a", "hidden"),
    ]
    assert not kept.has_words


def test_it_posts_back_to_the_same_address() -> None:
    kept = kept_form(posted({"username": "alice"}, query=b"next=%2Fplan"), CONTROLS)
    assert kept is not None and kept.action == "/recover?next=%2Fplan"


def test_without_a_parsed_form_there_is_nothing_to_keep() -> None:
    assert kept_form(posted(None), CONTROLS) is None
    assert kept_form(posted({"username": "alice"}, method="GET"), CONTROLS) is None

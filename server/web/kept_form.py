"""A form post that met an outage: what it carried, to show back and send again.

Without JavaScript, a 503 page replaces the form someone was typing into, so the
error page re-shows every submitted field in a form that posts to the same address.
Exception handlers are synchronous, so the form is read just before, in an
`after_exception` hook: `await request.form()` parses the body once and Litestar
keeps the result for the connection (the CSRF middleware has usually read it
already), so the request stream is not read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from litestar import Request
from litestar.types import Scope

from server.web.state import app_state

# Never echoed: they are re-typed into empty password fields instead.
SECRET_WORDS = ("passphrase", "password", "secret", "token")
# Secrets with plain names: the current passphrase (settings) and recovery code.
SECRET_NAMES = frozenset({"current", "code"})
CSRF_FIELD = "_csrf_token"
# Longer words get a textarea, so all of them can be seen at once.
LONGEST_LINE = 80


@dataclass(frozen=True)
class KeptField:
    name: str
    value: str
    kind: Literal["text", "line", "hidden", "secret"]

    @property
    def key(self) -> str:
        """The name its label is found by: "text-<id>" -> "text"."""
        return self.name.split("-", 1)[0]

    @property
    def rows(self) -> int:
        lines = self.value.count("\n") + 1 + len(self.value) // 60
        return max(2, min(12, lines))


@dataclass(frozen=True)
class KeptForm:
    """The fields of a form post that was not saved, in the order they were sent."""

    action: str
    fields: list[KeptField]

    @property
    def has_words(self) -> bool:
        return any(f.kind in ("text", "line") for f in self.fields)

    @property
    def needs_retyping(self) -> bool:
        return any(f.kind == "secret" for f in self.fields)


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_NAMES or any(word in lowered for word in SECRET_WORDS)


def kept_fields(name: str, sent: Any, controls: frozenset[str]) -> list[KeptField]:
    """`controls`: names of buttons, idempotency keys and ids (the features'
    `form_controls`), sent back unchanged and not shown."""
    values = sent if isinstance(sent, list) else [sent]
    texts = [v for v in values if isinstance(v, str)]  # uploads are not re-sent
    if is_secret(name):
        return [KeptField(name, "", "secret")]
    if len(texts) != 1:
        # Checkbox lists and repeated ids: sent back as they came.
        return [KeptField(name, text, "hidden") for text in texts]
    [text] = texts
    if name in controls or not text.strip():
        return [KeptField(name, text, "hidden")]
    if "\n" in text or "\r" in text or len(text) > LONGEST_LINE:
        return [KeptField(name, text, "text")]
    return [KeptField(name, text, "line")]


async def kept_form(
    request: Request[Any, Any, Any], controls: frozenset[str]
) -> KeptForm | None:
    """The submitted form, or None when no form can be read from the request.
    `controls`: the names of buttons and ids (see kept_fields)."""
    if request.method != "POST":
        return None
    try:
        parsed = await request.form()
    except Exception:  # the body is gone or not a form: nothing to show back
        return None
    if not parsed:
        return None
    fields = [
        field
        for name in dict.fromkeys(parsed.keys())
        # The page renders the current token itself.
        if name != CSRF_FIELD
        for field in kept_fields(name, parsed.getall(name), controls)
    ]
    action = request.url.path
    if request.url.query:
        action += "?" + request.url.query
    return KeptForm(action=action, fields=fields)


KEPT = "kept_form"


async def keep_posted_form(scope: Scope) -> None:
    """Keep the form a failed post carried in the request's state, for the error
    page (read with `kept_in`)."""
    request: Request[Any, Any, Any] = Request(scope)
    request.state[KEPT] = await kept_form(request, app_state(request).form_controls)


def kept_in(request: Request[Any, Any, Any]) -> KeptForm | None:
    found = request.state.get(KEPT)
    return found if isinstance(found, KeptForm) else None

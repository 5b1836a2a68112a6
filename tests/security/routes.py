"""The app's own route table and forms, so every check covers routes added later."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from litestar import Litestar

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Forms the crawler must not submit: they end the session or destroy data on purpose.
DESTRUCTIVE = re.compile(r"logout|delete|sign-out|discard|remove|revoke|dismiss")


@dataclass(frozen=True)
class RouteCase:
    path: str  # template, e.g. /reflections/{reflection_id:uuid}
    method: str
    param_items: tuple[tuple[str, type], ...]

    @property
    def params(self) -> dict[str, type]:
        return dict(self.param_items)

    def fill(self, values: dict[str, Any] | None = None) -> str:
        values = values or {}
        out = self.path
        for name, kind in self.params.items():
            if name in values:
                value = values[name]
            elif kind is uuid.UUID:
                value = uuid.uuid4()
            elif kind is int:
                value = 1
            else:
                value = "no-such-thing"
            out = re.sub(r"\{" + name + r":[^}]+\}", str(value), out)
        return out


def route_cases(app: Litestar) -> list[RouteCase]:
    cases = []
    for route in app.routes:
        if route.path.startswith("/static"):
            continue
        params = tuple(
            (n, d.type) for n, d in getattr(route, "path_parameters", {}).items()
        )
        for handler in route.route_handlers:  # type: ignore[attr-defined]
            for method in handler.http_methods:
                if method in {"OPTIONS", "HEAD"}:
                    continue
                cases.append(RouteCase(route.path, method, params))
    return sorted(set(cases), key=lambda c: (c.path, c.method))


@dataclass
class FormSpec:
    action: str
    method: str
    inputs: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # name, type, value
    selects: dict[str, list[str]] = field(default_factory=dict)
    textareas: list[str] = field(default_factory=list)

    def text_fields(self) -> list[str]:
        texty = {"text", "search", "tel", "password", "email", "url", ""}
        return [n for n, t, _ in self.inputs if t in texty] + self.textareas

    def submission(self, text: str) -> list[tuple[str, str]]:
        data: list[tuple[str, str]] = []
        for name, kind, value in self.inputs:
            if name == "_csrf_token":
                continue
            if kind in {"text", "search", "tel", "password", "email", "url", ""}:
                data.append((name, text))
            elif kind in {"checkbox", "radio"}:
                data.append((name, value or "on"))
            elif kind in {"number", "range"}:
                data.append((name, value or "5"))
            elif kind in {"date"}:
                data.append((name, value or "2026-11-01"))
            elif kind in {"time"}:
                data.append((name, value or "08:30"))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                data.append((name, value))
        for name, options in self.selects.items():
            data.append(
                (name, options[1] if len(options) > 1 else (options or [""])[0])
            )
        data.extend((name, text) for name in self.textareas)
        return data


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[FormSpec] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                FormSpec(a.get("action", ""), a.get("method", "get").upper())
            )
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            self.forms[-1].inputs.append(
                (a["name"], a.get("type", "text"), a.get("value", ""))
            )
        elif tag == "textarea" and a.get("name"):
            self.forms[-1].textareas.append(a["name"])
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1].selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self.forms[-1].selects[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_in(html: str) -> list[FormSpec]:
    parser = _FormParser()
    parser.feed(html)
    return [f for f in parser.forms if f.method == "POST" and f.action.startswith("/")]

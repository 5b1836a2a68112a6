"""A shared part (server/web/shared_parts.py) is rendered once per language and
variant and handed to everyone: it must not be able to show one request's values
(a person, a token, a path) to another."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import DictLoader, Environment, meta

from server.web import shared_parts
from server.web.i18n import speaking

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CALL = re.compile(r"shared_part\(\s*\"([^\"]+)\"((?:[^()]|\([^()]*\))*)\)")
# What a page's context holds for one request (server/web/pages.py base_context,
# Litestar's CSRF values): never to be read by a shared part.
PER_REQUEST = {
    "user",
    "path",
    "flash",
    "flash_key",
    "hx_csrf",
    "csrf_input",
    "csrf_token",
    "cookie_csrf_token",
    "nonce",
    "offline_day",
    "request",
}


def test_a_shared_part_sees_only_its_variant() -> None:
    env = Environment(
        loader=DictLoader(
            {
                "part.html": "[{{ user }}|{{ csrf_input }}|{{ signed_in }}]",
                "page.html": "{{ shared_part('part.html', signed_in=true) }}",
            }
        ),
        autoescape=True,
    )
    shared_parts.install(env, {})
    with speaking("en"):
        html = env.get_template("page.html").render(user="alice", csrf_input="TOKEN")
    assert html == "[||True]"


def test_no_shared_part_of_the_app_reads_a_request_value() -> None:
    """Every template the pages hand to shared_part(): the names it reads are its
    variant's, the app's globals or its own."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    calls = [
        (match.group(1), set(re.findall(r"(\w+)=", match.group(2))))
        for source in TEMPLATES.rglob("*.html")
        for match in CALL.finditer(source.read_text())
    ]
    assert len({name for name, _ in calls}) >= 5
    for name, variant in calls:
        source = (TEMPLATES / name).read_text()
        read = meta.find_undeclared_variables(env.parse(source))
        leaked = (read - variant) & PER_REQUEST
        assert not leaked, (name, leaked)

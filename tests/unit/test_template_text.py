"""Templates' `_()`, `gettext` and `ngettext` (server/web/template_text.py) keep
Jinja's own newstyle contract: the same output as Jinja's callables for every kind
of text, escaped where the template autoescapes, in the reader's language."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment

from server.web import template_text
from server.web.i18n import gettext, ngettext, speaking

SOURCES = {
    "constant": "{{ _('Keep it close') }}",
    "variables": "{{ _('Day %(day)s of %(total)s', day=3, total='<b>7</b>') }}",
    "percent": "{{ _('100%% yours') }}",
    "html in message": '{% trans %}<a href="/plan">Print my plan</a>{% endtrans %}',
    "trans variable": "{% trans name='<i>Ana</i>' %}Call {{ name }}{% endtrans %}",
    "plural": "{{ ngettext('%(num)d-minute read', '%(num)d-minute read', 3) }}",
    "plural block": (
        "{% trans count=2 %}{{ count }} entry{% pluralize %}{{ count }} entries"
        "{% endtrans %}"
    ),
    "gettext by name": "{{ gettext('Keep it close') }}",
    "twice": "{{ _('Keep it close') }}{{ _('Keep it close') }}",
}


def environment(autoescape: bool, ours: bool) -> Environment:
    env = Environment(
        loader=DictLoader(SOURCES),
        autoescape=autoescape,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    if ours:
        template_text.install(env)
    return env


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_same_text_as_jinjas_own_callables(
    name: str, autoescape: bool, language: str
) -> None:
    with speaking(language):
        expected = environment(autoescape, ours=False).get_template(name).render()
        got = environment(autoescape, ours=True).get_template(name).render()
    assert got == expected


def test_a_constant_follows_the_readers_language() -> None:
    env = environment(True, ours=True)
    with speaking("es"):
        spanish = env.get_template("constant").render()
    with speaking("en"):
        english = env.get_template("constant").render()
    assert english == "Keep it close"
    assert spanish != english and spanish


def test_variables_are_escaped_in_html() -> None:
    with speaking("en"):
        html = environment(True, ours=True).get_template("variables").render()
    assert "&lt;b&gt;7&lt;/b&gt;" in html

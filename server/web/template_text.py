"""`_()`, `gettext` and `ngettext` in templates, in one call each.

Jinja's own newstyle callables reach the catalog through three context calls per
`_()` (an alias, a wrapper, the function): on a signed-in page with ~90 texts that
was a quarter of the page's time. These keep Jinja's contract exactly: translated
in the reader's language, marked safe when autoescaping (so the variables are
escaped), and always %-formatted, even with no variables ("%%" reads "%")."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from server.web.i18n import current_language
from server.web.i18n import gettext as translate
from server.web.i18n import ngettext as translate_plural


@pass_eval_context
def template_gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
    if not variables and type(message) is str:
        return _constant(current_language(), message, eval_ctx.autoescape)
    text = translate(message)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


# A text with no variables reads the same for everyone in one language: made once.
# Bounded by the texts the templates and content hold, times the languages.
@cache
def _constant(language: str, message: str, autoescape: bool) -> str:
    text = translate(message)
    return (Markup(text) if autoescape else text) % {}


@pass_eval_context
def template_ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, n: int, /, **variables: Any
) -> str:
    variables.setdefault("num", n)
    text = translate_plural(singular, plural, n)
    return (Markup(text) if eval_ctx.autoescape else text) % variables


def install(env: Environment) -> None:
    """After the i18n extension: `{% trans %}` blocks call `gettext`/`ngettext`,
    expressions call `_`."""
    env.globals.update(
        _=template_gettext, gettext=template_gettext, ngettext=template_ngettext
    )

"""Parts of every page that are the same for everyone reading one language (the
header, the tab bar, the footer's words, the banners): each is rendered once per
language and variant, then reused, so a page renders only what is its own.

A shared part sees only its variant's values and the template globals: it cannot
show anything of one request (a nonce, a token, a person) to another.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from server.web.i18n import current_language, speaking


def install(env: Environment, sections: Mapping[str, str]) -> None:
    """`sections`: which tab is "here", by the path's first segment ("lessons" for
    /lessons/3, "" for /), as the features' manifests declare."""

    def section_of(path: str) -> str:
        if not path.startswith("/"):
            return ""
        return sections.get(path.split("/", 2)[1], "")

    # At most 512, the least used dropped first: the header, footer and banners per
    # language, the tabs per section, the home page's cards per lesson (36 lessons,
    # finished or not), and the journal's filter fields, whose variants (the dates a
    # person filters by) are not bounded by themselves.
    @lru_cache(maxsize=512)
    def render(
        name: str, language: str, variant: tuple[tuple[str, Any], ...]
    ) -> Markup:
        with speaking(language):
            return Markup(env.get_template(name).render(dict(variant)))

    def shared_part(name: str, **variant: Any) -> Markup:
        return render(name, current_language(), tuple(sorted(variant.items())))

    env.globals.update(shared_part=shared_part, section_of=section_of)

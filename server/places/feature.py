"""Places as the app sees them (server/feature.py)."""

from __future__ import annotations

from server.feature import Feature
from server.places import crisis_lines, routes
from server.web.i18n import languages


def country_names() -> None:
    """Every country's name in every language, for the country pickers."""
    for language in languages():
        crisis_lines.country_choices_in(language)


FEATURE = Feature(
    name="places",
    routes=routes.ROUTES,
    flash_messages=routes.FLASH_MESSAGES,
    models="server.places.models",
    # /help shows the lines: new numbers make a new worker, so they reach every
    # device.
    offline_sources=(crisis_lines.DATA_FILE,),
    template_globals={
        "crisis_directory": crisis_lines.directory,
        "help_for": crisis_lines.help_for,
        "crisis_lines_reviewed": crisis_lines.last_reviewed,
    },
    warm_ups=(crisis_lines.load, country_names),
)

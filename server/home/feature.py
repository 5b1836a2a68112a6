"""The pages for everyone as the app sees them (server/feature.py)."""

from __future__ import annotations

from pathlib import Path

from server.feature import Feature
from server.home import routes

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "home"

FEATURE = Feature(
    name="home",
    routes=(routes.HomeController,),
    flash_messages=routes.FLASH_MESSAGES,
    sections={"": "today", "about": "about"},
    # The language picker's way back to the page it was on.
    form_controls=frozenset({"next"}),
    # Crisis help works offline.
    offline_pages=("/help",),
    offline_sources=(
        TEMPLATES / "help.html",
        TEMPLATES / "_help_content.html",
        TEMPLATES / "_help_more.html",
    ),
)

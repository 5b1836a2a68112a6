"""The web app manifest: what a browser needs to install Attune to a home screen."""

from __future__ import annotations

import json
from typing import Any

from server.web.assets import static_url
from server.web.i18n import _, _l, current_language

# Light colours; dark mode is carried by the theme-color metas in base.html
# (a manifest has one theme colour, the page's metas win where supported).
THEME_COLOR = "#f5f1ea"
BACKGROUND_COLOR = "#f5f1ea"
DESCRIPTION = _l(
    "Short daily lessons, a private rupture-and-repair journal and a safety plan "
    "you can open without a connection."
)


def _icon(path: str, size: int, purpose: str = "any") -> dict[str, str]:
    return {
        "src": static_url(path),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


def manifest() -> dict[str, Any]:
    shortcut_icon = [_icon("icons/icon-192.png", 192)]
    return {
        "id": "/",
        "name": "Attune",
        "short_name": "Attune",
        "description": str(DESCRIPTION),
        "lang": current_language(),
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["health", "lifestyle", "education"],
        "icons": [
            _icon("icons/icon-192.png", 192),
            _icon("icons/icon-512.png", 512),
            _icon("icons/icon-maskable-512.png", 512, "maskable"),
        ],
        "shortcuts": [
            {
                "name": _("Get help now"),
                "short_name": _("Help now"),
                "description": _("Crisis lines and what to do right now."),
                "url": "/help",
                "icons": shortcut_icon,
            },
            {
                "name": _("My plan"),
                "short_name": _("My plan"),
                "description": _("Your safety plan, also without a connection."),
                "url": "/plan",
                "icons": shortcut_icon,
            },
            {
                "name": _("Today's lesson"),
                "short_name": _("Lesson"),
                "description": _("Today's short lesson."),
                "url": "/lessons/today",
                "icons": shortcut_icon,
            },
        ],
        "prefer_related_applications": False,
    }


def manifest_bytes() -> bytes:
    return json.dumps(manifest(), ensure_ascii=False, indent=1).encode()

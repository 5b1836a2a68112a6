"""The app's features: the one place that names them. Each package's manifest
(its `feature.py`, server/feature.py) says what it brings; the app, the database,
the export and the service worker are built from this list.

Order matters in two ways: accounts come first (every other table points at its
users: its rows are deleted last), and the export's sections follow this order.
"""

from __future__ import annotations

from typing import Any

from server.accounts.feature import FEATURE as ACCOUNTS
from server.db import tortoise_config
from server.feature import Features
from server.home.feature import FEATURE as HOME
from server.lessons.feature import FEATURE as LESSONS
from server.passkeys.feature import FEATURE as PASSKEYS
from server.places.feature import FEATURE as PLACES
from server.push.feature import FEATURE as PUSH
from server.pwa.feature import FEATURE as PWA
from server.reflections.feature import FEATURE as REFLECTIONS
from server.safety_plan.feature import FEATURE as SAFETY_PLAN
from server.settings import get_settings

FEATURES = Features(
    ACCOUNTS, LESSONS, SAFETY_PLAN, PASSKEYS, PUSH, REFLECTIONS, PLACES, PWA, HOME
)


def __getattr__(name: str) -> Any:
    # `tortoise makemigrations` reads TORTOISE_ORM here (pyproject [tool.tortoise]).
    if name == "TORTOISE_ORM":
        return tortoise_config(get_settings(), FEATURES.tortoise_apps)
    raise AttributeError(name)

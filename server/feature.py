"""What a feature tells the app about itself: one manifest per feature.

Each feature package defines its FEATURE in its own `feature.py`; the app's one list
of features (server/features.py) reads them all at startup and builds the app, the
database config, the export, the tabs, the labels and the service worker from them.
Nothing here, and nothing in the core, names a feature.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, cast

from litestar.connection import ASGIConnection
from litestar.types import ControllerRouterHandler, Middleware

from server.privacy import PersonalData
from server.restore import Importer, Importers, by_section
from server.settings import Settings
from server.web.field_labels import FieldLabels
from server.web.pages import SHARED_FLASH_MESSAGES, combine_flash_messages
from server.web.state import app_state


@dataclass(frozen=True)
class Feature:
    """One feature's manifest. `name` is its package's (server/<name>/); every
    other part is optional."""

    name: str
    routes: Sequence[ControllerRouterHandler] = ()
    # Flash messages by key (server/web/pages.py).
    flash_messages: Mapping[str, Any] = field(default_factory=dict)
    # Words for its stored and posted fields and its export sections, by name
    # (server/web/field_labels.py); a name two features share must read the same.
    field_labels: Mapping[str, Any] = field(default_factory=dict)
    # Its models module ("server.push.models"): a Tortoise app of the feature's
    # name, whose migrations are the package migrations/<name>.
    models: str | None = None
    # Its tables of one person's rows, exported and deleted with the account, in
    # this order (server/privacy.py).
    personal_data: Sequence[PersonalData] = ()
    # How its export sections are read back (server/restore.py).
    importers: Sequence[Importer] = ()
    # Which tab a page belongs to: the path's first segment ("lessons" for
    # /lessons/3) -> the tab's name (server/web/shared_parts.py).
    sections: Mapping[str, str] = field(default_factory=dict)
    # Posted names that are buttons or ids, not words someone typed: a page that
    # keeps a form during an outage sends them back unseen (server/web/kept_form.py).
    form_controls: frozenset[str] = frozenset()
    # Pages the service worker keeps for offline use, and the files they are made
    # of: a change to one of them makes a new worker (server/pwa/service_worker.py).
    offline_pages: Sequence[str] = ()
    offline_sources: Sequence[Path] = ()
    # Names its templates use beyond the core's.
    template_globals: Mapping[str, Any] = field(default_factory=dict)
    # Made before the heap is settled (server/heap.py): what the first requests
    # would make and every later one keeps.
    warm_ups: Sequence[Callable[[], object]] = ()
    # Runs around every request, after the core's deadline and before the language.
    middleware: Sequence[Middleware] = ()
    # Runs while the app does (a background task), given the settings.
    lifespan: Callable[[Settings], AbstractAsyncContextManager[None]] | None = None


class Features:
    """Every feature's manifest, read together once, at startup: what the app, the
    database, the export and the pages are built from."""

    def __init__(self, *features: Feature) -> None:
        self.all = features

    @cached_property
    def routes(self) -> list[ControllerRouterHandler]:
        return [route for feature in self.all for route in feature.routes]

    @cached_property
    def flash_messages(self) -> dict[str, Any]:
        return combine_flash_messages(
            SHARED_FLASH_MESSAGES, *(dict(f.flash_messages) for f in self.all)
        )

    @cached_property
    def field_labels(self) -> FieldLabels:
        return FieldLabels.combine(*(f.field_labels for f in self.all))

    @cached_property
    def tortoise_apps(self) -> dict[str, str]:
        """Each feature with models is a Tortoise app: name -> models module.
        (Each migration names the ones it needs, so they apply in that order.)"""
        return {f.name: f.models for f in self.all if f.models}

    @cached_property
    def personal_data(self) -> tuple[PersonalData, ...]:
        return tuple(table for f in self.all for table in f.personal_data)

    @cached_property
    def exported(self) -> frozenset[str]:
        """Every section an export may hold besides the account."""
        return frozenset(table.section for table in self.personal_data)

    @cached_property
    def importers(self) -> Importers:
        return by_section(i for f in self.all for i in f.importers)

    @cached_property
    def sections(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for feature in self.all:
            if clash := found.keys() & feature.sections.keys():
                raise ValueError(f"sections declared twice: {sorted(clash)}")
            found |= feature.sections
        return found

    @cached_property
    def form_controls(self) -> frozenset[str]:
        return frozenset().union(*(f.form_controls for f in self.all))

    @cached_property
    def offline_pages(self) -> tuple[str, ...]:
        return tuple(page for f in self.all for page in f.offline_pages)

    @cached_property
    def offline_sources(self) -> tuple[Path, ...]:
        return tuple(source for f in self.all for source in f.offline_sources)

    @cached_property
    def template_globals(self) -> dict[str, Any]:
        return {k: v for f in self.all for k, v in f.template_globals.items()}

    @cached_property
    def warm_ups(self) -> list[Callable[[], object]]:
        return [warm for f in self.all for warm in f.warm_ups]

    @cached_property
    def middleware(self) -> list[Middleware]:
        return [m for f in self.all for m in f.middleware]

    @cached_property
    def lifespans(
        self,
    ) -> list[Callable[[Settings], AbstractAsyncContextManager[None]]]:
        return [f.lifespan for f in self.all if f.lifespan is not None]


def features_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Features:
    """The app's features, as it keeps them in its state (server/app.py)."""
    return cast(Features, app_state(connection).features)

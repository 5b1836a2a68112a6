"""The core (server/*.py and server/web/, the app itself included) never imports a
feature: features build on the core, and declare themselves in one manifest each
(server/<feature>/feature.py). Only the list of features (server/features.py) and
the command line name them. Checked on the source, so a circle cannot creep back
in."""

from __future__ import annotations

import ast
from importlib import import_module
from pathlib import Path

from server.features import FEATURES as LISTED

SERVER = Path(__file__).resolve().parents[2] / "server"
# Every package under server/ is a feature, but the core's web/.
FEATURES = {p.parent.name for p in SERVER.glob("*/__init__.py")} - {"web"}
# The one list of features, and the command line that runs their commands.
COMPOSITION = {"features.py", "cli.py"}


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found.update(names)
    return found


def imported_features(path: Path) -> set[str]:
    found = set()
    for name in imported_modules(path):
        parts = name.split(".")
        if parts[0] == "server" and len(parts) > 1 and parts[1] in FEATURES:
            found.add(parts[1])
    return found


def test_the_core_imports_no_feature() -> None:
    core = [p for p in SERVER.glob("*.py") if p.name not in COMPOSITION] + list(
        (SERVER / "web").glob("*.py")
    )
    assert len(core) > 10 and SERVER / "app.py" in core
    crossing = {
        str(p.relative_to(SERVER)): sorted(features)
        for p in core
        if (features := imported_features(p))
    }
    assert crossing == {}


def feature_graph() -> dict[str, set[str]]:
    """Which features each feature's files import (itself left out)."""
    return {
        feature: set().union(
            *(imported_features(p) for p in (SERVER / feature).rglob("*.py"))
        )
        - {feature}
        for feature in FEATURES
    }


def test_places_depends_on_no_feature() -> None:
    """The country decision and the crisis-line data sit below every feature."""
    assert feature_graph()["places"] == set()


def test_no_two_features_import_each_other_even_through_others() -> None:
    graph = feature_graph()

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            step == goal or (step not in seen and reaches(step, goal, seen | {step}))
            for step in graph[start]
        )

    loops = sorted(feature for feature in FEATURES if reaches(feature, feature))
    assert loops == [], {feature: sorted(graph[feature]) for feature in loops}


def test_only_the_app_and_its_command_line_read_the_list_of_features() -> None:
    """Below them, a feature or the core that read the list would import every
    feature, and itself through them."""
    readers = {
        str(p.relative_to(SERVER))
        for p in SERVER.rglob("*.py")
        if "server.features" in imported_modules(p)
    }
    assert readers == {"app.py", "cli.py"}


def test_every_feature_is_listed_once_by_its_own_manifest() -> None:
    names = [feature.name for feature in LISTED.all]
    assert sorted(names) == sorted(FEATURES)
    for feature in LISTED.all:
        manifest = import_module(f"server.{feature.name}.feature")
        assert manifest.FEATURE is feature

"""The core (server/*.py and server/web/) never imports a feature: features build on
the core, and only the app itself (server/app.py) and its command line put them
together. Checked on the source, so a circle cannot creep back in."""

from __future__ import annotations

import ast
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "server"
FEATURES = {
    "accounts", "home", "lessons", "passkeys", "places", "push", "pwa", "reflections",
    "safety_plan",
}  # fmt: skip
COMPOSITION = {"app.py", "cli.py"}


def imported_features(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "server" and len(parts) > 1 and parts[1] in FEATURES:
                found.add(parts[1])
    return found


def test_the_core_imports_no_feature() -> None:
    core = [p for p in SERVER.glob("*.py") if p.name not in COMPOSITION] + list(
        (SERVER / "web").glob("*.py")
    )
    assert len(core) > 10
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

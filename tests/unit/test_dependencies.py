"""Runtime dependencies are what the app imports when it runs: each one listed in
pyproject's [project] dependencies is imported somewhere under server/, or is named
here with the package that loads it. Test and benchmark tools live in extras."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Distribution name -> the module it is imported as.
MODULE = {
    "tortoise-orm": "tortoise",
    "argon2-cffi": "argon2",
    "pyyaml": "yaml",
    "py-vapid": "py_vapid",
    "http-ece": "http_ece",
    "jinja2-fragments": "jinja2_fragments",
}
# Loaded by another dependency, not imported by name.
LOADED_BY = {
    "asyncpg": "tortoise-orm, for postgres:// URLs",
    "litestar-htmx": "litestar.plugins.htmx",
}


def runtime_dependencies() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return [
        re.split(r"[\[=<>~ ]", spec, maxsplit=1)[0] for spec in project["dependencies"]
    ]


def imported_modules() -> set[str]:
    found = set()
    for path in (REPO / "server").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def test_every_runtime_dependency_is_used_by_the_app() -> None:
    imported = imported_modules()
    unused = [
        name
        for name in runtime_dependencies()
        if name not in LOADED_BY
        and MODULE.get(name, name).replace("-", "_") not in imported
    ]
    assert unused == []


def test_no_test_or_benchmark_tool_is_a_runtime_dependency() -> None:
    tools = {"pytest", "hypothesis", "playwright", "ruff", "mypy", "httpx", "pywebpush"}
    assert tools.isdisjoint(runtime_dependencies())

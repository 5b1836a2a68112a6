"""One table for every benchmark: each script calls `emit` for its headline figures,
and `bench/run_all` prints them together at the end.

    emit("server", "/help (visitor), SQLite", 49.1, "% of floor", target=">= 50")

Figures go to the file named by BENCH_FIGURES (JSON lines); without it, `emit` does
nothing, so each script still runs on its own. `python bench/figures.py FILE`
prints the table.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def emit(
    group: str,
    name: str,
    value: float,
    unit: str,
    *,
    target: str = "",
    detail: str = "",
) -> None:
    """`target` is a comparison such as ">= 50" or "< 150"; empty for context figures."""
    path = os.environ.get("BENCH_FIGURES")
    if not path:
        return
    row = {"group": group, "name": name, "value": value, "unit": unit}
    row |= {"target": target, "detail": detail}
    with open(path, "a") as out:
        out.write(json.dumps(row) + "\n")


def verdict(value: float, target: str) -> str:
    if not target:
        return ""
    op, _, bound = target.partition(" ")
    limit = float(bound)
    met = {
        ">=": value >= limit,
        ">": value > limit,
        "<=": value <= limit,
        "<": value < limit,
    }[op]
    return "met" if met else "NOT met"


def table(path: Path) -> str:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line]
    lines = [
        f"| {'group':8} | {'figure':60} | {'value':>10} | {'unit':14} | {'target':9} | {'':7} |",
        f"|{'-' * 10}|{'-' * 62}|{'-' * 12}|{'-' * 16}|{'-' * 11}|{'-' * 9}|",
    ]
    for r in rows:
        value = r["value"]
        whole = abs(value) >= 100 or float(value).is_integer()
        shown = f"{value:,.0f}" if whole else f"{value:,.2f}"
        lines.append(
            f"| {r['group']:8} | {r['name']:60} | {shown:>10} | {r['unit']:14} | "
            f"{r['target']:9} | {verdict(value, r['target']):7} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(Path(sys.argv[1])))

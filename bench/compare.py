"""One sitting, several commits: each commit's own bench/server_floor.py, back to back,
then one table of every page's share of the floor side by side, with the ratio of
the last column to each earlier one.

    .venv/bin/python bench/compare.py bd00d8b b4e08ad [--seconds 6] [--postgres]

Each named commit is checked out into a temporary git worktree and measured with its
own script and code (this virtual environment's packages); the working tree is
measured last. A timing is never a pass/fail test: this prints figures.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROW = re.compile(
    r"^(?P<page>\S.*?)\s+(?P<rps>\d+)\s+(?P<p50>[\d.]+)\s+(?P<p95>[\d.]+)\s+"
    r"(?P<p99>[\d.]+)\s+(?P<share>[\d.]+)%\s+(?P<errors>\d+)$"
)
Table = dict[str, dict[str, dict[str, float]]]  # backend -> page -> figures


def measure(tree: Path, seconds: int, postgres: bool) -> Table:
    command = [sys.executable, "bench/server_floor.py", f"--seconds={seconds}"]
    if postgres:
        command.append("--postgres")
    out = subprocess.run(
        command,
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/local/bin:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    tables: Table = {}
    backend = ""
    for line in out.splitlines():
        if line.startswith(("sqlite:", "postgres:")):
            backend = line.split(":")[0]
            tables[backend] = {}
        elif backend and (row := ROW.match(line.strip())):
            tables[backend][row["page"]] = {
                key: float(row[key]) for key in ("rps", "p99", "share", "errors")
            }
    return tables


def at_commit(commit: str, seconds: int, postgres: bool) -> Table:
    with tempfile.TemporaryDirectory(prefix="attune-compare-") as folder:
        tree = Path(folder) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), commit],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        try:
            return measure(tree, seconds, postgres)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)],
                cwd=REPO,
                capture_output=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("commits", nargs="+", help="earlier commits to compare with")
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    names = [*args.commits, "working tree"]
    runs = [at_commit(c, args.seconds, args.postgres) for c in args.commits]
    runs.append(measure(REPO, args.seconds, args.postgres))
    for backend in runs[-1]:
        print(f"\n{backend}, share of the floor (p99 ms), wrk -c50, {args.seconds} s")
        header = f"{'page':32}" + "".join(f"{n[:20]:>22}" for n in names)
        header += "".join(f"{'now / ' + n[:8]:>16}" for n in args.commits)
        print(header)
        for page, now in runs[-1][backend].items():
            if page.startswith("floor"):
                continue
            cells = []
            for run in runs:
                got = run.get(backend, {}).get(page)
                cells.append(
                    f"{got['share']:8.1f} % ({got['p99']:6.0f})"
                    + (f" {int(got['errors'])} err" if got["errors"] else "")
                    if got
                    else "-"
                )
            ratios = [
                f"{now['share'] / run[backend][page]['share']:.2f}x"
                if page in run.get(backend, {})
                else "-"
                for run in runs[:-1]
            ]
            print(
                f"{page:32}"
                + "".join(f"{c:>22}" for c in cells)
                + "".join(f"{r:>16}" for r in ratios)
            )


if __name__ == "__main__":
    main()

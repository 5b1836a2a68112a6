"""Write tests/assets/seed-runs.txt: a hash of every 8-word run of the source
article, so the originality check runs in a clone with nothing beside it and the
repository keeps none of the article's text.

Run from the repository root when the article changes, with its text (kept
outside the repository):
    .venv/bin/python scripts/seed_fingerprints.py ARTICLE.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.unit.originality import RUN, run_hashes, tokens  # noqa: E402

OUT = REPO / "tests" / "assets" / "seed-runs.txt"


def main(article: Path) -> None:
    hashes = sorted(run_hashes(tokens(article.read_text(encoding="utf-8")), RUN))
    OUT.write_text(
        f"# SHA-256 (first 16 hex digits) of each {RUN}-word run of the seed article;\n"
        "# made by scripts/seed_fingerprints.py\n" + "\n".join(hashes) + "\n"
    )
    print(f"{len(hashes)} runs -> {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/seed_fingerprints.py ARTICLE.txt")
    main(Path(sys.argv[1]))

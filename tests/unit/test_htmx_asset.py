from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from server.web.security import HTMX_SRI, HTMX_URL

REPO = Path(__file__).resolve().parents[2]


def test_the_vendored_htmx_matches_the_pinned_sri() -> None:
    body = (REPO / "tests" / "assets" / "htmx-2.0.11.min.js").read_bytes()
    digest = base64.b64encode(hashlib.sha384(body).digest()).decode()
    assert f"sha384-{digest}" == HTMX_SRI
    assert "@2.0.11/" in HTMX_URL


def test_the_layout_loads_htmx_with_integrity_and_cors() -> None:
    base = (REPO / "templates" / "base.html").read_text()
    assert (
        'src="{{ htmx_url }}" integrity="{{ htmx_sri }}" crossorigin="anonymous"'
        in base
    )
    assert '"allowEval":false' in base and '"historyCacheSize":0' in base
    assert '"includeIndicatorStyles":false' in base

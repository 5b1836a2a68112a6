"""Bytes over the wire for a first and a repeat visit, counted in Debian's Chromium.

Pages: `/`, `/help`, a lesson card (visitor) and `/plan` (signed in, after the first
visit registered the service worker). htmx is served brotli-compressed, as the CDN
serves it, with the CDN's year-long cache header.

Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import brotli
from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    HTMX_FILE,
    PHONE,
    register,
    serve_vendored_htmx,
    start_server,
)

ENTRIES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const all = [["document " + location.pathname, nav.transferSize, nav.encodedBodySize]];
  for (const r of performance.getEntriesByType("resource")) all.push([r.name, r.transferSize, r.encodedBodySize]);
  return all;
}"""


def visit(page: Page, path: str) -> list[tuple[str, int, int]]:
    page.goto(path, wait_until="load")
    page.wait_for_timeout(300)
    return [tuple(e) for e in page.evaluate(ENTRIES)]  # type: ignore[misc]


def summary(entries: list[tuple[str, int, int]]) -> str:
    sent = [e for e in entries if e[1] > 0]
    total = sum(e[1] for e in sent)
    largest = max(sent, key=lambda e: e[1]) if sent else ("-", 0, 0)
    name = largest[0].split("/")[-1].split("?")[0] or largest[0]
    return (
        f"{total:8,d} B in {len(sent):2d} requests (largest: {name} {largest[1]:,d} B)"
    )


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="attune-weight-"))
    proc, base = start_server(instance)
    htmx_br = brotli.compress(HTMX_FILE.read_bytes(), quality=11)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = []
            for path, signed_in in [
                ("/", False),
                ("/help", False),
                ("/lessons/feeling-safe-first", False),
                ("/plan", True),
            ]:
                context = browser.new_context(base_url=base, viewport=PHONE)
                serve_vendored_htmx(context, brotli=True, cache_year=True)
                page = context.new_page()
                if signed_in:
                    register(page)
                    page.goto("/about")  # leave the page under test unvisited
                first = visit(page, path)
                repeat = visit(page, path)
                results.append((path, summary(first), summary(repeat)))
                context.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(
        f"htmx 2.0.11 min.js: {HTMX_FILE.stat().st_size:,d} B raw, {len(htmx_br):,d} B brotli"
    )
    print(f"{'page':30} {'first visit':58} repeat visit")
    for path, first, repeat in results:
        print(f"{path:30} {first:58} {repeat}")


if __name__ == "__main__":
    main()

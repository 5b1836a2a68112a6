"""Mobile figures for the PWA, in Debian's Chromium at 360x740:

1. time from navigation to first paint of the plan (or /help, while the plan does not
   exist) OFFLINE, served by the service worker, with a 4x CPU throttle
   (CDP Emulation.setCPUThrottlingRate; read from performance.getEntriesByType('paint'));
2. bytes of a first visit to `/` with an empty profile: the navigation's and every
   resource's encoded body size (performance entries), plus what the service worker
   stores when it precaches the shell (the sizes of its Cache Storage entries).

Run: .venv/bin/python bench/mobile_timing.py [--runs 7]
It starts its own server (temporary instance) on 127.0.0.1; htmx is served from the
vendored copy with the same bytes as the pinned CDN file (uncompressed here; the CDN
sends it brotli-compressed, about a third of the size).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import BrowserContext, Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    register,
    serve_vendored_htmx,
    start_server,
)

CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
  }
  return true;
}"""
PAINT = """() => {
  const paints = Object.fromEntries(performance.getEntriesByType("paint").map((p) => [p.name, p.startTime]));
  return paints["first-contentful-paint"] ?? paints["first-paint"] ?? null;
}"""
BYTES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  return {
    document: nav.encodedBodySize,
    documentTransfer: nav.transferSize,
    resources: resources.map((r) => [r.name, r.encodedBodySize, r.transferSize]),
  };
}"""
PRECACHE = """async () => {
  let total = 0; const rows = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const size = (await (await cache.match(request)).blob()).size;
      total += size; rows.push([request.url, size]);
    }
  }
  return { total, rows };
}"""


def device(p: object, base: str, profile: str) -> BrowserContext:
    context: BrowserContext = p.chromium.launch_persistent_context(  # type: ignore[attr-defined]
        profile,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        base_url=base,
        locale="en-US",
        is_mobile=True,
        has_touch=True,
    )
    serve_vendored_htmx(context)
    return context


def settle_paint(page: Page) -> float:
    for _ in range(50):
        value = page.evaluate(PAINT)
        if value is not None:
            return float(value)
        page.wait_for_timeout(100)
    raise RuntimeError("no paint entry")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    proc, base = start_server(Path(tempfile.mkdtemp(prefix="attune-bench-")))
    try:
        plan_exists = (
            httpx.get(base + "/plan", follow_redirects=False).status_code != 404
        )
        with sync_playwright() as p:
            # --- bytes of a first visit to / -----------------------------------
            ctx = device(p, base, tempfile.mkdtemp(prefix="attune-profile-"))
            page = ctx.pages[0]
            page.goto("/")
            page.wait_for_load_state("load")
            first = page.evaluate(BYTES)
            page.evaluate(CONTROLLED)
            precache = page.evaluate(PRECACHE)
            ctx.close()

            page_bytes = first["document"] + sum(r[1] for r in first["resources"])
            print(f"First visit to / (encoded bodies): {page_bytes:,} bytes")
            print(
                f"  document /: {first['document']:,} (transferSize {first['documentTransfer']:,})"
            )
            for name, encoded, transfer in first["resources"]:
                print(
                    f"  {name.replace(base, '')}: {encoded:,} (transferSize {transfer:,})"
                )
            with httpx.Client(
                base_url=base, headers={"accept-encoding": "br, gzip"}
            ) as c:
                worker = c.get("/sw.js")
                worker_bytes = worker.num_bytes_downloaded
            print(
                f"  + /sw.js: {worker_bytes:,} bytes ({worker.headers.get('content-encoding', 'identity')})"
            )
            print(
                f"  + service worker precache (decoded, in Cache Storage): {precache['total']:,} bytes"
            )

            # --- offline first paint, 4x CPU throttle ----------------------------
            target = "/plan" if plan_exists else "/help"
            ctx = device(p, base, tempfile.mkdtemp(prefix="attune-profile-"))
            page = ctx.pages[0]
            if plan_exists:
                register(page)
            page.goto(target)
            page.evaluate(CONTROLLED)
            page.reload()
            page.wait_for_timeout(500)  # let the worker store the kept copy
            ctx.set_offline(True)
            cdp = ctx.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            samples = []
            for _ in range(args.runs):
                page.goto("/offline")  # start each run from another page
                page.goto(target)
                samples.append(settle_paint(page))
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
            stamp = page.locator("[data-offline-stamp]")
            shown = stamp.count() > 0 and stamp.first.is_visible()
            ctx.close()
            print(
                f"Offline first contentful paint of {target} (4x CPU throttle, {args.runs} runs): "
                f"median {statistics.median(samples):.0f} ms, min {min(samples):.0f}, max {max(samples):.0f}"
                + (" — 'Saved on' shown" if shown else "")
            )
            if not plan_exists:
                print(
                    "  (/plan does not exist yet: measured /help, the same worker path from the shell cache)"
                )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()

"""First contentful paint and interaction readiness on a slow phone, in Debian's
Chromium at 360x740 with a 4x CPU throttle (CDP Emulation.setCPUThrottlingRate):

- `/` and `/plan` (signed in), online over a slow-4G profile (150 ms round trip,
  1.6 Mbit/s down, 675 kbit/s up; CDP Network.emulateNetworkConditions), for a
  returning person (the service worker installed), and a first visit of `/`;
- the same pages offline, answered by the service worker.

First contentful paint comes from performance.getEntriesByType("paint"). Readiness
is the navigation's domContentLoadedEventEnd: every script is deferred, so by then
htmx and the page's own script have run and every control answers.

Run: .venv/bin/python bench/mobile_timing.py [--runs 5]
It starts its own server (temporary instance) on 127.0.0.1; htmx is served from the
vendored copy, the same bytes as the pinned CDN file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.figures import emit  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    register,
    running_server,
    serve_vendored_htmx,
)

CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
  }
  return true;
}"""
TIMINGS = """async () => {
  for (let i = 0; i < 100; i++) {
    const paints = Object.fromEntries(performance.getEntriesByType("paint").map((p) => [p.name, p.startTime]));
    const nav = performance.getEntriesByType("navigation")[0];
    const fcp = paints["first-contentful-paint"] ?? paints["first-paint"];
    if (fcp !== undefined && nav && nav.domContentLoadedEventEnd > 0) {
      return [fcp, nav.domContentLoadedEventEnd];
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}"""
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_638_400 / 8,
    "uploadThroughput": 675_000 / 8,
}


def device(p: Any, base: str) -> BrowserContext:
    context: BrowserContext = p.chromium.launch_persistent_context(
        tempfile.mkdtemp(prefix="attune-profile-"),
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


def timings(page: Page, path: str) -> tuple[float, float]:
    """First contentful paint and readiness of the page just loaded, in ms."""
    found = page.evaluate(TIMINGS)
    if found is None:
        raise RuntimeError(f"no paint entry for {path}")
    return float(found[0]), float(found[1])


def timed_visits(page: Page, path: str, runs: int) -> tuple[list[float], list[float]]:
    paints, ready = [], []
    for _ in range(runs):
        page.goto("/offline")  # start each run from another page of the app
        page.goto(path, wait_until="load")
        paint, readiness = timings(page, path)
        paints.append(paint)
        ready.append(readiness)
    return paints, ready


def slow_phone(context: BrowserContext, page: Page, online: bool) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    if online:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    else:
        context.set_offline(True)


def report(label: str, paints: list[float], ready: list[float], target: str) -> None:
    print(
        f"{label:38} FCP median {statistics.median(paints):5.0f} ms "
        f"({min(paints):.0f}-{max(paints):.0f})   ready median "
        f"{statistics.median(ready):5.0f} ms ({min(ready):.0f}-{max(ready):.0f})"
    )
    emit(
        "mobile",
        f"{label}, first paint",
        statistics.median(paints),
        "ms",
        target=target,
    )
    emit("mobile", f"{label}, ready", statistics.median(ready), "ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    print(f"4x CPU throttle, 360x740; {args.runs} runs each; medians (min-max)")
    instance = Path(tempfile.mkdtemp(prefix="attune-bench-"))
    with running_server(instance) as base, sync_playwright() as p:
        # A first visit: a new profile for every run, nothing cached.
        paints, ready = [], []
        for _ in range(args.runs):
            context = device(p, base)
            page = context.pages[0]
            slow_phone(context, page, online=True)
            page.goto("/", wait_until="load")
            paint, readiness = timings(page, "/")
            paints.append(paint)
            ready.append(readiness)
            context.close()
        report("/ first visit, slow 4G", paints, ready, "")

        for path in ("/", "/plan"):
            for online in (True, False):
                context = device(p, base)
                page = context.pages[0]
                if path == "/plan":
                    register(page)
                page.goto(path)
                page.evaluate(CONTROLLED)
                page.reload()
                page.wait_for_timeout(500)  # the worker keeps its copy
                slow_phone(context, page, online)
                paints, ready = timed_visits(page, path, args.runs)
                context.close()
                where = "returning, slow 4G" if online else "offline, from the worker"
                target = "< 150" if path == "/plan" and not online else ""
                report(f"{path} {where}", paints, ready, target)


if __name__ == "__main__":
    main()

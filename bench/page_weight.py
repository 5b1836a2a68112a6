"""Bytes over the wire for a first and a repeat visit, in Debian's Chromium.

Pages: `/`, `/help`, a lesson card (visitor) and `/plan` (signed in). The browser
talks to the app through a small TCP proxy that counts every byte the server sends
(headers included, compressed as sent), so service-worker and cache hits count as
what they are: nothing on the wire. A first visit is shown as the page (until its
load event) and what the service worker then precaches. htmx comes from the CDN in production; here it
is served brotli-compressed with the CDN's year-long cache header, and its
compressed size is added whenever the browser asks for it.

Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import contextlib
import socket
import sys
import tempfile
import threading
from pathlib import Path

import brotli
from playwright.sync_api import BrowserContext, Page, Route, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.figures import emit  # noqa: E402
from server.web.security import HTMX_URL  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    HTMX_FILE,
    PHONE,
    register,
    running_server,
)

HTMX_BROTLI = len(brotli.compress(HTMX_FILE.read_bytes(), quality=11))  # as the CDN
# What the page asked for (answered by the network, the HTTP cache or the service
# worker alike), with each body's encoded size, to name the largest.
REQUESTS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return [[location.pathname, nav.encodedBodySize],
          ...performance.getEntriesByType("resource").map((r) => [r.name, r.encodedBodySize])];
}"""


class CountingProxy:
    """127.0.0.1:<port> -> the app; counts bytes sent down to the browser."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.down = 0
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def take(self) -> int:
        with self.lock:
            counted, self.down = self.down, 0
        return counted

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            server = socket.create_connection(self.upstream)
            threading.Thread(target=self._pump, args=(client, server, False)).start()
            threading.Thread(target=self._pump, args=(server, client, True)).start()

    def _pump(self, source: socket.socket, sink: socket.socket, down: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if down:
                    with self.lock:
                        self.down += len(chunk)

                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


def serve_htmx_counted(context: BrowserContext, asked: list[int]) -> None:
    """Serve the pinned htmx and count each time it is served (answers from the
    service worker's cache never get here). Chromium does not decode a body that
    an interception hands over already compressed, so the bytes go as they are and
    the CDN's brotli size is what is counted."""
    body = HTMX_FILE.read_bytes()
    headers = {
        "content-type": "application/javascript",
        "cache-control": "public, max-age=31536000, immutable",
        "access-control-allow-origin": "*",
        "timing-allow-origin": "*",
    }

    def fulfil(route: Route) -> None:
        asked.append(1)
        route.fulfill(status=200, body=body, headers=headers)

    context.route(HTMX_URL, fulfil)


def visit(
    page: Page, proxy: CountingProxy, path: str, htmx_asked: list[int]
) -> tuple[int, int]:
    """Bytes until the page's load event, then what the service worker fetched
    after it (its precache, on a first visit). htmx counts once at most: routing
    turns Chromium's HTTP cache off, and the worker's second request for the
    immutable CDN file would be answered from that cache."""
    proxy.take()
    htmx_asked.clear()
    page.goto(path, wait_until="load")
    loaded = proxy.take() + HTMX_BROTLI * min(1, len(htmx_asked))
    seen = len(htmx_asked)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_timeout(300)
    later_htmx = HTMX_BROTLI if seen == 0 and htmx_asked else 0
    return loaded, proxy.take() + later_htmx


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="attune-weight-"))
    results = []
    with running_server(instance) as base, sync_playwright() as p:
        host, port = base.removeprefix("http://").split(":")
        proxy = CountingProxy((host, int(port)))
        through_proxy = f"http://127.0.0.1:{proxy.port}"
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path, signed_in in [
            ("/", False),
            ("/help", False),
            ("/lessons/feeling-safe-first", False),
            ("/plan", True),
        ]:
            context = browser.new_context(base_url=through_proxy, viewport=PHONE)
            htmx_asked: list[int] = []
            serve_htmx_counted(context, htmx_asked)
            page = context.new_page()
            if signed_in:
                register(page)
                page.goto("/about")  # leave the page under test unvisited
            first, precache = visit(page, proxy, path, htmx_asked)
            asked = page.evaluate(REQUESTS)
            # Sizes on the wire: htmx is served plain here, brotli by the CDN.
            wire = [(n, HTMX_BROTLI if n == HTMX_URL else b) for n, b in asked]
            name, size = max(wire, key=lambda entry: entry[1])
            largest = f"{name.split('/')[-1].split('?')[0] or name} {size:,d} B"
            repeat = sum(visit(page, proxy, path, htmx_asked))
            # After signing up the worker is already in place: say so.
            label = f"{path} (after sign-up)" if signed_in else path
            results.append((label, first, precache, len(asked), largest, repeat))
            context.close()
        browser.close()
    print(f"htmx 2.0.11 min.js: {HTMX_FILE.stat().st_size:,d} B, {HTMX_BROTLI:,d} B br")
    print(
        f"{'page':28} {'first visit':>12} {'+ worker':>10} {'requests':>9} "
        f"{'repeat visit':>13}  largest"
    )
    for path, first, precache, requests, largest, repeat in results:
        print(
            f"{path:28} {first:10,d} B {precache:8,d} B {requests:9d} "
            f"{repeat:11,d} B  {largest}"
        )
        is_home = path == "/"  # the targets are set for the home page
        emit(
            "weight",
            f"first visit {path}, page",
            first / 1000,
            "KB",
            target="<= 60" if is_home else "",
        )
        emit(
            "weight",
            f"first visit {path}, + worker precache",
            (first + precache) / 1000,
            "KB",
            target="<= 60" if is_home else "",
        )
        emit(
            "weight",
            f"repeat visit {path}",
            repeat / 1000,
            "KB",
            target="<= 5" if is_home else "",
        )


if __name__ == "__main__":
    main()

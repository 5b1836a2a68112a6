// Attune's service worker (served at /sw.js; the config block is filled in by
// server/pwa/service_worker.py). What it promises:
// - the shell (CSS, scripts, icons, htmx, /offline, /help) is always here;
// - pages the server marks `X-Attune-Offline: keep` (the plan, saved cards) keep
//   their latest copy, refreshed on every online visit, shown when offline with
//   "Offline copy · <day>"; `drop` removes it;
// - a page may name others to refresh now (`X-Attune-Offline-Also`): the plan
//   names every step of the crisis sequence and /help, so the whole crisis path
//   opens offline once the plan has been opened online;
// - /help lives in the shell, replaced by each online visit that shows the
//   person's own country, so offline it shows the country they chose last;
// - the offline start: a visitor's /offline in the shell (always fetched as a
//   visitor's, SHELL_HEADER), and a signed-in person's own /offline (their tabs,
//   "Open my safety plan") in the private cache, kept and dropped by the server's
//   hint when the start page names it: so only the private cache, which signing
//   out empties, ever says that someone was signed in here;
// - nothing else is cached: never a journal page, never an htmx response;
// - signing out or deleting the account empties the private cache;
// - every copy is in the language it was read in; when pages start coming in
//   another language (`Content-Language`), every kept copy is fetched again.
"use strict";

const CONFIG = /*__ATTUNE_CONFIG__*/null;
const VERSION = CONFIG.version;
const SHELL = "attune-shell-" + VERSION;
const PRIVATE = "attune-private-" + VERSION;
const PRIVATE_PREFIX = "attune-private-";
const OURS = "attune-";
const NEVER = /^\/reflections(\/|$)/;
const CLEARING = new Set(["/logout", "/settings/delete"]);
const LANGUAGE_KEY = "/__attune-language";
const OFFLINE_PAGE = "/offline";
const SHELL_HEADER = { "X-Attune-Shell": "1" };
const SHELL_URLS = new Set(CONFIG.precache.map((u) => new URL(u, self.location.origin).href));

for (const script of CONFIG.importScripts) importScripts(script);

// Stores that started before the last clear must not write into the fresh cache.
let generation = 0;

function pageKey(url) {
  const u = new URL(url, self.location.origin);
  u.hash = "";
  return u.href;
}

function htmxRequest() {
  return new Request(CONFIG.htmx.url, {
    mode: "cors",
    credentials: "omit",
    integrity: CONFIG.htmx.integrity,
  });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll(CONFIG.precache.map((u) => new Request(u, {
        cache: "reload",
        headers: u === OFFLINE_PAGE ? SHELL_HEADER : {},
      })));
      const offline = await cache.match(OFFLINE_PAGE);
      const language = offline && offline.headers.get("Content-Language");
      if (language) await cache.put(LANGUAGE_KEY, new Response(language));
      try {
        const response = await fetch(htmxRequest());
        if (response.ok) await cache.put(CONFIG.htmx.url, response);
      } catch (err) {
        // The page still loads htmx from the network; offline pages work without it.
      }
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const fresh = await caches.open(PRIVATE);
      for (const name of names) {
        if (!name.startsWith(OURS) || name === SHELL || name === PRIVATE) continue;
        if (name.startsWith(PRIVATE_PREFIX)) {
          // Carry the person's saved pages over to the new version.
          const old = await caches.open(name);
          for (const request of await old.keys()) {
            const response = await old.match(request);
            if (response) await fresh.put(request, response);
          }
        }
        await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

async function clearPrivate() {
  generation += 1;
  for (const name of await caches.keys()) {
    if (name.startsWith(PRIVATE_PREFIX)) await caches.delete(name);
  }
}

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  else if (event.data === "clear-private") event.waitUntil(clearPrivate());
});

// Keep a copy of a page the server marked `keep`: stamped with the time it was
// saved (a header, and a meta tag on which device.js shows "Offline copy · <day>";
// not on the offline start, which is no copy of a page).
async function keep(url, response, startedAt) {
  if (NEVER.test(url.pathname)) return;
  if (!response.ok || response.type !== "basic" || response.redirected) return;
  if (!(response.headers.get("Content-Type") || "").startsWith("text/html")) return;
  const savedAt = new Date().toISOString();
  let html = await response.text();
  if (url.pathname !== OFFLINE_PAGE) {
    html = html.replace(/<\/head>/i, '<meta name="attune-saved-at" content="' + savedAt + '">\n</head>');
  }
  const headers = new Headers(response.headers);
  for (const name of ["Content-Length", "Content-Encoding", "Vary", "Set-Cookie"]) headers.delete(name);
  headers.set("X-Attune-Saved-At", savedAt);
  if (url.pathname === "/help") {
    // Not private (a country's crisis lines), and it must outlive a sign-out.
    const shell = await caches.open(SHELL);
    await shell.put("/help", new Response(html, { status: 200, headers }));
    return;
  }
  if (startedAt !== generation) return;
  const cache = await caches.open(PRIVATE);
  await cache.put(pageKey(url), new Response(html, { status: 200, headers }));
}

// Refresh the pages a response names in `X-Attune-Offline-Also` (same origin only).
function refreshAlso(response) {
  const paths = (response.headers.get("X-Attune-Offline-Also") || "").split(/\s+/).filter(Boolean);
  return Promise.all(paths.map((path) => {
    const page = new URL(path, self.location.origin);
    if (page.origin !== self.location.origin || NEVER.test(page.pathname)) return null;
    return refresh(page, false).catch(() => {});
  }));
}

async function drop(url) {
  const cache = await caches.open(PRIVATE);
  await cache.delete(pageKey(url), { ignoreVary: true });
}

// Fetch a page as a plain navigation would (no htmx headers) and keep it if the
// server still says so.
async function refresh(url, withAlso = true) {
  const startedAt = generation;
  const response = await fetch(pageKey(url), { credentials: "same-origin", cache: "no-store" });
  const hint = response.headers.get("X-Attune-Offline");
  if (withAlso) await refreshAlso(response);
  if (hint === "keep") await keep(new URL(response.url || url), response, startedAt);
  else if (hint === "drop") await drop(url);
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]).catch(() => {});
}

// The person switched language (here, or on another device for their account):
// fetch every kept copy again so offline pages speak the same language.
async function followLanguage(response) {
  const language = response.headers.get("Content-Language");
  if (!language || !response.ok) return;
  const shell = await caches.open(SHELL);
  const kept = await shell.match(LANGUAGE_KEY);
  if (kept && (await kept.text()) === language) return;
  await shell.put(LANGUAGE_KEY, new Response(language));
  const cache = await caches.open(PRIVATE);
  const pages = (await cache.keys()).map((request) => new URL(request.url));
  pages.push(new URL("/help", self.location.origin));
  await Promise.all([
    ...pages.map((page) => refresh(page, false).catch(() => {})),
    fetch(OFFLINE_PAGE, { cache: "no-store", headers: SHELL_HEADER })
      .then((fresh) => (fresh.ok ? shell.put(OFFLINE_PAGE, fresh) : null))
      .catch(() => {}),
  ]);
}

async function offlineAnswer(url) {
  const cache = await caches.open(PRIVATE);
  if (!NEVER.test(url.pathname)) {
    const saved = await cache.match(pageKey(url), { ignoreVary: true });
    if (saved) return saved;
  }
  const shell = await caches.open(SHELL);
  if (url.pathname === "/help") {
    const help = await shell.match("/help", { ignoreVary: true, ignoreSearch: true });
    if (help) return help;
  }
  const own = await cache.match(pageKey(OFFLINE_PAGE), { ignoreVary: true });
  if (own) return own;
  const offline = await shell.match(OFFLINE_PAGE, { ignoreVary: true });
  return offline || new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain" } });
}

async function navigate(event, url) {
  const startedAt = generation;
  let response;
  try {
    response = await fetch(event.request);
  } catch (err) {
    return offlineAnswer(url);
  }
  const hint = response.headers.get("X-Attune-Offline");
  event.waitUntil(refreshAlso(response));
  event.waitUntil(followLanguage(response).catch(() => {}));
  if (NEVER.test(url.pathname)) event.waitUntil(drop(url));
  else if (hint === "keep") event.waitUntil(keep(url, response.clone(), startedAt).catch(() => {}));
  else if (hint === "drop") event.waitUntil(drop(url));
  return response;
}

// htmx requests are never cached under page URLs; a `keep` hint on one means
// "this page changed": fetch the full page plainly and keep that instead.
async function htmxGet(event, url) {
  const response = await fetch(event.request);
  const hint = response.headers.get("X-Attune-Offline");
  if (!NEVER.test(url.pathname)) {
    event.waitUntil(refreshAlso(response));
    if (hint === "keep") event.waitUntil(refresh(url, false).catch(() => {}));
    else if (hint === "drop") event.waitUntil(drop(url));
  }
  return response;
}

// Form posts pass through. Signing out or deleting the account empties the
// private cache before the answer reaches the page; a save or unsave that names
// a page (`X-Attune-Offline-Url`) keeps or drops that page at that moment.
async function post(event, url) {
  if (url.pathname === "/logout") {
    // Even when the network is gone: the person asked to leave this device.
    try {
      return await fetch(event.request);
    } finally {
      await clearPrivate();
    }
  }
  const response = await fetch(event.request);
  if (CLEARING.has(url.pathname)) {
    const deleted = response.type === "opaqueredirect" || response.redirected ||
      response.status === 303 || response.headers.has("HX-Location");
    if (deleted) await clearPrivate();
    return response;
  }
  event.waitUntil(refreshAlso(response));
  const hint = response.headers.get("X-Attune-Offline");
  const target = response.headers.get("X-Attune-Offline-Url");
  if (hint && target) {
    const page = new URL(target, self.location.origin);
    if (page.origin === self.location.origin && !NEVER.test(page.pathname)) {
      if (hint === "keep") await withTimeout(refresh(page), 4000);
      else if (hint === "drop") await drop(page);
    }
  }
  return response;
}

async function fromShell(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request, { ignoreVary: true });
  return hit || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === "GET" && url.href === CONFIG.htmx.url) {
    event.respondWith(fromShell(request));
    return;
  }
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    event.respondWith(post(event, url));
    return;
  }
  if (request.method !== "GET") return;
  if (SHELL_URLS.has(url.href) && url.pathname.startsWith("/static/")) {
    event.respondWith(fromShell(request));
  } else if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (request.headers.has("HX-Request")) {
    event.respondWith(htmxGet(event, url));
  }
});

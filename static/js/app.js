// Every page's first script: what the others share, how a page arrives (or fails
// to), and loading what only some pages use (base.html says why files are split so).
(function () {
  "use strict";
  var Attune = (window.Attune = window.Attune || {});

  // The page's own words for what scripts say (base.html, server/web/script_text.py),
  // with %(name)s filled in; the English is the fallback. Read when needed: a
  // boosted visit swaps in the new page's block.
  Attune.text = window.attuneText = function (key, fallback, values) {
    var scriptText = {};
    try {
      scriptText = JSON.parse(document.getElementById("attune-text").textContent);
    } catch (e) { /* a page whose scripts do not speak */ }
    var text = scriptText[key] || fallback;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(values[name]);
    });
    return text;
  };

  // This device's time zone ("" where the browser does not say), read once a page.
  // Temporal where the browser has it: building an Intl formatter just to read the
  // zone was the longest task of a first visit (20 to 130 ms on a slow phone).
  var zone = null;
  Attune.zone = function () {
    if (zone !== null) return zone;
    try {
      zone = window.Temporal ? Temporal.Now.timeZoneId() : Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) { /* the browser does not say */ }
    zone = zone || "";
    return zone;
  };

  // Opened from the home screen, as an app.
  Attune.standalone = function () {
    return (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches) ||
      window.navigator.standalone === true;
  };

  // Each script prepares what it needs in new content: the page once parsed, then
  // every piece htmx swaps in (a script loaded later starts with the page as it is).
  var preparers = [];
  var parsed = false;
  Attune.onContent = function (prepare) {
    preparers.push(prepare);
    if (parsed) prepare(document);
  };
  function prepareAll(root) {
    preparers.forEach(function (prepare) { prepare(root); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    parsed = true;
    prepareAll(document);
  });
  document.addEventListener("htmx:load", function (event) { prepareAll(event.target); });

  // Scripts only some pages need load where the page names them ([data-script]),
  // not on every first visit; after a boosted page change too.
  var requested = {};
  function loadPageScripts() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-script]"), function (el) {
      var src = el.getAttribute("data-script");
      if (requested[src]) return;
      requested[src] = true;
      var script = document.createElement("script");
      script.src = src;
      document.head.appendChild(script);
    });
  }
  document.addEventListener("DOMContentLoaded", loadPageScripts);
  document.addEventListener("htmx:afterSettle", loadPageScripts);

  // --- When the server cannot be reached -------------------------------------
  // Boosted links that fail (offline) fall back to a real navigation, which the
  // service worker answers from its cache or with the offline page.
  document.addEventListener("htmx:sendError", function (event) {
    var info = event.detail && event.detail.pathInfo;
    // finalRequestPath carries a GET form's fields (the country picker, filters).
    var path = info && (info.finalRequestPath || info.requestPath);
    var verb = event.detail && event.detail.requestConfig && event.detail.requestConfig.verb;
    if (path && verb === "get") window.location.href = path;
    else showUnsaved(true, event.detail && event.detail.elt, event.detail && event.detail.target);
  });

  // When the server cannot be reached or its storage is down (503), htmx leaves
  // the page as it is, so everything typed stays in the form; say so plainly,
  // just below that form, where the message covers nothing.
  function showUnsaved(show, source, target) {
    var banner = document.getElementById("unsaved-banner");
    if (!banner) return;
    var form = source && source.closest ? source.closest("form") : null;
    // Below the form, and outside the region a later swap replaces.
    var anchor = target && target !== document.body && form && target.contains(form) ? target : form;
    if (show && anchor && anchor.parentNode) anchor.parentNode.insertBefore(banner, anchor.nextSibling);
    banner.hidden = !show;
    if (show && banner.scrollIntoView) banner.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail && event.detail.xhr && event.detail.xhr.status === 503) showUnsaved(true, event.detail.elt, event.detail.target);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) showUnsaved(false);
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-action=dismiss-unsaved]")) showUnsaved(false);
  });

  // --- Where a page opens ----------------------------------------------------
  // A new page opens at its top, with focus on its main region (or, for a step
  // of a guided flow, on the step's heading) so screen readers announce it. Back
  // and forward return to where the person was on that page. htmx keeps no page
  // snapshots (historyCacheSize 0: private pages stay out of sessionStorage), so
  // the positions are kept here, by address, as numbers only.
  var SCROLL_KEY = "attune-scroll";
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  function scrollMemory() {
    try { return JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "{}"); } catch (e) { return {}; }
  }
  function here() { return location.pathname + location.search; }
  function rememberScroll(path) {
    var memory = scrollMemory();
    memory[path || here()] = window.scrollY;
    var keys = Object.keys(memory);
    if (keys.length > 50) delete memory[keys[0]];
    try { sessionStorage.setItem(SCROLL_KEY, JSON.stringify(memory)); } catch (e) { /* full or off */ }
  }
  function focusArrival() {
    var target = document.querySelector("[data-step-heading]") || document.getElementById("main");
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }
  function openAtTop() {
    var invalid = document.querySelector('main [aria-invalid="true"]');
    if (invalid) { invalid.focus(); return; }  // a form came back with a message: go to it
    window.scrollTo(0, 0);
    focusArrival();
  }
  function restoreScroll(path) {
    var y = scrollMemory()[path || here()];
    window.scrollTo(0, typeof y === "number" ? y : 0);
  }
  // Fired just before htmx leaves a page, with that page's path (on boosted
  // navigation and on back/forward alike).
  document.addEventListener("htmx:beforeHistorySave", function (event) {
    rememberScroll(event.detail && event.detail.path);
  });
  // A new page: a boosted link or form, or the page a form's post led to (htmx
  // follows HX-Location by swapping the whole body, without calling it boosted).
  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail;
    if (detail && (detail.boosted || detail.target === document.body)) openAtTop();
  });
  document.addEventListener("htmx:historyRestore", function (event) {
    restoreScroll(event.detail && event.detail.path);
    focusArrival();
  });
  window.addEventListener("pagehide", function () { rememberScroll(); });
  document.addEventListener("DOMContentLoaded", function () {
    var nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    if (nav && nav.type === "back_forward") restoreScroll();
    else if (!location.hash && document.querySelector("[data-step-heading]")) focusArrival();
  });
})();

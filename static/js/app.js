// Attune's page scripts start here. base.html loads them deferred, in this order:
// app.js (what the others share), navigation.js (how a page arrives, or fails
// to), device.js (service worker, offline copies, updates) and home-screen.js;
// a page loads what only it uses (share.js, passkeys.js) by naming it in
// [data-script]. Every feature works without any of them.
//
// Classic scripts, not ES modules: an `import` cannot carry the ?v= fingerprint
// (static_url) that year-long caching and the service worker's precache need,
// short of an inline import map that the CSP would have to allow by hash. A tag
// per file carries its fingerprinted URL, and script-src stays 'self'.
(function () {
  "use strict";
  var Attune = (window.Attune = window.Attune || {});

  // The page's own words for what scripts say (base.html, server/web/script_text.py),
  // with %(name)s filled in; the English is the fallback.
  var scriptText = null;
  Attune.text = window.attuneText = function (key, fallback, values) {
    if (scriptText === null) {
      try {
        scriptText = JSON.parse(document.getElementById("attune-text").textContent);
      } catch (e) {
        scriptText = {};
      }
    }
    var text = scriptText[key] || fallback;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(values[name]);
    });
    return text;
  };

  // This device's time zone ("" where the browser does not say).
  Attune.zone = function () {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
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
})();

// Attune's only page script: service worker, offline fallbacks, small conveniences.
// Every feature works without it.
(function () {
  "use strict";

  // Boosted links that fail (offline) fall back to a real navigation, which the
  // service worker answers from its cache or with the offline page.
  document.addEventListener("htmx:sendError", function (event) {
    var path = event.detail && event.detail.pathInfo && event.detail.pathInfo.requestPath;
    var verb = event.detail && event.detail.requestConfig && event.detail.requestConfig.verb;
    if (path && verb === "get") window.location.href = path;
  });

  // Move focus to the new page's main region after a boosted navigation, so
  // screen readers announce it.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.boosted) {
      var main = document.getElementById("main");
      if (main) main.focus({ preventScroll: true });
    }
  });

  // Suggest the browser's own time zone in settings when none was chosen yet.
  function detectTimezone(root) {
    var select = (root || document).querySelector("[data-detect-timezone]");
    if (!select || select.value !== "UTC") return;
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && select.querySelector('option[value="' + zone + '"], option:not([value])')) {
        for (var i = 0; i < select.options.length; i++) {
          if (select.options[i].text === zone) { select.selectedIndex = i; break; }
        }
      }
    } catch (e) { /* keep UTC */ }
  }
  document.addEventListener("DOMContentLoaded", function () { detectTimezone(document); });
  document.addEventListener("htmx:load", function (e) { detectTimezone(e.target); });

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-action=reload]");
    if (target) {
      if (window.attuneWaitingWorker) window.attuneWaitingWorker.postMessage("skip-waiting");
      else window.location.reload();
    }
  });
  window.Attune = window.Attune || {};
})();

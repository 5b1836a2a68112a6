// This device: the service worker (offline copies, new versions, emptying the
// private caches), the time zone, and the browser's "Add to home screen" prompt.
(function (Attune) {
  "use strict";

  // --- Service worker ---------------------------------------------------------
  var PRIVATE_PREFIX = "attune-private-";
  var sw = "serviceWorker" in navigator ? navigator.serviceWorker : null;
  var reloadRequested = false;

  function showUpdateBanner() {
    var banner = document.getElementById("update-banner");
    if (banner && window.attuneWaitingWorker) banner.hidden = false;
  }

  function watchForUpdate(registration) {
    function track(worker) {
      if (!worker) return;
      worker.addEventListener("statechange", function () {
        // "installed" with a controller in place means a new version is waiting.
        if (worker.state === "installed" && sw.controller) {
          window.attuneWaitingWorker = worker;
          showUpdateBanner();
        }
      });
    }
    if (registration.waiting && sw.controller) {
      window.attuneWaitingWorker = registration.waiting;
      showUpdateBanner();
    }
    track(registration.installing);
    registration.addEventListener("updatefound", function () { track(registration.installing); });
  }

  if (sw) {
    sw.register("/sw.js", { scope: "/" }).then(watchForUpdate, function () { /* works without it */ });
    sw.addEventListener("controllerchange", function () {
      // Only the page that asked for the update reloads: another tab may hold a draft.
      if (reloadRequested) window.location.reload();
    });
  }
  // A boosted page change brings a new banner: show it again.
  Attune.onContent(showUpdateBanner);
  document.addEventListener("click", function (event) {
    if (!(event.target.closest && event.target.closest("[data-action=reload]"))) return;
    if (window.attuneWaitingWorker) {
      reloadRequested = true;
      window.attuneWaitingWorker.postMessage("skip-waiting");
    } else {
      window.location.reload();
    }
  });

  // Empty this device's copies of the plan and saved cards (sign-out, deletion).
  function clearPrivateCaches() {
    if (sw && sw.controller) sw.controller.postMessage("clear-private");
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PRIVATE_PREFIX) === 0;
      }).map(function (name) { return caches.delete(name); }));
    }).catch(function () { /* nothing to clear */ });
  }
  Attune.clearPrivateCaches = clearPrivateCaches;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-clears-private-cache")) clearPrivateCaches();
  }, true);

  // A page the service worker kept carries the time it was saved (a meta tag):
  // show the page's own short line, "Offline copy · 6 Dec", written by the server
  // in the reader's language at the end of the page. Offline, /help shows the
  // country kept on this device: if another was asked for, say plainly that its
  // lines need a connection. Only on the page as loaded: a boosted page after it
  // is no copy.
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector('meta[name="attune-saved-at"]')) return;
    var stamp = document.querySelector("[data-offline-stamp]");
    if (stamp) stamp.hidden = false;
    var shown = document.querySelector("[data-help-country]");
    var note = document.querySelector("[data-offline-other-country]");
    var asked = new URLSearchParams(location.search).get("country");
    if (shown && note && asked && asked.toUpperCase() !== shown.getAttribute("data-help-country")) note.hidden = false;
  });

  // --- Time zone --------------------------------------------------------------
  // A visitor's country can be guessed from their time zone (never sent anywhere
  // else); a signed-in person's zone is saved with the account.
  var zone = Attune.zone();
  if (zone && document.cookie.indexOf("attune_tz=" + encodeURIComponent(zone)) === -1) {
    document.cookie = "attune_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
  }
  // Sign-up: choose this device's zone in the list (without script, the list
  // keeps the server's guess and the person can pick).
  Attune.onContent(function (root) {
    var select = root.querySelector("[data-detect-timezone]");
    if (!select || !zone || select.getAttribute("aria-invalid") === "true") return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { select.selectedIndex = i; return; }
    }
  });

  // --- Add to home screen -------------------------------------------------------
  // The browser offers its prompt once per loaded page, often before the person
  // opens the page with the button (install.js): keep it for that page.
  window.addEventListener("beforeinstallprompt", function (event) {
    // Keep the browser's own banner everywhere except the page that offers a button.
    if (document.querySelector("[data-install-button]")) event.preventDefault();
    Attune.installPrompt = event;
    if (Attune.offerInstall) Attune.offerInstall();
  });
  window.addEventListener("appinstalled", function () {
    Attune.installPrompt = null;
    Attune.installed = true;
    if (Attune.offerInstall) Attune.offerInstall();
  });
})(window.Attune);

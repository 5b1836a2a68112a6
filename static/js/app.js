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
    else showUnsaved(true);
  });

  // When the server cannot be reached or its storage is down (503), htmx leaves
  // the page as it is, so everything typed stays in the form; say so plainly.
  function showUnsaved(show) {
    var banner = document.getElementById("unsaved-banner");
    if (banner) banner.hidden = !show;
  }
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail && event.detail.xhr && event.detail.xhr.status === 503) showUnsaved(true);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) showUnsaved(false);
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

  // --- Service worker: offline copies, updates, private caches -------------

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
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-clears-private-cache")) clearPrivateCaches();
  }, true);

  // A page the service worker kept carries the time it was saved: say so.
  function formatSavedAt(date) {
    try {
      return new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" }).format(date);
    } catch (e) {
      return date.toLocaleString();
    }
  }
  function showSavedStamp() {
    var meta = document.querySelector('meta[name="attune-saved-at"]');
    if (!meta) return;
    var when = new Date(meta.getAttribute("content"));
    if (isNaN(when.getTime())) return;
    var stamp = document.querySelector("[data-offline-stamp]");
    if (!stamp) {
      var main = document.getElementById("main");
      if (!main) return;
      stamp = document.createElement("p");
      stamp.className = "offline-stamp";
      stamp.setAttribute("data-offline-stamp", "");
      main.insertBefore(stamp, main.firstChild);
    }
    stamp.textContent = "Saved on " + formatSavedAt(when) +
      ". You are reading the copy kept on this device" +
      (navigator.onLine === false ? ", because you are offline." : ".");
    stamp.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", showSavedStamp);

  // "Add to home screen": offer the browser's own prompt where there is one.
  var installPrompt = null;
  function showInstallButton() {
    var button = document.querySelector("[data-install-button]");
    if (button && installPrompt) button.hidden = false;
  }
  function showInstalled() {
    var standalone = (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches) ||
      window.navigator.standalone === true;
    var note = document.querySelector("[data-installed-note]");
    if (note && standalone) note.hidden = false;
  }
  window.addEventListener("beforeinstallprompt", function (event) {
    // Keep the browser's own banner everywhere except the page that offers a button.
    if (document.querySelector("[data-install-button]")) event.preventDefault();
    installPrompt = event;
    showInstallButton();
  });
  window.addEventListener("appinstalled", function () {
    installPrompt = null;
    var button = document.querySelector("[data-install-button]");
    if (button) button.hidden = true;
    var note = document.querySelector("[data-installed-note]");
    if (note) note.hidden = false;
  });
  document.addEventListener("DOMContentLoaded", function () { showInstallButton(); showInstalled(); });

  document.addEventListener("htmx:afterSettle", function (event) {
    // A boosted navigation replaces the body: carry the banners over.
    if (event.detail && event.detail.boosted) {
      showUpdateBanner();
      showInstallButton();
      showInstalled();
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-action=reload]");
    if (target) {
      if (window.attuneWaitingWorker) {
        reloadRequested = true;
        window.attuneWaitingWorker.postMessage("skip-waiting");
      } else {
        window.location.reload();
      }
      return;
    }
    var install = event.target.closest && event.target.closest("[data-install-button]");
    if (install && installPrompt) {
      var prompt = installPrompt;
      installPrompt = null;
      install.hidden = true;
      prompt.prompt();
      if (prompt.userChoice) prompt.userChoice.catch(function () { /* dismissed */ });
    }
  });
  window.Attune = window.Attune || {};
  window.Attune.clearPrivateCaches = clearPrivateCaches;
})();

// Attune's only page script: service worker, offline fallbacks, small conveniences.
// Every feature works without it.
(function () {
  "use strict";

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

  // --- Where a page opens ---------------------------------------------------
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

  // --- Time zone and country -------------------------------------------------
  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }
  // A visitor's country can be guessed from their time zone (never sent anywhere
  // else); a signed-in person's zone is saved with the account.
  (function rememberZone() {
    var zone = browserZone();
    if (zone && document.cookie.indexOf("attune_tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "attune_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  })();
  // Sign-up: choose this device's zone in the list (without script, the list
  // keeps the server's guess and the person can pick).
  function detectTimezone(root) {
    var select = (root || document).querySelector("[data-detect-timezone]");
    var zone = browserZone();
    if (!select || !zone || select.getAttribute("aria-invalid") === "true") return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { select.selectedIndex = i; return; }
    }
  }
  // Settings and (once) the home page: offer this device's zone when it differs
  // from the saved one. Nothing changes until the person presses the button.
  var DECLINED = "attune-zone-kept";
  function offerZone(root) {
    var offer = (root || document).querySelector("[data-zone-offer]");
    var zone = browserZone();
    if (!offer || !zone || zone === offer.getAttribute("data-saved-zone")) return;
    try {
      if (offer.hasAttribute("data-once") && localStorage.getItem(DECLINED)) return;
    } catch (e) { /* storage off: offer it */ }
    offer.querySelector('input[name="timezone"]').value = zone;
    offer.querySelector("[data-zone-name]").textContent = zone.replace(/_/g, " ");
    offer.hidden = false;
  }
  document.addEventListener("click", function (event) {
    var keep = event.target.closest && event.target.closest("[data-action=keep-zone]");
    if (!keep) return;
    try { localStorage.setItem(DECLINED, "1"); } catch (e) { /* nothing to remember with */ }
    var offer = keep.closest("[data-zone-offer]");
    if (offer) offer.hidden = true;
  });
  // Offline, /help shows the country kept on this device: if another was asked
  // for, say plainly that its lines need a connection.
  function noteOfflineCountry() {
    if (!document.querySelector('meta[name="attune-saved-at"]')) return;
    var shown = document.querySelector("[data-help-country]");
    var note = document.querySelector("[data-offline-other-country]");
    var asked = new URLSearchParams(location.search).get("country");
    if (shown && note && asked && asked.toUpperCase() !== shown.getAttribute("data-help-country")) note.hidden = false;
  }
  function pageReady(root) { detectTimezone(root); offerZone(root); }
  document.addEventListener("DOMContentLoaded", function () { pageReady(document); noteOfflineCountry(); });
  document.addEventListener("htmx:load", function (e) { pageReady(e.target); });

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

  // The page's own words for what scripts say (base.html, server/web/script_text.py),
  // with %(name)s filled in; the English is the fallback.
  var scriptText = null;
  window.attuneText = function (key, fallback, values) {
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

  // A page the service worker kept carries the time it was saved (a meta tag):
  // show the page's own short line, "Offline copy · 6 Dec", written by the server
  // in the reader's language at the end of the page.
  function showSavedStamp() {
    if (!document.querySelector('meta[name="attune-saved-at"]')) return;
    var stamp = document.querySelector("[data-offline-stamp]");
    if (stamp) stamp.hidden = false;
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
    if (event.target.closest && event.target.closest("[data-action=dismiss-unsaved]")) {
      showUnsaved(false);
      return;
    }
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
  // Sharing the plan: a Copy button where the clipboard can be written, and the
  // phone's own Share sheet where the browser has one (Web Share). Without them the
  // link stays on the page, whole, to select and copy.
  function offerSharing(root) {
    var copy = (root || document).querySelector("[data-action=copy-link]");
    var share = (root || document).querySelector("[data-action=share-link]");
    var copyCode = (root || document).querySelector("[data-action=copy-code]");
    var canCopy = navigator.clipboard && window.isSecureContext !== false;
    if (copy && canCopy) copy.hidden = false;
    if (copyCode && canCopy) copyCode.hidden = false;
    if (share && navigator.share) share.hidden = false;
  }
  function shareStatus(text) {
    var status = document.querySelector("[data-share-status]");
    if (status) status.textContent = text;
  }
  document.addEventListener("DOMContentLoaded", function () { offerSharing(document); });
  document.addEventListener("htmx:load", function (e) { offerSharing(e.target); });
  document.addEventListener("click", function (event) {
    var copy = event.target.closest && event.target.closest("[data-action=copy-link]");
    var share = event.target.closest && event.target.closest("[data-action=share-link]");
    var copyCode = event.target.closest && event.target.closest("[data-action=copy-code]");
    if (copyCode) {
      // The recovery code: if the clipboard refuses, the code is still on the page.
      navigator.clipboard.writeText(copyCode.getAttribute("data-code")).then(function () {
        var status = document.querySelector("[data-copy-status]");
        if (status) status.textContent = window.attuneText("codeCopied", "Copied. Keep it somewhere safe, away from this phone.");
      }, function () { /* nothing copied: the code stays in view to write down */ });
    } else if (copy) {
      var field = document.getElementById("share-url");
      navigator.clipboard.writeText(copy.getAttribute("data-link")).then(function () {
        shareStatus(window.attuneText("copied", "Copied. Paste it into a message to the person you chose."));
      }, function () {
        if (field) { field.focus(); field.select(); }
        shareStatus(window.attuneText("selected", "The link is selected: copy it with your device's own menu."));
      });
    } else if (share) {
      navigator.share({ title: window.attuneText("sharedTitle", "My safety plan"), url: share.getAttribute("data-link") })
        .catch(function () { /* closed without sharing: nothing to say */ });
    }
  });

  // --- Scripts only some pages need ----------------------------------------
  // passkeys.js loads where a page offers passkeys (its [data-script] names it),
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

  window.Attune = window.Attune || {};
  window.Attune.clearPrivateCaches = clearPrivateCaches;
})();

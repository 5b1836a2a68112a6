// Daily reminder page: ask for notification permission only after a tap on
// "Turn on", subscribe this device, and tell the server. Without JavaScript or
// without Web Push, the page's plain form and its explanation still work.
(function () {
  "use strict";

  var STORE = "attune-push-endpoint";

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function standalone() {
    return (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches) ||
      window.navigator.standalone === true;
  }

  function appleMobile() {
    return /iPad|iPhone|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  }

  // iOS/iPadOS only offer Web Push to web apps opened from the Home Screen.
  function pushPossible() {
    return supported() && !(appleMobile() && !standalone());
  }

  // A form on this page carries the current token. The body's hx-headers may be
  // older: boosted navigation swaps the body's content, not its attributes, and
  // /help (which has no forms) renders without a token.
  function csrfToken() {
    const field = document.querySelector('input[name="_csrf_token"]');
    if (field && field.value) return field.value;
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
    } catch (e) {
      return "";
    }
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrftoken": csrfToken() },
      body: JSON.stringify(body)
    });
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function registration() {
    return navigator.serviceWorker.getRegistration("/").then(function (found) {
      return found || navigator.serviceWorker.register("/sw.js", { scope: "/" });
    }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function root() {
    return document.querySelector("[data-push]");
  }

  // text(key, English): the page's own words (app.js), else the English.
  function text(key, english) {
    return window.attuneText ? window.attuneText(key, english) : english;
  }

  function say(message) {
    var status = document.querySelector("[data-push-status]");
    if (status) status.textContent = message;
  }

  function fail(error) {
    var reason = error && error.message;
    if (reason === "denied") {
      say(text("pushBlocked", "Notifications are blocked for Attune in this browser. To get the reminder, allow notifications for this site in your browser’s settings, then tap the button again."));
    } else if (reason === "dismissed") {
      say(text("pushLater", "No problem. Tap the button again whenever you are ready."));
    } else {
      say(text("pushFailed", "We could not set up notifications on this device just now. Please try again in a moment."));
    }
  }

  function askPermission() {
    if (Notification.permission === "granted") return Promise.resolve("granted");
    if (Notification.permission === "denied") return Promise.resolve("denied");
    // Called straight from the tap: iOS only shows the prompt during a gesture.
    var asked = Notification.requestPermission();
    return asked && asked.then ? asked : Promise.resolve(Notification.permission);
  }

  function subscribe(reg, key) {
    return reg.pushManager.getSubscription().then(function (existing) {
      return existing || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
    });
  }

  function turnOn(button) {
    var section = root();
    var form = document.getElementById("reminder-form");
    say(text("pushAsking", "Asking your browser for permission…"));
    askPermission().then(function (result) {
      if (result === "denied") throw new Error("denied");
      if (result !== "granted") throw new Error("dismissed");
      say(text("pushSettingUp", "Setting up this device…"));
      return registration();
    }).then(function (reg) {
      return subscribe(reg, section.getAttribute("data-vapid-key"));
    }).then(function (sub) {
      return post("/push/subscribe", sub.toJSON()).then(function (response) {
        if (!response.ok) throw new Error("server");
        try { window.localStorage.setItem(STORE, sub.endpoint); } catch (e) { /* private mode */ }
      });
    }).then(function () {
      say(text("pushWillGet", "This device will get your reminder."));
      var submitter = form.contains(button) ? button : form.querySelector('button[name="enabled"][value="on"]');
      button.setAttribute("data-push-done", "");
      form.requestSubmit(submitter);
    }).catch(fail);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-push-enable]");
    if (!button || button.hasAttribute("data-push-done") || !pushPossible()) return;
    event.preventDefault();
    turnOn(button);
  });

  // Signing out or deleting the account: this device stops receiving reminders
  // first (best effort, never blocking the sign-out for more than 2 seconds).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-clears-private-cache]") || form.hasAttribute("data-push-cleared")) return;
    var stored = null;
    try { stored = window.localStorage.getItem(STORE); } catch (e) { /* private mode */ }
    if (!stored || !supported()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter;
    var done = false;
    function proceed() {
      if (done) return;
      done = true;
      try { window.localStorage.removeItem(STORE); } catch (e) { /* private mode */ }
      form.setAttribute("data-push-cleared", "");
      if (submitter) form.requestSubmit(submitter); else form.requestSubmit();
    }
    window.setTimeout(proceed, 2000);
    navigator.serviceWorker.getRegistration("/").then(function (reg) {
      return reg && reg.pushManager.getSubscription();
    }).then(function (sub) {
      if (!sub) return null;
      return post("/push/unsubscribe", { endpoint: sub.endpoint }).catch(function () { return null; }).then(function () {
        return sub.unsubscribe();
      });
    }).catch(function () { return null; }).then(proceed);
  }, true);

  function prefillTimezone(section) {
    var select = section.querySelector("[data-push-timezone]");
    if (!select || section.getAttribute("data-enabled") === "true") return;
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) { select.selectedIndex = i; break; }
      }
    } catch (e) { /* keep the server's choice */ }
  }

  function init() {
    var section = root();
    if (!section) return;
    prefillTimezone(section);
    if (!pushPossible()) {
      var help = document.querySelector("[data-push-unsupported]");
      if (help) help.hidden = false;
      return;
    }
    var extra = section.querySelector("[data-push-this-device]");
    if (!extra) return;
    navigator.serviceWorker.getRegistration("/").then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    }).then(function (sub) {
      if (sub && Notification.permission === "granted") say(text("pushGets", "This device gets your reminder."));
      else extra.hidden = false;
    }).catch(function () { extra.hidden = false; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("htmx:load", function (event) {
    if (event.target === document.body) init();
  });
})();

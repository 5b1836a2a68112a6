// Web Push on this device, for signed-in pages: whether the browser can take the
// daily reminder, how to tell the server, and, on signing out or deleting the
// account, unsubscribing this device first. The reminder page itself is push.js.
(function (Attune) {
  "use strict";
  var STORE = "attune-push-endpoint";

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function appleMobile() {
    return /iPad|iPhone|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  }

  // A form on this page carries the current token. The body's hx-headers may be
  // older: boosted navigation swaps the body's content, not its attributes, and
  // /help (which has no forms) renders without a token.
  function csrfToken() {
    var field = document.querySelector('input[name="_csrf_token"]');
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

  Attune.push = {
    STORE: STORE,
    post: post,
    // iOS/iPadOS only offer Web Push to web apps opened from the Home Screen.
    possible: function () { return supported() && !(appleMobile() && !Attune.standalone()); }
  };

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
})(window.Attune);

// Daily reminder page: ask for notification permission only after a tap on
// "Turn on", subscribe this device, and tell the server (push-device.js holds
// what signed-in pages share). Without JavaScript or without Web Push, the page's
// plain form and its explanation still work.
(function (Attune) {
  "use strict";
  var push = Attune.push;

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

  function say(key, english) {
    var status = document.querySelector("[data-push-status]");
    if (status) status.textContent = Attune.text(key, english);
  }

  function fail(error) {
    var reason = error && error.message;
    if (reason === "denied") {
      say("pushBlocked", "Notifications are blocked for Attune in this browser. To get the reminder, allow notifications for this site in your browser’s settings, then tap the button again.");
    } else if (reason === "dismissed") {
      say("pushLater", "No problem. Tap the button again whenever you are ready.");
    } else {
      say("pushFailed", "We could not set up notifications on this device just now. Please try again in a moment.");
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
    say("pushAsking", "Asking your browser for permission…");
    askPermission().then(function (result) {
      if (result === "denied") throw new Error("denied");
      if (result !== "granted") throw new Error("dismissed");
      say("pushSettingUp", "Setting up this device…");
      return registration();
    }).then(function (reg) {
      return subscribe(reg, section.getAttribute("data-vapid-key"));
    }).then(function (sub) {
      return push.post("/push/subscribe", sub.toJSON()).then(function (response) {
        if (!response.ok) throw new Error("server");
        try { window.localStorage.setItem(push.STORE, sub.endpoint); } catch (e) { /* private mode */ }
      });
    }).then(function () {
      say("pushWillGet", "This device will get your reminder.");
      var submitter = form.contains(button) ? button : form.querySelector('button[name="enabled"][value="on"]');
      button.setAttribute("data-push-done", "");
      form.requestSubmit(submitter);
    }).catch(fail);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-push-enable]");
    if (!button || button.hasAttribute("data-push-done") || !push.possible()) return;
    event.preventDefault();
    turnOn(button);
  });

  function prefillTimezone(section) {
    var select = section.querySelector("[data-push-timezone]");
    var zone = Attune.zone();
    if (!select || section.getAttribute("data-enabled") === "true") return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { select.selectedIndex = i; break; }
    }
  }

  function init() {
    var section = root();
    if (!section) return;
    prefillTimezone(section);
    if (!push.possible()) {
      var help = document.querySelector("[data-push-unsupported]");
      if (help) help.hidden = false;
      return;
    }
    var extra = section.querySelector("[data-push-this-device]");
    if (!extra) return;
    navigator.serviceWorker.getRegistration("/").then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    }).then(function (sub) {
      if (sub && Notification.permission === "granted") say("pushGets", "This device gets your reminder.");
      else extra.hidden = false;
    }).catch(function () { extra.hidden = false; });
  }

  // The page as loaded, and the reminder page reached by a boosted link.
  Attune.onContent(function (content) {
    if (content === document || content === document.body) init();
  });
})(window.Attune);

// Web Push handlers for the service worker (/sw.js imports this file with
// importScripts). The text is the same for everyone: nothing private.
/* eslint-env serviceworker */
(function () {
  "use strict";

  var DEFAULTS = {
    title: "Attune",
    body: "Your daily moment is ready",
    url: "/lessons/today",
    icon: "/static/icons/icon-192.png",
    badge: "/static/icons/badge-96.png"
  };

  // Only paths on this site: a payload can never send someone elsewhere.
  function samePath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" && url.charAt(1) !== "\\" ? url : DEFAULTS.url;
  }

  function notificationFrom(event) {
    var data = {};
    try {
      data = event.data ? event.data.json() : {};
    } catch (e) {
      data = {};
    }
    return {
      title: typeof data.title === "string" && data.title ? data.title : DEFAULTS.title,
      options: {
        body: typeof data.body === "string" && data.body ? data.body : DEFAULTS.body,
        icon: DEFAULTS.icon,
        badge: DEFAULTS.badge,
        tag: "attune-daily-lesson",
        data: { url: samePath(data.url) }
      }
    };
  }

  function keep(event, promise) {
    // waitUntil throws for events not dispatched by the browser (tests); the
    // work still runs.
    try { event.waitUntil(promise); } catch (e) { /* untrusted event */ }
    return promise;
  }

  self.addEventListener("push", function (event) {
    var n = notificationFrom(event);
    keep(event, self.registration.showNotification(n.title, n.options));
  });

  function openLesson(url) {
    var target = new URL(url, self.location.origin).href;
    return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        var client = windows[i];
        if (new URL(client.url).origin !== self.location.origin) continue;
        var focused = "focus" in client ? client.focus().catch(function () { return client; }) : Promise.resolve(client);
        return focused.then(function (c) {
          c = c || client;
          if (c.url === target) return c;
          if ("navigate" in c) {
            return c.navigate(target).catch(function () {
              return self.clients.openWindow(target);
            });
          }
          return self.clients.openWindow(target);
        });
      }
      return self.clients.openWindow(target);
    });
  }

  self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    var url = samePath(event.notification.data && event.notification.data.url);
    keep(event, openLesson(url));
  });

  // The push service replaced the subscription: subscribe again with the same
  // key and tell the server, with the CSRF token read from a page of the site.
  function csrfAndKey() {
    return fetch("/settings/reminders", { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("signed out");
      return response.text();
    }).then(function (html) {
      var token = /"x-csrftoken":\s*"([^"]+)"/.exec(html);
      var key = /data-vapid-key="([A-Za-z0-9_-]+)"/.exec(html);
      if (!token) throw new Error("no token");
      return { token: token[1], key: key ? key[1] : null };
    });
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  self.addEventListener("pushsubscriptionchange", function (event) {
    var old = event.oldSubscription;
    var work = csrfAndKey().then(function (page) {
      var key = (old && old.options && old.options.applicationServerKey) || (page.key && keyBytes(page.key));
      var next = event.newSubscription
        ? Promise.resolve(event.newSubscription)
        : self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      return next.then(function (sub) {
        var body = sub.toJSON();
        if (old && old.endpoint) body.oldEndpoint = old.endpoint;
        return fetch("/push/subscribe", {
          method: "POST",
          credentials: "same-origin",
          headers: { "content-type": "application/json", "x-csrftoken": page.token },
          body: JSON.stringify(body)
        });
      });
    }).catch(function () { return null; });
    keep(event, work);
  });

  self.attunePush = { openLesson: openLesson };
})();

// Passkeys: ask this device to make or use one, then post its answer in the
// page's own form, as any form is posted. Without JavaScript, or in a browser
// without passkeys, the note beside the buttons says so and the passphrase
// forms work as ever.
(function () {
  "use strict";

  function supported() { return !!(window.PublicKeyCredential && navigator.credentials && window.fetch); }
  // Loaded after app.js (by its [data-script] loader), which reads the page's words.
  var say = window.Attune.text;

  // --- base64url, as py_webauthn writes and reads it --------------------------
  function toBytes(text) {
    var padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }
  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return window.btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function descriptors(list) {
    return (list || []).map(function (d) { return { type: d.type, id: toBytes(d.id), transports: d.transports }; });
  }
  function creationOptions(json) {
    json.challenge = toBytes(json.challenge);
    json.user.id = toBytes(json.user.id);
    json.excludeCredentials = descriptors(json.excludeCredentials);
    return json;
  }
  function requestOptions(json) {
    json.challenge = toBytes(json.challenge);
    json.allowCredentials = descriptors(json.allowCredentials);
    return json;
  }
  function answer(credential) {
    var r = credential.response;
    var response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) response.userHandle = toText(r.userHandle);
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {}
    });
  }

  // --- Talking to the page ----------------------------------------------------
  function status(box, message) {
    var place = box.querySelector("[data-passkey-status]");
    if (!place) return;
    place.textContent = message;
    place.hidden = !message;
  }
  // The options, asked with a form of this page: its CSRF token and, for sign-up,
  // the username and time zone typed there (never a passphrase).
  function fetchOptions(url, form, withFields) {
    var body = new FormData();
    new FormData(form).forEach(function (value, name) {
      if (name === "_csrf_token" || (withFields && (name === "username" || name === "timezone"))) body.append(name, value);
    });
    return fetch(url, { method: "POST", credentials: "same-origin", body: body })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      });
  }
  // The model name ("Pixel 8") where the browser tells it; the server falls back
  // to the kind of device. The person can rename it in Settings.
  function deviceModel() {
    var hints = navigator.userAgentData;
    if (!hints || !hints.getHighEntropyValues) return Promise.resolve("");
    return hints.getHighEntropyValues(["model"])
      .then(function (v) { return v.model || ""; }, function () { return ""; });
  }
  // Posts the answer with the form: a real navigation, so the next page (the
  // recovery code, the list of passkeys) loads with its own scripts.
  function send(form, credential, name) {
    form.querySelector('input[name="credential"]').value = credential;
    var field = form.querySelector('input[name="name"]');
    if (field) field.value = name || "";
    HTMLFormElement.prototype.submit.call(form);
  }
  function failed(box, error) {
    var name = error && error.name;
    if (name === "AbortError") return;
    status(box, name === "NotAllowedError"
      ? say("passkeyClosed", "The passkey request closed before it finished. Nothing has changed.")
      : name === "InvalidStateError"
        ? say("passkeyExists", "This device already has a passkey for your account.")
        : say("passkeyFailed", "The passkey could not be used just now. Please try again."));
  }

  // --- The ceremonies -----------------------------------------------------------
  var waiting = null;  // the autofill request on /login, while it waits

  function signIn(box, conditional) {
    var form = box.querySelector("form");
    if (waiting) waiting.abort();
    var control = new AbortController();
    if (conditional) waiting = control;
    return fetchOptions(box.getAttribute("data-options"), form).then(function (got) {
      if (!got.ok) throw new Error("options");
      var request = { publicKey: requestOptions(got.body), signal: control.signal };
      if (conditional) request.mediation = "conditional";
      return navigator.credentials.get(request);
    }).then(function (credential) {
      if (credential) send(form, answer(credential));
    }, function (error) { if (!conditional) failed(box, error); });
  }

  function create(box) {
    var source = document.querySelector(box.getAttribute("data-fields") || "none") || box.querySelector("form");
    var form = box.querySelector("form");
    status(box, "");
    return fetchOptions(box.getAttribute("data-options"), source, true).then(function (got) {
      if (!got.ok) {
        var errors = got.body && got.body.errors;
        status(box, errors ? errors[Object.keys(errors)[0]] : say("passkeyFailed", "The passkey could not be used just now. Please try again."));
        return null;
      }
      return navigator.credentials.create({ publicKey: creationOptions(got.body) });
    }).then(function (credential) {
      if (!credential) return;
      return deviceModel().then(function (model) { send(form, answer(credential), model); });
    }, function (error) { failed(box, error); });
  }

  function confirm(box) {
    var form = box.closest("form");
    status(box, "");
    return fetchOptions(box.getAttribute("data-options"), form).then(function (got) {
      if (!got.ok) throw new Error("options");
      return navigator.credentials.get({ publicKey: requestOptions(got.body) });
    }).then(function (credential) {
      if (credential) send(form, answer(credential));
    }, function (error) { failed(box, error); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-passkey-start]");
    if (!button) return;
    var box = button.closest("[data-passkey]");
    event.preventDefault();
    var kind = box.getAttribute("data-passkey");
    if (kind === "signin") signIn(box, false);
    else if (kind === "confirm") confirm(box);
    else create(box);
  });

  // Show what works here: the buttons where passkeys can be used, otherwise a
  // sentence instead of a button that would do nothing.
  function prepare(root) {
    var boxes = (root || document).querySelectorAll("[data-passkey]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var note = box.querySelector("[data-passkey-note]");
      if (supported()) {
        box.querySelector("[data-passkey-start]").hidden = false;
        if (note) note.hidden = true;
      } else if (note) {
        note.textContent = say("passkeyUnsupported", "This browser does not offer passkeys. Your passphrase works as always.");
      }
    }
    var signin = document.querySelector('[data-passkey="signin"]');
    if (signin && supported() && PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then(function (yes) {
        if (yes) signIn(signin, true);
      });
    }
  }
  // Loaded by app.js when a page offers passkeys: the page may be ready already.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { prepare(document); });
  } else {
    prepare(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.boosted) prepare(document);
  });
  // Leaving /login ends its autofill request; a form coming back with a message
  // (a fragment, not a new page) keeps it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail && event.detail.boosted && waiting) { waiting.abort(); waiting = null; }
  });
})();

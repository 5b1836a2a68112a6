// Sharing the plan and keeping the recovery code (their pages' [data-script]
// loads this): a Copy button where the clipboard can be written, and the phone's
// own Share sheet where the browser has one (Web Share). Without them the link or
// code stays on the page, whole, to select and copy.
(function (Attune) {
  "use strict";

  Attune.onContent(function (root) {
    var copy = root.querySelector("[data-action=copy-link]");
    var share = root.querySelector("[data-action=share-link]");
    var copyCode = root.querySelector("[data-action=copy-code]");
    var canCopy = navigator.clipboard && window.isSecureContext !== false;
    if (copy && canCopy) copy.hidden = false;
    if (copyCode && canCopy) copyCode.hidden = false;
    if (share && navigator.share) share.hidden = false;
  });

  function say(selector, key, english) {
    var status = document.querySelector(selector);
    if (status) status.textContent = Attune.text(key, english);
  }

  document.addEventListener("click", function (event) {
    var copy = event.target.closest && event.target.closest("[data-action=copy-link]");
    var share = event.target.closest && event.target.closest("[data-action=share-link]");
    var copyCode = event.target.closest && event.target.closest("[data-action=copy-code]");
    if (copyCode) {
      // The recovery code: if the clipboard refuses, the code is still on the page.
      navigator.clipboard.writeText(copyCode.getAttribute("data-code")).then(function () {
        say("[data-copy-status]", "codeCopied", "Copied. Keep it somewhere safe, away from this phone.");
      }, function () { /* nothing copied: the code stays in view to write down */ });
    } else if (copy) {
      var field = document.getElementById("share-url");
      navigator.clipboard.writeText(copy.getAttribute("data-link")).then(function () {
        say("[data-share-status]", "copied", "Copied. Paste it into a message to the person you chose.");
      }, function () {
        if (field) { field.focus(); field.select(); }
        say("[data-share-status]", "selected", "The link is selected: copy it with your device's own menu.");
      });
    } else if (share) {
      navigator.share({ title: Attune.text("sharedTitle", "My safety plan"), url: share.getAttribute("data-link") })
        .catch(function () { /* closed without sharing: nothing to say */ });
    }
  });
})(window.Attune);

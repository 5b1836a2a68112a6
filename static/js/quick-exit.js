// Quick exit, on every page: leave at once for a neutral page and put it in
// place of this one in the tab's history, so Back does not come here. Escape
// pressed twice does the same. Without this script the header link still
// leaves, as a plain link (which adds a history entry). Loaded without defer:
// it works from the first moment a page shows.
(function () {
  "use strict";
  var TWICE_WITHIN_MS = 1000;
  var lastEscape = 0;

  function leave(url) {
    if (document.body) document.body.hidden = true;
    window.location.replace(url);
  }

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest && event.target.closest("a[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    leave(link.href);
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.repeat) return;
    var now = Date.now();
    var link = document.querySelector("a[data-quick-exit]");
    if (link && now - lastEscape <= TWICE_WITHIN_MS) leave(link.href);
    lastEscape = now;
  }, true);
})();

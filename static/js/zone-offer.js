// Settings and (once) the home page, which load this by [data-script]: offer this
// device's time zone when it differs from the saved one. Nothing changes until the
// person presses the button; without script the saved zone stays, changeable in
// Settings.
(function (Attune) {
  "use strict";
  var DECLINED = "attune-zone-kept";

  Attune.onContent(function (root) {
    var offer = root.querySelector("[data-zone-offer]");
    var zone = Attune.zone();
    if (!offer || !zone || zone === offer.getAttribute("data-saved-zone")) return;
    try {
      if (offer.hasAttribute("data-once") && localStorage.getItem(DECLINED)) return;
    } catch (e) { /* storage off: offer it */ }
    offer.querySelector('input[name="timezone"]').value = zone;
    offer.querySelector("[data-zone-name]").textContent = zone.replace(/_/g, " ");
    offer.hidden = false;
  });

  document.addEventListener("click", function (event) {
    var keep = event.target.closest && event.target.closest("[data-action=keep-zone]");
    if (!keep) return;
    try { localStorage.setItem(DECLINED, "1"); } catch (e) { /* nothing to remember with */ }
    var offer = keep.closest("[data-zone-offer]");
    if (offer) offer.hidden = true;
  });
})(window.Attune);

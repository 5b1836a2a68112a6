// The install page (its [data-script] loads this): a button that opens the
// browser's own "Add to home screen" prompt, kept by device.js, where the browser
// has one; a note where Attune is on the home screen already. Without it the page
// gives the written steps.
(function (Attune) {
  "use strict";

  Attune.offerInstall = function () {
    var button = document.querySelector("[data-install-button]");
    var note = document.querySelector("[data-installed-note]");
    if (button) button.hidden = !Attune.installPrompt;
    if (note && (Attune.installed || Attune.standalone())) note.hidden = false;
  };
  Attune.onContent(Attune.offerInstall);

  document.addEventListener("click", function (event) {
    var install = event.target.closest && event.target.closest("[data-install-button]");
    var prompt = Attune.installPrompt;
    if (!install || !prompt) return;
    Attune.installPrompt = null;
    install.hidden = true;
    prompt.prompt();
    if (prompt.userChoice) prompt.userChoice.catch(function () { /* dismissed */ });
  });
})(window.Attune);

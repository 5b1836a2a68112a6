// The journal's conditional questions (server/reflections/questions.py): a
// question marked data-skipped-when="name=value|value" hides while that answer
// is chosen, and what Attune says after an answer (data-shown-when) shows only
// then. Hidden fields keep what was typed. Without this script every question
// stays on the page, and all are optional.
(function () {
  "use strict";

  function holds(form, condition) {
    var parts = condition.split("=");
    var values = (parts[1] || "").split("|");
    var chosen = form.querySelector('[name="' + parts[0] + '"]:checked') ||
      form.querySelector('select[name="' + parts[0] + '"]');
    return !!chosen && values.indexOf(chosen.value) !== -1;
  }

  function follow(form) {
    if (!form || !form.querySelectorAll) return;
    form.querySelectorAll("[data-skipped-when]").forEach(function (el) {
      el.hidden = holds(form, el.getAttribute("data-skipped-when"));
    });
    form.querySelectorAll("[data-shown-when]").forEach(function (el) {
      el.hidden = !holds(form, el.getAttribute("data-shown-when"));
    });
    // Words meant only for a page without this script.
    form.querySelectorAll("[data-without-script]").forEach(function (el) { el.hidden = true; });
  }

  function followAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("form.reflection-form").forEach(follow);
    if (root.matches && root.matches("form.reflection-form")) follow(root);
  }

  document.addEventListener("change", function (event) {
    var form = event.target && event.target.form;
    if (form && form.classList.contains("reflection-form")) follow(form);
  });
  document.addEventListener("htmx:load", function (event) { followAll(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { followAll(document); });
  } else {
    followAll(document);
  }
})();

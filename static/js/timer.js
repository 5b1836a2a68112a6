// A calm practice timer for lesson cards. Without it the card shows the steps and
// "take about N minutes" as plain text. No sound, no vibration; the ring's slow
// movement stops for people who ask for reduced motion (lessons.css).
(function () {
  "use strict";
  var RADIUS = 52;
  var LENGTH = 2 * Math.PI * RADIUS;

  function format(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // text(key, English, values): the page's own words (app.js), else the English.
  function text(key, english, values) {
    return window.attuneText ? window.attuneText(key, english, values) : english;
  }

  function minutesText(seconds) {
    var m = Math.round(seconds / 60);
    return m === 1 ? text("oneMinute", "1 minute") : text("minutes", m + " minutes", { num: m });
  }

  function setup(box) {
    if (box.hasAttribute("data-timer-ready")) return;
    box.setAttribute("data-timer-ready", "");
    var total = parseInt(box.getAttribute("data-seconds"), 10) || 120;
    var start = box.querySelector("[data-timer-start]");
    var stop = box.querySelector("[data-timer-stop]");
    var display = box.querySelector("[data-timer-display]");
    var status = box.querySelector("[data-timer-status]");
    var ring = box.querySelector("[data-timer-ring]");
    var endsAt = 0;
    var handle = null;

    ring.setAttribute("stroke-dasharray", LENGTH.toFixed(2));
    function show(left) {
      display.textContent = format(left);
      ring.setAttribute("stroke-dashoffset", (LENGTH * (1 - left / total)).toFixed(2));
    }

    function finish(message) {
      if (handle) window.clearInterval(handle);
      handle = null;
      box.classList.remove("is-running");
      start.hidden = false;
      stop.hidden = true;
      status.textContent = message;
      start.focus();
    }

    function tick() {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      show(left);
      if (left === 0) finish(text("timeUp", "Time is up. Take a moment before you move on."));
    }

    start.addEventListener("click", function () {
      endsAt = Date.now() + total * 1000;
      show(total);
      box.classList.add("is-running");
      start.hidden = true;
      stop.hidden = false;
      stop.focus();
      status.textContent = text("timerStarted", "Timer started: %(time)s. Follow the steps at your own pace.", { time: minutesText(total) });
      handle = window.setInterval(tick, 1000);
    });
    stop.addEventListener("click", function () {
      show(total);
      finish(text("timerStopped", "Timer stopped. That is fine; you can come back to it any time."));
    });

    show(total);
    box.hidden = false;
  }

  function setupAll(root) {
    var boxes = (root || document).querySelectorAll("[data-timer]");
    for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
  }

  document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  document.addEventListener("htmx:load", function (event) { setupAll(event.target); });
})();

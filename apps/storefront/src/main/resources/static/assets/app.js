// Countdowns: an element with data-countdown="<ISO instant>" shows the time left, every second.
(function () {
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.floor((Date.parse(el.dataset.countdown) - Date.now()) / 1000);
      var label = el.dataset.label || "";
      if (left <= 0) { el.textContent = label.indexOf("Start") === 0 ? "On now" : "Ended"; return; }
      var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
      el.textContent = label + " " + pad(h) + ":" + pad(m) + ":" + pad(s);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();

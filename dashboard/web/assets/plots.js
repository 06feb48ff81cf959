// One watcher for every chart on the page: the other scripts here register what to do with each
// plotly chart — once when it is first drawn, again after every redraw, and on every resize — by
// pushing {name, fit} onto window.coopdashPlots, before or after this file loads (Dash loads the
// assets in name order). One MutationObserver serves them all.
(function () {
  "use strict";

  var waiting = window.coopdashPlots || [];
  var handlers = [];

  function each(fn) {
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (typeof gd.on === "function") fn(gd);
    });
  }

  function watch(gd) {
    if (gd.dataset.coopdashWatched) return;
    gd.dataset.coopdashWatched = "1";
    gd.on("plotly_afterplot", function () {
      handlers.forEach(function (h) { h.fit(gd); });
    });
    handlers.forEach(function (h) { h.fit(gd); });
  }

  function register(handler) {
    handlers.push(handler);
    each(function (gd) { if (gd.dataset.coopdashWatched) handler.fit(gd); });
  }

  window.coopdashPlots = { push: register };
  waiting.forEach(register);
  window.addEventListener("resize", function () {
    each(function (gd) {
      if (gd.dataset.coopdashWatched) handlers.forEach(function (h) { h.fit(gd); });
    });
  });
  new MutationObserver(function () { each(watch); }).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();

// Period axes (each label in the middle of its year, quarter or month, written level) keep a
// label per period while there is room. On a narrow screen, where the labels would touch, this
// shows every second (or third…) label instead; plotly itself would tilt them.
(function () {
  "use strict";

  function thin(gd) {
    var axis = gd._fullLayout && gd._fullLayout.xaxis;
    if (!axis || axis.ticklabelmode !== "period" || !axis._vals || axis._vals.length < 2) return;
    var widest = 0;
    gd.querySelectorAll(".xtick text").forEach(function (label) {
      widest = Math.max(widest, label.getBoundingClientRect().width);
    });
    var spacing = axis._length / axis._vals.length; // one period's width, whatever is labelled
    var step = Math.max(1, Math.ceil((widest + 8) / spacing));
    if (step !== (axis.ticklabelstep || 1)) {
      window.Plotly.relayout(gd, { "xaxis.ticklabelstep": step });
    }
  }

  function watch(gd) {
    if (gd.dataset.periodAxes) return;
    gd.dataset.periodAxes = "1";
    gd.on("plotly_afterplot", function () { thin(gd); });
    thin(gd);
  }

  new MutationObserver(function () {
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (typeof gd.on === "function") watch(gd);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();

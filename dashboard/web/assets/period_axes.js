// Year axes keep a label per period (a year, quarter or month, each label in the middle of its
// period, or a tick a year apart on a number axis) while there is room. On a narrow screen, where
// the labels would touch, this shows every second (or third…) label instead; plotly itself would
// tilt them, or crowd them over each other when the chart fixes the tick spacing.
(function () {
  "use strict";

  function spacing(axis) {
    if (axis.ticklabelmode === "period") return axis._length / axis._vals.length; // one period's width
    if (axis.tickmode !== "linear" || axis.type !== "linear") return 0; // plotly spaces its own ticks
    return Math.abs(axis.l2p(axis._vals[1].x) - axis.l2p(axis._vals[0].x));
  }

  function thin(gd) {
    var axis = gd._fullLayout && gd._fullLayout.xaxis;
    if (!axis || !axis._vals || axis._vals.length < 2 || !axis.showticklabels) return;
    var each = spacing(axis);
    if (!(each > 0)) return;
    var widest = 0;
    gd.querySelectorAll(".xtick text").forEach(function (label) {
      widest = Math.max(widest, label.getBoundingClientRect().width);
    });
    var step = Math.max(1, Math.ceil((widest + 8) / each));
    if (step !== (axis.ticklabelstep || 1)) {
      window.Plotly.relayout(gd, { "xaxis.ticklabelstep": step });
    }
  }

  (window.coopdashPlots = window.coopdashPlots || []).push({ name: "period axes", fit: thin }); // plots.js
})();

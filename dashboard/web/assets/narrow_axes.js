// A chart with two value axes (bars on the left, a running total on the right) titles each axis
// along its side. In a phone's column those titles are longer than the plot is high and run into
// the chart's title, so on a narrow chart they are left out: the legend, in the same colours,
// names both. Widening the window puts them back.
(function () {
  "use strict";

  var NARROW = 450; // px of chart width: a phone's column (a laptop's half-width column keeps its titles)
  var PATHS = ["yaxis.title.text", "yaxis2.title.text"];

  function read(layout, path) {
    return path.split(".").reduce(function (node, key) {
      return node === undefined || node === null ? undefined : node[key];
    }, layout);
  }

  function fit(gd) {
    if (!gd.layout || !gd.layout.yaxis2 || !gd._fullLayout) return;
    var width = gd.getBoundingClientRect().width;
    var narrow = width > 0 && width < NARROW;
    var titled = PATHS.some(function (path) { return read(gd.layout, path); });
    var wanted = {};
    if (narrow && titled) {
      gd._axisTitles = {};
      PATHS.forEach(function (path) {
        gd._axisTitles[path] = read(gd.layout, path) || "";
        wanted[path] = "";
      });
    } else if (!narrow && !titled && gd._axisTitles) {
      wanted = gd._axisTitles;
      gd._axisTitles = undefined;
    } else {
      return; // as it should be
    }
    window.Plotly.relayout(gd, wanted);
  }

  (window.coopdashPlots = window.coopdashPlots || []).push({ name: "narrow axes", fit: fit }); // plots.js
})();

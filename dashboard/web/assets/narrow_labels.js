// Labels that fit a laptop's chart but not a phone's column; widening the window puts them back.
// * A chart with two value axes (bars on the left, a running total on the right) titles each axis
//   along its side; in a phone's column those titles run into the chart's title, so they are left
//   out: the legend, in the same colours, names both.
// * The milestones over a time chart are titled in a band above the plot; in a phone's column the
//   titles run into each other, so each is shown as its number in the numbered list below the chart.
(function () {
  "use strict";

  var NARROW = 450; // px of chart width: a phone's column (a laptop's half-width column keeps its titles)
  var PATHS = ["yaxis.title.text", "yaxis2.title.text"];

  function read(layout, path) {
    return path.split(".").reduce(function (node, key) {
      return node === undefined || node === null ? undefined : node[key];
    }, layout);
  }

  function fitAxes(gd) {
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

  function fitMilestones(gd) {
    var notes = (gd.layout && gd.layout.annotations) || [];
    var marks = [];
    notes.forEach(function (note, i) { if (note.name === "milestone") marks.push(i); });
    if (!marks.length || !gd._fullLayout) return;
    var width = gd.getBoundingClientRect().width;
    var narrow = width > 0 && width < NARROW;
    var numbered = notes[marks[0]].text === "1";
    var wanted = {};
    if (narrow && !numbered) { // numbers on the two lowest of the band's lines, clear of the chart's title
      gd._milestoneTitles = marks.map(function (i) { return [notes[i].text, notes[i].yshift]; });
      marks.forEach(function (i, n) {
        wanted["annotations[" + i + "].text"] = String(n + 1);
        wanted["annotations[" + i + "].yshift"] = 2 + 20 * (n % 2);
      });
    } else if (!narrow && numbered && gd._milestoneTitles) {
      marks.forEach(function (i, n) {
        wanted["annotations[" + i + "].text"] = gd._milestoneTitles[n][0];
        wanted["annotations[" + i + "].yshift"] = gd._milestoneTitles[n][1];
      });
      gd._milestoneTitles = undefined;
    } else {
      return; // as it should be
    }
    window.Plotly.relayout(gd, wanted);
  }

  var push = function (handler) { (window.coopdashPlots = window.coopdashPlots || []).push(handler); }; // plots.js
  push({ name: "narrow axes", fit: fitAxes });
  push({ name: "narrow milestones", fit: fitMilestones });
})();

// Maps on a narrow screen (a phone): a world map is about twice as wide as it is high, so in a
// column a few hundred pixels wide the chart is made as high as the map needs (and its colour
// scale thinner), instead of a thin strip in a box drawn for a laptop. Widening the window puts
// the chart back as it was drawn.
(function () {
  "use strict";

  var NARROW = 576; // px of chart width (Bootstrap's sm breakpoint)
  var MAP_ASPECT = 0.52; // the natural-earth world, cut at 58°S and 85°N: height / width
  var SCALE = 70; // the colour scale beside the map, with its title
  var ABOVE = 50; // the chart's title
  var LOWEST = 260; // px: still a chart to read

  function narrowed(width) {
    return {
      height: Math.max(LOWEST, Math.round((width - SCALE) * MAP_ASPECT) + ABOVE + 30),
      "coloraxis.colorbar.thickness": 8,
    };
  }

  function read(layout, path) {
    return path.split(".").reduce(function (node, key) {
      return node === undefined || node === null ? undefined : node[key];
    }, layout);
  }

  function fit(gd) {
    if (!gd._fullLayout || !gd._fullLayout.geo || !gd.layout || !gd.layout.coloraxis) return;
    var width = gd.getBoundingClientRect().width;
    var narrow = width > 0 && width < NARROW;
    var wanted;
    if (narrow) {
      wanted = narrowed(width);
      if (gd.layout.height === wanted.height) return; // as it should be
      if (gd.layout.height !== gd._narrowHeight) { // a new drawing from the server: remember it
        gd._drawnWide = {};
        Object.keys(wanted).forEach(function (path) {
          var value = read(gd.layout, path);
          gd._drawnWide[path] = value === undefined ? null : value; // null: plotly's default
        });
      }
      gd._narrowHeight = wanted.height;
    } else {
      if (!gd._drawnWide || gd.layout.height !== gd._narrowHeight) return; // as drawn
      wanted = gd._drawnWide;
      gd._drawnWide = gd._narrowHeight = undefined;
    }
    window.Plotly.relayout(gd, wanted);
  }

  (window.coopdashPlots = window.coopdashPlots || []).push({ name: "narrow maps", fit: fit }); // plots.js
})();

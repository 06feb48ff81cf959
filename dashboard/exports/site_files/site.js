/* The public site's map: the figure is in the page (a JSON block), drawn by the site's own
   plotly.js from the site's own topojson: no request leaves the site. */
(function () {
  "use strict";
  var block = document.getElementById("map-figure");
  var target = document.getElementById("public-map");
  if (!block || !target || !window.Plotly) {
    return;
  }
  var figure = JSON.parse(block.textContent);
  window.Plotly.newPlot(target, figure.data || [], figure.layout || {}, {
    topojsonURL: "topojson/",
    displayModeBar: false,
    displaylogo: false,
    responsive: true,
  });
})();

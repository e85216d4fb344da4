// Draw each chart live from its Vega-Lite spec (values on hover), with vega-embed inlined just
// before this script. Until a chart is drawn, or if drawing fails, its static SVG stays shown.
// Plain ES5: an old browser that cannot run the bundle must still run this without error.
(function () {
  if (typeof window.vegaEmbed !== "function") {
    return;
  }
  var charts = document.querySelectorAll(".briefing-chart");
  Array.prototype.forEach.call(charts, function (chart) {
    var source = chart.querySelector("script.briefing-chart-spec");
    if (!source) {
      return;
    }
    var holder = document.createElement("div");
    chart.appendChild(holder);
    try {
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(holder, spec, { actions: false, renderer: "svg" })
        .then(function () { chart.classList.add("briefing-chart-live"); })
        .catch(function (error) { keepStatic(holder, error); });
    } catch (error) {
      keepStatic(holder, error);
    }
  });

  function keepStatic(holder, error) {
    holder.parentNode.removeChild(holder);
    console.warn("chart kept static:", error);
  }
})();

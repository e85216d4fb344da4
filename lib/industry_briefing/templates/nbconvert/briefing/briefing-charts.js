// The shared page's script, inlined after vega-embed. Plain ES5: an old browser that cannot run
// the bundle must still run this without error.

// Tables: mark each table's box that is wider than the screen (the CSS then shows the scroll
// hint above it), now and whenever the window changes size. Needs no chart library.
(function () {
  function markWide() {
    var boxes = document.querySelectorAll(".briefing-table-scroll");
    Array.prototype.forEach.call(boxes, function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      var marked = /(^|\s)briefing-table-wide(\s|$)/.test(box.className);
      if (wide && !marked) {
        box.className += " briefing-table-wide";
      } else if (!wide && marked) {
        box.className = box.className.replace(/\s*briefing-table-wide/, "");
      }
    });
  }
  markWide();
  window.addEventListener("resize", markWide);
})();

// Charts: draw each live from its Vega-Lite spec (values on hover). Until a chart is drawn, or
// if drawing fails, its static SVG stays shown. A chart wider than its column (a phone) is
// drawn again as wide as the column, its text at full size: long names shortened (in full on
// hover), the legend below, the title on as many lines as it needs.
(function () {
  if (typeof window.vegaEmbed !== "function") {
    return;
  }
  var OPTIONS = { actions: false, renderer: "svg" };
  var charts = document.querySelectorAll(".briefing-chart");
  Array.prototype.forEach.call(charts, function (chart) {
    var source = chart.querySelector("script.briefing-chart-spec");
    if (!source) {
      return;
    }
    var holder = document.createElement("div");
    chart.appendChild(holder);
    try {
      var text = source.textContent;
      window.vegaEmbed(holder, JSON.parse(text), OPTIONS)
        .then(function (result) { return fitted(chart, holder, text, result); })
        .then(function () { chart.classList.add("briefing-chart-live"); })
        .catch(function (error) { keepStatic(holder, error); });
    } catch (error) {
      keepStatic(holder, error);
    }
  });

  function fitted(chart, holder, text, result) {
    var room = chart.clientWidth;
    var svg = holder.querySelector("svg");
    var drawn = svg ? parseFloat(svg.getAttribute("width")) : 0;
    if (!(room > 0 && drawn > room)) {
      return result;
    }
    result.finalize();
    return window.vegaEmbed(holder, fitTo(JSON.parse(text), room), OPTIONS);
  }

  function fitTo(spec, room) {
    spec.width = room;
    spec.autosize = { type: "fit-x", contains: "padding" };
    var config = spec.config || (spec.config = {});
    var axis = config.axis || (config.axis = {});
    axis.labelLimit = Math.round(room * 0.35);
    var legend = config.legend || (config.legend = {});
    legend.orient = "bottom";
    var title = config.title || (config.title = {});
    if (typeof spec.title === "string") {
      spec.title = lines(spec.title, room, title.fontSize || 13);
    } else if (spec.title && typeof spec.title.text === "string") {
      spec.title.text = lines(spec.title.text, room, title.fontSize || 13);
    }
    return spec;
  }

  // A title broken into lines of at most `room` pixels: between words, or between any two
  // Chinese characters (each about a font size wide; other characters about 0.6 of it).
  function lines(text, room, size) {
    var wide = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
    var pieces = text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+/g) || [text];
    var result = [];
    var line = "";
    var width = 0;
    pieces.forEach(function (piece) {
      var pieceWidth = wide.test(piece) ? size : piece.length * size * 0.6;
      if (line && width + pieceWidth > room) {
        result.push(line.replace(/\s+$/, ""));
        line = "";
        width = 0;
      }
      line += line || !/^\s+$/.test(piece) ? piece : "";
      width += pieceWidth;
    });
    result.push(line.replace(/\s+$/, ""));
    return result.length > 1 ? result : text;
  }

  function keepStatic(holder, error) {
    holder.parentNode.removeChild(holder);
    console.warn("chart kept static:", error);
  }
})();

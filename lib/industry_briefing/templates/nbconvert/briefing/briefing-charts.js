// The shared page's script, inlined after vega-embed. Plain ES5: an old browser that cannot run
// the bundle must still run this without error.

// Tables: mark each table's box that is wider than the text's column ("broad": on a desktop
// screen the CSS lets it come out of the column) and each that is still wider than its box
// ("wide": the CSS then shows the scroll hint above it), now and whenever the window changes
// size. Needs no chart library.
(function () {
  function mark(box, name, on) {
    var pattern = new RegExp("(^|\\s)" + name + "(\\s|$)");
    var marked = pattern.test(box.className);
    if (on && !marked) {
      box.className += " " + name;
    } else if (!on && marked) {
      box.className = box.className.replace(new RegExp("\\s*" + name), "");
    }
  }
  function overflows(box) {
    return box.scrollWidth > box.clientWidth + 1;
  }
  function markWide() {
    var boxes = document.querySelectorAll(".briefing-table-scroll");
    Array.prototype.forEach.call(boxes, function (box) {
      mark(box, "briefing-table-broad", false); // measured in the column
      mark(box, "briefing-table-broad", overflows(box));
      mark(box, "briefing-table-wide", overflows(box));
    });
  }
  markWide();
  window.addEventListener("resize", markWide);
})();

// Charts: draw each live from its Vega-Lite spec (values on hover; on a touch screen, where
// nothing hovers, on a tap). Until a chart is drawn, or if drawing fails, its static SVG stays
// shown. A chart wider than its column (a phone) is drawn again as wide as the column, its text
// at full size: long names shortened (in full in the tooltip), the legend below in as many
// columns as fit (the spec's own rule), the title and the axis titles on as many lines as they
// need.
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
        .then(function () {
          tapShowsValue(holder);
          chart.classList.add("briefing-chart-live");
        })
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
    return window.vegaEmbed(holder, fitTo(JSON.parse(text), room), OPTIONS)
      .then(function (fit) {
        // A legend's columns follow the width the view was fitted to: lay it out once more,
        // so that the drawing is as tall as the rows it then takes.
        return fit.view.resize().runAsync().then(function () { return fit; });
      });
  }

  function fitTo(spec, room) {
    var config = spec.config || (spec.config = {});
    var axis = config.axis || (config.axis = {});
    axis.labelLimit = Math.round(room * 0.35);
    var legend = config.legend || (config.legend = {});
    legend.orient = "bottom";
    var size = axis.titleFontSize || 12;
    if (spec.vconcat) {
      // Views one above the other cannot be fitted by Vega: each is given the width left
      // beside its axis (names, or figures).
      spec.vconcat.forEach(function (view) {
        var y = (view.encoding || {}).y || {};
        var reserve = y.type === "nominal" || y.type === "ordinal" ? axis.labelLimit + 40 : 80;
        view.width = Math.max(120, room - reserve);
      });
    } else {
      spec.width = room;
      spec.autosize = { type: "fit-x", contains: "padding" };
    }
    eachEncoding(spec, function (encoding, view) {
      if (encoding.x && typeof encoding.x.title === "string") {
        encoding.x.title = lines(encoding.x.title, room * 0.6, size);
      }
      if (encoding.y && typeof encoding.y.title === "string") {
        var height = view.height || spec.height || 200;
        encoding.y.title = lines(encoding.y.title, height * 0.9, size);
      }
    });
    var titleSize = (config.title || {}).fontSize || 13;
    [spec].concat(spec.vconcat || []).forEach(function (view) {
      if (typeof view.title === "string") {
        view.title = lines(view.title, room, titleSize);
      } else if (view.title && typeof view.title.text === "string") {
        view.title.text = lines(view.title.text, room, titleSize);
      }
    });
    return spec;
  }

  // Every encoding of the spec and its views (layers, views one above another), with the view.
  function eachEncoding(view, visit) {
    if (!view || typeof view !== "object") {
      return;
    }
    if (view.encoding) {
      visit(view.encoding, view);
    }
    ["layer", "vconcat", "hconcat", "concat"].forEach(function (key) {
      (view[key] || []).forEach(function (child) { eachEncoding(child, visit); });
    });
    if (view.spec) {
      eachEncoding(view.spec, visit);
    }
  }

  // A touch screen has no hover: a tap on a mark shows its tooltip as a pointer resting on it
  // would (Vega shows tooltips on pointermove); a tap elsewhere hides it again.
  function tapShowsValue(holder) {
    if (typeof window.PointerEvent !== "function") {
      return;
    }
    holder.addEventListener("click", function (event) {
      var target = event.target;
      if (!target || !target.__data__) {
        return;
      }
      target.dispatchEvent(new window.PointerEvent("pointermove", {
        bubbles: true, clientX: event.clientX, clientY: event.clientY,
        pointerType: "touch"
      }));
    });
  }

  // A title broken into lines of at most `room` pixels: between words, or between any two
  // Chinese characters (each about a font size wide; other characters about 0.6 of it), never
  // after an opening bracket or before a closing one or a mark of punctuation.
  function lines(text, room, size) {
    var wide = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
    var pieces = text.match(new RegExp(
      "[（《「【“‘〔]*[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef][）》」】”’〕，。、；：！？]*"
      + "|[^\\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\\s*|\\s+", "g")) || [text];
    var result = [];
    var line = "";
    var width = 0;
    pieces.forEach(function (piece) {
      var pieceWidth = 0;
      for (var i = 0; i < piece.length; i += 1) {
        pieceWidth += wide.test(piece.charAt(i)) ? size : size * 0.6;
      }
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

// A tooltip stays on the screen: vega-tooltip sets it beside the pointer, past the screen's edge
// where it is wider than the room on either side (a phone); it is moved back in.
(function () {
  if (typeof window.MutationObserver !== "function") {
    return;
  }
  function keepOnScreen(tip) {
    var box = tip.getBoundingClientRect();
    var room = document.documentElement.clientWidth;
    var left = Math.max(4, Math.min(box.left, room - box.width - 4));
    if (Math.abs(left - box.left) > 0.5) {
      tip.style.left = left + "px";
    }
  }
  var watched = null;
  new window.MutationObserver(function () {
    var tip = document.getElementById("vg-tooltip-element");
    if (tip && tip !== watched) {
      watched = tip;
      new window.MutationObserver(function () { keepOnScreen(tip); })
        .observe(tip, { attributes: true, attributeFilter: ["style", "class"] });
      keepOnScreen(tip);
    }
  }).observe(document.body, { childList: true });
})();

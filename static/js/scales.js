/* Shared by every chart script: the scales' words and the experts' marks, from the server.
 *
 * The page carries {% vantage_scales %}, a JSON block (id "vantage-scales") with the
 * likelihood words, the mark colours and shapes (corpus/marks.py). Series drawn for an expert
 * carry their own {colour, shape} from the server; `markOf` falls back to the sequence.
 */
(function () {
  "use strict";

  const MINUS = "\u2212";
  const block = document.getElementById("vantage-scales");
  const config = block ? JSON.parse(block.textContent) : { likelihoods: {}, colours: ["#0072B2"], shapes: ["circle"] };

  function signed(value) {
    if (value > 0) return "+" + value;
    if (value < 0) return MINUS + -value;
    return "0";
  }

  function markOf(series, index) {
    if (series && series.colour && series.shape) return { colour: series.colour, shape: series.shape };
    return {
      colour: config.colours[index % config.colours.length],
      shape: config.shapes[index % config.shapes.length],
    };
  }

  function likelihoodWords(value) {
    return config.likelihoods[String(value)] || "";
  }

  // Event markers (corpus/pages/events.py): a dashed vertical line at each event's date with
  // its label above the plot, staggered over a few rows so neighbouring labels do not overlap.
  // The chart reserves the rows through layout.padding.top (eventPadding).
  const EVENT_COLOUR = "#5b4a00";
  const EVENT_ROWS = 3;

  function eventRows(events) {
    return Math.min(EVENT_ROWS, (events || []).length);
  }

  function eventPadding(events, fontSize) {
    const rows = eventRows(events);
    return rows ? rows * (fontSize + 6) + 6 : 0;
  }

  function shorten(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    let cut = text;
    while (cut.length > 1 && ctx.measureText(cut + "\u2026").width > width) cut = cut.slice(0, -1);
    return cut + "\u2026";
  }

  function eventMarkers(events, fontSize, lineWidth) {
    return {
      id: "eventMarkers",
      afterDatasetsDraw(chart) {
        const rows = eventRows(events);
        // What was drawn where (chart pixels): for tests and tools reading the chart.
        chart.$eventMarkers = [];
        if (!rows) return;
        const x = chart.scales.x;
        const area = chart.chartArea;
        const ctx = chart.ctx;
        const lineHeight = fontSize + 6;
        const ends = new Array(rows).fill(-Infinity);
        ctx.save();
        ctx.font = `${fontSize}px sans-serif`;
        ctx.textBaseline = "top";
        ctx.strokeStyle = EVENT_COLOUR;
        ctx.fillStyle = EVENT_COLOUR;
        ctx.lineWidth = lineWidth;
        for (const event of events) {
          const px = x.getPixelForValue(Date.parse(event.x));
          if (!(px >= area.left && px <= area.right)) continue;
          // The label goes right of its line, or left of it when only that side has room.
          const cap = fontSize * 22;
          const full = ctx.measureText(event.label).width;
          const right = chart.width - px - 6;
          const onLeft = full > right && px - 6 > right;
          const text = shorten(ctx, event.label, Math.min(cap, onLeft ? px - 6 : right));
          const width = ctx.measureText(text).width;
          const left = onLeft ? px - 4 - width : px + 4;
          let row = ends.findIndex((end) => left > end + 8);
          if (row < 0) row = ends.indexOf(Math.min(...ends));
          const top = area.top - (rows - row) * lineHeight;
          ctx.setLineDash([6, 4]);
          ctx.beginPath();
          ctx.moveTo(px, top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillText(text, left, top + 2);
          ends[row] = Math.max(left + width, px);
          chart.$eventMarkers.push({ label: event.label, text: text, x: px, top: top, left: left, width: width });
        }
        ctx.restore();
      },
    };
  }

  window.VantageScales = {
    signed: signed,
    markOf: markOf,
    likelihoodWords: likelihoodWords,
    eventMarkers: eventMarkers,
    eventPadding: eventPadding,
  };
})();

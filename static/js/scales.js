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
  // As many rows as events, up to five: with a row each, taken left to right, every label
  // fits beside its line (a staircase crosses nothing); past five, labels may be shortened.
  const EVENT_ROWS = 5;

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
    while (cut && ctx.measureText(cut.trimEnd() + "\u2026").width > width) cut = cut.slice(0, -1);
    // No room even for one letter and the ellipsis: the line goes unlabelled (the table
    // beside the chart lists every event).
    return cut ? cut.trimEnd() + "\u2026" : "";
  }

  // Where one event's label may go in one row: the free stretch of that row beside its line,
  // right of it or left of it. Obstacles are the labels already in the row and the lines of
  // events labelled in this row or higher ones (a line runs from its label's row down to the plot).
  function room(placed, row, px, side, limit) {
    const spans = [];
    for (const other of placed) {
      if (other.row === row) spans.push([other.left - 8, other.left + other.width + 8]);
      if (other.row <= row) spans.push([other.x - 4, other.x + 4]);
    }
    let low = side === "right" ? px + 4 : 0;
    let high = side === "right" ? limit : px - 4;
    if (side === "right") {
      spans.sort((p, q) => p[0] - q[0]);
      for (const [a, b] of spans) {
        if (b <= low) continue;
        if (a > low) { high = Math.min(high, a); break; }
        low = b; // an obstacle at the line itself: the stretch starts after it
      }
    } else {
      spans.sort((p, q) => q[1] - p[1]);
      for (const [a, b] of spans) {
        if (a >= high) continue;
        if (b < high) { low = Math.max(low, b); break; }
        high = a;
      }
    }
    // A stretch that no longer starts at the line would put the label beside another event.
    const touches = side === "right" ? low <= px + 12 : high >= px - 12;
    return { low: low, high: high, space: touches ? Math.max(0, high - low) : 0 };
  }

  // Each event's row and side: the first that holds its whole label without crossing another
  // label or line, else the one with the most room (the label then shortened with an
  // ellipsis, never drawn over anything). A row is taken only if this event's line, running
  // down from it, crosses no label already placed in the rows below.
  function layoutEvents(ctx, chart, events, rows, fontSize) {
    const x = chart.scales.x;
    const area = chart.chartArea;
    const placed = [];
    const shown = events
      .map((event) => ({ event: event, px: x.getPixelForValue(Date.parse(event.x)) }))
      .filter((item) => item.px >= area.left && item.px <= area.right)
      .sort((a, b) => a.px - b.px);
    for (const { event, px } of shown) {
      const full = Math.min(ctx.measureText(event.label).width, fontSize * 22);
      let best = null;
      for (let row = 0; row < rows; row++) {
        const crossed = placed.some(
          (other) => other.row > row && px >= other.left - 4 && px <= other.left + other.width + 4);
        if (crossed) continue;
        for (const side of ["right", "left"]) {
          const stretch = room(placed, row, px, side, chart.width - 2);
          if (!best || stretch.space > best.space + 0.5) best = { row: row, side: side, ...stretch };
          if (stretch.space >= full) break;
        }
        if (best.space >= full) break;
      }
      const text = shorten(ctx, event.label, Math.min(full, best.space));
      const width = ctx.measureText(text).width;
      const left = best.side === "right" ? best.low : best.high - width;
      placed.push({ label: event.label, text: text, x: px, row: best.row, left: left, width: width });
    }
    return placed;
  }

  function eventMarkers(events, fontSize, lineWidth) {
    return {
      id: "eventMarkers",
      afterDatasetsDraw(chart) {
        const rows = eventRows(events);
        // What was drawn where (chart pixels): for tests and tools reading the chart.
        chart.$eventMarkers = [];
        if (!rows) return;
        const area = chart.chartArea;
        const ctx = chart.ctx;
        const lineHeight = fontSize + 6;
        ctx.save();
        ctx.font = `${fontSize}px sans-serif`;
        ctx.textBaseline = "top";
        ctx.strokeStyle = EVENT_COLOUR;
        ctx.fillStyle = EVENT_COLOUR;
        ctx.lineWidth = lineWidth;
        for (const marker of layoutEvents(ctx, chart, events, rows, fontSize)) {
          const top = area.top - (rows - marker.row) * lineHeight;
          ctx.setLineDash([6, 4]);
          ctx.beginPath();
          ctx.moveTo(marker.x, top);
          ctx.lineTo(marker.x, area.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
          if (marker.text) ctx.fillText(marker.text, marker.left, top + 2);
          chart.$eventMarkers.push({ ...marker, top: top, height: lineHeight });
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

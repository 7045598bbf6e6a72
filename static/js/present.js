// Slides: keyboard navigation, speaker-notes window, and the slide's chart.
// No inline script anywhere: chart data comes from <script type="application/json"> blocks.
(function () {
  "use strict";

  const body = document.body;

  function go(url) {
    if (url) window.location.assign(url);
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key;
    if (key === "ArrowRight" || key === " " || key === "PageDown") {
      if (body.dataset.next) { event.preventDefault(); go(body.dataset.next); }
    } else if (key === "ArrowLeft" || key === "PageUp") {
      if (body.dataset.prev) { event.preventDefault(); go(body.dataset.prev); }
    } else if (key === "Escape") {
      if (body.dataset.exit) { event.preventDefault(); go(body.dataset.exit); }
    }
  });

  // Speaker notes follow the slides: each slide announces its number on a channel named after
  // the deck, and the notes window (body[data-notes-page]) moves to that slide's notes.
  const deck = body.dataset.deck;
  if (deck && "BroadcastChannel" in window) {
    const channel = new BroadcastChannel("vantage-deck-" + deck);
    if (body.dataset.notesPage) {
      channel.onmessage = function (message) {
        const slide = message.data && message.data.slide;
        if (!slide) return;
        const url = body.dataset.notesPage.replace(/\/\d+\/notes\/$/, "/" + slide + "/notes/");
        if (url !== window.location.pathname) go(url);
      };
    } else if (body.dataset.number) {
      channel.postMessage({ slide: Number(body.dataset.number) });
    }
  }
  const notesLink = document.getElementById("open-notes");
  if (notesLink) {
    notesLink.addEventListener("click", function (event) {
      event.preventDefault();
      window.open(notesLink.href, "vantage-notes", "width=720,height=600");
    });
  }

  // White background in exported images (Chart.js canvases are transparent by default).
  const whiteBackground = {
    id: "whiteBackground",
    beforeDraw: function (chart) {
      const ctx = chart.canvas.getContext("2d");
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };

  // Each expert's colour and shape, and the signed scale, are shared with the pages
  // (static/js/scales.js), so an expert looks the same on the issue page and its slide.
  const scales = window.VantageScales;

  // With parsing off, Chart.js wants timestamps on a time axis, not ISO strings.
  function toTime(point) {
    return { x: Date.parse(point.x), y: point.y, n: point.n };
  }

  // Each point's footnote number (its line on the evidence slide), drawn beside the mark.
  const footnotes = {
    id: "footnotes",
    afterDatasetsDraw: function (chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = "bold 18px sans-serif";
      ctx.fillStyle = "#111";
      // Marks drawn on one spot share one label ("5,6") instead of overprinting.
      const spots = new Map();
      chart.data.datasets.forEach(function (dataset, i) {
        if (!chart.isDatasetVisible(i)) return;
        chart.getDatasetMeta(i).data.forEach(function (element, j) {
          const n = dataset.data[j] && dataset.data[j].n;
          if (!n) return;
          const key = Math.round(element.x / 8) + " " + Math.round(element.y / 8);
          if (!spots.has(key)) spots.set(key, { x: element.x, y: element.y, numbers: [] });
          spots.get(key).numbers.push(n);
        });
      });
      spots.forEach(function (spot) {
        spot.numbers.sort(function (a, b) { return a - b; });
        ctx.fillText(spot.numbers.join(","), spot.x + 13, spot.y - 11);
      });
      ctx.restore();
    },
  };

  // One edge of the yearly band: flat across each year counted, broken between years (as
  // on the issue page), so no spread is drawn for a year nobody spoke in.
  function bandEdge(band, key) {
    const points = [];
    band.forEach(function (b) {
      const year = Number(String(b.x).slice(0, 4));
      points.push({ x: Date.UTC(year, 0, 1), y: b[key] }, { x: Date.UTC(year, 11, 31), y: b[key] },
                  { x: Date.UTC(year, 11, 31, 12), y: null });
    });
    return points;
  }

  function drawChart(spec, canvas) {
    const labels = spec.yLabels || {};
    const datasets = spec.series.map(function (series, i) {
      const mark = scales.markOf(series, i);
      const colour = mark.colour;
      return {
        label: series.label,
        data: series.points.map(toTime),
        parsing: false,
        showLine: true,
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: 3,
        pointStyle: mark.shape,
        pointRadius: 11,
        pointHoverRadius: 13,
      };
    });
    if (spec.band && spec.band.length) {
      datasets.push({
        label: "Spread (lowest)", data: bandEdge(spec.band, "low"),
        // A scatter chart draws no line unless told to: without it the band was invisible.
        parsing: false, showLine: true, borderColor: "rgba(80,80,80,0.5)", borderDash: [8, 6], pointRadius: 0, fill: false,
      });
      datasets.push({
        label: "Spread of positions by year", data: bandEdge(spec.band, "high"),
        parsing: false, showLine: true, borderColor: "rgba(80,80,80,0.5)", borderDash: [8, 6], pointRadius: 0,
        backgroundColor: "rgba(120,120,120,0.15)", fill: "-1",
      });
    }
    Chart.defaults.font.size = 24;
    Chart.defaults.color = "#111";
    // A stage scaled up (a 4K screen) would blur a canvas drawn at the design size.
    const box = canvas.closest(".stage-box");
    const stageScale = box ? Number(box.style.getPropertyValue("--stage-scale")) || 1 : 1;
    const events = spec.events || [];
    return new Chart(canvas, {
      type: "scatter",
      data: { datasets: datasets },
      plugins: [whiteBackground, footnotes, scales.eventMarkers(events, 20, 2.5)],
      options: {
        layout: { padding: { top: scales.eventPadding(events, 20) } },
        devicePixelRatio: (window.devicePixelRatio || 1) * Math.max(1, stageScale),
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true, padding: 24, font: { size: 24 },
            filter: function (item) { return item.text !== "Spread (lowest)"; } } },
          tooltip: { enabled: false },
        },
        scales: {
          x: { type: "time", offset: true, time: { unit: spec.unit || "year", tooltipFormat: "yyyy-MM" },
               ticks: { font: { size: 22 } }, grid: { color: "#ddd" } },
          y: { min: spec.yMin, max: spec.yMax, afterBuildTicks: function (axis) {
                 axis.ticks = Object.keys(labels).map(function (v) { return { value: Number(v) }; });
               },
               ticks: { font: { size: 20 }, callback: function (value) {
                 const label = labels[String(value)];
                 return label ? (spec.signed ? scales.signed(value) : String(value)) + "  " + label : "";
               } },
               grid: { color: "#ddd" } },
        },
      },
    });
  }

  // The stage: each slide keeps its design size and is scaled as a whole to its box (the
  // letterbox on a slide page, the window's width on the handout). Set through the CSSOM,
  // which the strict CSP allows (it refuses style attributes in the markup).
  function fitStages() {
    document.querySelectorAll(".stage-box").forEach(function (box) {
      const slide = box.querySelector(".slide");
      if (!slide) return;
      box.style.setProperty("--stage-scale", String(box.clientWidth / slide.offsetWidth));
    });
  }
  window.addEventListener("resize", fitStages);

  // A table slide holding more than its design size allows (long scale words, split cells, a
  // long source list in the caption) is set a little smaller rather than cut under the
  // caption. The slide's design size is fixed, so this holds at every window size.
  function fitContent() {
    document.querySelectorAll(".slide-content").forEach(function (content) {
      const table = content.querySelector("table");
      if (!table) return;
      let zoom = 1;
      for (let i = 0; i < 4; i++) {
        const over = Math.max(content.scrollHeight / content.clientHeight,
                              content.scrollWidth / content.clientWidth);
        if (!(over > 1.001)) break;
        zoom = Math.max(0.6, zoom / over - 0.005);
        table.style.setProperty("zoom", String(zoom));
      }
    });
  }

  // Each chart canvas names the JSON block holding its data: <canvas data-chart="chart-1">.
  function ready() {
    fitContent();
    fitStages();
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      const data = document.getElementById(canvas.dataset.chart);
      if (data && window.Chart) drawChart(JSON.parse(data.textContent), canvas);
    });
    body.dataset.ready = "1";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

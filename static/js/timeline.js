/* Timelines of stances (issue and expert pages).
 *
 * Each <canvas data-timeline="ID"> is drawn from the JSON block with that id
 * ({{ chart|json_script:"ID" }}): {scale, series: [{label, points: [{x, y, date, ...}]}], band?}.
 * A <canvas data-timeline-url="URL"> (the issue page) fetches the same shape from URL: the
 * busiest experts, thinned to what the chart can show; more on demand (an expert added by
 * name with `expert=`, a period zoomed into by dragging with `from=`/`to=`).
 * Charts are (re)drawn on load and after every htmx swap or history restore.
 */
(function () {
  "use strict";

  // Colours, shapes and the signed scale come from the shared module (static/js/scales.js):
  // each expert's series carries its own mark from the server, the same on every page.
  const { signed, markOf, eventMarkers, eventPadding } = window.VantageScales;
  const EVENT_FONT = 12;
  const BAND_FILL = "rgba(18, 38, 63, 0.10)";
  const BAND_LINE = "rgba(18, 38, 63, 0.35)";
  const NARROW = 560; // below this chart width the y axis shows numbers only
  const DODGE_PX = 11;

  function translucent(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }

  // Chart.js draws one tooltip or tick line per string: break long text at spaces.
  function wrap(text, width) {
    const lines = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  function seriesDatasets(series) {
    return series.map((entry, i) => {
      const mark = markOf(entry, i);
      const colour = mark.colour;
      return {
        kind: "series",
        label: entry.label,
        data: entry.points,
        borderColor: colour,
        backgroundColor: translucent(colour, 0.35),
        pointStyle: mark.shape,
        pointRadius: 7,
        pointHoverRadius: 9,
        pointBorderWidth: 2,
        borderWidth: 1.5,
        // A line joins statements made at different dates; same-day ones would zigzag.
        showLine: new Set(entry.points.map((p) => p.x)).size > 1,
        order: 0,
      };
    });
  }

  // The spread per year: the area between each year's highest and lowest position,
  // broken (null) between years that are not adjacent.
  function bandDatasets(band) {
    if (!band || !band.length) return [];
    const top = [];
    const bottom = [];
    const median = [];
    band.forEach((year, i) => {
      if (i > 0 && year.year !== band[i - 1].year + 1) {
        top.push({ x: year.start, y: null });
        bottom.push({ x: year.start, y: null });
      }
      top.push({ x: year.start, y: year.max, year }, { x: year.end, y: year.max, year });
      bottom.push({ x: year.start, y: year.min, year }, { x: year.end, y: year.min, year });
      if (year.count > 1) median.push({ x: year.mid, y: year.median, year });
    });
    const area = {
      kind: "band",
      group: "band",
      data: top,
      // Short enough for the legend of a 360 px wide chart (the page text says the rest).
      label: "Spread per year, lowest to highest (an aggregate)",
      borderColor: BAND_LINE,
      backgroundColor: BAND_FILL,
      borderWidth: 1,
      pointRadius: 0,
      pointHoverRadius: 0,
      pointStyle: "rect",
      spanGaps: false,
      fill: false,
      order: 10,
    };
    return [
      area,
      { ...area, data: bottom, fill: "-1", hideInLegend: true },
      {
        kind: "median",
        label: "Median per year (an aggregate, not a statement)",
        data: median,
        borderColor: "#12263f",
        backgroundColor: "#12263f",
        pointStyle: "line",
        pointRadius: 12,
        pointHoverRadius: 14,
        pointBorderWidth: 3,
        showLine: false,
        order: 5,
      },
    ];
  }

  // Marks at the same date and position would hide each other: spread them sideways by a
  // few pixels. Only the drawing moves; the data, tooltips and table keep the true values.
  const dodge = {
    id: "timelineDodge",
    afterDatasetsUpdate(chart) {
      const groups = new Map();
      chart.data.datasets.forEach((dataset, i) => {
        if (dataset.kind !== "series" || !chart.isDatasetVisible(i)) return;
        chart.getDatasetMeta(i).data.forEach((element, j) => {
          const key = `${dataset.data[j].x} ${dataset.data[j].y}`;
          if (!groups.has(key)) groups.set(key, []);
          groups.get(key).push(element);
        });
      });
      for (const elements of groups.values()) {
        const middle = (elements.length - 1) / 2;
        elements.forEach((element, k) => {
          element.x += (k - middle) * DODGE_PX;
        });
      }
    },
  };

  function tooltipLines(item) {
    const raw = item.raw;
    if (item.dataset.kind === "median") {
      const y = raw.year;
      return [
        `${y.year}: median of ${y.count} statement${y.count === 1 ? "" : "s"} ${signed(y.median)} (mean ${y.mean})`,
        `An aggregate: lowest ${signed(y.min)}, highest ${signed(y.max)}`,
      ];
    }
    const width = item.chart.width < NARROW ? 36 : 60;
    return [
      `${item.dataset.label} · ${raw.date}`,
      `${signed(raw.y)}: ${raw.label}`,
      ...wrap(raw.summary, width),
      ...wrap(`“${raw.quote}”`, width),
    ];
  }

  function yTick(scale, value) {
    const label = scale && scale[String(value)];
    if (!label || this.chart.width < NARROW) return signed(value);
    return wrap(`${signed(value)} ${label}`, 24);
  }

  // The band spans whole years, so its chart does too; otherwise pad around the points.
  function xBounds(data) {
    if (data.window) return data.window;
    if (data.band && data.band.length) {
      const last = data.band[data.band.length - 1].year;
      return { min: data.band[0].start, max: `${last + 1}-01-01` };
    }
    // Whole years; ticked by year when every date is known only to its year (it sits
    // mid-year, and months either side would claim a precision the record lacks).
    const points = data.series.flatMap((entry) => entry.points);
    const years = points.map((p) => Number(p.x.slice(0, 4)));
    return {
      min: `${Math.min(...years)}-01-01`,
      max: `${Math.max(...years) + 1}-01-01`,
      unit: points.every((p) => /^\d{4}$/.test(p.date)) ? "year" : "month",
    };
  }

  // Clicking the spread in the legend hides or shows both of its edges.
  function toggleFromLegend(event, item, legend) {
    const chart = legend.chart;
    const clicked = chart.data.datasets[item.datasetIndex];
    const visible = !chart.isDatasetVisible(item.datasetIndex);
    chart.data.datasets.forEach((dataset, i) => {
      if (i === item.datasetIndex || (clicked.group && dataset.group === clicked.group)) {
        chart.setDatasetVisibility(i, visible);
      }
    });
    chart.update();
  }

  // A click on a mark opens its quote in the source. A tap first shows the tooltip (there is
  // no hover on a touch screen); tapping the same mark again opens the quote.
  function openEvidence(event, elements, chart) {
    if (chart.$dragged) {
      chart.$dragged = false;
      return;
    }
    const hit = elements.find((el) => chart.data.datasets[el.datasetIndex].kind === "series");
    const point = hit && chart.data.datasets[hit.datasetIndex].data[hit.index];
    const touch = event.native && event.native.pointerType === "touch";
    if (point && touch && chart.$tapped !== point) {
      chart.$tapped = point;
    } else if (point) {
      window.location.href = point.url;
    }
  }

  function draw(canvas, data) {
    const bounds = xBounds(data);
    const events = data.events || [];
    return new Chart(canvas, {
      type: "line",
      plugins: [dodge, eventMarkers(events, EVENT_FONT, 1.5)],
      data: { datasets: [...seriesDatasets(data.series), ...bandDatasets(data.band)] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "point", intersect: true },
        layout: { padding: { top: eventPadding(events, EVENT_FONT) } },
        onClick: openEvidence,
        onHover(event, elements) {
          canvas.style.cursor = elements.length ? "pointer" : "default";
        },
        scales: {
          x: {
            type: "time",
            min: bounds.min,
            max: bounds.max,
            time: {
              minUnit: bounds.unit || "month",
              displayFormats: { month: "MMM yyyy", year: "yyyy" },
            },
            ticks: { maxRotation: 0, autoSkipPadding: 16 },
            title: { display: true, text: "Date stated" },
          },
          y: {
            type: "linear",
            min: -2.5,
            max: 2.5,
            afterBuildTicks(axis) {
              axis.ticks = [-2, -1, 0, 1, 2].map((value) => ({ value }));
            },
            ticks: {
              callback(value) {
                return yTick.call(this, data.scale, value);
              },
            },
            title: { display: true, text: "Position" },
          },
        },
        plugins: {
          legend: {
            position: "bottom",
            labels: {
              usePointStyle: true,
              filter: (item, chartData) => !chartData.datasets[item.datasetIndex].hideInLegend,
            },
            onClick: toggleFromLegend,
          },
          tooltip: {
            filter: (item) => item.dataset.kind !== "band",
            usePointStyle: true,
            callbacks: { title: () => "", label: tooltipLines },
          },
        },
      },
    });
  }

  function destroyDetached() {
    for (const chart of Object.values(Chart.instances)) {
      if (!chart.canvas.isConnected) chart.destroy();
    }
  }

  // --- Charts that fetch their data (the issue page) ---------------------------------------

  function fetchChart(canvas, params) {
    const url = new URL(canvas.dataset.timelineUrl, window.location.href);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(`chart data: HTTP ${response.status}`);
        return response.json();
      });
  }

  function redraw(canvas, data) {
    const old = Chart.getChart(canvas);
    if (old) old.destroy();
    canvas.$data = data;
    draw(canvas, data);
  }

  function controlsOf(canvas) {
    return document.querySelector(`form[data-chart-expert="${canvas.id}"]`);
  }

  function say(canvas, text) {
    const form = controlsOf(canvas);
    const status = form && form.querySelector("[data-chart-status]");
    if (status) status.textContent = text;
  }

  // The experts added by name stay on the chart when it zooms: their points are all sent.
  function withAdded(canvas, data) {
    const added = canvas.$added || [];
    const keys = new Set(added.map((s) => s.key));
    return { ...data, series: [...data.series.filter((s) => !keys.has(s.key)), ...added] };
  }

  function zoomTo(canvas, from, to) {
    const base = canvas.$base;
    const params = from ? { from, to } : {};
    fetchChart(canvas, params).then((data) => {
      const bounds = from ? { min: from, max: to } : null;
      redraw(canvas, withAdded(canvas, { ...base, series: data.series, window: bounds }));
      const form = controlsOf(canvas);
      const reset = form && form.querySelector("[data-chart-reset]");
      if (reset) reset.hidden = !from;
      say(canvas, from ? `Showing ${from} to ${to}.` : "");
    }, () => say(canvas, "The chart could not load that period."));
  }

  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  // Drag across the chart to zoom into that period (a click still opens a quote).
  function enableZoom(canvas) {
    let startX = null;
    canvas.addEventListener("pointerdown", (event) => {
      startX = event.offsetX;
    });
    canvas.addEventListener("pointerup", (event) => {
      const chart = Chart.getChart(canvas);
      if (startX === null || !chart || Math.abs(event.offsetX - startX) < 12) return;
      const xs = [startX, event.offsetX].map((px) => chart.scales.x.getValueForPixel(px));
      startX = null;
      chart.$dragged = true; // the click that ends the drag opens no quote
      zoomTo(canvas, isoDay(Math.min(...xs)), isoDay(Math.max(...xs)));
    });
  }

  function enableControls(canvas) {
    const form = controlsOf(canvas);
    if (!form || form.$ready) return;
    form.$ready = true;
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const name = form.elements.expert.value.trim();
      if (!name) return;
      fetchChart(canvas, { expert: name }).then((data) => {
        if (!data.series.length) {
          say(canvas, `No expert named “${name}” has a stance in this view.`);
          return;
        }
        canvas.$added = [...(canvas.$added || []), ...data.series];
        redraw(canvas, withAdded(canvas, canvas.$data));
        say(canvas, `Added ${data.series.map((s) => s.label).join(", ")}.`);
      }, () => say(canvas, "The chart could not load that expert."));
    });
    const reset = form.querySelector("[data-chart-reset]");
    if (reset) reset.addEventListener("click", () => zoomTo(canvas, null, null));
  }

  function drawFromUrl(canvas) {
    if (canvas.$loading) return;
    canvas.$loading = true;
    fetchChart(canvas, {}).then((data) => {
      canvas.$loading = false;
      if (!canvas.isConnected || Chart.getChart(canvas)) return;
      canvas.$base = data;
      canvas.$added = [];
      redraw(canvas, data);
      enableZoom(canvas);
      enableControls(canvas);
    }, () => {
      canvas.$loading = false;
      say(canvas, "The chart could not load; the table below lists its data.");
    });
  }

  function drawAll(root) {
    if (typeof Chart === "undefined") return;
    destroyDetached();
    for (const canvas of root.querySelectorAll("canvas[data-timeline]")) {
      const source = document.getElementById(canvas.dataset.timeline);
      if (source && !Chart.getChart(canvas)) draw(canvas, JSON.parse(source.textContent));
    }
    for (const canvas of root.querySelectorAll("canvas[data-timeline-url]")) {
      if (!Chart.getChart(canvas)) drawFromUrl(canvas);
    }
  }

  // htmx snapshots the page's HTML for the back button; a live chart would leave a style
  // attribute on its canvas, which the strict CSP refuses when the snapshot is restored.
  function releaseAll() {
    for (const chart of Object.values(Chart.instances)) {
      const canvas = chart.canvas;
      chart.destroy();
      canvas.removeAttribute("style");
    }
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  document.addEventListener("htmx:afterSettle", () => drawAll(document));
  document.addEventListener("htmx:historyRestore", () => drawAll(document));
  document.addEventListener("htmx:beforeHistorySave", releaseAll);
})();

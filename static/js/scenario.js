/* Scenario page: each expert's likelihood assessments over time (data from #scenario-chart-data). */
(function () {
  "use strict";

  // The likelihood words and each expert's mark come from the server (static/js/scales.js).
  const { likelihoodWords, markOf } = window.VantageScales;
  const HALF_YEAR = 182 * 24 * 3600 * 1000;

  function firstWords(text, count) {
    const words = text.split(/\s+/);
    return words.length > count ? words.slice(0, count).join(" ") + "…" : text;
  }

  function draw() {
    const canvas = document.getElementById("scenario-chart");
    const source = document.getElementById("scenario-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const times = data.datasets.flatMap((set) => set.data.map((point) => Date.parse(point.x)));
    const datasets = data.datasets.map((set, i) => ({
      label: set.label,
      data: set.data,
      pointStyle: markOf(set, i).shape,
      borderColor: markOf(set, i).colour,
      backgroundColor: markOf(set, i).colour,
      pointRadius: 7,
      pointHoverRadius: 9,
      borderWidth: 2,
      showLine: set.data.length > 1,
    }));

    new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: { xAxisKey: "x", yAxisKey: "y" },
        scales: {
          x: {
            type: "time",
            // Half a year of room either side, so a lone date still gets an axis.
            min: Math.min(...times) - HALF_YEAR,
            max: Math.max(...times) + HALF_YEAR,
            time: { tooltipFormat: "yyyy-MM-dd", displayFormats: { month: "MMM yyyy", quarter: "MMM yyyy", year: "yyyy" } },
            title: { display: true, text: "Date stated" },
          },
          y: {
            min: 0.5,
            max: 5.5,
            afterBuildTicks: (scale) => { scale.ticks = [1, 2, 3, 4, 5].map((value) => ({ value: value })); },
            ticks: { callback: (value) => likelihoodWords(value) },
            title: { display: true, text: "Likelihood" },
          },
        },
        plugins: {
          legend: { labels: { usePointStyle: true } },
          tooltip: {
            callbacks: {
              // The date at the precision it was stated in, never the drawn midpoint.
              title: (items) => items.length ? items[0].raw.when : "",
              label: (item) => `${item.dataset.label}: ${item.raw.y} – ${item.raw.likelihood}`,
              afterLabel: (item) => firstWords(item.raw.rationale, 16),
            },
          },
        },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

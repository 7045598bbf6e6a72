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

  window.VantageScales = { signed: signed, markOf: markOf, likelihoodWords: likelihoodWords };
})();

/* Editing: the source offsets of a text selection, record forms, passage attribution.
 *
 * Source text markup (the source reader): a container with
 * `data-source-text` holds one element per passage with `data-start` = the passage's start
 * offset in the original text, and the passage's textContent is exactly that text (quote
 * <mark>s inside are fine). Offsets count Unicode code points, as Python does.
 */
(function () {
  "use strict";

  function codePoints(text) {
    return Array.from(text).length;
  }

  function passageOf(node, container) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const passage = element && element.closest("[data-start]");
    return passage && container.contains(passage) ? passage : null;
  }

  function offsetIn(passage, node, offset) {
    const range = document.createRange();
    range.setStart(passage, 0);
    range.setEnd(node, offset);
    return Number(passage.dataset.start) + codePoints(range.toString());
  }

  /* {start, end} of a DOM range in the source's original text, or null when the range holds
   * no passage text. A boundary outside any passage snaps to the nearest passage inside. */
  function selectionOffsets(range, container) {
    if (!range || range.collapsed || !container.contains(range.commonAncestorContainer)) {
      return null;
    }
    const touched = Array.from(container.querySelectorAll("[data-start]")).filter(
      (passage) => range.intersectsNode(passage),
    );
    if (!touched.length) {
      return null;
    }
    const first = passageOf(range.startContainer, container);
    const last = passageOf(range.endContainer, container);
    const lastTouched = touched[touched.length - 1];
    const start = first
      ? offsetIn(first, range.startContainer, range.startOffset)
      : Number(touched[0].dataset.start);
    const end = last
      ? offsetIn(last, range.endContainer, range.endOffset)
      : Number(lastTouched.dataset.start) + codePoints(lastTouched.textContent);
    return end > start ? { start: start, end: end } : null;
  }

  function shorten(text, length) {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > length ? flat.slice(0, length - 1) + "…" : flat;
  }

  /* Selecting text shows the record buttons, their links carrying the selection's offsets. */
  function watchSelections() {
    const bar = document.querySelector("[data-selection-actions]");
    if (!bar) {
      return;
    }
    const hint = document.querySelector("[data-selection-hint]");
    const preview = bar.querySelector("[data-selection-preview]");
    document.addEventListener("selectionchange", function () {
      // Looked up each time: the reader swaps its text anew after a record is saved.
      const container = document.querySelector("[data-source-text]");
      if (!container) {
        return;
      }
      const selection = window.getSelection();
      const offsets =
        selection.rangeCount && selectionOffsets(selection.getRangeAt(0), container);
      if (!offsets) {
        return; // Clicking a button collapses the selection: keep the last one's links.
      }
      bar.hidden = false;
      if (hint) {
        hint.hidden = true;
      }
      preview.textContent = shorten(selection.toString(), 140);
      bar.querySelectorAll("[data-selection-link]").forEach(function (link) {
        const url = new URL(link.dataset.selectionLink, window.location.href);
        url.searchParams.set("start", offsets.start);
        url.searchParams.set("end", offsets.end);
        link.href = url.pathname + url.search;
      });
    });
  }

  const signed = window.VantageScales.signed;

  /* A stance form's position labels follow the chosen issue's scale. */
  function relabelPositions(issueSelect) {
    const form = issueSelect.form;
    const holder = form && form.querySelector("[data-scale-labels]");
    const data = holder && document.getElementById(holder.dataset.scaleLabels);
    if (!data) {
      return;
    }
    const labels = JSON.parse(data.textContent)[issueSelect.value] || {};
    holder.querySelectorAll("input[name=position]").forEach(function (input) {
      const label = input.closest("label");
      const text = labels[input.value] ? " · " + labels[input.value] : "";
      if (label && label.lastChild) {
        label.lastChild.textContent = " " + signed(Number(input.value)) + text;
      }
    });
  }

  let lastTicked = null;

  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-selection-link][data-panel]");
    if (link && window.htmx) {
      event.preventDefault();
      window.htmx.ajax("GET", link.getAttribute("href"), {
        target: link.dataset.panel,
        swap: "innerHTML",
      });
      return;
    }
    const cancel = event.target.closest("[data-editing-cancel]");
    if (cancel && cancel.closest(".record-panel")) {
      event.preventDefault();
      cancel.closest(".record-edit").remove();
      return;
    }
    const box = event.target.closest("[data-range-select] input[type=checkbox]");
    if (box) {
      const boxes = Array.from(
        box.closest("[data-range-select]").querySelectorAll("input[type=checkbox]"),
      );
      if (event.shiftKey && lastTicked && boxes.includes(lastTicked)) {
        const [from, to] = [boxes.indexOf(lastTicked), boxes.indexOf(box)].sort((a, b) => a - b);
        boxes.slice(from, to + 1).forEach((b) => (b.checked = box.checked));
      }
      lastTicked = box;
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[name=issue]")) {
      relabelPositions(event.target);
    }
  });

  /* What a selection's panel newly shows (the form, its errors, the saved row): bring it into
   * view once, as the list beside it may have been scrolled. */
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll(".record-panel > :not([data-shown])").forEach(function (item) {
      item.dataset.shown = "";
      item.scrollIntoView({ block: "nearest" });
    });
  });

  /* An edit conflict replaces the form in place: bring its heading into view and focus. */
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll(".record-conflict:not([data-shown])").forEach(function (conflict) {
      conflict.dataset.shown = "";
      const title = conflict.querySelector(".conflict-title");
      conflict.scrollIntoView({ block: "start" });
      if (title) {
        title.focus({ preventScroll: true });
      }
    });
  });

  window.VantageEditing = { selectionOffsets: selectionOffsets };
  watchSelections();
})();

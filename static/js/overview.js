/* The overview's keyboard and small-screen behaviour (no build step; htmx does the fetching).
 *
 * - Filters: on small screens they fold behind one button that counts the filters set.
 * - The matrix is an ARIA grid: one tab stop (roving tabindex), arrow keys, Home/End and
 *   Ctrl+Home/End, PageUp/PageDown move between its cells.
 * - The quotes panel (a bottom sheet on small screens): opening a cell moves focus into it;
 *   Esc or × closes it and focus returns to the cell. Opening pushes the cell's URL (the
 *   server's HX-Push-Url), so the back button closes it through htmx's history restore; a
 *   second cell opened while the panel is open replaces that entry instead of piling up.
 *
 * Every listener is on the document: htmx swaps the results and restores whole pages.
 */
(function () {
  "use strict";

  const PAGE_STEP = 5;
  let openedCell = null; // the key ("expert:issue") of the cell whose quotes were opened here
  let pushed = false; // the open panel has a history entry of its own to go back from

  const matrix = () => document.getElementById("matrix");
  const panel = () => document.getElementById("panel");
  const isOpen = () => Boolean(panel() && panel().classList.contains("open"));

  // --- Filters behind one button -------------------------------------------------------

  function activeFilters(form) {
    const set = new Set();
    for (const field of form.elements) {
      if (!field.name || field.type === "hidden" || field.type === "submit") continue;
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) continue;
      if (field.value) set.add(field.name);
    }
    return set.size;
  }

  function setUpFilters() {
    const form = document.getElementById("filters");
    const toggle = document.querySelector(".filters-toggle");
    if (!form || !toggle) return;
    const count = activeFilters(form);
    toggle.querySelector(".filters-count").textContent = count ? ` (${count} active)` : "";
    if (!form.dataset.folded) {
      form.dataset.folded = "1";
      form.classList.add("is-foldable");
      toggle.classList.add("is-ready");
      toggle.setAttribute("aria-expanded", "false");
    }
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest(".filters-toggle");
    if (!toggle) return;
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    document.getElementById("filters").classList.toggle("is-open", open);
  });

  document.addEventListener("change", (event) => {
    if (event.target.closest("#filters")) setUpFilters();
  });

  // --- The matrix as a grid ------------------------------------------------------------

  // The element that takes focus in a cell: its link, or the cell itself when it has none.
  function targetOf(cell) {
    return cell.querySelector("a[href]") || cell;
  }

  function cellOf(element) {
    const table = matrix();
    const cell = element && element.closest("td, th");
    return cell && table && table.contains(cell) ? cell : null;
  }

  function makeCurrent(target) {
    const table = matrix();
    for (const other of table.querySelectorAll('[tabindex="0"]')) other.tabIndex = -1;
    target.tabIndex = 0;
  }

  function setUpGrid() {
    const table = matrix();
    if (!table) return;
    let current = table.querySelector('[tabindex="0"]');
    for (const row of table.rows) {
      for (const cell of row.cells) targetOf(cell).tabIndex = -1;
    }
    if (!current) current = table.querySelector("a.cell-link") || targetOf(table.rows[0].cells[0]);
    current.tabIndex = 0;
  }

  function moveFocus(cell, key, ctrl) {
    const rows = matrix().rows;
    let r = cell.parentElement.rowIndex;
    let c = cell.cellIndex;
    const lastRow = rows.length - 1;
    switch (key) {
      case "ArrowRight": c += 1; break;
      case "ArrowLeft": c -= 1; break;
      case "ArrowDown": r += 1; break;
      case "ArrowUp": r -= 1; break;
      case "PageDown": r += PAGE_STEP; break;
      case "PageUp": r -= PAGE_STEP; break;
      case "Home": c = 0; if (ctrl) r = 0; break;
      case "End": c = Infinity; if (ctrl) r = lastRow; break;
      default: return false;
    }
    r = Math.max(0, Math.min(r, lastRow));
    c = Math.max(0, Math.min(c, rows[r].cells.length - 1));
    const target = targetOf(rows[r].cells[c]);
    makeCurrent(target);
    target.focus();
    return true;
  }

  function focusCell(key) {
    const table = matrix();
    if (!table) return;
    const link = key && table.querySelector(`a.cell-link[data-cell="${CSS.escape(key)}"]`);
    const target = link || table.querySelector('[tabindex="0"]');
    if (!target) return;
    makeCurrent(target);
    target.focus();
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      closePanel();
      return;
    }
    const cell = cellOf(event.target);
    if (!cell || event.altKey || event.metaKey) return;
    if (moveFocus(cell, event.key, event.ctrlKey)) event.preventDefault();
  });

  // A click or tap in the matrix makes that cell the grid's tab stop.
  document.addEventListener("focusin", (event) => {
    const cell = cellOf(event.target);
    if (cell && event.target === targetOf(cell)) makeCurrent(event.target);
  });

  // The skip link lands on the grid's current cell, not on the table around it.
  document.addEventListener("click", (event) => {
    const skip = event.target.closest('a.skip-link[href="#matrix"]');
    if (!skip || !matrix()) return;
    event.preventDefault();
    focusCell(null);
  });

  // --- The quotes panel ----------------------------------------------------------------

  function closeInPlace(key) {
    const aside = panel();
    const close = aside.querySelector("a.close");
    const hint = document.createElement("p");
    hint.className = "panel-hint muted";
    hint.textContent = "Select a cell to read the quotes behind it.";
    aside.classList.remove("open");
    aside.removeAttribute("data-cell");
    aside.replaceChildren(hint);
    if (close) history.replaceState({ htmx: true }, "", close.href);
    focusCell(key);
  }

  function closePanel() {
    const key = panel().dataset.cell || openedCell;
    openedCell = key;
    if (pushed) {
      // htmx restores the page as it was before the panel opened; focus follows below.
      pushed = false;
      history.back();
    } else {
      closeInPlace(key);
    }
  }

  document.addEventListener("click", (event) => {
    const close = event.target.closest("#panel a.close");
    if (!close || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    closePanel();
  });

  // A second cell opened while the panel is open takes the place of the first in history.
  // The element that made an htmx request (events carry the swapped element as `elt`).
  const requester = (event) => event.detail.requestConfig && event.detail.requestConfig.elt;

  document.body.addEventListener("htmx:beforeHistoryUpdate", (event) => {
    const source = requester(event);
    if (!source || !source.matches("a.cell-link")) return;
    if (pushed && event.detail.history.type === "push") event.detail.history.type = "replace";
    pushed = true;
  });

  document.body.addEventListener("htmx:afterSettle", (event) => {
    setUpGrid();
    setUpFilters();
    const source = requester(event);
    if (source && source.matches("a.cell-link") && isOpen()) {
      openedCell = source.dataset.cell;
      const title = document.getElementById("panel-title");
      if (title) title.focus();
    }
  });

  // Back (or Esc/× going back): htmx has put the earlier page back; focus its cell again.
  document.body.addEventListener("htmx:historyRestore", () => {
    setUpGrid();
    setUpFilters();
    pushed = false;
    if (isOpen()) {
      openedCell = panel().dataset.cell;
      return;
    }
    if (openedCell) focusCell(openedCell);
    openedCell = null;
  });

  setUpGrid();
  setUpFilters();
})();

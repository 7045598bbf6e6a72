// The deck page: reorder slides by dragging their handle or with ↑ / ↓ on it, confirm a
// share link's revocation. The slide list (#deck-slides) is swapped by htmx; every change is
// posted with the order this page showed (data-version), and a 409 (the order changed in
// another tab) swaps in the current order with a message instead of overwriting it.
(function () {
  "use strict";

  function section() {
    return document.getElementById("deck-slides");
  }

  function items(list) {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > li[data-slide]"));
  }

  // Which control to focus again once the list is swapped: the same one on the same slide.
  let refocus = null;

  function post(order, moved) {
    const form = document.getElementById("reorder-form");
    if (!form || !window.htmx) return;
    form.elements.order.value = order.join(",");
    form.elements.moved.value = moved;
    form.requestSubmit();
  }

  function orderOf(list) {
    return items(list).map(function (li) { return li.dataset.slide; });
  }

  // Keyboard: ↑ / ↓ on a slide's handle moves that slide one place.
  document.addEventListener("keydown", function (event) {
    const handle = event.target.closest && event.target.closest(".drag-handle");
    if (!handle || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    const li = handle.closest("li[data-slide]");
    const order = orderOf(li.parentElement);
    const from = order.indexOf(li.dataset.slide);
    const to = from + (event.key === "ArrowUp" ? -1 : 1);
    if (to < 0 || to >= order.length) return;
    order.splice(to, 0, order.splice(from, 1)[0]);
    refocus = { slide: li.dataset.slide, selector: ".drag-handle" };
    post(order, li.dataset.slide);
  });

  // Dragging: the slide follows the pointer through the list; dropping posts the new order.
  let dragged = null;
  let before = null;

  document.addEventListener("dragstart", function (event) {
    const li = event.target.closest && event.target.closest(".reorderable > li[data-slide]");
    if (!li) return;
    dragged = li;
    before = orderOf(li.parentElement).join(",");
    li.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", li.dataset.slide);
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    const over = event.target.closest && event.target.closest("li[data-slide]");
    if (!over || over.parentElement !== dragged.parentElement) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (over === dragged) return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    over.parentElement.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });

  document.addEventListener("dragend", function () {
    if (!dragged) return;
    const li = dragged;
    dragged = null;
    li.classList.remove("dragging");
    const order = orderOf(li.parentElement);
    if (order.join(",") === before) return;
    refocus = { slide: li.dataset.slide, selector: ".drag-handle" };
    post(order, li.dataset.slide);
  });

  // Up / Down / Remove buttons: keep the focus on the same button of the same slide.
  document.addEventListener("htmx:beforeRequest", function (event) {
    const from = event.detail.elt;
    const list = section();
    if (!list || !list.contains(from) || from.id === "reorder-form") return;
    const li = from.closest("li[data-slide]");
    if (!li) { refocus = null; return; }
    // A removed slide is gone: the focus then goes to the status line that says so.
    const button = from.querySelector("[data-focus]");
    const selector = button ? "[data-focus='" + button.dataset.focus + "']" : ".drag-handle";
    refocus = { slide: li.dataset.slide, selector: selector };
  });

  // A stale order answers 409 with the current list: swap it in like a success.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409 && event.detail.target && event.detail.target.id === "deck-slides") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    const list = section();
    if (!list || !refocus) return;
    const li = list.querySelector("li[data-slide='" + refocus.slide + "']");
    const target = li && (li.querySelector(refocus.selector) || li.querySelector(".drag-handle"));
    refocus = null;
    if (target) target.focus();
    else {
      const status = document.getElementById("deck-status");
      if (status) { status.tabIndex = -1; status.focus(); }
    }
  });

  // Forms that undo something for other people (revoking a share link) ask first.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();

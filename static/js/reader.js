// Source reader: light up the quote named by the URL fragment (#stance-12, #assessment-3)
// in every piece it was split into, bring it into view, and open a quote's card on click.
(function () {
  "use strict";

  var RECORD = /^(stance|assessment)-\d+$/;
  var LIT = "is-target";

  function lightUp() {
    document.querySelectorAll("." + LIT).forEach(function (el) {
      el.classList.remove(LIT);
    });
    document.querySelectorAll(".q-card:popover-open").forEach(function (card) {
      card.hidePopover();
    });
    var anchor = decodeURIComponent(window.location.hash.slice(1));
    if (!RECORD.test(anchor)) {
      return;
    }
    var first = document.getElementById(anchor);
    if (!first) {
      return;
    }
    document.querySelectorAll('[data-record="' + anchor + '"]').forEach(function (el) {
      el.classList.add(LIT);
    });
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "center" });
    showInList(anchor);
  }

  // Scroll the (sticky, scrollable) list beside the text to the record's entry.
  function showInList(anchor) {
    var list = document.querySelector(".reader-records");
    var entry = document.getElementById("rec-" + anchor);
    if (!list || !entry || list.scrollHeight <= list.clientHeight) {
      return;
    }
    list.scrollTop += entry.getBoundingClientRect().top - list.getBoundingClientRect().top - 8;
  }

  function openCard(event) {
    if (event.target.closest("button, a")) {
      return;
    }
    // The text is swapped anew after an editor saves a record: listen above it.
    var mark = event.target.closest(".reader-text mark[data-record]");
    var selection = window.getSelection();
    // A drag that selects text is not a click on the quote.
    if (!mark || (selection && !selection.isCollapsed)) {
      return;
    }
    var card = document.getElementById("card-" + mark.dataset.record);
    if (card && card.showPopover) {
      card.showPopover();
    }
  }

  document.addEventListener("click", openCard);
  document.addEventListener("DOMContentLoaded", lightUp);
  window.addEventListener("hashchange", lightUp);
})();

/* Search: the facets left empty stay out of the request and of the address bar, so a search
 * for "Crimea" reads /search/?q=Crimea, not ?q=Crimea&show=&organisation=&kind=… */
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", (event) => {
    if (!event.target.closest || !event.target.closest(".search-form")) return;
    const params = event.detail.parameters;
    for (const key of Object.keys(params)) {
      if (params[key] === "") delete params[key];
    }
  });
})();

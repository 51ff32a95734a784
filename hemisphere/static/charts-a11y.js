/* vega-embed's "..." actions menu is a <summary> holding only an icon, so screen
   readers get no name for it (axe-core: summary-name). Name each one as it appears. */
(function () {
  "use strict";
  function label() {
    document.querySelectorAll(".vega-embed details > summary:not([aria-label])").forEach(function (summary) {
      summary.setAttribute("aria-label", "Chart actions: save the chart or view its source");
    });
  }
  function start() {
    label();
    new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

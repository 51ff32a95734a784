/* Two fixes for screen readers, applied as charts appear (axe-core flags both):
   - vega-embed's "..." actions menu is a <summary> holding only an icon: name it (summary-name);
   - a brush (the timeline's overview selection) is drawn as unnamed graphics: it is an
     interaction aid, not content, so hide it from assistive technology (svg-img-alt). */
(function () {
  "use strict";
  function label() {
    document.querySelectorAll(".vega-embed details > summary:not([aria-label])").forEach(function (summary) {
      summary.setAttribute("aria-label", "Chart actions: save the chart or view its source");
    });
    document.querySelectorAll('.vega-embed g[class*="_brush"]:not([aria-hidden])').forEach(function (group) {
      group.setAttribute("aria-hidden", "true");
    });
  }
  function start() {
    label();
    new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

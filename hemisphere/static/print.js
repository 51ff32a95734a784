/* Print what a reader opens on screen: the collapsed data tables behind the charts and the
   book's dropdowns are opened before the browser prints and closed again after. Hidden code
   cells and vega-embed's actions menu stay shut (print.css hides them). */
(function () {
  "use strict";
  var OPEN_ON_PAPER = "details.hemisphere-data:not([open]), details.sd-dropdown:not([open])";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(OPEN_ON_PAPER).forEach(function (details) {
      details.setAttribute("open", "");
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.removeAttribute("open");
    });
    opened = [];
  });
})();

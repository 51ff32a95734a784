/* Draw the book's charts. Each chart's spec and embed options travel in a JSON data block
   (<script type="application/json" data-hemisphere-chart="altair-viz-N">) that the browser
   never executes; this file, served from the site, reads each block and calls vegaEmbed.
   So chart pages hold no inline script, and their Content-Security-Policy allows none.
   Embed options always include ast: true (Vega's expression interpreter, no `new Function`). */
(function () {
  "use strict";
  function showError(container, error) {
    var message = document.createElement("p");
    message.className = "hemisphere-chart-error";
    message.textContent = "This chart could not be drawn: " + (error && error.message ? error.message : error);
    container.appendChild(message);
    if (window.console) console.error(error);
  }
  function draw(block) {
    var container = document.getElementById(block.getAttribute("data-hemisphere-chart"));
    if (!container || container.dataset.hemisphereDrawn) return;
    container.dataset.hemisphereDrawn = "1";
    // What altair's template sets in an inline <style>; set here through the CSSOM instead.
    container.style.width = "100%";
    container.style.display = "flex";
    var chart;
    try {
      chart = JSON.parse(block.textContent);
    } catch (error) {
      showError(container, error);
      return;
    }
    var options = Object.assign({}, chart.embedOptions, { ast: true });
    window.vegaEmbed(container, chart.spec, options).catch(function (error) {
      showError(container, error);
    });
  }
  function start() {
    if (typeof window.vegaEmbed !== "function") {
      document.querySelectorAll("script[data-hemisphere-chart]").forEach(function (block) {
        var container = document.getElementById(block.getAttribute("data-hemisphere-chart"));
        if (container) showError(container, new Error("the chart libraries did not load"));
      });
      return;
    }
    document.querySelectorAll('script[type="application/json"][data-hemisphere-chart]').forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

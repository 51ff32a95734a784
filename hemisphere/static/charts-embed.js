/* Draw the book's charts. Each chart's spec and embed options travel in a JSON data block
   (<script type="application/json" data-hemisphere-chart="altair-viz-N">) that the browser
   never executes; this file, served from the site, reads each block and calls vegaEmbed.
   So chart pages hold no inline script, and their Content-Security-Policy allows none.
   Embed options always include ast: true (Vega's expression interpreter, no `new Function`).

   The chart libraries (vega, vega-lite, vega-embed: 0.9 MB) are not loaded by the page: this
   file loads them from the site (the address is its own data-vega-bundle attribute) once a
   chart comes near the screen, so a page opens without waiting for them, and a page whose
   charts are never reached never fetches them. Printing draws every chart first
   (beforeprint), and window.hemisphereCharts.drawAll() draws them all and says when it is
   done (for tools that print pages). A chart's spec is in its data block, or (as the build
   writes it) in a JSON file of the site named by the block's data-hemisphere-spec. Each chart's description and data table are in the page
   from the start, drawn or not. */
(function () {
  "use strict";
  var script = document.currentScript;
  var bundleUrl = script && script.getAttribute("data-vega-bundle");
  var libraries = null; // the promise of the loaded libraries
  var drawing = {}; // container id -> promise of its drawn chart
  // Start drawing a chart this far before it scrolls into view.
  var NEAR = "600px 0px";

  function showError(container, error) {
    var message = document.createElement("p");
    message.className = "hemisphere-chart-error";
    message.textContent = "This chart could not be drawn: " + (error && error.message ? error.message : error);
    container.appendChild(message);
    if (window.console) console.error(error);
  }
  function loadLibraries() {
    if (libraries) return libraries;
    libraries = new Promise(function (resolve, reject) {
      if (typeof window.vegaEmbed === "function") return resolve();
      if (!bundleUrl) return reject(new Error("the chart libraries' address is missing"));
      var tag = document.createElement("script");
      tag.src = bundleUrl;
      tag.onload = function () {
        if (typeof window.vegaEmbed === "function") resolve();
        else reject(new Error("the chart libraries did not load"));
      };
      tag.onerror = function () {
        reject(new Error("the chart libraries did not load"));
      };
      document.head.appendChild(tag);
    });
    return libraries;
  }
  function blocks() {
    return Array.prototype.slice.call(
      document.querySelectorAll('script[type="application/json"][data-hemisphere-chart]')
    );
  }
  function readChart(block) {
    // The build moves each chart's spec to a JSON file of the site (data-hemisphere-spec).
    var url = block.getAttribute("data-hemisphere-spec");
    if (!url) return Promise.resolve().then(function () { return JSON.parse(block.textContent); });
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("its specification did not load (" + response.status + ")");
      return response.json();
    });
  }
  function draw(block) {
    var id = block.getAttribute("data-hemisphere-chart");
    var container = document.getElementById(id);
    if (!container) return Promise.resolve();
    if (drawing[id]) return drawing[id];
    drawing[id] = Promise.all([loadLibraries(), readChart(block)])
      .then(function (loaded) {
        var chart = loaded[1];
        container.dataset.hemisphereDrawn = "1";
        // What altair's template sets in an inline <style>; set here through the CSSOM instead.
        container.style.width = "100%";
        container.style.display = "flex";
        var options = Object.assign({}, chart.embedOptions, { ast: true });
        return window.vegaEmbed(container, chart.spec, options);
      })
      .catch(function (error) {
        showError(container, error);
      });
    return drawing[id];
  }
  function drawAll() {
    return Promise.all(blocks().map(draw)).then(function () {});
  }
  function start() {
    var found = blocks();
    if (!found.length) return;
    window.addEventListener("beforeprint", drawAll);
    if (!("IntersectionObserver" in window)) {
      drawAll();
      return;
    }
    var byContainer = new Map();
    var observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          draw(byContainer.get(entry.target));
        });
      },
      { rootMargin: NEAR }
    );
    found.forEach(function (block) {
      var container = document.getElementById(block.getAttribute("data-hemisphere-chart"));
      if (!container) return;
      byContainer.set(container, block);
      observer.observe(container);
    });
  }
  window.hemisphereCharts = { drawAll: drawAll };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

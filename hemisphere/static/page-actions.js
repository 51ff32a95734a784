/* The theme's full-screen and print buttons, without inline event handlers.
   sphinx-book-theme writes onclick="toggleFullScreen()" and onclick="window.print()"; a
   Content-Security-Policy without 'unsafe-inline' blocks every inline handler, so the build
   (hemisphere/pagesecurity.py) turns those two, and only those, into data-hemisphere-action
   attributes that this file binds. */
(function () {
  "use strict";
  var actions = {
    fullscreen: function () {
      if (typeof window.toggleFullScreen === "function") window.toggleFullScreen();
    },
    print: function () {
      window.print();
    },
  };
  function start() {
    document.querySelectorAll("[data-hemisphere-action]").forEach(function (element) {
      var action = actions[element.getAttribute("data-hemisphere-action")];
      if (action) element.addEventListener("click", action);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/* Japanese text made in the browser, marked as Japanese (WCAG 3.1.2).
 *
 * The build marks the page's own text (hemisphere/lang.py). Text that scripts write
 * later -- vega's tooltips and chart labels, the quiz feedback -- is marked here:
 * each run of Japanese characters goes into an element with lang="ja" (a <span>, or a
 * <tspan> inside SVG). The character classes are hemisphere/lang.py's (a test keeps
 * them equal). Text is only ever set with createTextNode/textContent, never as HTML.
 */
(function () {
  "use strict";

  var JAPANESE_CHARS = "\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef";
  var JOINERS = "0-9 \t\n.,:;!?()\\[\\]/\\-\u2010-\u2015\u2018\u2019\u201c\u201d\u2026\u30fb%";
  var RUN_SOURCE = "[" + JAPANESE_CHARS + "]+(?:[" + JOINERS + "]+[" + JAPANESE_CHARS + "]+)*";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var SKIP = "script, style, textarea, option, title";

  function runs(text) {
    var pieces = [], at = 0, match, pattern = new RegExp(RUN_SOURCE, "g");
    while ((match = pattern.exec(text))) {
      if (match.index > at) pieces.push([text.slice(at, match.index), false]);
      pieces.push([match[0], true]);
      at = match.index + match[0].length;
    }
    if (at < text.length) pieces.push([text.slice(at), false]);
    return pieces;
  }

  function fragment(text, svg) {
    var out = document.createDocumentFragment();
    runs(text).forEach(function (piece) {
      if (!piece[1]) { out.appendChild(document.createTextNode(piece[0])); return; }
      var span = svg ? document.createElementNS(SVG_NS, "tspan") : document.createElement("span");
      span.setAttribute("lang", "ja");
      span.textContent = piece[0];
      out.appendChild(span);
    });
    return out;
  }

  function isJapanese(element) {
    var holder = element.closest("[lang]");
    return !!holder && /^ja\b/i.test(holder.getAttribute("lang"));
  }

  function markTextNode(node) {
    var parent = node.parentNode;
    if (!parent || parent.nodeType !== 1 || !new RegExp(RUN_SOURCE).test(node.nodeValue)) return;
    if (parent.closest(SKIP) || isJapanese(parent)) return;
    parent.replaceChild(fragment(node.nodeValue, parent.namespaceURI === SVG_NS), node);
  }

  function mark(root) {
    if (root.nodeType === 3) { markTextNode(root); return; }
    if (root.nodeType !== 1) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), found = [], node;
    while ((node = walker.nextNode())) found.push(node);
    found.forEach(markTextNode);
  }

  /* Set an element's text, its Japanese runs marked (for scripts such as quiz.js). */
  function setText(element, text) {
    element.textContent = "";
    element.appendChild(fragment(String(text), element.namespaceURI === SVG_NS));
  }

  window.HemisphereLang = { setText: setText, mark: mark, runs: runs };

  // Whatever a script adds later (a tooltip shown on hover, a chart drawn, a label
  // changed) is marked as it arrives. Marking adds only marked spans, so it settles.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "characterData") markTextNode(record.target);
      record.addedNodes.forEach(mark);
    });
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });

  function start() { mark(document.body); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

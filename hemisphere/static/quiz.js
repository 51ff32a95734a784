/* The book's quizzes, checked in the page: no kernel, no network.
 *
 * The rules mirror hemisphere/quiz/marking.py (check and parse_number); a test runs the
 * same cases through both. Text is only ever set with textContent, so nothing
 * from a quiz bank can run as HTML. Answers are kept in localStorage per quiz.
 *
 * Choices are shuffled for each reader (unless the section says data-shuffle="off"):
 * the order comes from a random seed kept in localStorage (no personal data), so it
 * is the same after a reload and differs from one reader to the next. Marking goes by
 * option id, never by position. Before printing, the bank's own order is put back.
 */
(function () {
  "use strict";

  var STORAGE_PREFIX = "hemisphere-quiz:v1:";
  var PLAIN = /^-?\d+(\.\d+)?$/;
  var THOUSANDS = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
  var DECIMAL_COMMA = /^-?\d+,\d+$/;
  var NUMBER_THEN_WORDS = /^-?[\d.,]+\s*\S/;

  function parseNumber(text) {
    text = (text === null || text === undefined ? "" : String(text)).trim().replace(/\u2212/g, "-");
    if (!text) return [null, "Type a number first."];
    if (PLAIN.test(text)) return [parseFloat(text), ""];
    if (THOUSANDS.test(text)) return [parseFloat(text.replace(/,/g, "")), ""];
    if (DECIMAL_COMMA.test(text)) return [null, "Use a point, not a comma, for decimals (for example 2.5)."];
    if (NUMBER_THEN_WORDS.test(text)) return [null, "Type only the number, without units or words (for example 15)."];
    return [null, "That is not a number: type digits only (for example 15)."];
  }

  function result(status, message, details) {
    return { status: status, message: message, details: details || [] };
  }

  function verdict(status) { return status === "correct" ? "Right." : "Not quite."; }

  function sameList(a, b) {
    return a.length === b.length && a.every(function (x, i) { return x === b[i]; });
  }

  /* question: the JSON key of one question; labels: {id: text} for statements. */
  function check(question, response, labels) {
    var kind = question.type, status, details;
    if (kind === "single") {
      if (!response) return result("invalid", "Choose an answer first.");
      if (!(response in question.options)) return result("invalid", "Choose one of the answers shown.");
      status = response === question.answer ? "correct" : "incorrect";
      return result(status, verdict(status), question.options[response] ? [question.options[response]] : []);
    }
    if (kind === "multiple") {
      var chosen = Array.from(new Set(response || [])).sort();
      if (!chosen.length) return result("invalid", "Tick at least one answer first.");
      status = sameList(chosen, question.answer) ? "correct" : "incorrect";
      details = chosen.filter(function (id) { return question.options[id]; })
        .map(function (id) { return question.options[id]; });
      if (status === "incorrect") {
        var missed = question.answer.filter(function (id) { return chosen.indexOf(id) < 0; }).length;
        var wrong = chosen.filter(function (id) { return question.answer.indexOf(id) < 0; }).length;
        details.unshift(wrong + " of your ticks are wrong and " + missed + " right answers are not ticked.");
      }
      return result(status, verdict(status), details);
    }
    if (kind === "truefalse") {
      if (response !== true && response !== false) return result("invalid", "Choose true or false first.");
      status = response === question.answer ? "correct" : "incorrect";
      return result(status, verdict(status));
    }
    if (kind === "classify") {
      response = response || {};
      var ids = Object.keys(question.answer);
      var categories = question.categories;
      var left = ids.filter(function (id) { return categories.indexOf(response[id]) < 0; });
      if (left.length) return result("invalid", "Sort every statement first (" + left.length + " left).");
      var wrongIds = ids.filter(function (id) { return response[id] !== question.answer[id]; });
      status = wrongIds.length ? "incorrect" : "correct";
      details = [(ids.length - wrongIds.length) + " of " + ids.length + " sorted right."];
      wrongIds.forEach(function (id) {
        if (question.statements[id]) details.push("\u201c" + ((labels || {})[id] || id) + "\u201d: " + question.statements[id]);
      });
      return result(status, verdict(status), details);
    }
    if (kind === "order") {
      response = (response || []).slice();
      var items = question.answer.slice().sort();
      if (response.length !== items.length || !sameList(response.map(String).slice().sort(), items)) {
        return result("invalid", "Give every item its own position first.");
      }
      status = sameList(response, question.answer) ? "correct" : "incorrect";
      var right = response.filter(function (id, i) { return id === question.answer[i]; }).length;
      return result(status, verdict(status), [right + " of " + items.length + " in the right place."]);
    }
    if (kind === "numeric") {
      var parsed = parseNumber(response);
      if (parsed[0] === null) return result("invalid", parsed[1]);
      status = Math.abs(parsed[0] - question.answer) <= question.tolerance ? "correct" : "incorrect";
      return result(status, verdict(status));
    }
    return result("invalid", "Unknown question type " + kind + ".");
  }

  /* --- Shuffling ------------------------------------------------------------------ */

  var SEED_KEY = "hemisphere-quiz:seed";
  var memorySeed = null;

  /* This reader's seed: random, made once, kept in this browser only. */
  function readerSeed() {
    var seed = null;
    try { seed = window.localStorage.getItem(SEED_KEY); } catch (e) { seed = null; }
    if (seed) return seed;
    if (memorySeed) return memorySeed;
    var words = new Uint32Array(4);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(words);
    else for (var i = 0; i < words.length; i++) words[i] = Math.floor(Math.random() * 4294967296);
    seed = Array.from(words).map(function (w) { return w.toString(16); }).join("-");
    try { window.localStorage.setItem(SEED_KEY, seed); } catch (e) { /* private mode */ }
    memorySeed = seed;
    return seed;
  }

  /* A 32-bit hash of a string (FNV-1a), to turn seed + question into a generator's state. */
  function hash(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }

  /* mulberry32: a small seeded generator, enough for ordering a handful of options. */
  function generator(state) {
    return function () {
      state = (state + 0x6d2b79f5) | 0;
      var t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffledOrder(length, key) {
    var random = generator(hash(key)), order = [];
    for (var i = 0; i < length; i++) order.push(i);
    for (var j = length - 1; j > 0; j--) {
      var k = Math.floor(random() * (j + 1));
      var swap = order[j]; order[j] = order[k]; order[k] = swap;
    }
    return order;
  }

  /* Put each shuffled group's children in this reader's order, or back in file order. */
  function arrange(section, shuffled) {
    var seed = shuffled ? readerSeed() : "";
    section.querySelectorAll("form.hq-question").forEach(function (form) {
      var group = form.querySelector(".hq-options[data-shuffle]");
      if (!group) return;
      var children = Array.from(group.children);
      children.forEach(function (child, i) { if (!child.dataset.fileIndex) child.dataset.fileIndex = String(i); });
      children.sort(function (a, b) { return a.dataset.fileIndex - b.dataset.fileIndex; });
      var order = shuffled
        ? shuffledOrder(children.length, seed + "|" + section.dataset.quiz + "|" + form.dataset.question)
        : children.map(function (_, i) { return i; });
      order.forEach(function (i) { group.appendChild(children[i]); });
    });
  }

  /* --- The page ------------------------------------------------------------------ */

  function readResponse(form, question) {
    var kind = question.type;
    if (kind === "single" || kind === "truefalse") {
      var picked = form.querySelector("input:checked");
      if (!picked) return null;
      return kind === "truefalse" ? picked.value === "true" : picked.value;
    }
    if (kind === "multiple") {
      return Array.from(form.querySelectorAll("input:checked")).map(function (i) { return i.value; });
    }
    if (kind === "classify") {
      var sorted = {};
      form.querySelectorAll("select").forEach(function (s) { if (s.value) sorted[s.dataset.key] = s.value; });
      return sorted;
    }
    if (kind === "order") {
      var placed = [];
      var selects = Array.from(form.querySelectorAll("select"));
      for (var i = 0; i < selects.length; i++) {
        var position = parseInt(selects[i].value, 10);
        if (!position || placed[position - 1] !== undefined) return [];
        placed[position - 1] = selects[i].dataset.key;
      }
      return placed.filter(function (x) { return x !== undefined; });
    }
    if (kind === "numeric") return form.querySelector("input").value;
    return null;
  }

  function writeResponse(form, question, response) {
    var kind = question.type;
    if (response === null || response === undefined) return;
    if (kind === "single" || kind === "truefalse" || kind === "multiple") {
      var wanted = kind === "multiple" ? response : [String(response)];
      form.querySelectorAll("input").forEach(function (i) { i.checked = wanted.indexOf(i.value) >= 0; });
    } else if (kind === "classify") {
      form.querySelectorAll("select").forEach(function (s) { s.value = response[s.dataset.key] || ""; });
    } else if (kind === "order") {
      form.querySelectorAll("select").forEach(function (s) {
        var at = response.indexOf(s.dataset.key);
        s.value = at >= 0 ? String(at + 1) : "";
      });
    } else if (kind === "numeric") {
      form.querySelector("input").value = response;
    }
  }

  function labelsOf(form) {
    var labels = {};
    form.querySelectorAll("select").forEach(function (s) {
      var label = form.querySelector('label[for="' + s.id + '"]');
      labels[s.dataset.key] = label ? label.textContent : s.dataset.key;
    });
    return labels;
  }

  /* Text with its Japanese runs marked lang="ja" (static/lang.js); plain text without it. */
  function setText(element, text) {
    if (window.HemisphereLang) window.HemisphereLang.setText(element, text);
    else element.textContent = text;
  }

  function showFeedback(form, question, outcome) {
    var box = form.querySelector(".hq-feedback");
    box.textContent = "";
    box.className = "hq-feedback hq-" + outcome.status;
    var head = document.createElement("p");
    head.className = "hq-verdict";
    head.textContent = outcome.message;
    box.appendChild(head);
    if (outcome.status !== "invalid") {
      var general = document.createElement("p");
      setText(general, question.feedback);
      box.appendChild(general);
      if (outcome.details.length) {
        var list = document.createElement("ul");
        outcome.details.forEach(function (text) {
          var item = document.createElement("li");
          setText(item, text);
          list.appendChild(item);
        });
        box.appendChild(list);
      }
    }
    form.querySelector(".hq-sources").hidden = outcome.status === "invalid";
  }

  function clearFeedback(form) {
    var box = form.querySelector(".hq-feedback");
    box.textContent = "";
    box.className = "hq-feedback";
    form.querySelector(".hq-sources").hidden = true;
  }

  function setUp(section) {
    var key = JSON.parse(section.querySelector("script.hq-key").textContent);
    var shuffle = section.dataset.shuffle !== "off";
    if (shuffle) {
      arrange(section, true);
      // Print shows the bank's own order, as the page does without this script.
      window.addEventListener("beforeprint", function () { arrange(section, false); });
      window.addEventListener("afterprint", function () { arrange(section, true); });
    }
    var storageKey = STORAGE_PREFIX + section.dataset.quiz;
    var state = {};
    try { state = JSON.parse(window.localStorage.getItem(storageKey) || "{}") || {}; } catch (e) { state = {}; }
    var forms = Array.from(section.querySelectorAll("form.hq-question"));
    var score = section.querySelector(".hq-score");

    function save() {
      try { window.localStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* private mode */ }
    }
    function updateScore() {
      var right = forms.filter(function (f) { return (state[f.dataset.question] || {}).status === "correct"; }).length;
      score.textContent = right + " of " + forms.length + " answered correctly.";
    }
    function mark(form, announce) {
      var question = key[form.dataset.question];
      var response = readResponse(form, question);
      var outcome = check(question, response, labelsOf(form));
      state[form.dataset.question] = { response: response, status: outcome.status };
      showFeedback(form, question, outcome);
      if (announce) save();
      updateScore();
    }

    forms.forEach(function (form) {
      var saved = state[form.dataset.question];
      form.addEventListener("submit", function (event) { event.preventDefault(); mark(form, true); });
      if (saved) {
        writeResponse(form, key[form.dataset.question], saved.response);
        mark(form, false);
      }
    });
    section.querySelector(".hq-reset").addEventListener("click", function () {
      state = {};
      try { window.localStorage.removeItem(storageKey); } catch (e) { /* private mode */ }
      forms.forEach(function (form) { form.reset(); clearFeedback(form); });
      updateScore();
    });
    updateScore();
  }

  window.HemisphereQuiz = { check: check, parseNumber: parseNumber, shuffledOrder: shuffledOrder };
  function start() { document.querySelectorAll("section.hemisphere-quiz").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

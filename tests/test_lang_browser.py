"""Every run of Japanese on every page of the built book sits in an element whose language
is Japanese, so screen readers switch voice (WCAG 3.1.2): the page's own text, the charts
once drawn, a chart's tooltip, and the quiz feedback that the page's script writes."""

from __future__ import annotations

import pytest
from helpers import BUILD_HTML, chart_with_option, draw_every_chart

from hemisphere import quiz
from hemisphere.lang import JAPANESE_RUN

pytestmark = pytest.mark.browser

# Text nodes under root holding Japanese whose nearest lang ancestor is not Japanese
# (attribute values, such as link titles, are not text nodes, so they are not checked).
UNMARKED = """([root, pattern]) => {
  const run = new RegExp(pattern, 'g');
  const out = [];
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, noscript, template')) continue;
    const holder = parent.closest('[lang]');
    const lang = holder ? holder.getAttribute('lang') : '';
    if (/^ja\\b/i.test(lang)) continue;
    for (const match of node.nodeValue.matchAll(run)) {
      out.push(`${match[0]} (in <${parent.tagName.toLowerCase()}> "${node.nodeValue.trim().slice(0, 60)}")`);
    }
  }
  return out;
}"""


def unmarked(page, root: str = "body") -> list[str]:
    return page.evaluate(UNMARKED, [root, JAPANESE_RUN.pattern])


def draw_charts(page) -> None:
    draw_every_chart(page)  # a chart is drawn when the reader scrolls near it


def test_every_japanese_run_on_every_page_is_marked_japanese(visit, book_pages):
    failures = {}
    japanese_seen = 0
    for docname in book_pages:
        page = visit(docname).page
        draw_charts(page)  # chart text exists only once vega has drawn it
        problems = unmarked(page)
        if problems:
            failures[docname] = problems
        japanese_seen += page.locator('[lang="ja"]').count()
    assert failures == {}, "Japanese not marked lang='ja':\n" + "\n".join(
        f"{docname}: {text}" for docname, texts in failures.items() for text in texts
    )
    assert japanese_seen > 100, "the book's Japanese terms were not found at all"


def test_a_tooltip_naming_a_japanese_source_marks_it_japanese(visit):
    page = visit("book/01_policy_at_a_glance").page
    chart = chart_with_option(page, "All categories")
    tooltip = page.locator("#vg-tooltip-element")
    points = chart.locator("svg g.mark-symbol.role-mark > path")
    for index in range(points.count()):
        points.nth(index).hover(force=True)
        tooltip.wait_for(state="visible")
        if "大澤傑" in tooltip.inner_text():
            break
    else:
        pytest.fail("no event's tooltip names the essay (大澤傑 2026b)")
    page.wait_for_function("() => document.querySelector('#vg-tooltip-element [lang=\"ja\"]')")
    assert unmarked(page, "#vg-tooltip-element") == []


def test_quiz_feedback_written_by_the_page_marks_japanese_and_stays_text(
    visit, tmp_path, monkeypatch
):
    (tmp_path / "mixed.yml").write_text(
        """chapter: mixed
title: Mixed
questions:
  - id: q-mixed
    type: single
    objective: 1
    level: recall
    prompt: Which reading of 見せしめ?
    options:
      - {id: a, text: A warning to others, feedback: "<b>見せしめ</b>: making an example of one state for the others."}
      - {id: b, text: Second, feedback: "No, this is not the reading the essay gives."}
    answer: a
    feedback: "The essay's word is 見せしめ <script>window.__ran = 1</script>"
    sources: [osawa2026essay]
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("HEMISPHERE_QUIZZES", str(tmp_path))
    quiz.clear_cache()
    try:
        body = quiz.to_html(quiz.load_bank("mixed"), lambda key: "book/references.html")
    finally:
        quiz.clear_cache()
    (BUILD_HTML / "_lang_quiz_test.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>test</title></head><body>"
        f"{body}<script src='_static/hemisphere/lang.js'></script>"
        "<script src='_static/hemisphere/quiz.js'></script></body></html>",
        encoding="utf-8",
    )
    try:
        page = visit("_lang_quiz_test").page
        form = page.locator('form.hq-question[data-question="q-mixed"]')
        form.locator('input[value="a"]').check()  # by id: the options are shuffled
        form.get_by_role("button", name="Check").click()
        feedback = form.locator(".hq-feedback")
        assert "<b>見せしめ</b>: making an example of one state" in feedback.inner_text()
        assert feedback.locator('[lang="ja"]').count() == 2
        assert unmarked(page) == []
        assert page.evaluate("window.__ran") is None
        assert feedback.locator("b, script").count() == 0
    finally:
        (BUILD_HTML / "_lang_quiz_test.html").unlink()

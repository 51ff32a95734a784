"""The quizzes in the built pages, in a real browser: marking and feedback, the
score, answers kept across a reload and cleared by reset, keyboard use, hostile
text shown as text, the same marks as Python, and axe-core's accessibility rules."""

from __future__ import annotations

import json

import pytest
from helpers import BUILD_HTML
from quiz_cases import CASES

from hemisphere import quiz

pytestmark = pytest.mark.browser

QUIZ = "section.hemisphere-quiz"
PAGE = "book/04_western_hemisphere"


def question(page, question_id):
    form = page.locator(f'form.hq-question[data-question="{question_id}"]')
    form.scroll_into_view_if_needed()
    return form


def test_right_and_wrong_answers_show_their_feedback_and_sources(visit):
    page = visit(PAGE).page
    form = question(page, "c4-homeland")
    form.get_by_label("As the whole of the Americas").check()
    form.get_by_role("button", name="Check").click()
    own = {
        o.id: o.feedback
        for q in quiz.load_bank("04_western_hemisphere").questions
        if q.id == "c4-homeland"
        for o in q.options
    }
    feedback = form.locator(".hq-feedback")
    assert feedback.inner_text().startswith("Not quite.")
    # The chosen option's own feedback says why it is wrong; no other option's shows.
    assert own["americas"] in feedback.inner_text()
    assert own["homeland"] not in feedback.inner_text()
    form.get_by_label("As the domain of US homeland security").check()
    form.get_by_role("button", name="Check").click()
    assert feedback.inner_text().startswith("Right.")
    assert own["homeland"] in feedback.inner_text()
    assert own["americas"] not in feedback.inner_text()
    assert "National Defense Strategy" in feedback.inner_text()
    sources = form.locator(".hq-sources")
    assert sources.is_visible() and sources.locator("a").count() >= 1


def test_odd_answers_get_a_message_not_an_error(visit):
    page = visit(PAGE)
    form = question(page.page, "c4-designations-latin")
    for typed, message in [
        ("", "Type a number first."),
        ("15 groups", "without units"),
        ("1,5", "not a comma"),
    ]:
        form.locator("input").fill(typed)
        form.get_by_role("button", name="Check").click()
        assert message in form.locator(".hq-feedback").inner_text()
    assert page.console_errors == []


def test_the_score_counts_right_answers(visit):
    page = visit(PAGE).page
    total = len(quiz.load_bank("04_western_hemisphere").questions)
    score = page.locator(f"{QUIZ} .hq-score")
    assert score.inner_text() == f"0 of {total} answered correctly."
    form = question(page, "c4-homeland")
    form.get_by_label("As the domain of US homeland security").check()
    form.get_by_role("button", name="Check").click()
    form = question(page, "c4-designations-latin")
    form.locator("input").fill("15")
    form.get_by_role("button", name="Check").click()
    form = question(page, "c4-trf")
    form.get_by_label("One designation was revoked.").check()
    form.get_by_role("button", name="Check").click()
    assert score.inner_text() == f"2 of {total} answered correctly."


def test_answers_survive_a_reload_and_reset_clears_them(visit):
    page = visit(PAGE).page
    form = question(page, "c4-homeland")
    form.get_by_label("As the domain of US homeland security").check()
    form.get_by_role("button", name="Check").click()
    page.reload()
    form = question(page, "c4-homeland")
    assert form.get_by_label("As the domain of US homeland security").is_checked()
    assert form.locator(".hq-feedback").inner_text().startswith("Right.")
    assert page.locator(f"{QUIZ} .hq-score").inner_text().startswith("1 of")
    page.locator(f"{QUIZ} .hq-reset").click()
    assert not form.get_by_label("As the domain of US homeland security").is_checked()
    assert form.locator(".hq-feedback").inner_text() == ""
    page.reload()
    assert page.locator(f"{QUIZ} .hq-score").inner_text().startswith("0 of")


def test_a_question_can_be_answered_with_the_keyboard_alone(visit):
    page = visit(PAGE).page
    form = question(page, "c4-homeland")
    form.locator('input[value="homeland"]').focus()  # the key, wherever shuffling put it
    page.keyboard.press("Space")  # select the focused option
    page.keyboard.press("Tab")  # to the Check button
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Check"
    page.keyboard.press("Enter")
    assert form.locator(".hq-feedback").inner_text().startswith("Right.")
    # The focused control shows a visible focus ring.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


FOCUSED = """() => { const e = document.activeElement; const form = e.closest('form.hq-question');
    return {tag: e.tagName.toLowerCase(), type: e.type || '', text: e.textContent.trim(),
            question: form ? form.dataset.question : null,
            inQuiz: Boolean(e.closest('section.hemisphere-quiz'))}; }"""


def test_a_whole_quiz_can_be_taken_with_the_keyboard_alone(visit):
    """From the quiz's first control, keys only: Tab moves, Space ticks, arrows pick, typing fills,
    Enter checks. Every question of every type is reached and answered, and the score counts them."""
    page = visit(PAGE).page
    forms = page.locator(f"{QUIZ} form.hq-question")
    ids = forms.evaluate_all("forms => forms.map(f => f.dataset.question)")
    types = set(forms.evaluate_all("forms => forms.map(f => f.dataset.type)"))
    assert len(types) >= 4, types
    forms.first.locator("input, select").first.focus()
    checked, selects_seen = [], {}
    for _ in range(40 * len(ids)):
        focused = page.evaluate(FOCUSED)
        if not focused["inQuiz"] or focused["text"] == "Reset my answers":
            break
        if focused["tag"] == "button" and focused["text"] == "Check":
            page.keyboard.press("Enter")
            checked.append(focused["question"])
        elif focused["type"] in ("radio", "checkbox"):
            page.keyboard.press("Space")
        elif focused["tag"] == "select":
            # The n-th list of a question moves n steps, so an order question gets distinct positions.
            selects_seen[focused["question"]] = selects_seen.get(focused["question"], 0) + 1
            for _ in range(selects_seen[focused["question"]]):
                page.keyboard.press("ArrowDown")
        elif focused["tag"] == "input":
            page.keyboard.type("1")
        page.keyboard.press("Tab")
    assert checked == ids, "Tab order skipped or repeated a question's Check button"
    for question_id in ids:
        feedback = question(page, question_id).locator(".hq-feedback").inner_text()
        assert feedback.startswith(("Right.", "Not quite.")), (
            question_id,
            feedback,
        )  # marked, not refused
    assert f"of {len(ids)}" in page.locator(f"{QUIZ} .hq-score").inner_text()


@pytest.mark.parametrize("bank", sorted({case[0] for case in CASES}))
def test_the_page_marks_like_python(visit, bank):
    page = visit(f"book/{bank}").page
    key = json.loads(page.locator(f"{QUIZ} script.hq-key").text_content())
    for case_bank, question_id, response, status, message in CASES:
        if case_bank != bank:
            continue
        outcome = page.evaluate(
            "([q, r]) => window.HemisphereQuiz.check(q, r, {})", [key[question_id], response]
        )
        assert outcome["status"] == status, (question_id, response)
        assert outcome["message"].startswith(message), (question_id, response)


SHOWN_ORDERS = """() => Object.fromEntries(
    Array.from(document.querySelectorAll('section.hemisphere-quiz form.hq-question'))
      .filter(f => f.querySelector('.hq-options[data-shuffle]'))
      .map(f => [f.dataset.question, Array.from(
          f.querySelectorAll('.hq-options[data-shuffle] input, .hq-options[data-shuffle] select'))
          .map(e => e.dataset.key || e.value)]))"""


def file_orders(bank_name: str) -> dict[str, list[str]]:
    return {
        q.id: [o.id for o in q.options or q.statements]
        for q in quiz.load_bank(bank_name).questions
        if quiz.shuffles(q)
    }


def test_two_readers_get_different_orders_and_one_reader_keeps_hers(visit):
    reader = visit(PAGE).page
    other = visit(PAGE).page  # a second browser context: another reader, another seed
    mine, theirs = reader.evaluate(SHOWN_ORDERS), other.evaluate(SHOWN_ORDERS)
    files = file_orders("04_western_hemisphere")
    assert set(mine) == set(files) and all(sorted(mine[q]) == sorted(files[q]) for q in files)
    assert mine != theirs, "two readers saw the same order in every question"
    assert mine != files, "the page shows the file order"
    reader.reload()
    assert reader.evaluate(SHOWN_ORDERS) == mine, "the order changed on reload"


def test_marking_works_on_the_shuffled_order(visit):
    page = visit("book/01_policy_at_a_glance").page
    key = json.loads(page.locator(f"{QUIZ} script.hq-key").text_content())
    assert page.evaluate(SHOWN_ORDERS) != file_orders("01_policy_at_a_glance")
    for question_id, item in key.items():
        if item["type"] != "single":
            continue
        form = page.locator(f'form.hq-question[data-question="{question_id}"]')
        form.scroll_into_view_if_needed()
        wrong = next(oid for oid in item["options"] if oid != item["answer"])
        form.locator(f'input[value="{wrong}"]').check()
        form.get_by_role("button", name="Check").click()
        assert form.locator(".hq-feedback").inner_text().startswith("Not quite."), question_id
        form.locator(f'input[value="{item["answer"]}"]').check()
        form.get_by_role("button", name="Check").click()
        assert form.locator(".hq-feedback").inner_text().startswith("Right."), question_id
    # ... and the marks stay after a reload, on the same order.
    page.reload()
    singles = sum(q["type"] == "single" for q in key.values())
    assert page.locator(f"{QUIZ} .hq-score").inner_text().startswith(f"{singles} of")


def test_print_and_no_script_show_the_file_order(visit, browser, site_url):
    page = visit(PAGE).page
    shuffled = page.evaluate(SHOWN_ORDERS)
    files = file_orders("04_western_hemisphere")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(SHOWN_ORDERS) == files
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(SHOWN_ORDERS) == shuffled
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(f"{site_url}/{PAGE}.html", wait_until="load")
        orders = {
            form.get_attribute("data-question"): [
                e.get_attribute("data-key") or e.get_attribute("value")
                for e in form.locator(
                    ".hq-options[data-shuffle] input, .hq-options[data-shuffle] select"
                ).all()
            ]
            for form in plain.locator("form.hq-question").all()
            if form.locator(".hq-options[data-shuffle]").count()
        }
        assert orders == files
    finally:
        context.close()


def test_with_shuffling_off_the_page_keeps_the_file_order(visit):
    body = quiz.to_html(
        quiz.load_bank("04_western_hemisphere"), lambda key: "book/references.html", shuffle=False
    )
    (BUILD_HTML / "_unshuffled_quiz_test.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>test</title></head><body>"
        f"{body}<script src='_static/hemisphere/quiz.js'></script></body></html>",
        encoding="utf-8",
    )
    try:
        page = visit("_unshuffled_quiz_test").page
        assert page.evaluate(SHOWN_ORDERS) == file_orders("04_western_hemisphere")
    finally:
        (BUILD_HTML / "_unshuffled_quiz_test.html").unlink()


def test_hostile_text_in_a_bank_is_shown_and_never_runs(visit, tmp_path, monkeypatch):
    hostile = """chapter: hostile
title: "Hostile <b>bank</b>"
questions:
  - id: q-hostile
    type: single
    objective: 1
    level: recall
    prompt: "<script>window.__ran = 1</script>Which?"
    options:
      - {id: a, text: "<img src=x onerror='window.__ran = 2'>", feedback: "<script>window.__ran = 3</script> is shown as text, never run."}
      - {id: b, text: Second, feedback: "No, the first option is the one to choose."}
    answer: a
    feedback: "<iframe srcdoc='<script>parent.__ran = 4</script>'></iframe>"
    sources: [osawa2026essay]
"""
    (tmp_path / "hostile.yml").write_text(hostile, encoding="utf-8")
    monkeypatch.setenv("HEMISPHERE_QUIZZES", str(tmp_path))
    quiz.clear_cache()
    try:
        body = quiz.to_html(quiz.load_bank("hostile"), lambda key: "book/references.html")
    finally:
        quiz.clear_cache()
    (BUILD_HTML / "_hostile_quiz_test.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>test</title></head><body>"
        f"{body}<script src='_static/hemisphere/quiz.js'></script></body></html>",
        encoding="utf-8",
    )
    try:
        page = visit("_hostile_quiz_test").page
        form = question(page, "q-hostile")
        assert "<script>window.__ran = 1</script>Which?" in form.locator("legend").inner_text()
        form.locator('input[value="a"]').check()  # by id: the options are shuffled
        form.get_by_role("button", name="Check").click()
        assert "<script>window.__ran = 3</script>" in form.locator(".hq-feedback").inner_text()
        assert "<iframe" in form.locator(".hq-feedback").inner_text()
        assert page.evaluate("window.__ran") is None
        assert page.locator("img, iframe").count() == 0
    finally:
        (BUILD_HTML / "_hostile_quiz_test.html").unlink()


def test_axe_finds_no_serious_or_critical_violation_on_quiz_pages(visit):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for bank in quiz.bank_names():
        page = visit(f"book/{bank}").page
        results = axe.run(page)
        serious = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{bank}: {serious}"

"""Every built page carries a Content-Security-Policy (issue 15, defence in depth): no inline
script outside the build's own hashes, no 'unsafe-inline' or 'unsafe-eval' for scripts; in
chromium no page reports a violation while its charts draw, its tooltips and filters work and
its quiz answers. (An injected script blocked by the policy alone: tests/test_hostile_input.py.)
"""

from __future__ import annotations

import re

import pytest
from helpers import BUILD_HTML, CHART, draw_every_chart

from hemisphere import pagesecurity

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    {directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample || '',
     source: e.sourceFile + ':' + e.lineNumber}));
"""


def _policy(html: str) -> dict[str, str]:
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)" />', html)
    assert meta, "no Content-Security-Policy"
    return dict(part.split(" ", 1) for part in meta.group(1).split("; "))


@pytest.mark.build
def test_every_page_carries_a_policy_that_allows_only_the_builds_own_scripts(built_book):
    pages = pagesecurity.page_files(BUILD_HTML)
    assert len(pages) >= 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(BUILD_HTML).as_posix()
        policy = _policy(html)
        if "<script" in html:
            assert html.index("Content-Security-Policy") < html.index("<script"), name
        assert "'unsafe-inline'" not in policy["script-src"], name
        assert "unsafe-eval" not in policy["script-src"] and "unsafe-hashes" not in html, name
        assert policy["object-src"] == "'none'" and policy["default-src"] == "'self'", name
        allowed = set(policy["script-src"].split()) - {"'self'"}
        hashes = {pagesecurity.script_hash(s) for s in pagesecurity.inline_scripts(html)}
        # Every inline script that runs is allowed by its hash, and nothing else is.
        assert hashes == allowed, name
        assert " onclick=" not in html and "hemisphere-content-" not in html, name
        # Charts are data blocks drawn by a file from the site, never inline code.
        assert "vegaEmbed(" not in html and "kernelName" not in html, name


def _watched(browser, site_url, docname):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}/{docname}.html", wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, errors


@pytest.mark.browser
def test_no_page_reports_a_violation_and_every_chart_draws(browser, site_url, book_pages):
    charts, reports = 0, {}
    for docname in [*book_pages, "search", "genindex"]:
        context, page, errors = _watched(browser, site_url, docname)
        try:
            charts += draw_every_chart(page)  # each chart is drawn when scrolled near
            violations = page.evaluate("window.__violations")
            if violations or errors:
                reports[docname] = {"violations": violations, "errors": errors}
        finally:
            context.close()
    assert reports == {}
    assert charts >= 10


@pytest.mark.browser
def test_charts_filters_tooltips_and_quizzes_work_under_the_policy(browser, site_url):
    context, page, errors = _watched(browser, site_url, "book/01_policy_at_a_glance")
    try:
        draw_every_chart(page)  # a chart's controls exist once it is drawn
        chart = page.locator(CHART).filter(has=page.locator("option", has_text="All categories"))
        chart = chart.first
        chart.scroll_into_view_if_needed()
        points = "svg g.mark-symbol.role-mark > path"
        before = chart.locator(points).count()
        # A filter runs a Vega expression: with the interpreter, under the policy.
        chart.locator("select").nth(0).select_option("migration")
        page.wait_for_function(
            f"([c, n]) => c.querySelectorAll('{points}').length !== n",
            arg=[chart.element_handle(), before],
        )
        chart.locator(points).first.hover(force=True)
        page.locator("#vg-tooltip-element").wait_for(state="visible")
        # A quiz answers: tick the first choice of the first question and check it.
        form = page.locator("section.hemisphere-quiz form.hq-question").first
        form.locator("input").first.check()
        form.locator("button[type=submit]").click()
        feedback = form.locator(".hq-feedback")
        page.wait_for_function(
            "f => f.textContent.trim().length > 0", arg=feedback.element_handle()
        )
        assert feedback.inner_text().startswith(("Right.", "Not quite."))
        # The theme's full-screen button is bound without an inline handler.
        assert page.locator('[data-hemisphere-action="fullscreen"]').count() >= 1
        assert page.evaluate("window.__violations") == [] and errors == []
    finally:
        context.close()

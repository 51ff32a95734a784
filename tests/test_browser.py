"""The built book in a real browser: every page loads cleanly and offline, every
chart draws, and a chart's dropdown changes what it shows."""

from __future__ import annotations

import pytest

from hemisphere.data import load_events

pytestmark = pytest.mark.browser

CHART = '[id^="altair-viz"]'
# Marks drawn inside a chart's SVG (points, bars, rules, text...).
COUNT_MARKS = """container => container.querySelectorAll('svg g[class*="mark-"] > path, '
    + 'svg g[class*="mark-"] > rect, svg g[class*="mark-"] > line, svg g[class*="mark-"] > text').length"""
COUNT_POINTS = "container => container.querySelectorAll('svg g.mark-symbol > path').length"


def test_every_page_loads_offline_with_a_clean_console(visit, book_pages):
    for docname in book_pages:
        page = visit(docname)
        assert page.console_errors == [], f"{docname}: console errors {page.console_errors}"
        assert page.external_requests == [], f"{docname}: requests left the site {page.external_requests}"
        assert page.failed_requests == [], f"{docname}: failed requests {page.failed_requests}"
        assert page.page.locator("article h1").count() >= 1, f"{docname}: no page title"


def test_every_chart_container_holds_rendered_marks(visit, book_pages):
    charts_seen = 0
    for docname in book_pages:
        page = visit(docname).page
        for container in page.locator(CHART).all():
            page.wait_for_function(f"c => ({COUNT_MARKS})(c) > 0", arg=container.element_handle(),
                                   timeout=10_000)
            charts_seen += 1
    assert charts_seen >= 1, "the book has no chart at all"


def test_category_dropdown_filters_the_chapter_1_timeline(visit):
    events = load_events()
    second_term = events[events["era"] == "Trump's second term"]
    page = visit("book/01_policy_at_a_glance").page
    chart = page.locator(CHART).first
    page.wait_for_function(f"c => ({COUNT_POINTS})(c) > 0", arg=chart.element_handle())
    assert chart.evaluate(COUNT_POINTS) == len(second_term)

    chart.locator("select").select_option("migration")
    expected = int((second_term["category"] == "migration").sum())
    page.wait_for_function(f"([c, n]) => ({COUNT_POINTS})(c) === n", arg=[chart.element_handle(), expected])
    assert 0 < expected < len(second_term)


def test_tooltip_shows_an_events_sources(visit):
    page = visit("book/01_policy_at_a_glance").page
    chart = page.locator(CHART).first
    page.wait_for_function(f"c => ({COUNT_POINTS})(c) > 0", arg=chart.element_handle())
    # Points may overlap; any point under the cursor shows a tooltip.
    chart.locator("svg g.mark-symbol > path").last.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    assert "Sources" in tooltip.inner_text()

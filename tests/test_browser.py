"""The built book in a real browser: every page loads cleanly and offline, every
chart draws, and a chart's dropdown changes what it shows."""

from __future__ import annotations

import pytest

# The book draws a chart when the reader scrolls near it: every test scrolls to its charts.
from helpers import CHART, chart_with_option, draw_chart, draw_every_chart

from hemisphere.data import load_events

pytestmark = pytest.mark.browser

# Data points only: legend symbols are symbols too, but not role-mark.
COUNT_POINTS = (
    "container => container.querySelectorAll('svg g.mark-symbol.role-mark > path').length"
)


def test_every_page_loads_offline_with_a_clean_console(visit, book_pages):
    for docname in book_pages:
        page = visit(docname)
        draw_every_chart(page.page)  # the chart libraries load once a chart is near
        assert page.console_errors == [], f"{docname}: console errors {page.console_errors}"
        assert page.external_requests == [], (
            f"{docname}: requests left the site {page.external_requests}"
        )
        assert page.failed_requests == [], f"{docname}: failed requests {page.failed_requests}"
        assert page.page.locator("article h1").count() >= 1, f"{docname}: no page title"


def test_every_chart_container_holds_rendered_marks(visit, book_pages):
    charts_seen = 0
    for docname in book_pages:
        page = visit(docname).page
        for container in page.locator(CHART).all():
            # The description is there before the chart is drawn (it is drawn when near).
            early = container.get_attribute("aria-label") or ""
            assert len(early) > 20 and container.get_attribute("role") == "figure", docname
            draw_chart(page, container)
            # vega-embed gives the chart's description to screen readers as its wrapper's label.
            label = container.locator(".chart-wrapper").first.get_attribute("aria-label") or ""
            assert len(label) > 20, f"{docname}: a chart without a description"
            charts_seen += 1
    assert charts_seen >= 1, "the book has no chart at all"


def tooltip_of(page, mark) -> str:
    """Hover a mark and return the text of the tooltip vega shows for it."""
    mark.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    return tooltip.inner_text()


def test_category_and_instrument_dropdowns_filter_the_chapter_1_timeline(visit):
    events = load_events()
    second_term = events[events["era"] == "Trump's second term"]
    page = visit("book/01_policy_at_a_glance").page
    chart = chart_with_option(page, "All categories")
    assert chart.evaluate(COUNT_POINTS) == len(second_term)

    chart.locator("select").nth(0).select_option("migration")
    migration = second_term[second_term["category"] == "migration"]
    page.wait_for_function(
        f"([c, n]) => ({COUNT_POINTS})(c) === n", arg=[chart.element_handle(), len(migration)]
    )
    assert 0 < len(migration) < len(second_term)

    chart.locator("select").nth(1).select_option("deal diplomacy (stick)")
    both = migration[migration["instrument"] == "deal diplomacy (stick)"]
    page.wait_for_function(
        f"([c, n]) => ({COUNT_POINTS})(c) === n", arg=[chart.element_handle(), len(both)]
    )
    assert len(both) >= 1


def test_tooltip_shows_an_events_sources(visit):
    page = visit("book/01_policy_at_a_glance").page
    chart = chart_with_option(page, "All categories")
    # Points may overlap; any point under the cursor shows a tooltip.
    assert "Sources" in tooltip_of(page, chart.locator("svg g.mark-symbol.role-mark > path").last)


# The labels of the detail view's x axis (the first x axis in the chart).
DETAIL_AXIS_LABELS = """c => Array.from(Array.from(c.querySelectorAll('svg g.role-axis'))
    .filter(a => (a.getAttribute('aria-label') || '').startsWith('X-axis'))[0]
    .querySelectorAll('g.role-axis-label text')).map(t => t.textContent)"""


def test_brushing_the_overview_changes_the_detail_view(visit):
    page = visit("book/intro").page
    chart = chart_with_option(page, "All subregions")
    before = chart.evaluate(DETAIL_AXIS_LABELS)
    assert any("2025" in label for label in before), before
    # The overview is the concat's second view; its plot is the top 40 px of the group.
    strip = chart.locator("svg g.concat_1_group").first.bounding_box()
    y = strip["y"] + 20
    page.mouse.move(strip["x"] + strip["width"] * 0.05, y)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 0.45, y, steps=8)
    page.mouse.up()
    page.wait_for_function(
        f"([c, b]) => JSON.stringify(({DETAIL_AXIS_LABELS})(c)) !== JSON.stringify(b)",
        arg=[chart.element_handle(), before],
    )
    after = chart.evaluate(DETAIL_AXIS_LABELS)
    assert not any("2025" in label for label in after), after


def test_subregion_dropdown_filters_the_full_timeline(visit):
    events = load_events()
    page = visit("book/intro").page
    chart = chart_with_option(page, "All subregions")
    assert chart.evaluate(COUNT_POINTS) == len(events)
    chart.locator("select").nth(2).select_option("Southern South America")
    south = {"ARG", "BRA", "CHL", "URY", "PRY"}
    expected = int(events["countries"].map(lambda codes: bool(set(codes) & south)).sum())
    page.wait_for_function(
        f"([c, n]) => ({COUNT_POINTS})(c) === n", arg=[chart.element_handle(), expected]
    )
    assert 0 < expected < len(events)


def test_clicking_an_event_opens_its_source_in_a_new_tab(visit, site_url):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = visit("book/01_policy_at_a_glance").page
    # The test is offline: stop the new tab before it tries to reach the source's site.
    stopped: list[str] = []

    def stop(route):
        stopped.append(route.request.url)
        route.abort()

    page.context.route(lambda url: not url.startswith(site_url), stop)
    chart = chart_with_option(page, "All categories")
    points = chart.locator("svg g.mark-symbol.role-mark > path")
    opened = None
    for index in range(points.count()):
        try:
            with page.context.expect_page(timeout=1500) as new_tab:
                points.nth(index).click(force=True)
            opened = new_tab.value
            break
        except PlaywrightTimeout:
            continue  # an event with no online source has no link
    assert opened is not None, "no point opened a source"
    opened.wait_for_load_state()
    assert stopped and stopped[0].startswith("https://"), stopped
    assert page.url.endswith("01_policy_at_a_glance.html"), "the book page stays open"


MAP_FILLS = """c => Array.from(c.querySelectorAll('svg g.mark-shape > path'))
    .map(p => (p.getAttribute('fill') || '').toUpperCase())"""


def test_choosing_a_map_layer_changes_the_fills(visit):
    page = visit("book/04_western_hemisphere").page
    chart = chart_with_option(page, "Rubio's first trip, February 2025")
    core = chart.evaluate(MAP_FILLS)
    assert len(core) == 36
    chart.locator("select").select_option("rubio")
    page.wait_for_function(
        f"([c, b]) => JSON.stringify(({MAP_FILLS})(c)) !== JSON.stringify(b)",
        arg=[chart.element_handle(), core],
    )
    fills = chart.evaluate(MAP_FILLS)
    assert fills.count("#D55E00") == 5, "the five stops of Rubio's first trip"
    legend = chart.inner_text()
    assert "Visited" in legend and "In the core" not in legend


def test_map_tooltip_names_the_country_and_the_layer(visit):
    page = visit("book/04_western_hemisphere").page
    chart = chart_with_option(page, "Rubio's first trip, February 2025")
    text = tooltip_of(page, chart.locator("svg g.mark-shape > path").first)
    assert "Country" in text and "On this layer" in text


def test_the_book_shows_a_note_where_a_live_explorer_would_be(visit):
    page = visit("book/intro").page
    assert "launch button" in page.locator("article").inner_text()
    assert page.locator(".widget-vbox, .jupyter-widgets").count() == 0


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation_on_any_page(visit, book_pages, mode):
    """axe-core on every page, in the theme's light and dark modes (contrast included)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = {}
    for docname in book_pages:
        page = visit(docname).page
        draw_every_chart(page)  # axe checks the drawn charts too
        page.evaluate(
            "mode => { localStorage.setItem('mode', mode); "
            "document.documentElement.dataset.mode = mode; document.documentElement.dataset.theme = mode; }",
            mode,
        )
        page.wait_for_timeout(200)
        results = axe.run(page)
        serious = [
            (v["id"], len(v["nodes"]))
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[docname] = serious
    assert problems == {}

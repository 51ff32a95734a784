"""What a chart needs where each output is its own frame (Colab), beside JupyterLab.

JupyterLab puts a notebook's outputs in one page: `use_book_defaults()` displays the pinned chart
libraries once and every chart after it finds them there, with no network. Colab renders each
output in a frame of its own: a chart's output cannot see the libraries another output loaded,
and altair's loader then fetches them from its CDN (cdn.jsdelivr.net), which Colab, being online,
can reach. These tests show both in Chromium, with every outside request recorded and refused;
Colab itself is not reachable from here.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from altair.vegalite.v6.display import html_renderer

from hemisphere import vega

pytestmark = pytest.mark.browser
MARKS = "() => document.querySelectorAll('[id^=\"altair-viz\"] svg .role-mark').length > 0"


def _chart_output() -> str:
    chart = alt.Chart(pd.DataFrame({"x": [1, 2, 3]})).mark_point().encode(x="x:Q")
    return vega.LiveHTMLRenderer(**html_renderer.kwargs)(chart.to_dict())["text/html"]


def _open(browser, html: str):
    context = browser.new_context()
    outside: list[str] = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    context.route("http*://**/*", refuse)
    page = context.new_page()
    page.set_content(f"<!doctype html><html><body>{html}</body></html>")
    return context, page, outside


def test_a_chart_after_the_libraries_output_draws_offline_in_one_page(browser):
    context, page, outside = _open(browser, vega.chart_libraries_html() + _chart_output())
    page.wait_for_function(MARKS, timeout=20_000)
    assert outside == []
    context.close()


def test_a_chart_output_alone_in_its_frame_asks_the_cdn_for_the_libraries(browser):
    """Colab's case: the chart's own frame has no libraries, so altair's loader asks its CDN for
    the versions the pinned altair wants; nothing of ours is loaded per output."""
    context, page, outside = _open(browser, _chart_output())
    page.wait_for_timeout(1500)
    assert any(
        url.startswith(f"https://cdn.jsdelivr.net/npm/vega@{alt.VEGA_VERSION}") for url in outside
    ), outside
    assert page.evaluate(MARKS) is False  # refused here; Colab would fetch them
    context.close()

"""The book builds warning-free with `make book`'s flags, every page of the toc is there, and no
page asks for anything outside the site: the chart libraries are the site's own, and each chart
has its data beside it.

The other build tests, by what they check (all share the session's builds, see conftest.py):
test_build_cache.py (execution cache, parallel execution, reproducible pages), test_build_content.py
(prose and generated pages from data/ and the sources), test_build_editions.py (student and
instructor editions), test_build_launch.py (launch buttons and errata link), test_build_quiz.py
(a malformed bank stops the build). Directives on small books: test_directives.py."""

from __future__ import annotations

import re

import pytest
from helpers import (
    BUILD_HTML,
    ROOT,
)

from hemisphere.book import STRICT_BUILD_FLAGS

pytestmark = pytest.mark.build


def test_build_is_warning_free(built_book):
    # -W already turns Sphinx warnings into a failed build; this also shows them by name.
    # (A kernel's own log lines, such as "[IPKernelApp] WARNING | ...", are not Sphinx warnings.)
    log = built_book.stdout + built_book.stderr
    sphinx_warnings = [line for line in log.splitlines() if re.search(r"\bWARNING: ", line)]
    assert sphinx_warnings == []
    assert "build succeeded" in log or "Finished generating HTML" in log


def test_make_book_uses_the_same_strict_flags():
    makefile = (ROOT / "Makefile").read_text()
    flags = re.search(r"^JB_ARGS := ([^#\n]*)", makefile, re.M).group(1).split()
    assert tuple(flags) == STRICT_BUILD_FLAGS


def test_every_toc_page_is_built(built_book, book_pages):
    missing = [d for d in book_pages if not (BUILD_HTML / f"{d}.html").exists()]
    assert missing == []


def test_no_page_references_an_outside_script_or_stylesheet(built_book, book_pages):
    for docname in book_pages:
        html = (BUILD_HTML / f"{docname}.html").read_text(encoding="utf-8")
        outside = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        assert outside == [], f"{docname} loads {outside}"
        assert "require.min.js" not in html and "html-manager" not in html, docname


def test_chart_pages_carry_the_local_vega_bundle(built_book, book_pages):
    for docname in book_pages:
        html = (BUILD_HTML / f"{docname}.html").read_text(encoding="utf-8")
        has_chart = 'id="altair-viz-' in html
        assert ("hemisphere/vega-bundle-" in html) == has_chart, docname
        if has_chart:
            # Not loaded by the page: charts-embed.js loads it when a chart is near.
            assert re.search(r'data-vega-bundle="(\.\./)+_static/hemisphere/vega-bundle-', html)
            assert not re.search(r'<script[^>]* src="[^"]*vega-bundle-', html), docname


def test_every_chart_has_its_data_on_the_page(built_book, book_pages):
    """Accessibility: the data behind each chart is on the page, as a table in a dropdown."""
    for docname in book_pages:
        html = (BUILD_HTML / f"{docname}.html").read_text(encoding="utf-8")
        charts = html.count('id="altair-viz-')
        tables = html.count('<details class="hemisphere-data">')
        assert tables >= charts, f"{docname}: {charts} charts but {tables} data tables"

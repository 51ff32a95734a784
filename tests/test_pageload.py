"""Pages that open fast on a phone (issue 17.2): nothing but stylesheets blocks the first paint,
search only on the search page, icons inline, chart libraries and specs loaded when needed."""

from __future__ import annotations

import html as html_module
import json
import re

import pytest
from helpers import BUILD_HTML

from hemisphere import pageload, pagesecurity

ICONS = {"bars": (448, 512, "M0 96C0 78.3z"), "angle-left": (320, 512, "M41.4 233.4z")}
HEAD_SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)


def test_a_theme_icon_becomes_the_svg_font_awesome_would_draw():
    svg = pageload.icon_svg("fa-solid fa-bars fa-lg", ICONS)
    assert svg.startswith('<svg class="svg-inline--fa fa-bars fa-lg" aria-hidden="true"')
    assert 'viewBox="0 0 448 512"' in svg and 'd="M0 96C0 78.3z"' in svg
    assert pageload.icon_svg("fa-solid fa-unknown", ICONS) is None


def test_the_icons_are_read_from_the_themes_font_awesome_script(tmp_path):
    script = tmp_path / "fontawesome.js"
    script.write_text(
        'var p={"angle-left":[320,512,[8249],"f104","M41z"]};d("far",p);'
        'var q={bars:[448,512,["navicon"],"f0c9","M0 96z"],"arrow-up":[384,512,[],"f062","M2z"]};'
        'd("fas",q)',
        encoding="utf-8",
    )
    icons = pageload._fontawesome_icons(script)
    assert icons == {"bars": (448, 512, "M0 96z"), "arrow-up": (384, 512, "M2z")}


def test_the_theme_part_is_lightened_and_the_content_left_alone():
    begin, end = pagesecurity.content_markers("ab12")
    page = (
        '<html><head><meta charset="utf-8" />\n'
        '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '<script src="../_static/documentation_options.js?v=1"></script>\n'
        '<script src="../_static/searchtools.js"></script>\n'
        '<script src="../_static/language_data.js"></script>\n'
        '<script src="../searchindex.js"></script>\n'
        '</head><body><i class="fa-solid fa-bars"></i>'
        f'{begin}<i class="fa-solid fa-bars"></i>{end}</body></html>'
    )
    out = pageload.lighten_page(page, ICONS, options_js="const DOCUMENTATION_OPTIONS = {};")
    head, rest = out.split(begin)
    assert "fontawesome.js" not in out and "searchindex.js" not in out
    assert "searchtools.js" not in out and "language_data.js" not in out
    assert "<script>const DOCUMENTATION_OPTIONS = {};</script>" in head
    assert '<svg class="svg-inline--fa fa-bars"' in head
    assert rest.startswith('<i class="fa-solid fa-bars"></i>'), "the content is not touched"
    assert pageload.lighten_page(out, ICONS) == out, "a page is rewritten once"
    # The search page keeps its search scripts.
    searched = pageload.lighten_page(page, ICONS, search_page=True)
    assert "searchindex.js" in searched and "fontawesome.js" not in searched


@pytest.mark.build
def test_no_page_but_the_search_page_waits_for_a_script(built_book):
    for path in pagesecurity.page_files(BUILD_HTML):
        name = path.relative_to(BUILD_HTML).as_posix()
        html = path.read_text(encoding="utf-8")
        if name == "search.html" or "<head>" not in html:
            continue
        head = html.split("</head>", 1)[0]
        blocking = [
            attributes
            for attributes in HEAD_SCRIPT.findall(head)
            if " src=" in attributes and "defer" not in attributes and "async" not in attributes
        ]
        assert blocking == [], f"{name}: scripts that block the first paint {blocking}"
        for left_out in ("fontawesome.js", "searchindex.js", "searchtools.js", "sphinx-thebe"):
            assert left_out not in html, f"{name} loads {left_out}"
        assert '<i class="fa' not in html, f"{name}: an icon left to Font Awesome's script"


@pytest.mark.build
def test_chart_specs_are_files_of_the_site_and_descriptions_are_in_the_page(built_book):
    pages = [p for p in pagesecurity.page_files(BUILD_HTML) if "altair-viz-" in p.read_text()]
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        blocks = re.findall(
            r'<script type="application/json" data-hemisphere-chart="(altair-viz-\d+)" '
            r'data-hemisphere-spec="([^"]+)"></script>',
            html,
        )
        assert len(blocks) == html.count('<div id="altair-viz-'), path.name
        for chart_id, url in blocks:
            chart = json.loads((path.parent / url).read_text(encoding="utf-8"))
            assert chart["embedOptions"]["ast"] is True
            description = chart["spec"]["description"]
            container = re.search(rf'<div id="{chart_id}"[^>]*>', html).group(0)
            assert 'role="figure"' in container and "aria-label=" in container
            label = re.search(r'aria-label="([^"]*)"', container).group(1)
            assert html_module.unescape(label) == description, chart_id

"""Vega, Vega-Lite and Vega-Embed without a CDN, for the book's pages and for live notebooks.

Altair's HTML output loads the three libraries from a CDN unless a global
``VEGA_DEBUG`` says the versions it wants are already on the page. The pinned
vl-convert package carries all three as one script, so both places use that:

- the Sphinx extension writes the script into the site's ``_static`` and adds it
  to pages that hold a chart;
- in a live notebook, ``charts.use_book_defaults()`` displays :func:`chart_libraries_html`,
  so charts render in JupyterLab behind a firewall (a classroom, this project's tests) too.

Altair also names each chart's ``<div>`` with a random id. In the book build,
:class:`NumberedHTMLRenderer` numbers them instead, so that two builds of a page
give the same HTML.
"""

from __future__ import annotations

import itertools
import json
from functools import cache

import altair as alt
from altair.utils._importers import vl_version_for_vl_convert
from altair.utils.display import HTMLRenderer


def vega_bundle_name() -> str:
    return f"vega-bundle-vl{alt.VEGALITE_VERSION}.js"


def vega_debug_flags() -> dict[str, str]:
    """The versions altair's loader compares against before it fetches anything."""
    return {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }


@cache
def vega_bundle_script() -> str:
    """The three libraries as one classic script that publishes vega, vegaLite and vegaEmbed."""
    import vl_convert

    bundle = vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert())
    # The bundle declares top-level constants; a function scope keeps them from
    # clashing with other scripts on the page.
    return f"(function () {{\n{bundle}\n}})();\n"


def chart_libraries_html() -> str:
    """An HTML output that loads the libraries into the notebook's page and sets the flags."""
    # "</script" cannot occur in the minified bundle's strings unescaped; escape it anyway.
    script = vega_bundle_script().replace("</script", "<\\/script")
    flags = json.dumps(vega_debug_flags())
    return (
        f'<script type="text/javascript">\n{script}\nwindow.VEGA_DEBUG = Object.assign('
        f"window.VEGA_DEBUG || {{}}, {flags});\n</script>\n"
        f'<p class="hemisphere-chart-libraries" style="display:none">Chart libraries loaded '
        f"(Vega {alt.VEGA_VERSION}, Vega-Lite {alt.VEGALITE_VERSION}).</p>"
    )


class NumberedHTMLRenderer(HTMLRenderer):
    """Altair's HTML renderer with chart ids numbered in display order (altair-viz-1, -2, ...)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._numbers = itertools.count(1)

    @property
    def output_div(self) -> str:
        return f"altair-viz-{next(self._numbers)}"

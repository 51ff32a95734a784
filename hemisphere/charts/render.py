"""How charts are displayed: the book's numbered renderer, or the live one that loads the libraries."""

from __future__ import annotations

import altair as alt
from altair.vegalite.v6.display import html_renderer

from .. import vega
from ..book import in_book_build


def use_book_defaults() -> None:
    """Render as SVG (crisp, and its marks can be tested), hide the Vega editor link,
    which would send readers' specs off the site, and open clicked sources in a new tab.

    In the book build, chart ids are numbered so that two builds give the same pages.
    In a live notebook, each call loads the chart libraries into the page from the
    pinned package, so charts draw with no internet connection."""
    if in_book_build():
        if BOOK_RENDERER not in alt.renderers.names():
            alt.renderers.register(BOOK_RENDERER, vega.NumberedHTMLRenderer(**html_renderer.kwargs))
        alt.renderers.enable(BOOK_RENDERER)
    else:
        _show_chart_libraries()
        # Altair's own HTML writes data text unescaped into a script element: see vega.py.
        if LIVE_RENDERER not in alt.renderers.names():
            alt.renderers.register(LIVE_RENDERER, vega.LiveHTMLRenderer(**html_renderer.kwargs))
        alt.renderers.enable(LIVE_RENDERER)
    alt.renderers.set_embed_options(
        renderer="svg",
        actions={"export": True, "source": True, "compiled": False, "editor": False},
        loader={"target": "_blank"},
    )


BOOK_RENDERER = "hemisphere-book"
LIVE_RENDERER = "hemisphere-live"


def _show_chart_libraries() -> None:
    """Display the chart libraries in a live notebook's page. Every call does, not once per
    kernel: after a browser reload the page is new but the kernel is the same."""
    from IPython import get_ipython
    from IPython.display import HTML, display

    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return  # plain Python (a script, a test) has no page to load them into
    display(HTML(vega.chart_libraries_html()))

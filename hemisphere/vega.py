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

Chart specs carry text from data/ (titles, tooltips, labels). Altair's own HTML
writes the spec into an inline script, where a ``</script>`` in any string ends the
element and lets the rest run as markup. In the book, :class:`NumberedHTMLRenderer`
writes no script at all: the spec travels as a JSON data block (escaped with
:func:`hemisphere.safetext.script_json`, never executed) and the site's own
``static/charts-embed.js`` draws it. So a page's content holds no inline script and
its Content-Security-Policy (:mod:`hemisphere.pagesecurity`) needs no hash for a chart.
"""

from __future__ import annotations

import html
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


#: Embed options the book always uses, whatever a notebook asks for.
BOOK_EMBED_OPTIONS = {
    # Vega's expression interpreter instead of compiling expressions with `new Function`,
    # so the pages' Content-Security-Policy needs no 'unsafe-eval'.
    "ast": True,
}
#: vega-embed's "View Source" action writes the spec's JSON unescaped into a new window
#: with document.write, so text from data/ would be parsed as HTML there: the book leaves
#: it out (the data behind each chart is on the page as a table instead).
BOOK_HIDDEN_ACTIONS = {"source": False, "editor": False}

#: The attribute that marks a chart's JSON data block for static/charts-embed.js.
CHART_DATA_ATTRIBUTE = "data-hemisphere-chart"


def book_embed_options(options: dict | None) -> dict:
    """A notebook's embed options with the book's own settings on top."""
    merged = {"mode": "vega-lite", **(options or {}), **BOOK_EMBED_OPTIONS}
    actions = merged.get("actions", True)
    if actions is not False:
        actions = (
            {"export": True, "source": True, "compiled": True, "editor": True}
            if actions is True
            else dict(actions)
        )
        merged["actions"] = {**actions, **BOOK_HIDDEN_ACTIONS}
    return merged


def chart_html(spec: dict, output_div: str, embed_options: dict | None = None) -> str:
    """A chart as HTML with no executable script: its container and its JSON data block."""
    from .safetext import script_json

    payload = script_json({"spec": spec, "embedOptions": book_embed_options(embed_options)})
    # The chart is drawn only when the reader comes near it (static/charts-embed.js): its
    # description is on its container from the start, for screen readers and for print.
    description = spec.get("description") if isinstance(spec, dict) else None
    label = (
        f' role="figure" aria-label="{html.escape(str(description), quote=True)}"'
        if description
        else ""
    )
    return (
        f'<div id="{output_div}" class="hemisphere-chart"{label}></div>\n'
        f'<script type="application/json" {CHART_DATA_ATTRIBUTE}="{output_div}">'
        f"{payload}</script>"
    )


class ScriptSafeJSONEncoder(json.JSONEncoder):
    """JSON whose strings cannot end or confuse the ``<script>`` element it is written into
    (``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\u`` escapes; see :mod:`hemisphere.safetext`).
    These characters occur in JSON only inside strings, so each chunk is escaped as it comes."""

    def iterencode(self, o, _one_shot=False):
        from .safetext import _SCRIPT_UNSAFE, _SCRIPT_UNSAFE_RE

        for chunk in super().iterencode(o, _one_shot):
            yield _SCRIPT_UNSAFE_RE.sub(lambda match: _SCRIPT_UNSAFE[match.group(0)], chunk)


class LiveHTMLRenderer(HTMLRenderer):
    """Altair's HTML renderer for live notebooks, with the spec written script-safe.

    Altair writes the spec into an inline script with plain ``json.dumps``: a ``</script>``
    in the data would end it and run what follows in JupyterLab, whose outputs of executed
    cells are trusted (and can reach the kernel)."""

    def __call__(self, spec: dict, **metadata) -> dict[str, str]:
        return super().__call__(spec, **metadata, json_kwds={"cls": ScriptSafeJSONEncoder})


class NumberedHTMLRenderer(HTMLRenderer):
    """The book's renderer: chart ids numbered in display order (altair-viz-1, -2, ...),
    each chart written by :func:`chart_html` (no inline script; text escaped)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._numbers = itertools.count(1)

    @property
    def output_div(self) -> str:
        return f"altair-viz-{next(self._numbers)}"

    def __call__(self, spec: dict, **metadata) -> dict[str, str]:
        options = {**self.kwargs.get("embed_options", {}), **metadata.get("embed_options", {})}
        return {"text/html": chart_html(spec, self.output_div, options)}

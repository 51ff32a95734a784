"""Static assets and page context: what a built page loads, and only where it needs it.

- Altair's chart loader fetches vega, vega-lite and vega-embed from a CDN. This
  module writes the three libraries, bundled by the pinned vl-convert package,
  into the site's ``_static``; on pages that hold a chart, ``static/charts-embed.js``
  loads them when a chart comes near the screen (see :mod:`hemisphere.pageload`).
  Pages without charts load nothing extra.
- The quiz script and its stylesheet are added only to pages with a quiz.
- sphinx-thebe's inline configuration declares ``const THEBE_JS_URL`` in a way
  that is logged as a redeclaration error; the book runs no thebe, so the
  script (and the CDN address inside it) is dropped.
- sphinxcontrib-bibtex's ``role="list"`` on the bibliography is dropped (its
  entries are not list items, which assistive technology reports as broken).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .. import paths
from ..vega import vega_bundle_name, vega_bundle_script

STATIC_SUBDIR = "hemisphere"
CHART_MARKER = 'id="altair-viz-'
QUIZ_MARKER = 'class="hemisphere-quiz"'
PACKAGE_STATIC = paths.STATIC
QUIZ_ASSETS = ("quiz.js", "quiz.css")
CHART_ASSETS = ("charts-a11y.js",)


def write_vega_bundle(static_dir: Path) -> Path:
    """Write vega, vega-lite and vega-embed as one classic script, once per version."""
    target = static_dir / STATIC_SUBDIR / vega_bundle_name()
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(vega_bundle_script(), encoding="utf-8")
    return target


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format == "html":
        write_vega_bundle(Path(app.outdir) / "_static")
        target = Path(app.outdir) / "_static" / STATIC_SUBDIR
        target.mkdir(parents=True, exist_ok=True)
        for name in QUIZ_ASSETS + CHART_ASSETS:
            shutil.copyfile(PACKAGE_STATIC / name, target / name)


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if CHART_MARKER in context.get("body", ""):
        # The libraries themselves are loaded by charts-embed.js when a chart is near (pageload).
        app.add_js_file(f"{STATIC_SUBDIR}/charts-a11y.js")
    if QUIZ_MARKER in context.get("body", ""):
        app.add_js_file(f"{STATIC_SUBDIR}/quiz.js")
        app.add_css_file(f"{STATIC_SUBDIR}/quiz.css")
    body = context.get("body", "")
    if 'role="list" class="citation-list"' in body:
        # sphinxcontrib-bibtex marks the bibliography as a list whose entries are not list
        # items, which assistive technology reports as broken (axe-core: aria-required-children).
        context["body"] = body.replace(
            '<div role="list" class="citation-list">', '<div class="citation-list">'
        )
    scripts = context.get("script_files")
    if scripts:
        # In place: the builder keeps adding to this same list after us.
        scripts[:] = [s for s in scripts if "THEBE_JS_URL" not in _script_body(s)]


def _script_body(script) -> str:
    return getattr(script, "attributes", {}).get("body", "") or ""


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)

"""Printing the book: a print stylesheet for every page, and a single-page build that prints.

- ``static/print.css`` (``media="print"``, so it never delays the page on screen) hides the
  navigation, sidebars, launch and search buttons and the quizzes' controls, prints the
  targets of outside links, starts each chapter on a new page and keeps charts, tables and
  quiz questions whole.
- ``static/print.js`` opens the collapsed data tables (the numbers behind each chart) before
  the browser prints and closes them again afterwards. It is a file of the site, so the
  pages' Content-Security-Policy (:mod:`hemisphere.pagesecurity`) is unchanged.
- In the single-page build (``--builder singlehtml``, what ``make pdf`` prints) every chapter's
  charts arrive numbered from 1 (each notebook numbers its own), so ids repeat and only the
  first chart of each number would be drawn: :func:`unique_chart_ids` numbers them again
  across the whole page. Its links to other pages of the book (``book/references.html``, and
  the ``book/intro.html#...`` that Sphinx writes for a root page in a folder, which resolves
  to no file) become links within the page: :func:`in_page_links`.

Registered by one line under ``sphinx: extra_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from . import paths

STATIC_SUBDIR = "hemisphere"
ASSETS = ("print.css", "print.js")
#: A chart's container (``id=``) and its JSON data block (``data-hemisphere-chart=``).
CHART_ID = re.compile(r'\b(id|data-hemisphere-chart)="altair-viz-(\d+)"')
#: A relative link to a page (no scheme, no leading "#" or "/"), with its anchor if any.
PAGE_LINK = re.compile(r'\bhref="(?![a-zA-Z][a-zA-Z0-9+.-]*:|[#/])([^"#]+)\.html(#[^"]*)?"')


def unique_chart_ids(html: str) -> str:
    """Number the charts of ``html`` 1, 2, 3 ... in page order, each container with its data
    block: the first and second use of an id are one chart, a third use starts another."""
    numbers = iter(range(1, 1_000_000))
    pending: dict[str, int] = {}

    def renumber(match: re.Match) -> str:
        old = match.group(2)
        new = pending.pop(old) if old in pending else pending.setdefault(old, next(numbers))
        return f'{match.group(1)}="altair-viz-{new}"'

    return CHART_ID.sub(renumber, html)


def in_page_links(html: str, docnames) -> str:
    """Links to pages of the book (``docnames``) as links within the single page: an anchor
    stays an anchor (``#term-Backyard``), a page becomes its start (``#document-book/data``).
    Links to anything else are left as they are."""
    pages = set(docnames)

    def relink(match: re.Match) -> str:
        page, anchor = match.group(1), match.group(2)
        if page not in pages:
            return match.group(0)
        return f'href="{anchor if anchor and len(anchor) > 1 else "#document-" + page}"'

    return PAGE_LINK.sub(relink, html)


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / STATIC_SUBDIR
    target.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        shutil.copyfile(paths.STATIC / name, target / name)


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.name == "singlehtml" and "body" in context:
        body = unique_chart_ids(context["body"])
        context["body"] = in_page_links(body, app.env.all_docs)


def setup(app: Sphinx) -> dict:
    app.add_css_file(f"{STATIC_SUBDIR}/print.css", media="print")
    app.add_js_file(f"{STATIC_SUBDIR}/print.js", loading_method="defer")
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

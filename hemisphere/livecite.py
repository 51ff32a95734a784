"""The sources a chapter cites, listed for live notebooks.

In the book a citation is a link to the References page. In JupyterLab, jupyterlab-myst reads no
bibliography, so ``{cite:p}`key``` shows as its key (marked "Citation Not Found"). The last cell
of each chapter, hidden in the book, calls :func:`sources_cited`, which lists every key the
chapter cites with the source it stands for, so a live reader can look each key up on the page.
"""

from __future__ import annotations

import re
from html import escape

from .book import _markdown_of
from .data import reference_label, reference_url
from .lang import mark_html
from .safetext import is_http_url

#: A MyST citation role and its keys: {cite}`a`, {cite:p}`a,b`, {cite:t}`a` ...
_CITATION = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")


def cited_keys(docname: str) -> list[str]:
    """The keys a chapter's prose cites, in the order they first appear."""
    keys: list[str] = []
    for group in _CITATION.findall(_markdown_of(docname)):
        for key in (part.strip() for part in group.split(",")):
            if key and key not in keys:
                keys.append(key)
    return keys


def sources_html(docname: str) -> str:
    """The cited keys as an HTML list: key, 'Author year, title', and the link when there is one
    (http(s) only). Every piece of text is escaped; it comes from data/references.bib."""
    items = []
    for key in cited_keys(docname):
        url = reference_url(key)
        link = (
            f' <a href="{escape(url)}" target="_blank" rel="noopener">{escape(url)}</a>'
            if is_http_url(url)
            else ""
        )
        label = reference_label(key)
        label += "" if label.endswith((".", "…", "?", "!")) else "."
        items.append(f"<li><code>{escape(key)}</code>: {escape(label)}{link}</li>")
    return mark_html(
        '<section class="hemisphere-sources" aria-label="Sources cited in this chapter">'
        "<p><strong>Sources cited in this chapter</strong> (a citation above shows its key):</p>"
        f"<ul>{''.join(items)}</ul></section>"
    )


def sources_cited(docname: str):
    """Display :func:`sources_html` in a notebook."""
    from IPython.display import HTML

    return HTML(sources_html(docname))

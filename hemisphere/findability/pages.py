"""What each page carries: Open Graph metadata and a description in its head, and a footer line
saying when it last changed, with a link to report an error (a new issue, prefilled)."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode, urlsplit

from docutils import nodes
from sphinx.application import Sphinx

from .dates import _long_date, page_dates
from .site import _found, page_url, site_name, site_url

DESCRIPTION_LENGTH = 200


def report_url(source: str, title: str, address: str) -> str:
    """A new issue on the source repository, prefilled with the page's title and address
    (GitLab's form takes its fields under other names)."""
    base = source.rstrip("/")
    issue_title = f"Error on the page: {title}"
    body = (
        f"Page: {address}\n\nWhat is wrong (quote the passage):\n\n\n"
        "What it should say, and the source that shows it:\n"
    )
    if "gitlab" in urlsplit(base).netloc:
        fields = {"issue[title]": issue_title, "issue[description]": body}
        return f"{base}/-/issues/new?{urlencode(fields, quote_via=quote)}"
    return f"{base}/issues/new?{urlencode({'title': issue_title, 'body': body}, quote_via=quote)}"


def _plain_title(context: dict) -> str:
    """The page's title as text (Sphinx gives it as HTML)."""
    return html.unescape(re.sub(r"<[^>]+>", "", context.get("title") or "")).strip()


def page_description(doctree) -> str:
    """The page's first paragraph of prose, shortened at a word to about 200 characters."""
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        if paragraph.findall(nodes.raw) and not paragraph.astext().strip():
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) >= 40:
            if len(text) > DESCRIPTION_LENGTH:
                text = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + " …"
            return text
    return ""


def open_graph_tags(
    *, title: str, description: str, url: str, kind: str, site_name: str, locale: str
) -> str:
    """The Open Graph ``<meta>`` elements (and the plain description), attribute-escaped."""
    properties = [
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
        ("og:type", kind),
        ("og:site_name", site_name),
        ("og:locale", locale),
    ]
    tags = [
        f'<meta property="{name}" content="{html.escape(value, quote=True)}" />'
        for name, value in properties
        if value
    ]
    if description:
        tags.append(f'<meta name="description" content="{html.escape(description, quote=True)}" />')
    return "\n".join(tags) + "\n"


def og_locale(language: str) -> str:
    """Sphinx's ``language`` as Open Graph writes a locale (``pt-BR`` becomes ``pt_BR``)."""
    return (language or "en").replace("-", "_")


def footer_html(app: Sphinx, pagename: str, title: str) -> str:
    """The page's own footer line: when it last changed, and a link to report an error."""
    parts = []
    day = page_dates(app).get(pagename)
    if day:
        parts.append(
            f'This page last changed on <time datetime="{html.escape(day)}">'
            f"{html.escape(_long_date(day))}</time>."
        )
    source = _found(app).source
    if source:
        link = report_url(source, title or pagename, page_url(app, pagename))
        parts.append(
            f'<a class="hemisphere-report-error" href="{html.escape(link, quote=True)}">'
            "Report an error on this page</a>."
        )
    return f'<p class="hemisphere-page-meta">{" ".join(parts)}</p>' if parts else ""


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    title = _plain_title(context) or site_name(app)
    line = footer_html(app, pagename, title)
    if line:
        footer = context.get("theme_extra_footer") or ""
        context["theme_extra_footer"] = f"{footer}\n{line}" if footer else line
    if site_url(app):
        context["metatags"] = context.get("metatags", "") + open_graph_tags(
            title=title,
            description=page_description(doctree) or site_name(app),
            url=page_url(app, pagename),
            kind="website" if pagename == app.config.root_doc else "article",
            site_name=site_name(app),
            locale=og_locale(app.config.language),
        )

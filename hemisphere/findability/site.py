"""The site's addresses (its base URL, a page's address, the book's name), read once the
configuration is settled, and the sitemap written from them at the end of an HTML build."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import addresses
from .dates import page_dates

logger = logging.getLogger(__name__)

SITEMAP = "sitemap.xml"
#: The site-wide link hemisphere.sphinxext puts in the footer; each page gets its own instead.
SITE_REPORT_LINK = re.compile(r'\s*<a href="[^"]*/issues">Report an error</a>\.')


def _found(app: Sphinx) -> addresses.Addresses:
    found = getattr(app, "hemisphere_addresses", None)  # set by hemisphere.sphinxext
    return found or addresses.read(Path(app.srcdir))


def site_url(app: Sphinx) -> str:
    """The site's base URL ending in '/', or '' when it is not set."""
    site = (app.config.html_baseurl or _found(app).site or "").strip()
    return site if not site or site.endswith("/") else site + "/"


def page_url(app: Sphinx, pagename: str) -> str:
    """The page's absolute address when the site's is known, else its path in the site."""
    path = quote(app.builder.get_target_uri(pagename), safe="/#")
    return site_url(app) + path


def site_name(app: Sphinx) -> str:
    """The book's title (Jupyter Book passes _config.yml's ``title`` as ``html_title``)."""
    return app.config.html_title or app.config.project


def _on_config_inited(app: Sphinx, config) -> None:
    if not site_url(app):
        logger.info(
            "hemisphere: sitemap and Open Graph metadata left out: set html.baseurl in "
            "_config.yml (the site's address)."
        )
    options = config.html_theme_options
    if options.get("extra_footer"):
        options["extra_footer"] = SITE_REPORT_LINK.sub("", options["extra_footer"])


def sitemap_xml(entries: list[tuple[str, str]]) -> str:
    """A sitemap (sitemaps.org 0.9) of (address, last-changed date or '') pairs."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, day in entries:
        lastmod = f"<lastmod>{xml_escape(day)}</lastmod>" if day else ""
        lines.append(f"  <url><loc>{xml_escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _write_sitemap(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    target = Path(app.outdir) / SITEMAP
    if not site_url(app):
        target.unlink(missing_ok=True)  # one an earlier build wrote would name an old address
        return
    dates = page_dates(app)
    entries = [
        (page_url(app, docname), dates.get(docname, "")) for docname in sorted(app.env.found_docs)
    ]
    target.write_text(sitemap_xml(entries), encoding="utf-8")

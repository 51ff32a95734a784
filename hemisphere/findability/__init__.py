"""A Sphinx extension that helps readers find, cite and correct the book.

- **Open Graph and a sitemap**, from the site's base URL (``html.baseurl`` in _config.yml,
  see :mod:`hemisphere.addresses`): every page's head carries ``og:`` metadata (title,
  description, address, type, site name, locale) and the build writes ``sitemap.xml``
  listing every page with its last-changed date. With no base URL both are left out and the
  build says so in one line.
- **Report an error**: every page's footer links to a new issue on the source repository,
  its title and body prefilled with the page's title and address. With no source repository
  the link is left out (the build's line for that comes from :mod:`hemisphere.addresses`).
- **Last changed**: every page's footer gives the date of the last commit that changed its
  source file, read from git in one call for all pages. A copy with no git history (or a
  shallow clone, whose dates would all be the clone's) shows no date and logs no warning.
- The directives ``{how-to-cite}`` (written from CITATION.cff, :mod:`hemisphere.citation`)
  and ``{errata}`` (from data/errata.csv, :mod:`hemisphere.errata`).

Everything it adds to a page is text or attributes, escaped for where it lands; it adds no
script, so the pages' Content-Security-Policy (:mod:`hemisphere.pagesecurity`) is unchanged.

The package, a module per concern: :mod:`~hemisphere.findability.site` (the addresses and
the sitemap), :mod:`~hemisphere.findability.dates` (last changed, from git),
:mod:`~hemisphere.findability.pages` (Open Graph, the footer line, report an error) and
:mod:`~hemisphere.findability.directives`; :func:`setup` connects them.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .dates import DATES_STAMP, _pages_with_new_dates, _record_dates, last_changed, page_dates
from .directives import ErrataDirective, HowToCiteDirective, errata_markdown
from .pages import (
    DESCRIPTION_LENGTH,
    _on_page_context,
    footer_html,
    og_locale,
    open_graph_tags,
    page_description,
    report_url,
)
from .site import (
    SITE_REPORT_LINK,
    SITEMAP,
    _on_config_inited,
    _write_sitemap,
    page_url,
    site_name,
    site_url,
    sitemap_xml,
)

__all__ = [
    "DATES_STAMP",
    "DESCRIPTION_LENGTH",
    "SITEMAP",
    "SITE_REPORT_LINK",
    "ErrataDirective",
    "HowToCiteDirective",
    "errata_markdown",
    "footer_html",
    "last_changed",
    "og_locale",
    "open_graph_tags",
    "page_dates",
    "page_description",
    "page_url",
    "report_url",
    "setup",
    "site_name",
    "site_url",
    "sitemap_xml",
]


def setup(app: Sphinx) -> dict:
    # After hemisphere.sphinxext's own (priority 500), which settles the addresses.
    app.connect("config-inited", _on_config_inited, priority=600)
    app.connect("env-get-outdated", _pages_with_new_dates)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _write_sitemap)
    app.connect("build-finished", _record_dates)
    app.add_directive("how-to-cite", HowToCiteDirective)
    app.add_directive("errata", ErrataDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

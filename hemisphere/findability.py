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
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit
from xml.sax.saxutils import escape as xml_escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import addresses

logger = logging.getLogger(__name__)

SITEMAP = "sitemap.xml"
DATES_STAMP = "hemisphere-page-dates.json"
#: The site-wide link hemisphere.sphinxext puts in the footer; each page gets its own instead.
SITE_REPORT_LINK = re.compile(r'\s*<a href="[^"]*/issues">Report an error</a>\.')
DESCRIPTION_LENGTH = 200


# --- Addresses --------------------------------------------------------------------------------


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


# --- Report an error --------------------------------------------------------------------------


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


# --- Last changed -----------------------------------------------------------------------------


def last_changed(root: Path, files: list[str]) -> dict[str, str]:
    """{file, relative to ``root``: the date (YYYY-MM-DD) of the last commit that changed it},
    from one ``git log`` for all files. Empty, quietly, with no git or no history, and in a
    shallow clone (where every file would carry the clone's date)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout

    if not files:
        return {}
    try:
        if git("rev-parse", "--is-shallow-repository").strip() != "false":
            return {}
        log = git("log", "--format=%x01%cs", "--name-only", "--relative", "--", *files)
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in log.splitlines():
        if line.startswith("\x01"):
            current = line[1:].strip()
        elif line.strip() and current:
            dates.setdefault(line.strip(), current)  # newest first: the first date is the last
    wanted = set(files)
    return {name: day for name, day in dates.items() if name in wanted}


def _source_files(app: Sphinx) -> dict[str, str]:
    """{docname: its source file relative to the book's root}."""
    env = app.env
    return {docname: Path(env.doc2path(docname, False)).as_posix() for docname in env.found_docs}


def page_dates(app: Sphinx) -> dict[str, str]:
    """{docname: last-changed date} for the pages whose source git knows (cached per build)."""
    if getattr(app, "hemisphere_page_dates", None) is None:
        sources = _source_files(app)
        dates = last_changed(Path(app.srcdir), sorted(set(sources.values())))
        app.hemisphere_page_dates = {
            docname: dates[path] for docname, path in sources.items() if path in dates
        }
    return app.hemisphere_page_dates


def _pages_with_new_dates(app: Sphinx, env, added, changed, removed) -> list[str]:
    """A commit changes a page's date but not its source: write those pages again."""
    if app.builder.format != "html":
        return []
    app.hemisphere_page_dates = None
    stamp = Path(app.doctreedir) / DATES_STAMP
    try:
        before = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    now = page_dates(app)
    return sorted(
        docname
        for docname in env.found_docs - added - changed
        if before.get(docname) != now.get(docname)
    )


def _record_dates(app: Sphinx, exception) -> None:
    if exception is None and getattr(app, "hemisphere_page_dates", None) is not None:
        stamp = Path(app.doctreedir) / DATES_STAMP
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps(app.hemisphere_page_dates, sort_keys=True), encoding="utf-8")


def _long_date(day: str) -> str:
    return f"{date.fromisoformat(day):%-d %B %Y}"


# --- Pages ------------------------------------------------------------------------------------


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


# --- Sitemap ----------------------------------------------------------------------------------


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


# --- Directives -------------------------------------------------------------------------------


class HowToCiteDirective(SphinxDirective):
    """``{how-to-cite}``: the module and the works it teaches, as CITATION.cff gives them."""

    def run(self):
        from . import citation

        root = Path(self.env.app.srcdir)
        self.env.note_dependency(str(root / citation.FILE_NAME))
        try:
            cff = citation.load(root)
        except citation.CitationError as err:
            raise self.error(str(err)) from None
        url = site_url(self.env.app)
        items = nodes.bullet_list()
        for text in [
            citation.module_citation(cff, url),
            *(citation.reference_citation(ref) for ref in cff.get("references") or []),
        ]:
            items += nodes.list_item("", nodes.paragraph(text=text))
        bibtex = citation.module_bibtex(cff, url)
        block = nodes.literal_block(bibtex, bibtex, language="bibtex")
        return [
            nodes.paragraph(text=" ".join(str(cff["message"]).split())),
            items,
            nodes.paragraph(text="The module in BibTeX:"),
            block,
        ]


def errata_markdown(rows: list[dict[str, str]]) -> str:
    """The corrections as a Markdown table (every cell from the data escaped), or a sentence
    saying there are none yet."""
    from .safetext import markdown_text

    if not rows:
        return "There are no corrections yet: nothing has been corrected since the first release.\n"
    lines = ["| Date | Page | What changed | Sources |", "|---|---|---|---|"]
    for row in rows:
        # page and sources are checked against their patterns: a path and bib keys only.
        page = f"{{doc}}`/{row['page']}`"
        sources = "; ".join(f"{{cite:t}}`{key}`" for key in row["sources"].split(";"))
        lines.append(
            f"| {markdown_text(row['date'])} | {page} | {markdown_text(row['correction'])} "
            f"| {sources} |"
        )
    return "\n".join(lines) + "\n"


class ErrataDirective(SphinxDirective):
    """``{errata}``: the corrections in data/errata.csv."""

    def run(self):
        from . import data, errata

        path = data.data_dir() / data.table_schema(errata.NAME)["path"]
        self.env.note_dependency(str(path))
        try:
            rows = errata.rows()
        except data.DataError as err:
            raise self.error(str(err)) from None
        return self.parse_text_to_nodes(errata_markdown(rows))


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

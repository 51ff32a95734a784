"""Pages that open fast on a phone: nothing blocks the first paint but the stylesheets.

Part of the book's Sphinx extension (``setup`` is called from :func:`hemisphere.sphinxext.setup`).
Measured with Lighthouse (`make bench`, see tools/pagespeed.py), the theme as it comes made a
reader on a phone wait for every script in the page's head before seeing any text. Here:

- **Scripts deferred.** Every script file a page lists runs after the page is parsed
  (``defer``, in the same order), so none blocks the first paint. The few inline scripts the
  theme writes only set variables; the one file they read, ``documentation_options.js``
  (a few hundred bytes), is written inline in its place so they still find it.
- **Search only where it is used.** The theme loads Sphinx's search scripts and the whole
  search index in the head of every page, for a search-as-you-type box the book does not turn
  on: the search box sends the reader to the search page, which loads them itself.
- **Icons inline.** The theme's dozen icons (menu, search, arrows, download...) are drawn by
  a 1.5 MB Font Awesome script that swaps each ``<i class="fa-...">`` for an SVG. The build
  writes those SVGs into the page itself, with the same drawings (read from the theme's copy
  of that script), and leaves the script out.
- **Nothing the book does not use.** sphinx-thebe's script and stylesheet (the book runs no
  thebe); sphinx-design's on pages without its components; the theme stylesheet's rules that
  name each Font Awesome icon for the icon font (86 KB; the icons are inline SVG).
- **Charts drawn when they are about to be seen.** The 0.9 MB chart libraries are not loaded by
  the page: ``static/charts-embed.js`` loads them, from the site, once a chart comes near the
  screen (or the page is printed); the chart's description and its data table are in the
  page from the start (see :mod:`hemisphere.vega`). The script learns where the libraries
  are from its own ``data-vega-bundle`` attribute, written here. Each chart's specification
  (the map's is 80 KB compressed) moves from the page to a JSON file of the site, fetched with
  the libraries: the page itself is only text, and its first screen arrives sooner.

The rewriting of the pages' HTML happens when the build finishes, before the
Content-Security-Policy (:mod:`hemisphere.pagesecurity`) hashes the inline scripts, so the
inlined ``documentation_options.js`` is allowed by hash like the theme's other inline scripts.
Only the theme's part of each page is rewritten, never the content between the
content markers that :mod:`hemisphere.pagesecurity` sets.
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import cache
from pathlib import Path

from sphinx.application import Sphinx

from .vega import CHART_DATA_ATTRIBUTE

STATIC_SUBDIR = "hemisphere"
#: Script and stylesheet files a page never needs (the book runs no thebe).
UNUSED_FILES = ("sphinx-thebe.js", "sphinx-thebe.css")
#: sphinx-design's files, left out of pages that use none of its components (55 KB of CSS).
SPHINX_DESIGN_FILES = ("sphinx-design.min.css", "design-tabs.js")
SPHINX_DESIGN_CLASS = re.compile(r'class="[^"]*\bsd-')
#: The theme's stylesheet names each of Font Awesome's 1,800 icons for the icon font
#: (``.fa-bars:before{content:"\f0c9"}``); the icons are inline SVG here, so those rules go.
THEME_STYLESHEET = ("styles", "pydata-sphinx-theme.css")
ICON_RULE = re.compile(r'(?:\.fa-[\w-]+:before,?)+\{content:"[^"]*"\}')
#: Inlined instead of deferred: the theme's inline scripts read it as they run.
INLINED = "documentation_options.js"
SEARCH_SCRIPT = re.compile(
    r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)">'
    r"</script>\n?"
)
FONTAWESOME_SCRIPT = re.compile(
    r'[ \t]*<script defer src="[^"]*/fontawesome\.js[^"]*"></script>\n?'
)
DOCUMENTATION_OPTIONS_SCRIPT = re.compile(
    r'<script src="[^"]*_static/documentation_options\.js[^"]*"></script>'
)
ICON = re.compile(r'<i class="((?:[\w-]+ )*fa[srb]?(?:-solid|-regular|-brands)?(?: [\w-]+)*)"></i>')
ICON_STYLE = {"fa", "fas", "far", "fab", "fa-solid", "fa-regular", "fa-brands"}
#: A chart's JSON data block as hemisphere.vega writes it (its text escapes every "<").
CHART_BLOCK_MARK = f'<script type="application/json" {CHART_DATA_ATTRIBUTE}="'
CHART_BLOCK = re.compile(
    rf'<script type="application/json" {CHART_DATA_ATTRIBUTE}="(altair-viz-\d+)">(.*?)</script>',
    re.S,
)
#: What marks a page this step has rewritten. A rebuild leaves unchanged pages as they are, so
#: pages without the current mark are written again (raise the number when the rules change).
DONE_MARK = '<meta name="hemisphere-pageload" content="3" />'
#: What Font Awesome's script would add to the page for its SVG icons (an inline style: the
#: policy allows inline styles, and one more stylesheet file would be one more wait).
ICON_STYLE_ELEMENT = (
    "<style>.svg-inline--fa{display:inline-block;height:1em;overflow:visible;"
    "vertical-align:-.125em}</style>"
)
CONTENT_BEGIN = re.compile(r"<!-- hemisphere-content-begin [0-9a-f]+ -->")
CONTENT_END = re.compile(r"<!-- hemisphere-content-end [0-9a-f]+ -->")


# --- While each page is written ---------------------------------------------------------------


def _file(asset) -> str:
    """The file name of a page's script or stylesheet entry ('' for an inline script)."""
    return str(getattr(asset, "filename", asset) or "")


def _deferred(script, context):
    """The page's script entry, deferred (a new entry: Sphinx shares them between pages)."""
    name = _file(script)
    attributes = dict(getattr(script, "attributes", {}))
    if not name or name.endswith(INLINED) or "async" in attributes or "defer" in attributes:
        return script  # an inline script, the file that is inlined, or one already not blocking
    attributes["defer"] = "defer"
    if name.endswith("charts-embed.js"):
        from .vega import vega_bundle_name

        bundle = f"_static/{STATIC_SUBDIR}/{vega_bundle_name()}"
        attributes["data-vega-bundle"] = context["pathto"](bundle, 1)
    return type(script)(script.filename, priority=script.priority, **attributes)


def _chart_reference(match: re.Match, outdir: Path, pathto) -> str:
    """A chart's JSON data block, its content moved to a file of the site (named by its digest,
    so two builds write the same file and a chart shared by pages is fetched once)."""
    payload = match.group(2)
    name = f"{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:20]}.json"
    target = outdir / "_static" / STATIC_SUBDIR / "charts" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(payload, encoding="utf-8")
    url = pathto(f"_static/{STATIC_SUBDIR}/charts/{name}", 1)
    return (
        f'<script type="application/json" {CHART_DATA_ATTRIBUTE}="{match.group(1)}" '
        f'data-hemisphere-spec="{html.escape(url, quote=True)}"></script>'
    )


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    scripts = context.get("script_files")
    unused = UNUSED_FILES
    if not SPHINX_DESIGN_CLASS.search(context.get("body", "")):
        unused += SPHINX_DESIGN_FILES
    if scripts is not None:
        # In place: the builder keeps adding to this same list after us.
        scripts[:] = [s for s in scripts if not _file(s).endswith(unused)]
        if pagename != "search":
            # (The search page's search scripts, in its head, need doctools.js before them.)
            scripts[:] = [_deferred(s, context) for s in scripts]
    if CHART_BLOCK_MARK in context.get("body", ""):
        context["body"] = CHART_BLOCK.sub(
            lambda m: _chart_reference(m, Path(app.outdir), context["pathto"]), context["body"]
        )
    styles = context.get("css_files")
    if styles is not None:
        styles[:] = [s for s in styles if not _file(s).endswith(unused)]


# --- When the build finishes ------------------------------------------------------------------


@cache
def _fontawesome_icons(script: Path) -> dict[str, tuple[int, int, str]]:
    """The solid icons of the theme's Font Awesome script: name -> (width, height, path)."""
    text = script.read_text(encoding="utf-8")
    found = re.search(r'\bd\("fas",(\w+)\)', text)
    if not found:
        return {}
    start = text.rfind(f"var {found.group(1)}={{", 0, found.start())
    block = text[start : found.start()]
    icons = {}
    for match in re.finditer(
        r'(?:"([\w-]+)"|(?<![\w-])([A-Za-z_]\w*)):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]*","([^"]+)"\]',
        block,
    ):
        icons[match.group(1) or match.group(2)] = (
            int(match.group(3)),
            int(match.group(4)),
            match.group(5),
        )
    return icons


def icon_svg(classes: str, icons: dict[str, tuple[int, int, str]]) -> str | None:
    """The inline SVG Font Awesome would draw for ``<i class="classes">`` (None: unknown icon)."""
    names = classes.split()
    shapes = [n for n in names if n.startswith("fa-") and n[3:] in icons]
    if len(shapes) != 1:
        return None
    width, height, path = icons[shapes[0][3:]]
    kept = " ".join(n for n in names if n not in ICON_STYLE)
    return (
        f'<svg class="svg-inline--fa {html.escape(kept)}" aria-hidden="true" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
        f'<path fill="currentColor" d="{html.escape(path)}"></path></svg>'
    )


def _theme_part(text: str, icons: dict, *, search_page: bool, options_js: str | None) -> str:
    text = FONTAWESOME_SCRIPT.sub("", text)
    if not search_page:
        text = SEARCH_SCRIPT.sub("", text)
    if options_js is not None:
        text = DOCUMENTATION_OPTIONS_SCRIPT.sub(lambda _: f"<script>{options_js}</script>", text)
    return ICON.sub(lambda m: icon_svg(m.group(1), icons) or m.group(0), text)


def lighten_page(
    page: str, icons: dict, *, search_page: bool = False, options_js: str | None = None
) -> str:
    """A built page with its head and icons rewritten (see the module's text); the content
    between the content markers is left as it is. A page already rewritten is returned as it is."""
    if DONE_MARK in page:
        return page
    begin, end = CONTENT_BEGIN.search(page), CONTENT_END.search(page)
    if begin and end and begin.end() <= end.start():
        head, content, tail = (
            page[: begin.end()],
            page[begin.end() : end.start()],
            page[end.start() :],
        )
    else:
        head, content, tail = page, "", ""
    options = {"search_page": search_page, "options_js": options_js}
    head = _theme_part(head, icons, **options)
    tail = _theme_part(tail, icons, **options)
    head = re.sub(
        r"(<meta charset=[^>]*>)",
        lambda m: f"{m.group(1)}\n{DONE_MARK}{ICON_STYLE_ELEMENT}",
        head,
        count=1,
    )
    return head + content + tail


def _rewrite_pages(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from .pagesecurity import page_files

    outdir = Path(app.outdir)
    fontawesome = outdir / "_static" / "scripts" / "fontawesome.js"
    icons = _fontawesome_icons(fontawesome) if fontawesome.exists() else {}
    options_file = outdir / "_static" / INLINED
    options_js = options_file.read_text(encoding="utf-8") if options_file.exists() else None
    if options_js is not None:
        options_js = options_js.replace("</", "<\\/").strip()
    stylesheet = outdir.joinpath("_static", *THEME_STYLESHEET)
    if stylesheet.exists():
        css = stylesheet.read_text(encoding="utf-8")
        lighter = ICON_RULE.sub("", css)
        if lighter != css:
            stylesheet.write_text(lighter, encoding="utf-8")
    for path in page_files(outdir):
        page = path.read_text(encoding="utf-8")
        rewritten = lighten_page(
            page,
            icons,
            search_page=path.relative_to(outdir).as_posix() == "search.html",
            options_js=options_js,
        )
        if rewritten != page:
            path.write_text(rewritten, encoding="utf-8")


def _pages_written_before(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Pages on disk that an earlier build wrote under other rules: write them again."""
    from .sphinxext.dependencies import pages_lacking

    return pages_lacking(app, env, added, changed, DONE_MARK)


def setup(app: Sphinx) -> None:
    """Called from :func:`hemisphere.sphinxext.setup`."""
    # After the other handlers have listed the page's scripts (pagesecurity adds charts-embed.js).
    app.connect("html-page-context", _on_page_context, priority=800)
    app.connect("env-get-outdated", _pages_written_before)
    # Before the Content-Security-Policy is written (priority 900), which hashes inline scripts.
    app.connect("build-finished", _rewrite_pages, priority=800)

"""Defence in depth for the built pages, and inputs checked before anything runs.

Text from data/, data/references.bib and the quiz banks is escaped wherever it lands
(:mod:`hemisphere.safetext`). This part of the book's Sphinx extension adds two more layers:

- **Inputs first.** Before any notebook executes, every table, the bibliography and every
  quiz bank are loaded and checked. A problem ends the build with its message alone (file,
  line or question, field), not with a notebook's traceback and a page of Sphinx and Jupyter
  Book tracebacks after it.
- **A Content-Security-Policy on every page**, as a ``<meta http-equiv>`` element written
  after the HTML is (``build-finished``), so the hashes match what ships:

  - ``script-src 'self'`` plus the sha256 hashes of the inline scripts the theme and this
    extension write *outside* the page's content. While a page is written, its content
    (everything that came from a notebook or a directive, and so possibly from data) is
    bracketed with markers that carry a random per-build token; a script inside them is
    never hashed, so one that slipped through the escaping would still not run (and the
    build warns). Charts need no inline script (see :mod:`hemisphere.vega`).
  - no 'unsafe-inline' and no 'unsafe-eval' for scripts: Vega runs its expression
    interpreter (embed option ``ast: true``), and the theme's two inline ``onclick``
    handlers (full screen, print) become ``data-hemisphere-action`` attributes that
    ``static/page-actions.js`` binds.
  - ``style-src 'self' 'unsafe-inline'``: the theme writes ``style`` attributes, and
    vega-embed and its tooltip add ``<style>`` elements at run time. Styles cannot run
    script; the cost is that injected CSS could restyle a page, which the escaping prevents.
  - everything else from the site only (``default-src 'self'``), images and fonts also from
    ``data:`` (the theme's icons), no plugins (``object-src 'none'``), and ``<base>`` and
    form targets on the site. ``frame-ancestors`` and reporting cannot be set in a meta
    element; a server that wants them sends the header.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import shutil
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from . import paths
from .vega import CHART_DATA_ATTRIBUTE

logger = logging.getLogger(__name__)

STATIC_SUBDIR = "hemisphere"
PACKAGE_STATIC = paths.STATIC
ASSETS = ("charts-embed.js", "page-actions.js")

#: The policy's directives other than script-src (which lists the page's own hashes).
POLICY = (
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
CSP_MARK = 'http-equiv="Content-Security-Policy"'
CSP_META = '<meta http-equiv="Content-Security-Policy" content="{policy}" />'

#: The theme's inline event handlers and what replaces each (see static/page-actions.js).
THEME_HANDLERS = {
    ' onclick="toggleFullScreen()"': ' data-hemisphere-action="fullscreen"',
    ' onclick="window.print()"': ' data-hemisphere-action="print"',
}

#: Script types a browser executes (a JSON data block or a template is not executed).
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
TYPE_ATTRIBUTE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
SRC_ATTRIBUTE = re.compile(r"\bsrc\s*=", re.I)
#: sphinx-thebe appends this to every notebook page's content even with thebe off; the book
#: runs no thebe (hemisphere.sphinxext drops its configuration too), so it is left out.
THEBE_KERNEL_SCRIPT = re.compile(r"<script>kernelName = '[A-Za-z0-9_.+-]*'</script>")
#: Output folders that hold no pages of the book.
NOT_PAGES = ("_static", "_sources", "_downloads", "_images")


# --- Inputs checked before anything runs ----------------------------------------------------


def check_inputs() -> None:
    """Load and check every table, the bibliography and every quiz bank (raises
    :class:`hemisphere.data.DataError` or :class:`hemisphere.quiz.QuizError`)."""
    from . import data, quiz

    data.reference_keys()
    data.check_reference_urls()
    package = data._package(data.data_dir())
    for resource in package["resources"]:
        if resource.get("schema"):
            data.read_table(resource["name"])
    for load in (
        data.load_events,
        data.load_designations,
        data.load_countries,
        data.load_corollaries,
        data.load_indicators,
    ):
        load()
    quiz.load_banks()
    basemap = data.basemap_path()
    try:
        json.loads(data._read_text(basemap))
    except json.JSONDecodeError as err:
        raise data.DataError(basemap, f"not valid JSON ({err.msg} at line {err.lineno})") from None


def _check_inputs(app: Sphinx, config) -> None:
    from .data import DataError
    from .quiz import QuizError

    try:
        check_inputs()
    except DataError as err:
        _stop("Data error", str(err))
    except QuizError as err:
        _stop("Quiz bank error", str(err))


def _stop(category: str, message: str) -> None:
    """End the build with the message alone. A SphinxError would be printed and then wrapped
    by Jupyter Book in a RuntimeError whose traceback follows it; SystemExit passes through
    both quietly."""
    print(
        f"\n{category}: {message}\n\nThe book was not built: fix the file above.", file=sys.stderr
    )
    raise SystemExit(1)


# --- Assets and content markers ---------------------------------------------------------------


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    # A fresh token per build: data written before the build cannot know it.
    app.hemisphere_content_token = secrets.token_hex(16)
    target = Path(app.outdir) / "_static" / STATIC_SUBDIR
    target.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        shutil.copyfile(PACKAGE_STATIC / name, target / name)


def content_markers(token: str) -> tuple[str, str]:
    return (
        f"<!-- hemisphere-content-begin {token} -->",
        f"<!-- hemisphere-content-end {token} -->",
    )


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    app.add_js_file(f"{STATIC_SUBDIR}/page-actions.js")
    body = context.get("body")
    if body is None:
        return
    body = THEBE_KERNEL_SCRIPT.sub("", body)
    if CHART_DATA_ATTRIBUTE in body:
        # After the chart libraries (priority 101 in hemisphere.sphinxext).
        app.add_js_file(f"{STATIC_SUBDIR}/charts-embed.js", priority=102)
    begin, end = content_markers(app.hemisphere_content_token)
    context["body"] = f"{begin}{body}{end}"


# --- The policy -------------------------------------------------------------------------------


def _is_executable(attributes: str) -> bool:
    if SRC_ATTRIBUTE.search(attributes):
        return False
    match = TYPE_ATTRIBUTE.search(attributes)
    kind = next((group for group in match.groups() if group is not None), "") if match else ""
    return kind.strip().lower() in EXECUTABLE_TYPES


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would execute in ``html``."""
    return [body for attributes, body in SCRIPT.findall(html) if _is_executable(attributes)]


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: list[str]) -> str:
    script_src = " ".join(["'self'", *dict.fromkeys(hashes)])
    return "; ".join([f"{name} {value}" for name, value in (("script-src", script_src), *POLICY)])


def secure_page(html: str, token: str | None) -> tuple[str, list[str]]:
    """The page with its policy, and the problems found (inline scripts in the content).

    The page's content is what lies between the markers of ``token``; inline scripts
    there are not hashed. A page without markers (the index, the search page) has no
    content from notebooks or directives. A page that already carries a policy and no
    markers was secured by an earlier build and is left as it is."""
    begin, end = content_markers(token) if token else ("", "")
    if token and begin in html and end in html:
        head, rest = html.split(begin, 1)
        content, tail = rest.rsplit(end, 1)
    elif CSP_MARK in html:
        return html, []
    else:
        head, content, tail = html, "", ""
    for handler, replacement in THEME_HANDLERS.items():
        head, tail = head.replace(handler, replacement), tail.replace(handler, replacement)
    problems = [
        f"an inline script in the page's content is blocked by its Content-Security-Policy: "
        f"{script.strip()[:80]!r}"
        for script in inline_scripts(content)
    ]
    hashes = [script_hash(script) for script in inline_scripts(head) + inline_scripts(tail)]
    meta = CSP_META.format(policy=policy(hashes))
    charset = re.search(r"<meta charset=[^>]*>", head, re.I)
    if charset:
        head = f"{head[: charset.end()]}\n{meta}{head[charset.end() :]}"
    else:
        opening = re.search(r"<head[^>]*>", head, re.I)
        at = opening.end() if opening else 0
        head = f"{head[:at]}\n{meta}{head[at:]}"
    return head + content + tail, problems


def page_files(outdir: Path) -> list[Path]:
    return [
        path
        for path in sorted(outdir.rglob("*.html"))
        if path.relative_to(outdir).parts[0] not in NOT_PAGES
    ]


def _write_policies(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    token = getattr(app, "hemisphere_content_token", None)
    outdir = Path(app.outdir)
    for path in page_files(outdir):
        html = path.read_text(encoding="utf-8")
        secured, problems = secure_page(html, token)
        for problem in problems:
            logger.warning(f"{path.relative_to(outdir).as_posix()}: {problem}")
        if secured != html:
            path.write_text(secured, encoding="utf-8")


def _pages_without_policy(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Pages on disk that an earlier build wrote without a policy (before this step existed):
    read and write them again, since their content can no longer be told from the theme's."""
    from .sphinxext.dependencies import pages_lacking

    return pages_lacking(app, env, added, changed, CSP_MARK)


def setup(app: Sphinx) -> None:
    """Called from :func:`hemisphere.sphinxext.setup`."""
    app.connect("config-inited", _check_inputs)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    app.connect("env-get-outdated", _pages_without_policy)
    # Late, so that pages other extensions write when the build finishes get a policy too.
    app.connect("build-finished", _write_policies, priority=900)

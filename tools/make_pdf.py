"""`make pdf`: the book as one PDF, printed by Debian's chromium from the single-page build.

    python tools/make_pdf.py [--edition student|instructor] [--out FILE] [--no-build]

1. ``jupyter-book build . --builder singlehtml`` (the strict flags of `make book`; the
   execution cache of the HTML build is reused, so no notebook runs again). The instructor
   edition uses ``_toc.instructor.yml`` and ``_build/instructor``, as `make book
   EDITION=instructor` does. The Sphinx extension :mod:`hemisphere.printing` gives the page
   unique chart ids, links within the page and its print stylesheet.
2. The page is copied to the build's top folder (Sphinx writes it as ``book/intro.html`` but
   points its assets at the top folder), and for the instructor edition an answer key to the
   chapter quizzes is added at its end. The student edition gets none: its quizzes print as
   questions only (the key that the quiz script reads is a JSON block, never printed).
3. Chromium (through playwright, ``executable_path`` = Debian's; nothing is downloaded) opens
   it from a localhost server, with every request off the machine refused, waits until every
   chart is drawn, replaces each by a PNG image of itself (paper cannot run Vega), opens the
   data tables and prints A4 with page numbers, an outline and working internal links.

The PDF goes to ``_build/pdf/western-hemisphere-<edition>.pdf``. Fonts with Japanese glyphs
come from Debian's fonts-noto-cjk (``tools/ensure-print-tools.sh`` installs them).

This lives in tools/, not in the package: it is a developer's command (playwright is a test
dependency), and a change to hemisphere/ makes the book execute every notebook again.
"""

from __future__ import annotations

import argparse
import base64
import html
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the checkout's package, not an installed copy
    sys.path.insert(0, str(ROOT))

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (tools/chromium.py, beside this script)

from hemisphere import paths  # noqa: E402
from hemisphere.book import build_command  # noqa: E402

EDITIONS = ("student", "instructor")
PRINT_PAGE = "print.html"
#: How long the charts may take to draw, all of them (ms).
CHART_TIMEOUT = 180_000
KEY_ID = "quiz-answer-key"
EDITION_LABEL = {"student": "Student edition", "instructor": "Instructor edition"}


class PrintError(RuntimeError):
    """Why the PDF could not be made (a failed build, a chart that did not draw ...)."""


def pdf_path(edition: str) -> Path:
    return paths.ROOT / "_build" / "pdf" / f"western-hemisphere-{edition}.pdf"


def singlehtml_dir(edition: str) -> Path:
    base = paths.ROOT / "_build" if edition == "student" else paths.ROOT / "_build" / "instructor"
    return base / ("singlehtml" if edition == "student" else "_build/singlehtml")


def singlehtml_command(edition: str) -> list[str]:
    output = None if edition == "student" else paths.ROOT / "_build" / "instructor"
    return [*build_command(paths.ROOT, output, edition=edition), "--builder", "singlehtml"]


def build_singlehtml(edition: str) -> Path:
    """Build the single page; its folder."""
    result = subprocess.run(
        singlehtml_command(edition), cwd=paths.ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise PrintError(
            f"the single-page build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return singlehtml_dir(edition)


def root_page(toc: Path) -> str:
    import yaml

    return str(yaml.safe_load(toc.read_text(encoding="utf-8"))["root"]).rsplit(".", 1)[0]


def _toc(edition: str) -> Path:
    return paths.TOC if edition == "student" else paths.INSTRUCTOR_TOC


# --- The answer key (instructor edition) -------------------------------------------------------


def quiz_names(page: str) -> list[str]:
    """The banks of the quizzes on ``page``, in the order they appear."""
    return list(dict.fromkeys(re.findall(r'class="hemisphere-quiz" data-quiz="([^"]+)"', page)))


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def answer_html(question) -> str:
    """A question's right answer as HTML (escaped; Japanese marked lang="ja")."""
    from hemisphere.lang import html_text as text

    if question.type in ("single", "multiple"):
        chosen = [o.text for o in question.options if o.id in _as_list(question.answer)]
        return "; ".join(text(choice) for choice in chosen)
    if question.type == "truefalse":
        return "True" if question.answer in (True, "true") else "False"
    if question.type == "order":
        by_id = {o.id: o.text for o in question.options}
        items = "".join(f"<li>{text(by_id[i])}</li>" for i in question.answer)
        return f"<ol>{items}</ol>"
    if question.type == "classify":
        rows = "".join(
            f"<li>{text(s.text)}: <strong>{text(question.answer[s.id])}</strong></li>"
            for s in question.statements
        )
        return f"<ul>{rows}</ul>"
    if question.type == "numeric":
        unit = f" {html.escape(question.unit)}" if question.unit else ""
        within = f" (± {_number(question.tolerance)})" if question.tolerance else ""
        return f"{_number(question.answer)}{unit}{within}"
    raise PrintError(f"question {question.id}: no answer format for type {question.type!r}")


def _as_list(answer) -> list:
    return list(answer) if isinstance(answer, (list, tuple)) else [answer]


def answer_key_html(bank_names: list[str]) -> str:
    """The answer key to the quizzes, a section per quiz, each question's answer and the
    feedback that says why. Every text comes from the banks and is escaped."""
    from hemisphere import quiz
    from hemisphere.lang import html_text as text

    parts = [
        f'<span id="document-{KEY_ID}"></span><section id="{KEY_ID}" class="hemisphere-answer-key">',
        "<h3>Answer key: the chapter quizzes</h3>",
        "<p>Instructor edition only. The student edition prints the same questions without "
        "answers.</p>",
    ]
    for name in bank_names:
        bank = quiz.load_bank(name)
        chapter = f"#document-book/{html.escape(bank.chapter)}"
        parts.append(
            f'<section id="{KEY_ID}-{html.escape(name)}"><h4>{text(bank.title)}</h4>'
            f'<p>The quiz is in <a href="{chapter}">its chapter</a>.</p><ol>'
        )
        for question in bank.questions:
            parts.append(
                f'<li class="hemisphere-key-question"><p>{text(question.prompt)}</p>'
                f"<p><strong>Answer:</strong> {answer_html(question)}</p>"
                f"<p><em>Why:</em> {text(question.feedback)}</p></li>"
            )
        parts.append("</ol></section>")
    parts.append("</section>")
    return "\n".join(parts)


def add_answer_key(page: str) -> str:
    """``page`` with the quizzes' answer key as its last section (inside the article)."""
    names = quiz_names(page)
    if not names:
        raise PrintError("the page holds no quiz, so there is no answer key to add")
    at = page.rfind("</article>")
    if at < 0:
        raise PrintError("the page has no <article> to add the answer key to")
    return page[:at] + answer_key_html(names) + page[at:]


def print_page(edition: str, folder: Path) -> Path:
    """The page chromium prints, written beside the build's _static (see the module's doc)."""
    source = folder / f"{root_page(_toc(edition))}.html"
    if not source.exists():
        raise PrintError(f"{source}: no single-page build here; build it first")
    page = source.read_text(encoding="utf-8")
    if edition == "instructor":
        page = add_answer_key(page)
    target = folder / PRINT_PAGE
    target.write_text(page, encoding="utf-8")
    return target


# --- Printing ----------------------------------------------------------------------------------

HEADER = (
    '<div style="font-size:8px;width:100%;margin:0 12mm;color:#555;'
    'font-family:sans-serif;display:flex;justify-content:space-between">'
    "<span>Western Hemisphere</span><span>{label}</span></div>"
)
FOOTER = (
    '<div style="font-size:9px;width:100%;text-align:center;color:#333;font-family:sans-serif">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)

#: A chart is drawn when its container holds Vega's svg or canvas; it failed when the book's
#: script wrote its error message there.
CHART_STATE = """(container) => {
  if (container.querySelector('.hemisphere-chart-error')) return 'error';
  return container.querySelector('svg.marks, canvas.marks') ? 'drawn' : '';
}"""

#: What floats over the page on screen (the header, the skip link, back to top) stays out of
#: a chart's picture.
SCREENSHOT_STYLE = (
    ".bd-header, .bd-header-article, .skip-link, #pst-back-to-top, .vega-embed details "
    "{ display: none !important; }"
)

TO_IMAGE = """([container, data, alt]) => {
  const drawn = container.querySelector('svg.marks, canvas.marks');
  const width = drawn.getBoundingClientRect().width;
  const image = document.createElement('img');
  image.src = 'data:image/png;base64,' + data;
  image.alt = alt;
  image.className = 'hemisphere-chart-image';
  // As wide as on screen at most, and never taller than a page (so never split).
  image.style.width = 'auto';
  image.style.height = 'auto';
  image.style.maxWidth = 'min(100%, ' + width + 'px)';
  image.style.maxHeight = '230mm';
  container.replaceChildren(image);
}"""


def _serve(folder: Path):
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def charts_to_images(page) -> int:
    """Wait for every chart, then put a PNG of each in its place; the number of charts."""
    containers = page.locator('[id^="altair-viz"]')
    count = containers.count()
    for index in range(count):
        container = containers.nth(index)
        name = container.get_attribute("id")
        container.scroll_into_view_if_needed()  # a chart drawn as it nears the viewport
        try:
            page.wait_for_function(
                f"(c) => ({CHART_STATE})(c) !== ''",
                arg=container.element_handle(),
                timeout=CHART_TIMEOUT,
            )
        except Exception as error:  # playwright's TimeoutError
            raise PrintError(f"chart {name} was not drawn in time: {error}") from None
        if container.evaluate(CHART_STATE) == "error":
            message = container.locator(".hemisphere-chart-error").inner_text()
            raise PrintError(f"chart {name} could not be drawn: {message}")
        drawn = container.locator("svg.marks, canvas.marks").first
        alt = drawn.get_attribute("aria-label") or "Chart"
        png = drawn.screenshot(type="png", animations="disabled", style=SCREENSHOT_STYLE)
        page.evaluate(TO_IMAGE, [container.element_handle(), base64.b64encode(png).decode(), alt])
    return count


def print_pdf(page_file: Path, out: Path, edition: str, browser=None) -> dict:
    """Print ``page_file`` (in its build folder) to ``out``; what was printed. ``browser``: a
    playwright chromium already running (the tests'); without it, Debian's is started."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            raise PrintError(f"no chromium at {CHROMIUM}: run tools/ensure-chromium.sh")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return print_pdf(page_file, out, edition, browser)
            finally:
                browser.close()
    server, url = _serve(page_file.parent)
    out.parent.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(
        viewport={"width": 1100, "height": 1400}, device_scale_factor=2, color_scheme="light"
    )
    try:

        def route(request_route):
            address = request_route.request.url
            if address.startswith((url, "data:")):
                request_route.continue_()
            else:
                outside.append(address)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/{page_file.name}", wait_until="load")
        charts = charts_to_images(page)
        # The data tables behind the charts and the book's dropdowns print open, as the
        # book's print.js opens them when a reader prints (hidden code stays hidden).
        page.evaluate(
            "() => document.querySelectorAll("
            "'details.hemisphere-data:not([open]), details.sd-dropdown:not([open])')"
            ".forEach((d) => d.setAttribute('open', ''))"
        )
        page.emulate_media(media="print")
        page.pdf(
            path=str(out),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template=HEADER.format(label=EDITION_LABEL[edition]),
            footer_template=FOOTER,
            margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
            outline=True,
            tagged=True,
        )
    finally:
        context.close()
        server.shutdown()
    if errors:
        raise PrintError("the page raised errors while printing:\n" + "\n".join(errors))
    return {"charts": charts, "outside_requests": outside}


def make_pdf(
    edition: str = "student", out: Path | None = None, build: bool = True, browser=None
) -> Path:
    if edition not in EDITIONS:
        raise PrintError(f"unknown edition {edition!r}; choose {' or '.join(EDITIONS)}")
    folder = build_singlehtml(edition) if build else singlehtml_dir(edition)
    out = out or pdf_path(edition)
    result = print_pdf(print_page(edition, folder), out, edition, browser)
    print(f"{out}: {result['charts']} charts printed as images ({EDITION_LABEL[edition]}).")
    if result["outside_requests"]:
        print(f"refused {len(result['outside_requests'])} requests off the machine")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", choices=EDITIONS, default="student")
    parser.add_argument("--out", type=Path, help="the PDF to write (default: _build/pdf/...)")
    parser.add_argument(
        "--no-build", action="store_true", help="print the single-page build already there"
    )
    args = parser.parse_args(argv)
    try:
        make_pdf(args.edition, args.out, build=not args.no_build)
    except PrintError as error:
        print(f"make pdf: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

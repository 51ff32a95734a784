"""Helpers the test modules share: where the built book is, copies of the book's sources, builds
of a copy, a local server, chromium's settings, a page's visible text, the exercises' solutions.

Fixtures live in conftest.py; plain functions and constants live here, so that test modules
import from a module of helpers rather than from conftest or from each other."""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from hemisphere import assignments
from hemisphere.book import build_command

ROOT = Path(__file__).resolve().parent.parent
BUILD_HTML = ROOT / "_build" / "html"
#: pytest for nbval runs that go at once: kernels on IPC sockets (see tests/nbval_ipc.py).
NBVAL_AT_ONCE = [
    sys.executable,
    str(ROOT / "tests" / "nbval_ipc.py"),
    "-q",
    "-p",
    "no:cacheprovider",
]
#: A chart's container, as altair writes it (drawn or not).
CHART = '[id^="altair-viz"]'
#: Marks drawn inside a chart's SVG (points, bars, rules, text...).
COUNT_MARKS = """container => container.querySelectorAll('svg g[class*="mark-"] > path, '
    + 'svg g[class*="mark-"] > rect, svg g[class*="mark-"] > line, svg g[class*="mark-"] > text').length"""


def build_book() -> subprocess.CompletedProcess:
    """Build the book as `make book` does (warnings are errors)."""
    return subprocess.run(build_command(ROOT), capture_output=True, text=True, cwd=ROOT)


def copy_sources(target: Path) -> Path:
    """What a build reads, copied to ``target`` (no _build, so its build starts from nothing)."""
    for name in ("_config.yml", "_toc.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, target / name)
    for folder in ("book", "data", "hemisphere", "exercises"):
        shutil.copytree(
            ROOT / folder,
            target / folder,
            ignore=shutil.ignore_patterns("__pycache__", "_build", ".ipynb_checkpoints"),
        )
    return target


def copy_env(copy: Path, **extra: str) -> dict[str, str]:
    """The environment for building ``copy``: its own package, data and (if it has them) banks,
    for the build and its kernels alike."""
    env = {**os.environ, "PYTHONPATH": str(copy), "HEMISPHERE_DATA": str(copy / "data")}
    if (copy / "exercises" / "quizzes").is_dir():
        env["HEMISPHERE_QUIZZES"] = str(copy / "exercises" / "quizzes")
    return {**env, **extra}


def build_copy(copy: Path, *, strict: bool = True, **extra_env: str) -> subprocess.CompletedProcess:
    """Build the book in ``copy`` as `make book` does (``strict=False`` drops -W)."""
    command = build_command(copy, path_output=copy)
    if not strict:
        command = [part for part in command if part != "-W"]
    return subprocess.run(
        command,
        cwd=copy,
        env=copy_env(copy, **extra_env),
        capture_output=True,
        text=True,
        timeout=600,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A localhost server for ``directory``: the server (to shut down) and its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def draw_chart(page, container, timeout: int = 15_000) -> None:
    """Scroll a chart into view and wait until it has drawn its marks: the book draws a chart
    (and loads the chart libraries) only when the reader comes near it."""
    container.scroll_into_view_if_needed()
    page.wait_for_function(
        f"c => ({COUNT_MARKS})(c) > 0", arg=container.element_handle(), timeout=timeout
    )


def draw_every_chart(page) -> int:
    """Scroll to each chart of the page in turn until it is drawn; the number of charts."""
    containers = page.locator(CHART).all()
    for container in containers:
        draw_chart(page, container)
    return len(containers)


def chart_with_option(page, option_text: str):
    """The first chart whose controls offer the given option (e.g. 'All categories'), scrolled
    to and drawn (its controls exist only once it is drawn)."""
    for chart in page.locator(CHART).all():
        draw_chart(page, chart)
        if chart.locator("option", has_text=option_text).count():
            chart.scroll_into_view_if_needed()
            return chart
    raise AssertionError(f"no chart offers {option_text!r}")


def visible_text(markup: str) -> str:
    """What a reader sees of an HTML page: no tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def page_text(path: Path) -> str:
    """A built page's visible text, with Sphinx's typographic quotes made straight again (as
    the sources type them)."""
    text = visible_text(path.read_text(encoding="utf-8"))
    return text.translate(
        str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    )


#: The exercises' sources (solutions, model answers and instructor notes in one notebook each).
EXERCISE_SOURCES = sorted(assignments.SOURCE_DIR.glob("*.ipynb"))


def solution_lines(source: Path) -> list[str]:
    """The lines of a source's solution blocks, model answers and instructor notes that a
    student edition must never show."""
    import nbformat

    notebook = nbformat.read(source, as_version=4)
    lines = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for block in assignments.SOLUTION_BLOCK.findall(cell.source):
                lines += [line.strip() for line in block.splitlines() if len(line.strip()) > 12]
        elif {"answer", "notes"} & set(cell.metadata.get("tags", [])):
            lines += [
                line.strip() for line in cell.source.splitlines()[1:] if len(line.strip()) > 30
            ]
            if "notes" in cell.metadata["tags"]:  # one paragraph: its sentences, as they show
                lines += [s.strip() for s in cell.source.split(". ") if len(s.strip()) > 30]
    return lines


def load_tool(name: str):
    """A module of tools/ (not a package), loaded by path without touching sys.path."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


#: tools/pins.py: the pinned sets (runtime, development) and Binder's base environment.
pins = load_tool("pins")
#: tools/chromium.py: the browser the tests drive, and its flags (the bench and make pdf use them too).
_chromium = load_tool("chromium")
CHROMIUM, CHROMIUM_ARGS = _chromium.CHROMIUM, _chromium.CHROMIUM_ARGS

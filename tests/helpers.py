"""Helpers the test modules share: copies of the book's sources, builds of a copy, a local server.

Fixtures live in conftest.py; plain functions live here, so that test modules import from a
module of helpers rather than from conftest or from each other."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

from hemisphere.book import build_command

ROOT = Path(__file__).resolve().parent.parent


def copy_sources(target: Path) -> Path:
    """What a build reads, copied to ``target`` (no _build, so its build starts from nothing)."""
    for name in ("_config.yml", "_toc.yml"):
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


#: A chart's container (altair names it altair-viz-N).
CHART = '[id^="altair-viz"]'
#: Marks drawn inside a chart's SVG (points, bars, rules, text...).
COUNT_MARKS = """container => container.querySelectorAll('svg g[class*="mark-"] > path, '
    + 'svg g[class*="mark-"] > rect, svg g[class*="mark-"] > line, svg g[class*="mark-"] > text').length"""


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

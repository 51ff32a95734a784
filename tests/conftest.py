"""Shared fixtures: the built book, a localhost server for it, and a headless chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import BUILD_HTML, CHROMIUM, CHROMIUM_ARGS, ROOT, build_book, serve

from hemisphere.book import BOOK_BUILD_FLAG, toc_docnames

# Sphinx's own fixtures (make_app, app, ...): the directives on small books, test_directives.py.
pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def book_pages() -> list[str]:
    return toc_docnames(ROOT / "_toc.yml")


@pytest.fixture(scope="session")
def built_book() -> subprocess.CompletedProcess:
    """The book, built once per test run; with the execution cache warm this takes seconds."""
    result = build_book()
    if result.returncode != 0:
        pytest.fail(f"the book did not build:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A scratch copy of data/ that the loaders read instead of the real one."""
    from hemisphere import data

    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("HEMISPHERE_DATA", str(copy))
    data.clear_cache()
    yield copy
    data.clear_cache()


@pytest.fixture(scope="session")
def site_url(built_book) -> str:
    server, url = serve(BUILD_HTML)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no chromium at {CHROMIUM}: run `make test` (it installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # browser tests never skip in CI
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageVisit:
    """A page opened in chromium, recording console errors and requests that leave the site."""

    def __init__(self, browser, site_url: str):
        self.site_url = site_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.external_requests: list[str] = []
        self.failed_requests: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        self.page.on("request", self._on_request)
        self.page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def _on_request(self, request):
        if not request.url.startswith(self.site_url) and not request.url.startswith("data:"):
            self.external_requests.append(request.url)

    def _on_response(self, response):
        if response.status >= 400:
            self.failed_requests.append(f"{response.status} {response.url}")

    def open(self, docname: str):
        self.page.goto(f"{self.site_url}/{docname}.html", wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    visits = []

    def open_page(docname: str) -> PageVisit:
        page_visit = PageVisit(browser, site_url)
        visits.append(page_visit)
        page_visit.open(docname)
        return page_visit

    yield open_page
    for page_visit in visits:
        page_visit.close()


@pytest.fixture(autouse=True)
def _no_book_build_flag_left_behind(monkeypatch):
    """A Sphinx build run in this process (the directive tests' small books) sets the book-build
    flag in os.environ for the notebooks it executes; undone after each test, or every later
    kernel this process starts (JupyterLab's, nbval's) would write charts for the book's page."""
    monkeypatch.delenv(BOOK_BUILD_FLAG, raising=False)

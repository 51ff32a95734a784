"""Executing the notebooks: a rebuild with no change executes nothing, a clean build executes them
in parallel before Sphinx reads them, two clean builds give the same site byte for byte, and a
changed data row (which the execution cache cannot see) is executed again and shows."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    build_book,
    build_copy,
    copy_env,
    copy_sources,
)
from jupyter_cache import get_cache

from hemisphere.book import build_command, toc_docnames

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def two_clean_builds(tmp_path_factory) -> list[Path]:
    """The book built from scratch in two fresh copies, at once (one build per core)."""
    copies = [
        copy_sources(tmp_path_factory.mktemp(f"clean-{name}")) for name in ("first", "second")
    ]
    runs = [
        subprocess.Popen(
            build_command(copy, path_output=copy),
            cwd=copy,
            env=copy_env(copy),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for copy in copies
    ]
    for copy, run in zip(copies, runs, strict=True):
        output, _ = run.communicate()
        assert run.returncode == 0, output[-4000:]
        (copy / "build.log").write_text(output, encoding="utf-8")
    return copies


def test_a_rebuild_with_no_change_executes_no_notebook(built_book):
    cache = get_cache(ROOT / "_build" / ".jupyter_cache")

    def executions():
        return {(r.uri, r.created) for r in cache.list_cache_records()}

    notebooks = {str(p) for p in (ROOT / "book").glob("*.ipynb")}
    before = executions()
    assert {uri for uri, _ in before} >= notebooks, "every chapter notebook is in the cache"
    log = build_book().stdout
    assert "Executing notebook" not in log
    assert executions() == before


def test_a_clean_build_executes_the_notebooks_in_parallel_then_reads_them_from_the_cache(
    two_clean_builds,
):
    log = (two_clean_builds[0] / "build.log").read_text(encoding="utf-8")
    notebooks = [d for d in toc_docnames(ROOT / "_toc.yml") if (ROOT / f"{d}.ipynb").exists()]
    assert f"hemisphere: executing {len(notebooks)} notebooks in parallel" in log
    # A notebook the parallel step could not cache (once in CI: a kernel that failed to start while
    # four started at once, two builds side by side) is named in the log and executed by myst-nb.
    named = re.search(r"hemisphere: left to myst-nb \(not cached in parallel\): (.+)", log)
    left = named.group(1).strip().split(", ") if named else []
    cached = log.count("Using cached notebook")
    assert cached + len(left) == len(notebooks)
    assert log.count("Executing notebook") == len(left)  # myst-nb's own, one at a time
    assert cached > len(notebooks) // 2, "the parallel step executed most notebooks"


def test_two_clean_builds_give_the_same_pages(two_clean_builds):
    """Reproducible: byte for byte, every file of the site (chart ids are numbered, not random).

    An incremental build is not compared: Sphinx adds a ``?v=`` checksum to myst-nb's stylesheet
    only when the file is already in the output, and leaves pages of removed sources behind."""
    first, second = (copy / "_build" / "html" for copy in two_clean_builds)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    differing = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert differing == []
    assert any(str(f).endswith(".html") for f in files) and len(files) > 50


def test_a_changed_data_row_changes_the_built_sentence(two_clean_builds, tmp_path):
    """The execution cache keys notebooks on their code only; the book's extension
    must notice a changed data file, execute again, and the glued prose must follow."""
    copy = tmp_path / "book-copy"
    shutil.copytree(two_clean_builds[1], copy)
    page = copy / "_build" / "html" / "book" / "01_policy_at_a_glance.html"

    def read_page() -> str:
        return re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))

    assert "he visited 5 countries" in read_page()
    events = copy / "data" / "events.csv"
    text = events.read_text(encoding="utf-8")
    assert ",PAN SLV CRI GTM DOM," in text
    events.write_text(text.replace(",PAN SLV CRI GTM DOM,", ",PAN SLV CRI GTM,"), encoding="utf-8")
    result = build_copy(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "he visited 4 countries" in read_page()

"""Launch buttons and the errata link follow the repository addresses in _config.yml: left out,
and said so, with none; an exercise page opens its student notebook on Binder with one."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest
from helpers import (
    BUILD_HTML,
    ROOT,
    build_copy,
)

from hemisphere import addresses

pytestmark = pytest.mark.build


def test_launch_buttons_follow_the_repository_setting(built_book):
    """With no student repository, no repository URL and no git remote, the build leaves the
    buttons out and says so; the errata link follows the source repository the same way."""
    found = addresses.read(ROOT)
    html = (BUILD_HTML / "book" / "01_policy_at_a_glance.html").read_text(encoding="utf-8")
    if found.student:
        assert f"mybinder.org/v2/gh/{found.student.removeprefix('https://github.com/')}" in html
    else:
        assert "mybinder.org" not in html
        assert "launch buttons left out" in built_book.stdout
    if found.source:
        assert f"{found.source}/issues" in html
    else:
        assert "Report an error" not in html
        assert "errata link left out" in built_book.stdout


def test_an_exercise_page_launches_its_student_notebook_on_binder(tmp_path):
    """With a repository URL configured, the exercise page's launch button opens the student notebook."""
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert '  url: ""' in config
    (tmp_path / "_config.yml").write_text(
        config.replace('  url: ""', '  url: "https://github.com/example-org/western-hemisphere"'),
        encoding="utf-8",
    )
    for folder in ("data", "hemisphere", "exercises/quizzes"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    (tmp_path / "book" / "images").mkdir(parents=True)
    shutil.copy(ROOT / "book" / "images" / "favicon.svg", tmp_path / "book" / "images")
    (tmp_path / "exercises" / "student").mkdir(parents=True)
    shutil.copy(
        ROOT / "exercises" / "student" / "04_western_hemisphere.ipynb",
        tmp_path / "exercises" / "student",
    )
    path = tmp_path / "exercises" / "student" / "04_western_hemisphere.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for (
        cell
    ) in notebook.cells:  # the page's link to its chapter has no target in this one-page book
        cell.source = re.sub(r"\[([^\]]+)\]\(\.\./\.\./book/[^)]+\)", r"\1", cell.source)
    nbformat.write(notebook, path)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: exercises/student/04_western_hemisphere\n", encoding="utf-8"
    )
    result = build_copy(tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (
        tmp_path / "_build" / "html" / "exercises" / "student" / "04_western_hemisphere.html"
    ).read_text(encoding="utf-8")
    assert (
        "mybinder.org/v2/gh/example-org/western-hemisphere/main?urlpath=lab/tree/"
        "exercises/student/04_western_hemisphere.ipynb"
    ) in html

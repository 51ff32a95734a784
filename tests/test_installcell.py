"""The install cell every chapter and exercise starts with, and where the package finds its files.

tests/test_notebook_alone.py runs the notebooks alone in a fresh environment (slow); these
tests check the cells as written and what they do, in seconds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from hemisphere import installcell, paths

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = [
    path
    for folder in ("book", "exercises/student", "exercises/solutions")
    for path in sorted((ROOT / folder).glob("*.ipynb"))
    if any(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)
]


def test_the_notebooks_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in NOTEBOOKS}
    assert "book/intro.ipynb" in names
    assert "exercises/student/06_capstone_two_corollaries.ipynb" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_first_code_cell_is_the_install_cell_hidden_in_the_book(path):
    notebook = nbformat.read(path, as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert first.id == installcell.CELL_ID
    assert first.metadata.get("tags") == ["remove-cell"]
    assert first.source == installcell.cell_source(installcell.install_url(ROOT))
    assert [cell.id for cell in notebook.cells].count(installcell.CELL_ID) == 1


def test_the_chapters_cells_are_up_to_date():
    stale = installcell.write(ROOT, check_only=True)
    assert stale == [], f"run `python -m hemisphere.installcell`: {stale}"


def _config(tmp_path: Path, repository: str) -> Path:
    (tmp_path / "_config.yml").write_text(f"repository:\n{repository}", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "repository, url",
    [
        ('  url: ""\n  student_url: ""\n  branch: main\n', ""),
        (
            "  url: https://github.com/org/source\n  branch: main\n",
            "git+https://github.com/org/source@main",
        ),
        (
            "  url: https://github.com/org/source\n  student_url: https://github.com/org/students.git\n"
            "  branch: main\n  student_branch: term-1\n",
            "git+https://github.com/org/students@term-1",
        ),
    ],
)
def test_the_address_comes_from_the_config_alone(tmp_path, repository, url):
    assert installcell.install_url(_config(tmp_path, repository)) == url


def _run_cell(source: str, *, find_package: bool) -> subprocess.CompletedProcess:
    """The cell in a fresh Python; without the package (-I -S: no site-packages, no PYTHONPATH)."""
    command = (
        [sys.executable, "-c", source]
        if find_package
        else [sys.executable, "-I", "-S", "-c", source]
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_without_an_address_the_cell_says_how_to_install_from_a_clone():
    result = _run_cell(installcell.cell_source(""), find_package=False)
    assert result.returncode == 0, result.stderr
    assert "python -m pip install PATH/TO/THE/CLONE" in result.stdout
    assert "http" not in result.stdout and "git+" not in result.stdout


def test_where_the_package_is_installed_the_cell_does_nothing():
    source = installcell.cell_source("git+https://example.invalid/nothing@main")
    result = _run_cell(
        source + "\nimport hemisphere\nprint(hemisphere.__name__)", find_package=True
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "hemisphere\n", "")


def test_where_it_is_missing_the_cell_runs_pip_quietly_on_the_address():
    source = installcell.cell_source("git+https://example.invalid/repository@main")
    assert '"--quiet"' in source
    assert 'package = "git+https://example.invalid/repository@main"' in source
    compile(source, "install cell", "exec")


def test_a_second_run_replaces_the_cell_rather_than_adding_one():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x = 1")]
    installcell.with_install_cell(notebook, "")
    installcell.with_install_cell(notebook, "git+https://example.invalid/r@main")
    assert [cell.get("id") for cell in notebook.cells][1] == installcell.CELL_ID
    assert len(notebook.cells) == 3
    assert "example.invalid" in notebook.cells[1].source
    nbformat.validate(notebook)


def test_a_checkout_reads_its_own_top_level_folders():
    assert not paths.INSTALLED
    assert paths.ROOT == ROOT
    assert paths.DATA == ROOT / "data"
    assert paths.BANKS == ROOT / "exercises" / "quizzes"


def test_the_wheel_carries_every_file_the_bundle_lists():
    """What setup.py copies exists (a missing one would fail the wheel's build)."""
    for pattern in paths.BUNDLED:
        assert list(ROOT.glob(pattern)), pattern

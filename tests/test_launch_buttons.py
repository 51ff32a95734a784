"""Launch buttons on a notebook page once the student repository is known: Binder (JupyterLab)
and Colab, each opening the page's own .ipynb in that repository."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest
import yaml
from helpers import ROOT, build_copy

REPOSITORY = "https://github.com/example-org/western-hemisphere"


def test_colab_is_configured_for_every_notebook_page():
    launch = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["launch_buttons"]
    assert launch["colab_url"] == "https://colab.research.google.com"
    # Colab opens .ipynb only: every chapter and exercise in the table of contents is one.
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    entries = re.findall(r"file:\s*(\S+)", toc) + re.findall(r"root:\s*(\S+)", toc)
    notebooks = [e for e in entries if e.startswith(("book/", "exercises/"))]
    assert notebooks
    for entry in notebooks:
        found = list((ROOT / entry).parent.glob((ROOT / entry).name + ".*"))
        assert [p.suffix for p in found if p.suffix in (".ipynb", ".md")] in (
            [".ipynb"],
            [".md"],
        ), entry


@pytest.mark.build
def test_a_notebook_page_launches_on_binder_and_colab(tmp_path):
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert '  url: ""' in config
    (tmp_path / "_config.yml").write_text(
        config.replace('  url: ""', f'  url: "{REPOSITORY}"'), encoding="utf-8"
    )
    for folder in ("data", "hemisphere", "exercises/quizzes"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    (tmp_path / "book" / "images").mkdir(parents=True)
    shutil.copy(ROOT / "book" / "images" / "favicon.svg", tmp_path / "book" / "images")
    page = "exercises/student/04_western_hemisphere"
    (tmp_path / page).parent.mkdir(parents=True)
    notebook = nbformat.read(ROOT / f"{page}.ipynb", as_version=4)
    for cell in notebook.cells:  # its link to the chapter has no target in this one-page book
        cell.source = re.sub(r"\[([^\]]+)\]\(\.\./\.\./book/[^)]+\)", r"\1", cell.source)
    nbformat.write(notebook, tmp_path / f"{page}.ipynb")
    (tmp_path / "_toc.yml").write_text(f"format: jb-book\nroot: {page}\n", encoding="utf-8")
    result = build_copy(tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (tmp_path / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8")
    owner_repo = REPOSITORY.removeprefix("https://github.com/")
    assert f"mybinder.org/v2/gh/{owner_repo}/main?urlpath=lab/tree/{page}.ipynb" in html
    assert f"colab.research.google.com/github/{owner_repo}/blob/main/{page}.ipynb" in html

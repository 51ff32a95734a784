"""The first code cell of every chapter and exercise: install the package when it is missing.

    python -m hemisphere.installcell [--check]

A notebook downloaded from the book, opened on Colab or pulled onto a hub with nbgitpuller
runs outside the repository, where ``import hemisphere`` fails. Its first code cell then
installs the package from the student repository (``repository.student_url`` in _config.yml,
else ``repository.url``), quietly, and only then: where the package is installed it does
nothing. With no address set it prints how to install from a clone, rather than guess one.
The cell is tagged ``remove-cell``, so the book neither shows it nor changes.

This command writes the cell into the chapters (``book/*.ipynb``); the exercise notebooks get
it from ``python -m hemisphere.assignments``, and ``make release`` writes it again for the
student edition's address. The address comes from _config.yml alone (not from a git remote,
which differs from clone to clone), so the cell is the same wherever the files are generated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import yaml

from . import paths

#: The cell's id: fixed, so a later run replaces the cell instead of adding a second one.
CELL_ID = "install-hemisphere"
TAGS = ["remove-cell"]

_INSTALL = """\
# Installs this module's package where it is missing (a notebook opened on Colab, a hub or
# downloaded alone); does nothing where it is installed. Written by hemisphere.installcell.
import importlib.util

if importlib.util.find_spec("hemisphere") is None:
    import subprocess
    import sys

    package = {url}
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, package], check=True)
    importlib.invalidate_caches()
"""

_NO_ADDRESS = """\
# Says how to install this module's package where it is missing (a notebook opened alone);
# does nothing where it is installed. Written by hemisphere.installcell.
import importlib.util

if importlib.util.find_spec("hemisphere") is None:
    print(
        "This notebook needs the module's Python package, hemisphere, which is not installed.\\n"
        "Clone (or download) the module's repository, then run in a terminal:\\n"
        "    python -m pip install PATH/TO/THE/CLONE\\n"
        "or, in a notebook cell, %pip install PATH/TO/THE/CLONE, and restart the kernel."
    )
"""


def install_url(root: Path | None = None) -> str:
    """What pip installs: ``git+<student repository>@<branch>``, or '' when no address is set."""
    config_path = (root or paths.ROOT) / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    repository = config.get("repository") or {}
    url = str(repository.get("student_url") or "").strip()
    url = url or str(repository.get("url") or "").strip()
    if not url:
        return ""
    branch = str(repository.get("student_branch") or "").strip()
    branch = branch or str(repository.get("branch") or "").strip()
    url = url.removesuffix("/").removesuffix(".git")
    return f"git+{url}" + (f"@{branch}" if branch else "")


def cell_source(url: str) -> str:
    """The cell's code: installing from ``url`` (a pip requirement), or how to, without one."""
    return (_INSTALL.format(url=json.dumps(url)) if url else _NO_ADDRESS).rstrip("\n")


def with_install_cell(notebook: nbformat.NotebookNode, url: str) -> nbformat.NotebookNode:
    """``notebook`` with the install cell just before its first other code cell (replaced
    where it is already there). A notebook with no code gets none."""
    cells = [cell for cell in notebook.cells if cell.get("id") != CELL_ID]
    first = next((i for i, cell in enumerate(cells) if cell.cell_type == "code"), None)
    if first is not None:
        cell = nbformat.v4.new_code_cell(cell_source(url), metadata={"tags": list(TAGS)})
        cell.id = CELL_ID
        cells.insert(first, cell)
    notebook.cells = cells
    return notebook


def chapters(root: Path | None = None) -> list[Path]:
    return sorted(((root or paths.ROOT) / "book").glob("*.ipynb"))


def generated(root: Path | None = None, url: str | None = None) -> dict[Path, str]:
    """Each chapter notebook's text with the install cell in place."""
    url = install_url(root) if url is None else url
    files = {}
    for path in chapters(root):
        notebook = with_install_cell(nbformat.read(path, as_version=4), url)
        files[path] = nbformat.writes(notebook) + "\n"
    return files


def write(root: Path | None = None, *, check_only: bool = False) -> list[Path]:
    """Write the cell into the chapters under ``root``; the paths that were (or, with
    ``check_only``, would be) changed."""
    stale = []
    for path, text in generated(root).items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not check_only:
                path.write_text(text, encoding="utf-8")
    return stale


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    stale = write(check_only=check_only)
    for path in stale:
        print(f"{'out of date' if check_only else 'wrote'}: {path.relative_to(paths.ROOT)}")
    if check_only and stale:
        print("run: python -m hemisphere.installcell")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

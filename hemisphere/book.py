"""Build helpers: the build's flags and command, the table of contents, chapters' Markdown.

The helpers chapters use to glue facts into their prose live in :mod:`hemisphere.facts`.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from . import paths

#: Set by the Sphinx extension while the book is built; its notebooks' kernels inherit it.
BOOK_BUILD_FLAG = "HEMISPHERE_BOOK_BUILD"


def in_book_build() -> bool:
    """True in a kernel the book's build started: live-only things (widgets) leave a note instead."""
    return os.environ.get(BOOK_BUILD_FLAG) == "1"


#: The flags of every build: Sphinx warnings are errors, every reference must
#: resolve, and all problems are reported at once. The Makefile's JB_ARGS match.
STRICT_BUILD_FLAGS = ("-W", "-n", "--keep-going")


#: The two editions of the book: the student edition (the default) shows the student
#: versions of the exercises; the instructor edition shows the solutions instead.
EDITION_TOCS = {"student": "_toc.yml", "instructor": "_toc.instructor.yml"}


def build_command(root, path_output=None, edition: str = "student") -> list[str]:
    """The `jupyter-book build` command line for the book at ``root``, from this environment."""
    if edition not in EDITION_TOCS:
        raise ValueError(f"unknown edition {edition!r}; choose {' or '.join(EDITION_TOCS)}")
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(root),
        *STRICT_BUILD_FLAGS,
    ]
    if edition != "student":
        command += ["--toc", str(Path(root) / EDITION_TOCS[edition])]
    if path_output is not None:
        command += ["--path-output", str(path_output)]
    return command


def toc_docnames(toc_path) -> list[str]:
    """Every page of the book, in order, as Sphinx docnames (paths without suffix)."""
    import yaml

    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", [{"chapters": toc.get("chapters")}]):
        walk(part.get("chapters"))
    return [name.rsplit(".", 1)[0] if name.endswith((".md", ".ipynb")) else name for name in names]


def _markdown_of(docname: str, root: Path | None = None) -> str:
    # Plain JSON, not nbformat: live notebooks call this (the claims page, the sources list),
    # and a package installed from its ranges alone brings no nbformat.
    root = root or paths.ROOT
    notebook = json.loads((root / f"{docname}.ipynb").read_text(encoding="utf-8"))
    return "\n".join(
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
    )


def chapter_title(docname: str, root: Path | None = None) -> str:
    """The first heading of a chapter notebook, e.g. '4. What "Western Hemisphere" means'."""
    match = re.search(r"^# (.+)$", _markdown_of(docname, root), re.M)
    if not match:
        raise ValueError(f"{docname}.ipynb has no title heading")
    return match.group(1).strip()


def learning_objectives(docname: str, root: Path | None = None) -> list[str]:
    """A chapter's learning objectives, as written under '## Learning objectives'."""
    text = _markdown_of(docname, root)
    if "## Learning objectives" not in text:
        raise ValueError(f"{docname}.ipynb has no '## Learning objectives' section")
    block = text.split("## Learning objectives", 1)[1].split("\n## ", 1)[0]
    items = re.findall(r"^\d+\. (.+?)(?=^\d+\. |\Z)", block, re.M | re.S)
    return [" ".join(item.split()).replace("**", "") for item in items]

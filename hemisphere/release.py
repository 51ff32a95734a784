"""The student edition as its own tree, to push as the repository students use.

    python -m hemisphere.release [--out _build/release]     (or: make release)

writes the book's pages, the student notebooks, the data, the package, the quiz
banks and the student-side tests into ``--out``, and nothing that answers an
exercise: no ``exercises/source/`` (it holds the solutions), no
``exercises/solutions/`` (the solution versions and the answer key), no
instructor table of contents. The instructor guide stays: it holds the rubrics,
which students may see, and no answer. The quiz banks stay too: their keys are
public by design (the in-page quizzes are for self-checking; graded quizzes come
from an instructor's own bank, see ``make lms BANKS=folder``).

The released ``_config.yml`` says which repository it is: ``repository.url``
becomes the student repository (``repository.student_url`` of this tree; empty:
the released tree's own git remote once it is pushed), and
``repository.source_url`` this tree's source repository, so errata go there.

A ``.git`` folder already in ``--out`` is kept: the student repository can live
there, and each release is a commit in it. Before writing, the tree is checked:
any model answer, solution cell or answer key in it stops the release.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

from . import addresses, assignments, installcell, paths

ROOT = paths.ROOT
DEFAULT_OUT = ROOT / "_build" / "release"

#: Files and folders of the student edition, relative to the root.
FILES = [
    "_config.yml",
    "_toc.yml",
    ".gitignore",
    "CITATION.cff",  # the book's "How to cite" is written from it
    "LICENSE",
    "Makefile",
    "README.md",
    "environment.yml",
    "postBuild",
    "pyproject.toml",
    "setup.py",  # the wheel's copy of the data: students install from this repository
    "MANIFEST.in",
    "requirements.in",
    "requirements.txt",
    "requirements-dev.in",  # the Makefile's .venv installs both sets
    "requirements-dev.txt",
]
FOLDERS = ["book", "data", "hemisphere", "tools", "exercises/student", "exercises/quizzes"]
EXTRA_FILES = ["exercises/README.md"]
#: The tests that hold for the student edition (the others need the sources or solutions).
TESTS = [
    "conftest.py",
    "helpers.py",
    "quiz_cases.py",
    "nbval_sanitize.cfg",
    "test_facts.py",
    "test_checks.py",
    "test_data.py",
    "test_datadoc.py",
    "test_quiz.py",
    "test_sphinxext.py",
    "test_tableschema.py",
]
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "_build")

#: Marks of an answer in a released file.
ANSWER_MARKS = ("# BEGIN SOLUTION", "**Model answer**", "**Notes for instructors.**")


class ReleaseError(RuntimeError):
    pass


def answer_lines() -> tuple[list[str], list[str]]:
    """The prose of every model answer and instructor note, and the lines of every solution
    block, in the sources."""
    import nbformat

    prose, code = [], []
    for source in sorted(assignments.SOURCE_DIR.glob("*.ipynb")):
        for cell in nbformat.read(source, as_version=4).cells:
            tags = set(cell.metadata.get("tags", []))
            if cell.cell_type == "code":
                for block in assignments.SOLUTION_BLOCK.findall(cell.source):
                    code += [x.strip() for x in block.splitlines() if len(x.strip()) > 12]
            elif {"answer", "notes"} & tags:
                prose += [x.strip() for x in cell.source.splitlines()[1:] if len(x.strip()) > 30]
                prose += [x.strip() for x in cell.source.split(". ") if len(x.strip()) > 30]
    return prose, code


def leaks(tree: Path, lines: tuple[list[str], list[str]] | None = None) -> list[str]:
    """Every model answer, solution cell or answer key found in ``tree``: '<file>: <what>'.

    Model answers and notes are looked for in every file; solution code in the exercise
    notebooks only (the package computes the same things to check them, and the chapters
    teach them)."""
    prose, code = answer_lines() if lines is None else lines
    found = []
    for path in sorted(p for p in tree.rglob("*") if p.is_file() and ".git" not in p.parts):
        name = path.relative_to(tree).as_posix()
        if "answer_key" in path.name or name.startswith(
            ("exercises/solutions/", "exercises/source/")
        ):
            found.append(f"{name}: an answer key, solution or source file")
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if path.suffix == ".ipynb":
            text = "\n".join(
                "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                for c in json.loads(text)["cells"]
            )
            found += [f"{name}: a cell marked {mark!r}" for mark in ANSWER_MARKS if mark in text]
            if name.startswith("exercises/"):
                found += [f"{name}: the solution line {x[:60]!r}" for x in code if x in text]
        found += [f"{name}: the answer line {x[:60]!r}" for x in prose if x in text]
    return found


def released_config(text: str, root: Path) -> str:
    """This tree's _config.yml with the addresses of the student edition (comments kept)."""
    found = addresses.read(root)
    config = yaml.safe_load(text)
    student_url = str((config.get("repository") or {}).get("student_url") or "")
    branch = found.student_branch if student_url else "main"

    def setting(key: str, value: str, text: str) -> str:
        pattern = re.compile(rf"^(  {key}:)[^\n#]*?(\s*#[^\n]*)?$", re.M)
        if not pattern.search(text):
            raise ReleaseError(f"_config.yml: repository.{key} is missing")
        return pattern.sub(lambda m: f'{m.group(1)} "{value}"' + (m.group(2) or ""), text, count=1)

    text = setting("url", student_url, text)
    text = setting("source_url", found.source, text)
    text = setting("student_url", "", text)
    text = setting("student_branch", "", text)
    text = setting("branch", branch, text)
    return text


NOTICE = (
    "> **Student edition.** This repository is generated by `make release` from the module's "
    "source repository{source}. It holds the book, the student notebooks, the data and the "
    "package, and no solutions. Report errors{where}.\n\n"
)


def release(out: Path = DEFAULT_OUT, root: Path = ROOT) -> Path:
    out = out.resolve()
    if out == root or root in out.parents and out.parent == root:
        raise ReleaseError(f"{out} would overwrite the source tree; choose a folder under _build/")
    out.mkdir(parents=True, exist_ok=True)
    for child in out.iterdir():  # a fresh tree, but the student repository's .git stays
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    for name in FILES + EXTRA_FILES:
        if (root / name).exists():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, out / name)
    for name in FOLDERS:
        shutil.copytree(root / name, out / name, ignore=IGNORE)
    (out / "tests").mkdir()
    for name in TESTS:
        if (root / "tests" / name).exists():
            shutil.copy2(root / "tests" / name, out / "tests" / name)
    config = root / "_config.yml"
    (out / "_config.yml").write_text(
        released_config(config.read_text(encoding="utf-8"), root), encoding="utf-8"
    )
    # The notebooks' install cell names the released tree's own address.
    installcell.write(out)
    url = installcell.install_url(out)
    for notebook in sorted((out / "exercises" / "student").glob("*.ipynb")):
        text = nbformat.writes(installcell.with_install_cell(nbformat.read(notebook, 4), url))
        notebook.write_text(text + "\n", encoding="utf-8")
    source = addresses.read(root).source
    readme = out / "README.md"
    readme.write_text(
        NOTICE.format(
            source=f" ({source})" if source else "",
            where=f" at {source}/issues" if source else " to your instructor",
        )
        + readme.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    found = leaks(out)
    if found:
        raise ReleaseError("the student edition would hold answers:\n" + "\n".join(found[:20]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the student edition as its own tree.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        out = release(args.out)
    except ReleaseError as err:
        print(f"make release: {err}", file=sys.stderr)
        return 1
    print(f"wrote the student edition to {out}")
    if not addresses.read(ROOT).student or addresses.read(out).url == "":
        print(
            "note: repository.student_url is empty, so the released book takes its launch "
            "buttons from its own git remote once you push it."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Student and solution notebooks from one source per assignment.

    python -m hemisphere.assignments          (or: make exercises)

reads ``exercises/source/*.ipynb`` and writes ``exercises/student/`` and
``exercises/solutions/``, plus ``_toc.instructor.yml`` (the book's table of
contents with the solutions in place of the student versions). The generated
files are committed; a test regenerates them in memory and fails when they
differ from what is on disk.

In a source notebook:

- code between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` is the solution. The
  student version gets, for each name the solution assigns, ``name = ...`` (a
  placeholder the checks report as "not answered yet"), so it runs top to bottom;
- a markdown cell tagged ``answer`` is a model answer; the student version gets
  a place to write instead, keeping the "(about N words)" of its first line;
- a markdown cell tagged ``notes`` holds notes for instructors (the rationale of a
  data task, points for discussing a written one): solution version only;
- cells tagged ``rubric`` are kept in both versions.

Both versions get the install cell of :mod:`hemisphere.installcell` before their first code
cell, so an exercise runs where the package is not installed (Colab, a hub, a download).

It also writes ``exercises/solutions/answer_key.md``, the printable answer key
(solutions, model answers, notes and rubrics of every task), which only the
instructor edition's table of contents lists.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat

from . import installcell, paths

ROOT = paths.ROOT
SOURCE_DIR = ROOT / "exercises" / "source"
STUDENT_DIR = ROOT / "exercises" / "student"
SOLUTION_DIR = ROOT / "exercises" / "solutions"
TOC, INSTRUCTOR_TOC = paths.TOC, paths.INSTRUCTOR_TOC

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
SOLUTION_BLOCK = re.compile(
    rf"^[ \t]*{re.escape(BEGIN)}[^\n]*\n(.*?)^[ \t]*{re.escape(END)}[^\n]*\n?", re.M | re.S
)
WORDS = re.compile(r"\((?:about )?\d+(?:–\d+)? words\)")
ANSWER_KEY = SOLUTION_DIR / "answer_key.md"

STUDENT_BANNER = (
    "> **Student version.** Write your answers where you see `...` or *Your answer*, and run each "
    "check cell: it says what is right, what is not, and gives a hint."
)
SOLUTION_BANNER = (
    "> **Solution version, for instructors.** Model answers and solutions are filled in; every "
    "check passes. Hand out the student version instead."
)


class AssignmentError(ValueError):
    pass


def _assigned_names(code: str, where: str) -> list[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError as err:
        raise AssignmentError(
            f"{where}: the solution block is not valid Python ({err.msg}, line {err.lineno})"
        ) from err
    names = []
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else ([node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        )
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in names:
                names.append(target.id)
    return names


def _student_code(source: str, where: str) -> str:
    def placeholder(match: re.Match) -> str:
        indent = re.match(r"[ \t]*", match.group(0)).group(0)
        names = _assigned_names(match.group(1), where)
        if not names:
            return f"{indent}# your code here\n"
        return "".join(f"{indent}{name} = ...  # your answer here\n" for name in names)

    if source.count(BEGIN) != source.count(END):
        raise AssignmentError(f"{where}: '{BEGIN}' and '{END}' do not pair up")
    return SOLUTION_BLOCK.sub(placeholder, source).rstrip("\n")


def _solution_code(source: str) -> str:
    lines = [line for line in source.splitlines() if line.strip() not in (BEGIN, END)]
    return "\n".join(lines).rstrip("\n")


def _student_answer(source: str) -> str:
    words = WORDS.search(source.splitlines()[0] if source else "")
    size = f" {words.group(0)}" if words else ""
    return f"✏️ **Your answer**{size}: *double-click this cell and write here.*"


def _clean(cell):
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    return cell


def versions(source_path: Path) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """The student and solution versions of one source notebook."""
    source = nbformat.read(source_path, as_version=4)
    student, solution = nbformat.v4.new_notebook(), nbformat.v4.new_notebook()
    for notebook in (student, solution):
        # `hemisphere` (chapter, objectives, minutes) goes along: the guide reads it from the
        # student versions where the sources are not shipped (the student edition).
        notebook.metadata = {
            key: source.metadata[key]
            for key in ("kernelspec", "language_info", "hemisphere")
            if key in source.metadata
        }
    has_solution = False
    for index, cell in enumerate(source.cells):
        where = f"exercises/source/{source_path.name}, cell {index}"
        tags = cell.metadata.get("tags", [])
        student_cell = _clean(nbformat.from_dict(dict(cell)))
        solution_cell = _clean(nbformat.from_dict(dict(cell)))
        if cell.cell_type == "code" and BEGIN in cell.source:
            has_solution = True
            student_cell.source = _student_code(cell.source, where)
            solution_cell.source = _solution_code(cell.source)
        elif cell.cell_type == "markdown" and "answer" in tags:
            has_solution = True
            student_cell.source = _student_answer(cell.source)
        if "notes" in tags:
            solution.cells.append(solution_cell)
            continue
        student.cells.append(student_cell)
        solution.cells.append(solution_cell)
    if not has_solution:
        raise AssignmentError(
            f"exercises/source/{source_path.name}: no solution block and no answer cell"
        )
    # Under the title (the first cell): what the assignment is for, then the version's banner.
    about = introduction(source_path, source.metadata.get("hemisphere"))
    student.cells[1:1] = [
        nbformat.v4.new_markdown_cell(about),
        nbformat.v4.new_markdown_cell(STUDENT_BANNER),
    ]
    solution.cells[1:1] = [
        nbformat.v4.new_markdown_cell(about),
        nbformat.v4.new_markdown_cell(SOLUTION_BANNER),
    ]
    url = installcell.install_url(ROOT)
    for notebook in (student, solution):
        for index, cell in enumerate(notebook.cells):
            cell.id = f"c{index:02d}"
        # After numbering, with an id of its own: the other cells keep theirs.
        installcell.with_install_cell(notebook, url)
        nbformat.validate(notebook)
    return student, solution


def introduction(source_path: Path, meta: dict | None) -> str:
    """The assignment's chapter, the learning objectives it practises (quoted from the chapter)
    and its time, from the source's metadata ``hemisphere: {chapter, objectives, minutes}``."""
    from .book import chapter_title, learning_objectives

    where = f"exercises/source/{source_path.name}"
    if not meta or not {"chapter", "objectives", "minutes"} <= set(meta):
        raise AssignmentError(
            f"{where}: the notebook metadata needs hemisphere: {{chapter, objectives, minutes}}"
        )
    objectives = learning_objectives(meta["chapter"], ROOT)
    bad = [n for n in meta["objectives"] if not 1 <= n <= len(objectives)]
    if bad:
        raise AssignmentError(f"{where}: objectives {bad} are not objectives of {meta['chapter']}")
    chapter = chapter_title(meta["chapter"], ROOT)
    listed = "\n".join(f"- Objective {n}: {objectives[n - 1]}" for n in meta["objectives"])
    return (
        f"This assignment goes with the chapter [{chapter}](../../{meta['chapter']}.ipynb). "
        f"**Time:** about {meta['minutes']} minutes. It practises these learning objectives of the "
        f"chapter:\n\n{listed}\n\nWork top to bottom: each task says what to compute or write, and "
        "the check cell under it tells you whether your answer matches the module's data."
    )


def instructor_toc(toc_text: str) -> str:
    header = (
        "# Generated by `make exercises` from _toc.yml: the instructor edition, with the solution\n"
        "# notebooks in place of the student versions. Edit _toc.yml, not this file.\n"
    )
    toc = toc_text.replace("exercises/student/", "exercises/solutions/")
    # The answer key follows the last exercise, in this edition only.
    last = list(re.finditer(r"^([ \t]*- file: )exercises/solutions/[^\n]*\n", toc, re.M))[-1]
    key = f"{last.group(1)}{ANSWER_KEY.relative_to(ROOT).with_suffix('').as_posix()}\n"
    return header + toc[: last.end()] + key + toc[last.end() :]


def answer_key_markdown(sources: list[Path]) -> str:
    """Every task's solution, model answer, notes and rubric, exercise by exercise."""
    lines = [
        "# Answer key",
        "",
        "```{admonition} Instructor edition only",
        "This page is generated from `exercises/source/` by `make exercises`. Only the instructor",
        "edition lists it; the student edition and `make release` leave it out. Print it from the",
        "instructor edition (or save the page as PDF).",
        "```",
        "",
    ]
    for source_path in sources:
        source = nbformat.read(source_path, as_version=4)
        lines += [source.cells[0].source.replace("# ", "## ", 1), ""]
        for cell in source.cells[1:]:
            tags = cell.metadata.get("tags", [])
            text = cell.source.strip()
            if cell.cell_type == "markdown" and text.startswith("## "):
                lines += ["#" + text, ""]
            elif cell.cell_type == "code" and BEGIN in cell.source:
                lines += ["```python", _solution_code(cell.source), "```", ""]
            elif cell.cell_type == "markdown" and {"answer", "notes", "rubric"} & set(tags):
                lines += [text, ""]
    return "\n".join(lines)


def generated() -> dict[Path, str]:
    """Every generated file and its text (what `make exercises` writes)."""
    files = {}
    for source_path in sorted(SOURCE_DIR.glob("*.ipynb")):
        student, solution = versions(source_path)
        files[STUDENT_DIR / source_path.name] = nbformat.writes(student) + "\n"
        files[SOLUTION_DIR / source_path.name] = nbformat.writes(solution) + "\n"
    files[INSTRUCTOR_TOC] = instructor_toc(TOC.read_text(encoding="utf-8"))
    files[ANSWER_KEY] = answer_key_markdown(sorted(SOURCE_DIR.glob("*.ipynb")))
    return files


def main(argv: list[str]) -> int:
    """Write the generated files; with ``--check``, only report those that are out of date."""
    check_only = "--check" in argv
    if not any(SOURCE_DIR.glob("*.ipynb")):
        # The student edition (make release) ships no sources: nothing to generate from.
        print("no exercise sources here (exercises/source/): nothing to generate")
        return 0
    stale = []
    for path, text in generated().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not check_only:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if check_only and stale:
        listed = ", ".join(str(path) for path in stale)
        print(f"out of date with exercises/source/ and _toc.yml: {listed}. Run: make exercises")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Assignments: student and solution notebooks generated from one source, kept up to
date, with checks that guide students and pass on the solutions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from hemisphere import assignments

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(assignments.SOURCE_DIR.glob("*.ipynb"))


def test_there_is_an_assignment_per_chapter_and_a_capstone():
    names = [path.stem for path in SOURCES]
    assert len(names) == 6 and any("capstone" in name for name in names)


def test_generated_files_are_up_to_date_with_their_sources():
    stale = [
        str(path.relative_to(ROOT))
        for path, text in assignments.generated().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], f"run `make exercises`: {stale}"


def solution_lines(source: Path) -> list[str]:
    notebook = nbformat.read(source, as_version=4)
    lines = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for block in assignments.SOLUTION_BLOCK.findall(cell.source):
                lines += [line.strip() for line in block.splitlines() if len(line.strip()) > 12]
        elif "answer" in cell.metadata.get("tags", []):
            lines += [
                line.strip() for line in cell.source.splitlines()[1:] if len(line.strip()) > 30
            ]
    return lines


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_student_version_holds_no_solution_and_the_solution_version_all(source):
    student = (assignments.STUDENT_DIR / source.name).read_text(encoding="utf-8")
    solution = (assignments.SOLUTION_DIR / source.name).read_text(encoding="utf-8")
    lines = solution_lines(source)
    assert lines
    for line in lines:
        text = json.dumps(line, ensure_ascii=False)[1:-1]  # as it appears inside the .ipynb's JSON
        assert text not in student, f"solution text in the student version: {line}"
        assert text in solution, line
    assert "BEGIN SOLUTION" not in student and "BEGIN SOLUTION" not in solution


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_written_answer_has_a_rubric_and_a_place_to_write(source):
    student = nbformat.read(assignments.STUDENT_DIR / source.name, as_version=4)
    answers = [c for c in student.cells if c.source.startswith("✏️ **Your answer**")]
    rubrics = [c for c in student.cells if "rubric" in c.metadata.get("tags", [])]
    assert answers and len(rubrics) == len(answers)
    assert all("| Criterion |" in r.source for r in rubrics)


def run(path: Path) -> list[str]:
    """Execute a notebook; return the markdown shown by each check cell."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    shown = []
    for cell in notebook.cells:
        if cell.cell_type == "code" and re.search(r"^checks\.(?!show)", cell.source, re.M):
            texts = [
                o.get("data", {}).get("text/markdown", "")
                for o in cell.outputs
                if o.get("output_type") == "execute_result"
            ]
            shown.append(texts[0] if texts else "<no feedback>")
    return shown


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_checks_pass_on_the_solution_and_say_not_answered_on_the_student_version(source):
    solved = run(assignments.SOLUTION_DIR / source.name)
    assert solved and all(text.startswith("✅") for text in solved), solved
    fresh = run(assignments.STUDENT_DIR / source.name)
    assert len(fresh) == len(solved)
    assert all(text.startswith("✏️") and "Not answered yet" in text for text in fresh), fresh


def test_unpaired_markers_and_bad_python_are_named(tmp_path):
    with pytest.raises(assignments.AssignmentError, match="do not pair up"):
        assignments._student_code("# BEGIN SOLUTION\nx = 1\n", "exercises/source/x.ipynb, cell 3")
    with pytest.raises(
        assignments.AssignmentError, match=r"cell 3: the solution block is not valid Python"
    ):
        assignments._student_code(
            "# BEGIN SOLUTION\nx = (\n# END SOLUTION\n", "exercises/source/x.ipynb, cell 3"
        )


def test_a_placeholder_replaces_each_assigned_name():
    code = "# BEGIN SOLUTION\nnew = frame[frame.x]\nshare = new.y.mean()\n# END SOLUTION\nchecks.thing(share)"
    assert assignments._student_code(code, "here") == (
        "new = ...  # your answer here\nshare = ...  # your answer here\nchecks.thing(share)"
    )


def test_the_instructor_toc_swaps_in_the_solutions():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    instructor = (ROOT / "_toc.instructor.yml").read_text(encoding="utf-8")
    assert "exercises/student/" in toc and "exercises/solutions/" not in toc
    assert "exercises/solutions/" in instructor and "exercises/student/" not in instructor

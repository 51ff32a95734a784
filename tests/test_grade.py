"""`make grade`: a folder of submissions graded afresh, one row per student and task."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from hemisphere import assignments, grade
from hemisphere.grade import report

EXERCISE = "01_policy_at_a_glance"


def _student() -> nbformat.NotebookNode:
    return nbformat.read(assignments.STUDENT_DIR / f"{EXERCISE}.ipynb", as_version=4)


def _fake_correct_output(notebook):
    """A saved output claiming success: the grader must not believe it."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and "checks.events_per_category" in cell.source:
            cell.outputs = [
                nbformat.v4.new_output(
                    "execute_result", data={"text/markdown": "✅ **Correct.**"}, execution_count=1
                )
            ]
    return notebook


def _grade(folder: Path, out: Path, timeout: int) -> tuple[list[dict], str]:
    """`python -m hemisphere.grade folder --out out --timeout timeout`: its rows and answers."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "hemisphere.grade",
            str(folder),
            "--out",
            str(out),
            "--timeout",
            str(timeout),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows, (out / "answers.md").read_text(encoding="utf-8")


# Slow: the grader runs in a subprocess with a kernel per submission (and one loops until its
# limit); the tests that read its output are marked slow, so make test runs them, test-fast not.
@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    solution = nbformat.read(assignments.SOLUTION_DIR / f"{EXERCISE}.ipynb", as_version=4)
    nbformat.write(solution, folder / "alice.ipynb")
    nbformat.write(_student(), folder / "bob.ipynb")
    wrong = _fake_correct_output(_student())
    for cell in wrong.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace(
                "counts = ...  # your answer here",
                'counts = events["category"].value_counts()  # every era: wrong',
            )
        elif cell.source.startswith(grade.ANSWER_PLACEHOLDER):
            cell.source = "The record <b>mostly</b> supports it ```; counts cannot weigh events."
    # ... and a cell that swaps the check for one that always says "correct".
    wrong.cells.insert(
        4,
        nbformat.v4.new_code_cell(
            "checks.events_per_category = lambda value: checks.Feedback('correct', 'yes')"
        ),
    )
    nbformat.write(wrong, folder / "carol.ipynb")
    (folder / "eve.ipynb").write_text('{"cells": [', encoding="utf-8")
    rows, answers = _grade(folder, tmp_path_factory.mktemp("grades"), timeout=120)
    # The looping notebook is graded on its own with a short limit: the loop runs until the
    # limit, so a long one would cost its seconds of a busy core (a generous one for the others).
    looping = tmp_path_factory.mktemp("looping")
    loop = _student()
    loop.cells.insert(5, nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(loop, looping / "dave.ipynb")
    looped, _ = _grade(looping, tmp_path_factory.mktemp("grades-looping"), timeout=10)
    return rows + looped, answers


def status(rows, student, task):
    found = [r for r in rows if r["student"] == student and r["task"] == task]
    assert len(found) == 1, (student, task, found)
    return found[0]["status"]


@pytest.mark.slow
def test_one_row_per_student_and_task(graded):
    rows, _ = graded
    tasks = [t.task for t in grade.load_assignments()[EXERCISE].tasks]
    assert tasks == ["Task 1", "Task 2", "Task 3"]
    for student in ("alice", "bob", "carol", "dave"):
        assert [r["task"] for r in rows if r["student"] == student] == ["notebook", *tasks]
        assert {r["assignment"] for r in rows if r["student"] == student} == {EXERCISE}
    assert [r["task"] for r in rows if r["student"] == "eve"] == ["notebook"]


@pytest.mark.slow
def test_the_solution_passes_and_the_untouched_notebook_does_not(graded):
    rows, _ = graded
    assert status(rows, "alice", "notebook") == "ran"
    assert [status(rows, "alice", t) for t in ("Task 1", "Task 2", "Task 3")] == [
        "correct",
        "correct",
        "to mark",
    ]
    assert [status(rows, "bob", t) for t in ("Task 1", "Task 2", "Task 3")] == [
        "not answered",
        "not answered",
        "not answered",
    ]


@pytest.mark.slow
def test_wrong_work_fails_whatever_its_saved_output_says_or_its_code_patches(graded):
    rows, _ = graded
    assert status(rows, "carol", "Task 1") == "incorrect"
    assert status(rows, "carol", "Task 3") == "to mark"


@pytest.mark.slow
def test_a_notebook_that_loops_forever_times_out(graded):
    rows, _ = graded
    assert status(rows, "dave", "notebook") == "timeout"
    assert status(rows, "dave", "Task 1") == "not graded"


@pytest.mark.slow
def test_a_malformed_file_gets_a_row_saying_so(graded):
    rows, _ = graded
    assert status(rows, "eve", "notebook") == "malformed"


@pytest.mark.slow
def test_written_answers_are_gathered_as_text_under_their_rubric(graded):
    _, answers = graded
    assert "### carol (" in answers and "| Criterion |" in answers
    assert "The record <b>mostly</b> supports it ```; counts cannot weigh events." in answers
    fenced = answers.split("### carol", 1)[1]
    assert fenced.split("\n")[2].startswith("~~~"), "student text is fenced, never rendered"
    assert "### bob (0 words)" in answers


def test_the_assignment_is_found_from_the_check_calls():
    known = grade.load_assignments()
    notebook = _student()
    assert grade.identify(notebook, "someone.ipynb", known).name == EXERCISE
    empty = nbformat.v4.new_notebook()
    assert grade.identify(empty, "someone.ipynb", known) is None


def test_every_assignment_has_tasks_with_a_check_or_a_place_to_write():
    for name, assignment in grade.load_assignments().items():
        assert assignment.tasks, name
        for task in assignment.tasks:
            assert task.task.startswith("Task ") and task.title, (name, task)
            if task.kind == "written":
                assert "| Criterion |" in task.rubric, (name, task.task)


def test_the_makefile_has_a_grade_target():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert "grade: $(STAMP)" in makefile and "-m hemisphere.grade" in makefile


def test_csv_cells_never_start_a_formula():
    assert report._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert report._cell("-1") == "'-1" and report._cell("correct") == "correct"

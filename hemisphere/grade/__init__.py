"""Grade a folder of submitted student notebooks with the exercises' own checks.

    python -m hemisphere.grade SUBMISSIONS [--out _build/grades] [--timeout 120]
    (or: make grade SUBMISSIONS=folder)

Each ``*.ipynb`` in the folder is one student's submission (student = the file's
name without ``.ipynb``). The grader never trusts what a notebook shows: it
drops every saved output, executes the notebook afresh in its own kernel (in a
process killed when the notebook takes longer than ``--timeout`` seconds), and
after each task's check cell runs the check itself, from freshly reloaded
``hemisphere.checks`` and ``hemisphere.checking``, on the variable the task asks for. It writes:

- ``grades.csv``: one row per student and task (the automatic checks and, for
  written tasks, whether an answer is there), plus one row per notebook saying
  whether it ran, raised errors, timed out or could not be read;
- ``answers.md``: the written answers gathered by task, each under its rubric,
  for marking by hand.

The assignment a notebook belongs to is found from its check calls (or its
file name); ``--assignment NAME`` sets it for the whole folder.

Limits: a submission runs with the grader's rights, like any notebook you open;
grade in a container or an account of its own. A notebook that tampers with the
kernel (patching pandas, say) could still fool a check; the written answers and
the code are there to read.

The package, a module per step: :mod:`~hemisphere.grade.tasks` (what each assignment asks,
read from the student versions), :mod:`~hemisphere.grade.run` (one submission executed
afresh) and :mod:`~hemisphere.grade.report` (the folder graded into the two files).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .report import COLUMNS, answers_markdown, grade_folder
from .run import REPORT, RESULTS_MARKER, SETUP, _execute, grading_notebook, run_submission
from .tasks import (
    ANSWER_PLACEHOLDER,
    CHECK_CALL,
    TASK_HEADING,
    Assignment,
    Task,
    identify,
    load_assignments,
    written_answers,
)

__all__ = [
    "ANSWER_PLACEHOLDER",
    "CHECK_CALL",
    "COLUMNS",
    "REPORT",
    "RESULTS_MARKER",
    "SETUP",
    "TASK_HEADING",
    "Assignment",
    "Task",
    "answers_markdown",
    "grade_folder",
    "grading_notebook",
    "identify",
    "load_assignments",
    "main",
    "run_submission",
    "written_answers",
]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--execute"]:  # the child process of run_submission
        print(json.dumps(_execute(Path(argv[1]), int(argv[2]))))
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m hemisphere.grade", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("submissions", type=Path, help="a folder of submitted .ipynb files")
    parser.add_argument("--out", type=Path, default=Path("_build/grades"))
    parser.add_argument("--timeout", type=int, default=120, help="seconds per notebook")
    parser.add_argument("--assignment", help="the assignment every notebook belongs to")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"{args.submissions} is not a folder")
    grade_folder(args.submissions, args.out, args.timeout, args.assignment)
    return 0

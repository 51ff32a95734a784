"""Grade a folder: one row per student and task in ``grades.csv`` (cells a spreadsheet shows as
text), and the written answers gathered by task under their rubrics in ``answers.md`` (each
answer fenced, shown as text)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat

from .run import run_submission
from .tasks import Assignment, identify, load_assignments, written_answers

COLUMNS = ["student", "assignment", "task", "title", "kind", "status", "message"]


def grade_folder(folder: Path, out: Path, timeout: int = 120, only: str | None = None) -> Path:
    known = load_assignments()
    if only and only not in known:
        raise SystemExit(f"--assignment {only!r} is not one of {', '.join(known)}")
    rows, gathered = [], {}
    submissions = sorted(folder.glob("*.ipynb"))
    if not submissions:
        raise SystemExit(f"no .ipynb files in {folder}")
    for path in submissions:
        student = path.stem
        print(f"grading {path.name}", flush=True)
        try:
            notebook = nbformat.read(path, as_version=4)
            nbformat.validate(notebook)
        except Exception as err:  # any unreadable file is reported, not fatal
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            rows.append([student, "", "notebook", "", "", "malformed", reason[:300]])
            continue
        assignment = known[only] if only else identify(notebook, path.name, known)
        if assignment is None:
            rows.append(
                [student, "", "notebook", "", "", "unknown", "calls none of the exercises' checks"]
            )
            continue
        outcome = run_submission(notebook, assignment, timeout)
        rows.append(
            [student, assignment.name, "notebook", "", "", outcome["status"], outcome["message"]]
        )
        results = outcome.get("results", {})
        answers = written_answers(notebook, assignment)
        for task in assignment.tasks:
            if task.kind == "check":
                status, message = results.get(
                    task.check, ["not graded", f"the notebook {outcome['status']}"]
                )
                if outcome["status"] == "timeout":
                    status, message = "not graded", outcome["message"]
            else:
                text = answers.get(task.task, "")
                words = len(text.split())
                status = "to mark" if text else "not answered"
                message = f"{words} words; see answers.md" if text else "no written answer"
                gathered.setdefault((assignment.name, task.task), []).append((student, text))
            rows.append(
                [student, assignment.name, task.task, task.title, task.kind, status, message]
            )
    out.mkdir(parents=True, exist_ok=True)
    table = out / "grades.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows([[_cell(value) for value in row] for row in rows])
    (out / "answers.md").write_text(answers_markdown(known, gathered), encoding="utf-8")
    print(f"wrote {table} and {out / 'answers.md'}")
    return table


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading =, +, - or @ (which would start a
    formula; error messages can carry a student's text) gets a quote."""
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def _fenced(text: str) -> str:
    """Student text shown as text (never rendered as Markdown or HTML)."""
    fence = "~" * max(3, 1 + max((len(m) for m in re.findall(r"~+", text)), default=0))
    return f"{fence}text\n{text}\n{fence}"


def answers_markdown(known: dict[str, Assignment], gathered: dict) -> str:
    lines = ["# Written answers for marking", ""]
    for (name, task_name), answers in gathered.items():
        task = next(t for t in known[name].tasks if t.kind == "written" and t.task == task_name)
        lines += [f"## {name}: {task.task}: {task.title}", "", task.prompt.split("\n", 1)[-1]]
        lines += ["", task.rubric, ""]
        for student, text in answers:
            words = len(text.split())
            lines += [f"### {student} ({words} words)", ""]
            lines += [_fenced(text) if text else "*No answer.*", ""]
    return "\n".join(lines) + "\n"

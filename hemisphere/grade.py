"""Grade a folder of submitted student notebooks with the exercises' own checks.

    python -m hemisphere.grade SUBMISSIONS [--out _build/grades] [--timeout 120]
    (or: make grade SUBMISSIONS=folder)

Each ``*.ipynb`` in the folder is one student's submission (student = the file's
name without ``.ipynb``). The grader never trusts what a notebook shows: it
drops every saved output, executes the notebook afresh in its own kernel (in a
process killed when the notebook takes longer than ``--timeout`` seconds), and
after each task's check cell runs the check itself, from a freshly reloaded
``hemisphere.checks``, on the variable the task asks for. It writes:

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
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import assignments

CHECK_CALL = re.compile(r"^checks\.(?!show\b)(\w+)\((\w+)\)", re.M)
TASK_HEADING = re.compile(r"^## (Task \d+)\s*:?\s*(.*)$", re.M)
ANSWER_PLACEHOLDER = "✏️ **Your answer**"
RESULTS_MARKER = "__HEMISPHERE_RESULTS__"
COLUMNS = ["student", "assignment", "task", "title", "kind", "status", "message"]


@dataclass
class Task:
    task: str  # "Task 1"
    title: str
    kind: str  # "check" or "written"
    check: str = ""  # the check function
    variable: str = ""  # the name it checks
    cell_id: str = ""  # the answer cell's id in the student version
    prompt: str = ""
    rubric: str = ""


@dataclass
class Assignment:
    name: str
    tasks: list[Task] = field(default_factory=list)

    @property
    def checks(self) -> set[str]:
        return {t.check for t in self.tasks if t.kind == "check"}


def load_assignments() -> dict[str, Assignment]:
    """Every assignment's tasks, read from the student versions the students were given."""
    found = {}
    for path in sorted(assignments.STUDENT_DIR.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        assignment = Assignment(path.stem)
        heading = ("", "", "")
        for cell in notebook.cells:
            match = TASK_HEADING.search(cell.source) if cell.cell_type == "markdown" else None
            if match:
                heading = (match.group(1), match.group(2).strip(), cell.source)
                continue
            if cell.cell_type == "code":
                for check, variable in CHECK_CALL.findall(cell.source):
                    assignment.tasks.append(
                        Task(*heading[:2], "check", check, variable, prompt=heading[2])
                    )
            elif cell.source.startswith(ANSWER_PLACEHOLDER):
                assignment.tasks.append(
                    Task(*heading[:2], "written", cell_id=cell.id, prompt=heading[2])
                )
            elif "rubric" in cell.metadata.get("tags", []):
                written = [t for t in assignment.tasks if t.kind == "written" and not t.rubric]
                if written:
                    written[-1].rubric = cell.source
        found[assignment.name] = assignment
    return found


def identify(notebook, filename: str, known: dict[str, Assignment]) -> Assignment | None:
    """The assignment whose checks the notebook calls (or whose name is in the file name)."""
    for name, assignment in known.items():
        if name in filename:
            return assignment
    called = {
        check
        for cell in notebook.cells
        if cell.cell_type == "code"
        for check, _ in CHECK_CALL.findall(cell.source)
    }
    best = max(known.values(), key=lambda a: len(a.checks & called), default=None)
    return best if best is not None and best.checks & called else None


SETUP = """\
def __hemisphere_grade(check, name):
    import importlib
    import hemisphere.checks
    fresh = importlib.reload(hemisphere.checks)  # the notebook's own code cannot swap a check
    space = globals()
    if name not in space:
        result = ["not answered", f"`{name}` is not defined (did its cell run without an error?)"]
    else:
        try:
            feedback = getattr(fresh, check)(space[name])
            result = [feedback.status, feedback.message]
        except Exception as err:  # a check that breaks is reported, not fatal
            result = ["error", f"the check raised {type(err).__name__}: {err}"]
    __hemisphere_results[check] = result
__hemisphere_results = {}
"""
REPORT = f"import json as __json\nprint({RESULTS_MARKER!r} + __json.dumps(__hemisphere_results))"


def grading_notebook(notebook, assignment: Assignment):
    """The submission's code, outputs dropped, with a grading cell after each check cell."""
    graded = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    )
    graded.cells.append(nbformat.v4.new_code_cell(SETUP))
    pending = {t.check: t for t in assignment.tasks if t.kind == "check"}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        graded.cells.append(nbformat.v4.new_code_cell(cell.source))
        for check, _ in CHECK_CALL.findall(cell.source):
            if check in pending:
                task = pending.pop(check)
                graded.cells.append(
                    nbformat.v4.new_code_cell(
                        f"__hemisphere_grade({task.check!r}, {task.variable!r})"
                    )
                )
    # A check cell the student removed: check its variable at the end.
    for task in pending.values():
        graded.cells.append(
            nbformat.v4.new_code_cell(f"__hemisphere_grade({task.check!r}, {task.variable!r})")
        )
    graded.cells.append(nbformat.v4.new_code_cell(REPORT))
    return graded


def _execute(path: Path, cell_timeout: int) -> dict:
    """Run in a child process: execute one grading notebook, return the results and errors."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as workdir:
        NotebookClient(
            notebook,
            timeout=cell_timeout,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": workdir}},
        ).execute()
    errors, results = [], {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(f"{output.get('ename')}: {output.get('evalue')}"[:200])
            text = output.get("text", "") if output.get("output_type") == "stream" else ""
            if RESULTS_MARKER in text:
                results = json.loads(text.split(RESULTS_MARKER, 1)[1].strip().splitlines()[0])
    # The grading cells' own errors are not the student's.
    return {"results": results, "errors": errors}


def run_submission(notebook, assignment: Assignment, timeout: int) -> dict:
    """Execute the grading notebook in a child process killed (with its kernel) at the limit."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grading.ipynb"
        nbformat.write(grading_notebook(notebook, assignment), path)
        process = subprocess.Popen(
            [sys.executable, "-m", "hemisphere.grade", "--execute", str(path), str(timeout)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group: the kernel goes with it
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return {"status": "timeout", "message": f"did not finish within {timeout} s"}
    if process.returncode != 0:
        reason = (err.strip().splitlines() or ["no message"])[-1]
        return {"status": "error", "message": f"could not be executed: {reason}"[:300]}
    outcome = json.loads(out.strip().splitlines()[-1])
    errors = outcome["errors"]
    if errors:
        return {
            "status": "error",
            "message": f"{len(errors)} cell(s) raised an error; the first: {errors[0]}",
            "results": outcome["results"],
        }
    return {"status": "ran", "message": "every cell ran", "results": outcome["results"]}


def written_answers(notebook, assignment: Assignment) -> dict[str, str]:
    """Each written task's answer: the cell with the answer cell's id, else the first markdown
    cell after the task's heading."""
    cells = notebook.cells
    by_id = {cell.get("id"): cell for cell in cells}
    answers = {}
    for task in assignment.tasks:
        if task.kind != "written":
            continue
        cell = by_id.get(task.cell_id)
        if cell is None or cell.cell_type != "markdown":
            cell = None
            for index, candidate in enumerate(cells):
                match = TASK_HEADING.search(candidate.source)
                if candidate.cell_type == "markdown" and match and match.group(1) == task.task:
                    cell = next((c for c in cells[index + 1 :] if c.cell_type == "markdown"), None)
                    break
        text = cell.source.strip() if cell is not None else ""
        answers[task.task] = "" if text.startswith(ANSWER_PLACEHOLDER) else text
    return answers


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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--execute"]:  # the child process of run_submission
        print(json.dumps(_execute(Path(argv[1]), int(argv[2]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", type=Path, help="a folder of submitted .ipynb files")
    parser.add_argument("--out", type=Path, default=Path("_build/grades"))
    parser.add_argument("--timeout", type=int, default=120, help="seconds per notebook")
    parser.add_argument("--assignment", help="the assignment every notebook belongs to")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"{args.submissions} is not a folder")
    grade_folder(args.submissions, args.out, args.timeout, args.assignment)
    return 0


if __name__ == "__main__":
    sys.exit(main())

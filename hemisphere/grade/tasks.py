"""What each assignment asks, read from the student versions: its tasks, the check and the
variable of each checked task, the prompt and rubric of each written one; which assignment a
submitted notebook belongs to, and its written answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nbformat

from .. import assignments

CHECK_CALL = re.compile(r"^checks\.(?!show\b)(\w+)\((\w+)\)", re.M)
TASK_HEADING = re.compile(r"^## (Task \d+)\s*:?\s*(.*)$", re.M)
ANSWER_PLACEHOLDER = "✏️ **Your answer**"


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

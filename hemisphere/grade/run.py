"""Run one submission afresh: its code without its saved outputs, a grading cell after each check
cell (the check from freshly reloaded modules, on the task's variable), executed in a child
process killed with its kernel when it takes longer than the limit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from .tasks import CHECK_CALL, Assignment

RESULTS_MARKER = "__HEMISPHERE_RESULTS__"


SETUP = """\
def __hemisphere_grade(check, name):
    import importlib
    import hemisphere.checking
    import hemisphere.checks
    # Both afresh, machinery first: the notebook's own code cannot swap a check or its parts.
    importlib.reload(hemisphere.checking)
    fresh = importlib.reload(hemisphere.checks)
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

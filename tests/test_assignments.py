"""Assignments: student and solution notebooks generated from one source, kept up to
date, with checks that guide students and pass on the solutions."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from helpers import EXERCISE_SOURCES, solution_lines

from hemisphere import assignments

ROOT = Path(__file__).resolve().parent.parent
SOURCES = EXERCISE_SOURCES


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


# Slow: executes both notebooks in fresh kernels (about 5 s of CPU each pair); make test runs it.
@pytest.mark.slow
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_checks_pass_on_the_solution_and_say_not_answered_on_the_student_version(source):
    # The two versions at once, a kernel each: most of the time is spent waiting on kernels.
    with ThreadPoolExecutor(max_workers=2) as pool:
        solved, fresh = pool.map(
            run, [assignments.SOLUTION_DIR / source.name, assignments.STUDENT_DIR / source.name]
        )
    assert solved and all(text.startswith("✅") for text in solved), solved
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


def test_the_instructor_toc_swaps_in_the_solutions_and_adds_the_answer_key():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    instructor = (ROOT / "_toc.instructor.yml").read_text(encoding="utf-8")
    assert "exercises/student/" in toc and "exercises/solutions/" not in toc
    assert "exercises/solutions/" in instructor and "exercises/student/" not in instructor
    assert "answer_key" not in toc
    assert "      - file: exercises/solutions/answer_key\n" in instructor


def _rubric_rows(text: str) -> list[list[str]]:
    rows = [
        line.strip().strip("|").split("|") for line in text.splitlines() if line.startswith("|")
    ]
    return [[c.strip() for c in row] for row in rows]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_rubrics_have_weights_summing_to_100_and_a_description_at_every_level(source):
    notebook = nbformat.read(source, as_version=4)
    rubrics = [c.source for c in notebook.cells if "rubric" in c.metadata.get("tags", [])]
    assert rubrics
    for rubric in rubrics:
        header, rule, *rows = _rubric_rows(rubric)
        assert header == [
            "Criterion",
            "Weight",
            "Strong (3)",
            "Adequate (2)",
            "Needs work (1)",
            "Missing (0)",
        ]
        assert rows and all(len(row) == len(header) and all(row) for row in rows), rubric
        assert sum(int(row[1].rstrip("%")) for row in rows) == 100, rubric


def test_the_answer_key_holds_every_solution_model_answer_and_note():
    key = assignments.ANSWER_KEY.read_text(encoding="utf-8")
    for source in SOURCES:
        for line in solution_lines(source):
            assert line in key, line
    for source in SOURCES:
        notebook = nbformat.read(source, as_version=4)
        notes = [c for c in notebook.cells if "notes" in c.metadata.get("tags", [])]
        tasks = [c for c in notebook.cells if c.source.startswith("## Task")]
        assert len(notes) >= len(tasks) - 1, f"{source.name}: a task without notes"
        assert all(n.source.startswith("**Notes for instructors.**") for n in notes)


def test_notes_for_instructors_stay_out_of_the_student_version():
    for source in SOURCES:
        student = nbformat.read(assignments.STUDENT_DIR / source.name, as_version=4)
        assert not any("Notes for instructors" in c.source for c in student.cells)
        solution = nbformat.read(assignments.SOLUTION_DIR / source.name, as_version=4)
        assert any("Notes for instructors" in c.source for c in solution.cells)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_task_has_a_check_or_a_place_to_answer(source):
    """A task heading is followed, before the next task, by a check call or a place to write."""
    student = nbformat.read(assignments.STUDENT_DIR / source.name, as_version=4)
    tasks, current = {}, None
    for cell in student.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## Task"):
            current = cell.source.splitlines()[0]
            tasks[current] = False
        elif current and (
            re.search(r"^checks\.(?!show)", cell.source, re.M)
            or cell.source.startswith("✏️ **Your answer**")
        ):
            tasks[current] = True
    unanswerable = [task for task, ok in tasks.items() if not ok and "timeline" not in task]
    assert tasks and unanswerable == [], unanswerable


def rubric_cell(cells) -> str:
    return [c.source for c in cells if "rubric" in c.metadata.get("tags", [])][-1]


def test_the_capstone_reads_both_corollaries_in_their_own_words():
    """A close-reading task shows both passages from data/primary_sources.csv with the package's
    side_by_side(), asks the chapter's four questions of each, and has a place to answer, a rubric
    and a model answer that quotes both texts."""
    from hemisphere.book import _markdown_of
    from hemisphere.data import load_primary_sources

    source = assignments.SOURCE_DIR / "06_capstone_two_corollaries.ipynb"
    cells = nbformat.read(source, as_version=4).cells
    start = next(i for i, c in enumerate(cells) if "(close reading)" in c.source)
    end = next(i for i, c in enumerate(cells) if i > start and c.source.startswith("## Task"))
    task = cells[start:end]
    assert any(
        c.cell_type == "code"
        and "side_by_side(" in c.source
        and "load_primary_sources()" in c.source
        for c in task
    )
    chapter = _markdown_of("book/03_donroe_doctrine")
    questions = re.findall(r"^\d\. \*\*(.+?)\*\*", chapter.split("Read closely", 1)[1], re.M)[:4]
    assert len(questions) == 4 and all(q in task[0].source for q in questions), questions
    assert "**each** passage" in task[0].source
    tags = [c.metadata.get("tags", []) for c in task]
    assert ["answer"] in tags and ["rubric"] in tags
    model = next(c.source for c in task if "answer" in c.metadata.get("tags", []))
    for text in load_primary_sources()["text"]:
        quoted = re.findall(r'"([^"]+)"', model)
        assert any(q in text for q in quoted), text[:40]
    student = nbformat.read(assignments.STUDENT_DIR / source.name, as_version=4).cells
    heading = next(i for i, c in enumerate(student) if "(close reading)" in c.source)
    assert any(c.source.startswith("✏️ **Your answer**") for c in student[heading : heading + 4])


def test_the_capstone_task_and_its_rubric_agree():
    source = assignments.SOURCE_DIR / "06_capstone_two_corollaries.ipynb"
    cells = nbformat.read(source, as_version=4).cells
    task = " ".join(
        next(
            c.source for c in cells if re.match(r"## Task \d+: the essay \(argument\)", c.source)
        ).split()
    )
    rubric = " ".join(
        [c.source for c in cells if "rubric" in c.metadata.get("tags", [])][-1].split()
    )
    answer = [c.source for c in cells if "answer" in c.metadata.get("tags", [])][-1]
    assert "500 to 700 words" in task and "500–700 words" in rubric and "(500–700 words" in answer
    assert "three sources" in task and "three cited sources" in rubric
    # Sources: both corollaries' own texts, in the task and in the rubric's top level.
    assert "National Security Strategy" in task and "1904 message" in task
    sources_row = next(row for row in _rubric_rows(rubric_cell(cells)) if row[0] == "Sources")
    assert "1904 message" in sources_row[2] and "2025 strategy" in sources_row[2], sources_row
    assert "only one of the two texts" in sources_row[3], sources_row
    assert "two dimensions" in task and "one more" in task and "one more" in rubric


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_place_to_answer_states_the_length(source):
    student = nbformat.read(assignments.STUDENT_DIR / source.name, as_version=4)
    places = [c.source for c in student.cells if c.source.startswith("✏️ **Your answer**")]
    assert places and all(assignments.WORDS.search(p) for p in places), places

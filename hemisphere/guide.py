"""The instructor guide's generated parts: outcomes mapped to quizzes and exercises,
the workload of each unit, the rubrics and the links to hand out exercises.

Each function returns MyST Markdown for a directive of the book's Sphinx
extension, so the guide is computed from the chapters, the quiz bank and the
exercise sources, never retyped.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from . import assignments, paths, quiz
from .book import chapter_title, learning_objectives

ROOT = paths.ROOT
CHAPTERS = [
    "book/01_policy_at_a_glance",
    "book/02_big_sticks_and_deals",
    "book/03_donroe_doctrine",
    "book/04_western_hemisphere",
    "book/05_view_from_latin_america",
    "book/conclusion",
]
#: Minutes a student needs for one chapter quiz (about a minute a question, with feedback).
QUIZ_MINUTES_PER_QUESTION = 1


def _exercises() -> list[dict]:
    # The sources where they exist; in the student edition (make release), which ships no
    # sources, the student versions: they carry the same metadata, titles and rubrics.
    folder = assignments.SOURCE_DIR
    if not any(folder.glob("*.ipynb")):
        folder = assignments.STUDENT_DIR
    found = []
    for source in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(source, as_version=4)
        meta = notebook.metadata["hemisphere"]
        title = notebook.cells[0].source.lstrip("# ").strip()
        rubrics = [c.source for c in notebook.cells if "rubric" in c.metadata.get("tags", [])]
        found.append({"name": source.stem, "title": title, "rubrics": rubrics, **meta})
    return found


def reading_minutes(docname: str) -> int:
    """The chapter's own 'Time to read' (reading plus figures), in minutes."""
    notebook = nbformat.read(ROOT / f"{docname}.ipynb", as_version=4)
    text = notebook.cells[0].source
    match = re.search(r"\*\*Time to read:\*\*\s+about\s+(\d+)\s+minutes(?:,\s+plus\s+(\d+))?", text)
    if not match:
        raise ValueError(f"{docname}.ipynb does not state its time to read")
    return int(match.group(1)) + int(match.group(2) or 0)


def outcomes_markdown(exercise_folder: str = "student") -> str:
    """Each chapter's objectives, with the quiz questions and exercises that assess each.

    ``exercise_folder`` is the edition's: student, or solutions in the instructor edition."""
    exercises = _exercises()
    lines = []
    for docname in CHAPTERS:
        bank = quiz.load_bank(Path(docname).name)
        lines += [
            f"### {chapter_title(docname)}",
            "",
            "| Objective | Quiz questions | Exercises |",
            "|---|---|---|",
        ]
        for number, objective in enumerate(learning_objectives(docname), start=1):
            questions = [q.id for q in bank.questions if q.objective == number]
            practised = [
                e for e in exercises if e["chapter"] == docname and number in e["objectives"]
            ]
            links = (
                ", ".join(
                    f"[{e['title']}](../exercises/{exercise_folder}/{e['name']}.ipynb)"
                    for e in practised
                )
                or "—"
            )
            lines.append(
                f"| {number}. {objective} | {len(questions)}: {', '.join(f'`{q}`' for q in questions)} "
                f"| {links} |"
            )
        lines.append("")
    return "\n".join(lines)


def workload_markdown() -> str:
    """Minutes per unit: reading, the quiz and the exercise, from the chapters and sources."""
    exercises = {e["chapter"]: e for e in _exercises() if "capstone" not in e["name"]}
    capstone = next(e for e in _exercises() if "capstone" in e["name"])
    lines = ["| Unit | Reading and figures | Quiz | Exercise | Total |", "|---|---|---|---|---|"]
    for docname in CHAPTERS:
        reading = reading_minutes(docname)
        questions = len(quiz.load_bank(Path(docname).name).questions) * QUIZ_MINUTES_PER_QUESTION
        exercise = exercises.get(docname, {}).get("minutes", 0)
        lines.append(
            f"| {chapter_title(docname)} | {reading} min | {questions} min | "
            f"{f'{exercise} min' if exercise else '—'} | {reading + questions + exercise} min |"
        )
    lines.append(
        f"| {capstone['title']} | — | — | {capstone['minutes']} min | {capstone['minutes']} min |"
    )
    return "\n".join(lines) + "\n"


def rubrics_markdown() -> str:
    lines = []
    for exercise in _exercises():
        lines += [f"### {exercise['title']}", ""]
        lines += [
            rubric.replace("**Rubric.**", "").strip() + "\n" for rubric in exercise["rubrics"]
        ]
    return "\n".join(lines)


def binder_url(repository_url: str, branch: str, path: str) -> str:
    """mybinder.org's launch URL for one file of a GitHub repository, opened in JupyterLab."""
    owner_repo = repository_url.removeprefix("https://github.com/").strip("/")
    return f"https://mybinder.org/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/{path}"


def nbgitpuller_url(hub: str, repository_url: str, branch: str, path: str) -> str:
    """A JupyterHub link that clones (or updates) the repository and opens one file."""
    from urllib.parse import quote

    folder = repository_url.rstrip("/").rsplit("/", 1)[-1]
    return (
        f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(repository_url, safe='')}"
        f"&branch={branch}&urlpath={quote(f'lab/tree/{folder}/{path}', safe='')}"
    )


def links_markdown(repository_url: str = "", branch: str = "main") -> str:
    """The links to hand out each exercise: Binder, and nbgitpuller for your own JupyterHub.

    ``repository_url`` is the student repository's; without one the links are left out."""
    if not repository_url:
        return (
            "```{note}\n"
            "This build does not know the student repository's address, so the links are left "
            "out. Set `repository.student_url` (or `repository.url`) in `_config.yml`, or build "
            "from a clone with a git remote `origin`.\n"
            "```\n"
        )
    lines = ["| Exercise | Binder | Your JupyterHub (nbgitpuller) |", "|---|---|---|"]
    for exercise in _exercises():
        path = f"exercises/student/{exercise['name']}.ipynb"
        binder = binder_url(repository_url, branch, path)
        puller = nbgitpuller_url("https://YOUR-HUB", repository_url, branch, path)
        lines.append(f"| {exercise['title']} | <{binder}> | `{puller}` |")
    return "\n".join(lines) + "\n"

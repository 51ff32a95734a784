"""The two editions: the student edition shows no solution, model answer or instructor note; the
instructor edition shows every one of them."""

from __future__ import annotations

import re
import subprocess

import pytest
from helpers import (
    BUILD_HTML,
    EXERCISE_SOURCES,
    ROOT,
    page_text,
    solution_lines,
)

from hemisphere.book import build_command

pytestmark = pytest.mark.build


def _solution_lines() -> list[str]:
    # As a page shows them: no list markers or Markdown emphasis.
    plain = [
        re.sub(r"^(\d+\.|-) ", "", line).replace("*", "").replace("`", "")
        for source in EXERCISE_SOURCES
        for line in solution_lines(source)
    ]
    # Table rows become cells on the page, so their Markdown line is never shown whole.
    return [line for line in plain if len(line) > 12 and not line.lstrip().startswith("|")]


def test_no_solution_reaches_the_student_edition(built_book):
    lines = _solution_lines()
    assert len(lines) > 20
    pages = list(BUILD_HTML.rglob("*.html"))
    assert any("exercises/student" in str(p) for p in pages)
    assert not any("exercises/solutions" in str(p) for p in pages)
    for page in pages:
        text = page_text(page)
        leaked = [line for line in lines if line in text]
        assert leaked == [], f"{page.relative_to(BUILD_HTML)} shows solution text: {leaked[:2]}"


@pytest.mark.slow
def test_the_instructor_edition_shows_the_solutions(tmp_path):
    result = subprocess.run(
        build_command(ROOT, path_output=tmp_path, edition="instructor"),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = tmp_path / "_build" / "html"
    assert not (html / "exercises" / "student").exists()
    solution_pages = list((html / "exercises" / "solutions").glob("*.html"))
    assert len(solution_pages) == 7  # six exercises and the answer key
    key = page_text(html / "exercises" / "solutions" / "answer_key.html")
    assert "Notes for instructors." in key and key.count("Criterion") >= 7
    text = " ".join(page_text(page) for page in solution_pages)
    lines = _solution_lines()
    missing = [line for line in lines if line not in text]
    assert missing == [], missing[:3]
    assert "✅" in text and "Not answered yet" not in text

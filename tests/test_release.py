"""`make release`: the student edition as its own tree, with no answer in it; it builds, and
its own tests pass there. Also `make lms BANKS=folder`, the export of an instructor's bank."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hemisphere import addresses, release
from hemisphere.book import build_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student-edition")
    (out / ".git").mkdir()  # the student repository's history survives a new release
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "stale.txt").write_text("from an older release")
    return release.release(out)


def test_the_student_edition_holds_what_students_need(released):
    for name in (
        "_config.yml",
        "_toc.yml",
        "book/intro.ipynb",
        "book/instructors.md",
        "data/events.csv",
        "hemisphere/checks.py",
        "exercises/quizzes/conclusion.yml",
        "exercises/README.md",
        "requirements.txt",
        "requirements-dev.txt",
        "tools/pins.py",
        "postBuild",
        "setup.py",
        "MANIFEST.in",
        "tests/test_checks.py",
    ):
        assert (released / name).exists(), name
    students = sorted(p.name for p in (released / "exercises" / "student").glob("*.ipynb"))
    assert students == sorted(p.name for p in release.assignments.SOURCE_DIR.glob("*.ipynb"))
    assert (released / ".git" / "HEAD").exists() and not (released / "stale.txt").exists()


def test_the_student_edition_holds_no_solution_source_or_answer_key(released):
    for name in ("exercises/source", "exercises/solutions", "_toc.instructor.yml"):
        assert not (released / name).exists(), name
    assert not list(released.rglob("*answer_key*"))
    assert release.leaks(released) == []


def test_the_scan_finds_a_planted_answer(released, tmp_path):
    prose, code = release.answer_lines()
    assert len(prose) > 20 and len(code) > 10
    planted = tmp_path / "tree"
    (planted / "exercises" / "student").mkdir(parents=True)
    (planted / "book").mkdir()
    (planted / "book" / "page.md").write_text(f"# Page\n\n{prose[3]}\n")
    student = (released / "exercises" / "student" / "02_big_sticks_and_deals.ipynb").read_text()
    solved = student.replace("deals = ...  # your answer here", code[0].replace('"', '\\"'))
    (planted / "exercises" / "student" / "x.ipynb").write_text(solved)
    (planted / "exercises" / "solutions").mkdir()
    (planted / "exercises" / "solutions" / "answer_key.md").write_text("# Answer key\n")
    found = "\n".join(release.leaks(planted))
    assert "book/page.md: the answer line" in found
    assert "exercises/student/x.ipynb: the solution line" in found
    assert "exercises/solutions/answer_key.md" in found


def test_the_released_config_points_at_the_student_and_source_repositories(released):
    source = addresses.read(ROOT)
    configured = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    config = yaml.safe_load((released / "_config.yml").read_text())["repository"]
    assert config["url"] == (configured.get("student_url") or "")
    assert config["source_url"] == source.source
    assert config["student_url"] == ""
    # the comments that explain each address stay
    assert (released / "_config.yml").read_text().count("#") == (
        ROOT / "_config.yml"
    ).read_text().count("#")


def test_released_config_rewrites_only_the_addresses(tmp_path):
    text = (ROOT / "_config.yml").read_text()
    changed = text.replace('  student_url: ""', '  student_url: "https://github.com/o/student"')
    changed = changed.replace('  source_url: ""', '  source_url: "https://github.com/o/source"')
    (tmp_path / "_config.yml").write_text(changed)
    out = release.released_config(changed, tmp_path)
    config = yaml.safe_load(out)["repository"]
    assert config["url"] == "https://github.com/o/student"
    assert config["source_url"] == "https://github.com/o/source"
    assert config["student_url"] == ""
    unchanged = [
        line
        for line in out.splitlines()
        if not re.match(r"  (url|source_url|student_url|student_branch|branch):", line)
    ]
    assert unchanged == [
        line
        for line in text.splitlines()
        if not re.match(r"  (url|source_url|student_url|student_branch|branch):", line)
    ]


@pytest.mark.slow  # a second pytest run in a subprocess, over the released tree
def test_the_student_editions_own_tests_pass_there(released):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests",
            "-q",
            "-m",
            "not build and not browser and not slow",
        ],
        cwd=released,
        env={**os.environ, "PYTHONPATH": str(released), "HEMISPHERE_DATA": str(released / "data")},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout


@pytest.mark.build
@pytest.mark.slow
def test_the_student_edition_builds_and_shows_no_answer(released):
    env = {**os.environ, "PYTHONPATH": str(released), "HEMISPHERE_DATA": str(released / "data")}
    result = subprocess.run(
        build_command(released, path_output=released),
        cwd=released,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = released / "_build" / "html"
    assert (html / "exercises" / "student" / "06_capstone_two_corollaries.html").exists()
    assert (html / "book" / "instructors.html").exists()
    assert not (html / "exercises" / "solutions").exists()
    prose, _ = release.answer_lines()
    text = " ".join(
        " ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split())
        for page in html.rglob("*.html")
    )
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    leaked = [line for line in prose if " ".join(line.split()).replace("**", "") in text]
    assert leaked == []


def test_lms_exports_an_instructors_own_banks(tmp_path):
    banks = tmp_path / "my-banks"
    banks.mkdir()
    bank = (ROOT / "exercises" / "quizzes" / "conclusion.yml").read_text(encoding="utf-8")
    (banks / "graded.yml").write_text(bank, encoding="utf-8")
    ids = re.findall(r"^- id: (\S+)", bank, re.M) or re.findall(r"^\s+id: (\S+)", bank, re.M)
    other = (ROOT / "exercises" / "quizzes" / "01_policy_at_a_glance.yml").read_text()
    other_ids = re.findall(r"^- id: (\S+)", other, re.M) or re.findall(
        r"^\s+id: (\S+)", other, re.M
    )
    assert ids and other_ids
    out = tmp_path / "lms"
    result = subprocess.run(
        [sys.executable, "-m", "hemisphere.quiz.lms", "--out", str(out), "--banks", str(banks)],
        env={k: v for k, v in os.environ.items() if k != "HEMISPHERE_QUIZZES"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    gift = (out / "quiz-bank.gift").read_text(encoding="utf-8")
    assert any(i in gift for i in ids) and not any(i in gift for i in other_ids)
    empty = subprocess.run(
        [
            sys.executable,
            "-m",
            "hemisphere.quiz.lms",
            "--out",
            str(out),
            "--banks",
            str(tmp_path / "none"),
        ],
        capture_output=True,
        text=True,
    )
    assert empty.returncode != 0 and "no .yml bank files" in empty.stderr


def test_the_makefile_has_release_and_lms_banks():
    makefile = (ROOT / "Makefile").read_text()
    assert "release: $(STAMP)" in makefile and "-m hemisphere.release --out $(RELEASE)" in makefile
    assert '--banks "$(BANKS)"' in makefile


def test_the_student_editions_notebooks_install_from_the_student_repository(tmp_path):
    """The first cell of each released notebook names the address the released tree has."""
    import shutil

    import nbformat
    from helpers import copy_sources

    from hemisphere import installcell

    (tmp_path / "source").mkdir()
    root = copy_sources(tmp_path / "source")
    shutil.copytree(ROOT / "tools", root / "tools")
    for name in release.FILES + release.EXTRA_FILES:
        if (ROOT / name).exists() and not (root / name).exists():
            shutil.copy(ROOT / name, root / name)
    config = root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('student_url: ""', 'student_url: "https://example.org/org/students"', 1),
        encoding="utf-8",
    )
    out = release.release(tmp_path / "release", root)
    wanted = installcell.cell_source("git+https://example.org/org/students@main")
    for path in [*(out / "book").glob("*.ipynb"), *(out / "exercises" / "student").glob("*.ipynb")]:
        cells = nbformat.read(path, as_version=4).cells
        first = next(cell for cell in cells if cell.cell_type == "code")
        assert first.source == wanted, path.name

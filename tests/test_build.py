"""The book builds warning-free, every page of the toc is there, prose carries
numbers computed from data/, and no page asks for anything outside the site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import BUILD_HTML, ROOT, build_book
from helpers import build_copy, copy_env, copy_sources
from jupyter_cache import get_cache

from hemisphere import addresses
from hemisphere.book import STRICT_BUILD_FLAGS, build_command, event, toc_docnames
from hemisphere.data import load_events

pytestmark = pytest.mark.build


def test_build_is_warning_free(built_book):
    # -W already turns Sphinx warnings into a failed build; this also shows them by name.
    # (A kernel's own log lines, such as "[IPKernelApp] WARNING | ...", are not Sphinx warnings.)
    log = built_book.stdout + built_book.stderr
    sphinx_warnings = [line for line in log.splitlines() if re.search(r"\bWARNING: ", line)]
    assert sphinx_warnings == []
    assert "build succeeded" in log or "Finished generating HTML" in log


def test_make_book_uses_the_same_strict_flags():
    makefile = (ROOT / "Makefile").read_text()
    flags = re.search(r"^JB_ARGS := ([^#\n]*)", makefile, re.M).group(1).split()
    assert tuple(flags) == STRICT_BUILD_FLAGS


def test_a_rebuild_with_no_change_executes_no_notebook(built_book):
    cache = get_cache(ROOT / "_build" / ".jupyter_cache")

    def executions():
        return {(r.uri, r.created) for r in cache.list_cache_records()}

    notebooks = {str(p) for p in (ROOT / "book").glob("*.ipynb")}
    before = executions()
    assert {uri for uri, _ in before} >= notebooks, "every chapter notebook is in the cache"
    log = build_book().stdout
    assert "Executing notebook" not in log
    assert executions() == before


def test_every_toc_page_is_built(built_book, book_pages):
    missing = [d for d in book_pages if not (BUILD_HTML / f"{d}.html").exists()]
    assert missing == []


def test_no_page_references_an_outside_script_or_stylesheet(built_book, book_pages):
    for docname in book_pages:
        html = (BUILD_HTML / f"{docname}.html").read_text(encoding="utf-8")
        outside = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        assert outside == [], f"{docname} loads {outside}"
        assert "require.min.js" not in html and "html-manager" not in html, docname


def test_chart_pages_carry_the_local_vega_bundle(built_book, book_pages):
    for docname in book_pages:
        html = (BUILD_HTML / f"{docname}.html").read_text(encoding="utf-8")
        has_chart = 'id="altair-viz-' in html
        assert ("hemisphere/vega-bundle-" in html) == has_chart, docname
        if has_chart:
            # Not loaded by the page: charts-embed.js loads it when a chart is near.
            assert re.search(r'data-vega-bundle="(\.\./)+_static/hemisphere/vega-bundle-', html)
            assert not re.search(r'<script[^>]* src="[^"]*vega-bundle-', html), docname


def test_chapter_1_prose_reads_its_numbers_from_data(built_book):
    html = (BUILD_HTML / "book" / "01_policy_at_a_glance.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    events = load_events()
    trip = event(events, "rubio-first-trip")
    second_term = events[events["era"] == "Trump's second term"]
    assert f"he visited {len(trip['countries'])} countries" in text
    assert f"places the {len(second_term)} events" in text
    assert event(events, "nss-2025")["date_label"] in text


def test_launch_buttons_follow_the_repository_setting(built_book):
    """With no student repository, no repository URL and no git remote, the build leaves the
    buttons out and says so; the errata link follows the source repository the same way."""
    found = addresses.read(ROOT)
    html = (BUILD_HTML / "book" / "01_policy_at_a_glance.html").read_text(encoding="utf-8")
    if found.student:
        assert f"mybinder.org/v2/gh/{found.student.removeprefix('https://github.com/')}" in html
    else:
        assert "mybinder.org" not in html
        assert "launch buttons left out" in built_book.stdout
    if found.source:
        assert f"{found.source}/issues" in html
    else:
        assert "Report an error" not in html
        assert "errata link left out" in built_book.stdout


@pytest.fixture(scope="module")
def two_clean_builds(tmp_path_factory) -> list[Path]:
    """The book built from scratch in two fresh copies, at once (one build per core)."""
    copies = [
        copy_sources(tmp_path_factory.mktemp(f"clean-{name}")) for name in ("first", "second")
    ]
    runs = [
        subprocess.Popen(
            build_command(copy, path_output=copy),
            cwd=copy,
            env=copy_env(copy),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for copy in copies
    ]
    for copy, run in zip(copies, runs, strict=True):
        output, _ = run.communicate()
        assert run.returncode == 0, output[-4000:]
        (copy / "build.log").write_text(output, encoding="utf-8")
    return copies


def test_a_clean_build_executes_the_notebooks_in_parallel_then_reads_them_from_the_cache(
    two_clean_builds,
):
    log = (two_clean_builds[0] / "build.log").read_text(encoding="utf-8")
    notebooks = [d for d in toc_docnames(ROOT / "_toc.yml") if (ROOT / f"{d}.ipynb").exists()]
    assert f"hemisphere: executing {len(notebooks)} notebooks in parallel" in log
    # A notebook the parallel step could not cache (once in CI: a kernel that failed to start while
    # four started at once, two builds side by side) is named in the log and executed by myst-nb.
    named = re.search(r"hemisphere: left to myst-nb \(not cached in parallel\): (.+)", log)
    left = named.group(1).strip().split(", ") if named else []
    cached = log.count("Using cached notebook")
    assert cached + len(left) == len(notebooks)
    assert log.count("Executing notebook") == len(left)  # myst-nb's own, one at a time
    assert cached > len(notebooks) // 2, "the parallel step executed most notebooks"


def test_two_clean_builds_give_the_same_pages(two_clean_builds):
    """Reproducible: byte for byte, every file of the site (chart ids are numbered, not random).

    An incremental build is not compared: Sphinx adds a ``?v=`` checksum to myst-nb's stylesheet
    only when the file is already in the output, and leaves pages of removed sources behind."""
    first, second = (copy / "_build" / "html" for copy in two_clean_builds)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    differing = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert differing == []
    assert any(str(f).endswith(".html") for f in files) and len(files) > 50


def test_a_changed_data_row_changes_the_built_sentence(two_clean_builds, tmp_path):
    """The execution cache keys notebooks on their code only; the book's extension
    must notice a changed data file, execute again, and the glued prose must follow."""
    copy = tmp_path / "book-copy"
    shutil.copytree(two_clean_builds[1], copy)
    page = copy / "_build" / "html" / "book" / "01_policy_at_a_glance.html"

    def read_page() -> str:
        return re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))

    assert "he visited 5 countries" in read_page()
    events = copy / "data" / "events.csv"
    text = events.read_text(encoding="utf-8")
    assert ",PAN SLV CRI GTM DOM," in text
    events.write_text(text.replace(",PAN SLV CRI GTM DOM,", ",PAN SLV CRI GTM,"), encoding="utf-8")
    result = build_copy(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "he visited 4 countries" in read_page()


def test_the_data_page_is_generated_from_the_package(built_book):
    html = (BUILD_HTML / "book" / "data.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    from hemisphere import data

    for resource in data._package(data.data_dir())["resources"]:
        assert resource["title"] in text
        for field in resource.get("schema", {}).get("fields", []):
            assert field["name"] in text
    assert f"{len(load_events())} rows" in text
    # The download links point at copies the site serves.
    downloads = re.findall(r'href="(\.\./_downloads/[^"]+)"', html)
    assert len(downloads) == len(data._package(data.data_dir())["resources"])
    for href in downloads:
        assert (BUILD_HTML / "book" / href).resolve().exists(), href


def test_every_chart_has_its_data_on_the_page(built_book, book_pages):
    """Accessibility: the data behind each chart is on the page, as a table in a dropdown."""
    for docname in book_pages:
        html = (BUILD_HTML / f"{docname}.html").read_text(encoding="utf-8")
        charts = html.count('id="altair-viz-')
        tables = html.count('<details class="hemisphere-data">')
        assert tables >= charts, f"{docname}: {charts} charts but {tables} data tables"


def test_a_malformed_quiz_bank_stops_the_build_with_a_clear_message(tmp_path):
    """A one-page book with a broken bank: the build fails and says which file, question and field."""
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "images").mkdir()
    shutil.copy(
        ROOT / "book" / "images" / "favicon.svg", tmp_path / "book" / "images" / "favicon.svg"
    )
    (tmp_path / "book" / "page.md").write_text(
        "# A page\n\n```{quiz} broken\n```\n", encoding="utf-8"
    )
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/page\n", encoding="utf-8")
    banks = tmp_path / "quizzes"
    banks.mkdir()
    good = (ROOT / "exercises" / "quizzes" / "04_western_hemisphere.yml").read_text(
        encoding="utf-8"
    )
    assert "  answer: homeland\n" in good
    (banks / "broken.yml").write_text(
        good.replace("  answer: homeland\n", "  answer: everywhere\n"), encoding="utf-8"
    )
    env = {**os.environ, "HEMISPHERE_QUIZZES": str(banks)}
    result = subprocess.run(
        build_command(tmp_path, path_output=tmp_path),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert result.returncode != 0
    assert "Quiz bank error:" in log
    assert (
        "exercises/quizzes/broken.yml, question 'c4-homeland', field 'answer': "
        "'everywhere' is not among the options (americas, china, homeland)"
    ) in log


def _solution_lines() -> list[str]:
    from test_assignments import SOURCES, solution_lines

    # As a page shows them: no list markers or Markdown emphasis.
    plain = [
        re.sub(r"^(\d+\.|-) ", "", line).replace("*", "").replace("`", "")
        for source in SOURCES
        for line in solution_lines(source)
    ]
    # Table rows become cells on the page, so their Markdown line is never shown whole.
    return [line for line in plain if len(line) > 12 and not line.lstrip().startswith("|")]


def _page_text(path) -> str:
    import html as html_module

    text = html_module.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))
    # Sphinx turns straight quotes into typographic ones; compare with the sources' straight quotes.
    return text.translate(
        str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    )


def test_no_solution_reaches_the_student_edition(built_book):
    lines = _solution_lines()
    assert len(lines) > 20
    pages = list(BUILD_HTML.rglob("*.html"))
    assert any("exercises/student" in str(p) for p in pages)
    assert not any("exercises/solutions" in str(p) for p in pages)
    for page in pages:
        text = _page_text(page)
        leaked = [line for line in lines if line in text]
        assert leaked == [], f"{page.relative_to(BUILD_HTML)} shows solution text: {leaked[:2]}"


def test_the_instructor_guide_is_generated_from_the_sources(built_book):
    from hemisphere import guide, quiz
    from hemisphere.book import learning_objectives

    text = _page_text(BUILD_HTML / "book" / "instructors.html")
    for docname in guide.CHAPTERS:
        for objective in learning_objectives(docname):
            assert " ".join(objective.split()[:8]) in " ".join(text.split())
        for question in quiz.load_bank(docname.split("/")[1]).questions:
            assert question.id in text
    if addresses.read(ROOT).student:
        assert "mybinder.org/v2/gh/" in text and "git-pull?repo=" in text
    else:
        assert "mybinder.org/v2/" not in text and "links are left out" in " ".join(text.split())
    assert text.count("Criterion") == sum(len(e["rubrics"]) for e in guide._exercises())


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
    key = _page_text(html / "exercises" / "solutions" / "answer_key.html")
    assert "Notes for instructors." in key and key.count("Criterion") >= 7
    text = " ".join(_page_text(page) for page in solution_pages)
    lines = _solution_lines()
    missing = [line for line in lines if line not in text]
    assert missing == [], missing[:3]
    assert "✅" in text and "Not answered yet" not in text


def test_an_exercise_page_launches_its_student_notebook_on_binder(tmp_path):
    """With a repository URL configured, the exercise page's launch button opens the student notebook."""
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert '  url: ""' in config
    (tmp_path / "_config.yml").write_text(
        config.replace('  url: ""', '  url: "https://github.com/example-org/western-hemisphere"'),
        encoding="utf-8",
    )
    for folder in ("data", "hemisphere"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    (tmp_path / "book" / "images").mkdir(parents=True)
    shutil.copy(ROOT / "book" / "images" / "favicon.svg", tmp_path / "book" / "images")
    (tmp_path / "exercises" / "student").mkdir(parents=True)
    shutil.copy(
        ROOT / "exercises" / "student" / "04_western_hemisphere.ipynb",
        tmp_path / "exercises" / "student",
    )
    path = tmp_path / "exercises" / "student" / "04_western_hemisphere.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for (
        cell
    ) in notebook.cells:  # the page's link to its chapter has no target in this one-page book
        cell.source = re.sub(r"\[([^\]]+)\]\(\.\./\.\./book/[^)]+\)", r"\1", cell.source)
    nbformat.write(notebook, path)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: exercises/student/04_western_hemisphere\n", encoding="utf-8"
    )
    result = build_copy(tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (
        tmp_path / "_build" / "html" / "exercises" / "student" / "04_western_hemisphere.html"
    ).read_text(encoding="utf-8")
    assert (
        "mybinder.org/v2/gh/example-org/western-hemisphere/main?urlpath=lab/tree/"
        "exercises/student/04_western_hemisphere.ipynb"
    ) in html


def _visible_text(html: str) -> str:
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))


def test_the_pages_show_the_claim_boxes_generated_from_the_table(built_book):
    """Each claim's box is on its chapter's page and on the claims page, with the text of its row."""
    from hemisphere.data import load_claims

    for _, row in load_claims().iterrows():
        for page in ["claims", row["chapter"]] if row["chapter"] else ["claims"]:
            html = (BUILD_HTML / "book" / f"{page}.html").read_text(encoding="utf-8")
            assert f'id="claim-{row["id"]}"' in html, (page, row["id"])
            text = _visible_text(html)
            assert f"Check the claim: {row['question']}" in text, (page, row["id"])
            assert row["record_text"] in text, (page, row["id"])
            assert row["why_it_matters"] in text, (page, row["id"])
    # A chapter shows its boxes as the theme's tip admonition, with no code shown.
    html = (BUILD_HTML / "book" / "02_big_sticks_and_deals.html").read_text(encoding="utf-8")
    assert 'class="admonition tip hemisphere-claim"' in html
    assert "claim_box(" not in _visible_text(html)


def test_hostile_text_in_a_claim_row_is_shown_as_text_in_the_built_page(tmp_path):
    """A claim whose text is markup shows that markup as text: nothing in data/ runs in the page."""
    (tmp_path / "hostile").mkdir()
    copy = copy_sources(tmp_path / "hostile")
    claims = copy / "data" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    question = "did Nicaragua declare an amnesty?"
    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    assert question in text
    claims.write_text(text.replace(question, f"{question} {hostile}", 1), encoding="utf-8")
    result = build_copy(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for page in ("02_big_sticks_and_deals", "claims"):
        html = (copy / "_build" / "html" / "book" / f"{page}.html").read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<script>alert(2)" not in html, page
        assert f"Check the claim: {question} {hostile}" in _visible_text(html), page

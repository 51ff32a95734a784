"""The extension's directives on small books, built in-process with Sphinx's own test tools:
each renders what a reader would see, and bad input stops with a message naming the file and
the field (the whole book's build checks them again: test_build_content.py, test_build_quiz.py).

The pages that render are one small book, built once for the module with ``SphinxTestApp`` (the
class ``make_app`` builds); each bad input gets its own book from the ``make_app`` fixture of
``sphinx.testing.fixtures``. None executes a notebook: a few seconds in all."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import nbformat
import pytest
from helpers import ROOT, page_text, visible_text
from sphinx.testing.util import SphinxTestApp

from hemisphere import buildfigures, datadoc, guide, quiz
from hemisphere.book import chapter_title, learning_objectives
from hemisphere.data import load_events
from hemisphere.sphinxext import assets
from hemisphere.sphinxext.quizzes import QuizBankError

#: What each small book loads: the book's extension and the parsers and extensions it needs.
CONF = f"""\
extensions = ["myst_parser", "sphinxcontrib.bibtex", "hemisphere.sphinxext"]
bibtex_bibfiles = [{str(ROOT / "data" / "references.bib")!r}]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build", "data"]
# The guide links to exercise pages that a small book does not have.
suppress_warnings = ["myst.xref_missing"]
"""
BANK = "04_western_hemisphere"
PAGES = {
    "quiz": f"# Quiz\n\n```{{quiz}} {BANK}\n```\n",
    "data": "# Data\n\n## Cite\n\n```{datapackage-citation}\n```\n\n## Tables\n\n```{datapackage}\n```\n",
    "outcomes": "# Outcomes\n\n## Map\n\n```{outcomes-map}\n```\n",
    "workload": "# Workload\n\n```{course-workload}\n```\n",
    "rubrics": "# Rubrics\n\n```{exercise-rubrics}\n```\n",
    "links": "# Links\n\n```{exercise-links}\n```\n",
    "figures": "# Figures\n\n```{build-figures} summary\n```\n\n```{build-figures} pages\n```\n",
}
STUDENT_REPOSITORY = "https://github.com/example-org/western-hemisphere-student"


@pytest.fixture(scope="module", autouse=True)
def _no_chart_libraries():
    """The small books hold no chart: skip writing the 7 MB chart bundle into each one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assets, "vega_bundle_script", lambda: "")
        yield


def write_book(
    srcdir: Path, pages: dict[str, str], conf: str = "", data: Path = ROOT / "data"
) -> Path:
    """A small book: conf.py, an index with a toctree, ``book/<name>.md`` for each page, and
    the data package (linked, not copied) where the data page's downloads find it."""
    (srcdir / "book").mkdir(parents=True, exist_ok=True)
    (srcdir / "data").symlink_to(data, target_is_directory=True)
    (srcdir / "conf.py").write_text(CONF + conf, encoding="utf-8")
    toc = "\n".join(f"book/{name}" for name in pages)
    (srcdir / "index.md").write_text(f"# Small book\n\n```{{toctree}}\n{toc}\n```\n")
    for name, source in pages.items():
        (srcdir / "book" / f"{name}.md").write_text(source, encoding="utf-8")
    return srcdir


def page(app, name: str) -> str:
    return (Path(app.outdir) / "book" / f"{name}.html").read_text(encoding="utf-8")


def text(app, name: str) -> str:
    """What a reader sees of the page, white space collapsed, quotes straight."""
    return " ".join(page_text(Path(app.outdir) / "book" / f"{name}.html").split())


def messages(app) -> str:
    return app._warning.getvalue()


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """Every directive on a page of its own, one build; the book names a student repository."""
    srcdir = write_book(tmp_path_factory.mktemp("directives"), PAGES)
    (srcdir / "_config.yml").write_text(
        f'repository:\n  url: "{STUDENT_REPOSITORY}"\n', encoding="utf-8"
    )
    shutil.copy(buildfigures.FIGURES, srcdir / "book" / buildfigures.FIGURES.name)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_the_small_book_builds_without_a_warning(book):
    assert messages(book) == ""


def test_the_quiz_shows_every_question_and_option_and_loads_its_script_on_its_page_only(book):
    html = page(book, "quiz")
    shown = text(book, "quiz")
    bank = quiz.load_bank(BANK)
    assert html.count('class="hemisphere-quiz"') == 1 and 'data-shuffle="on"' in html
    for question in bank.questions:
        assert f'data-question="{question.id}"' in html
        assert " ".join(question.prompt.split()) in shown, question.id
        for option in question.options:
            assert " ".join(option.text.split()) in shown, (question.id, option.id)
    assert "hemisphere/quiz.js" in html and "hemisphere/quiz.css" in html
    assert "hemisphere/quiz.js" not in page(book, "data")


def test_the_data_page_describes_every_table_and_field_and_says_how_to_cite_it(book):
    shown = text(book, "data")
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["title"] in shown
        for field in resource.get("schema", {}).get("fields", []):
            assert field["name"] in shown
    assert f"{len(load_events())} rows" in shown
    assert package["title"] in shown and f"version {package['version']}" in shown
    assert package["licenses"][0]["title"] in shown
    assert datadoc.row_count("events") == len(load_events())


def test_the_outcomes_map_lists_each_chapters_objectives_and_their_questions(book):
    shown = text(book, "outcomes")
    for docname in guide.CHAPTERS:
        assert chapter_title(docname) in shown
        for objective in learning_objectives(docname):
            assert " ".join(objective.split()[:6]) in shown, docname
        for question in quiz.load_bank(Path(docname).name).questions:
            assert question.id in shown


def test_the_workload_gives_each_chapters_reading_time(book):
    shown = text(book, "workload")
    for docname in guide.CHAPTERS:
        assert f"{chapter_title(docname)} | " not in shown  # a table, not Markdown source
        assert chapter_title(docname) in shown
        assert f"{guide.reading_minutes(docname)} min" in shown
    assert "<table" in page(book, "workload")


def test_the_rubrics_show_every_criterion(book):
    shown = text(book, "rubrics")
    assert shown.count("Criterion") == sum(len(e["rubrics"]) for e in guide._exercises())


def test_the_exercise_links_open_each_student_notebook_from_the_student_repository(book):
    html = page(book, "links")
    for exercise in guide._exercises():
        assert (
            "mybinder.org/v2/gh/example-org/western-hemisphere-student/main?urlpath=lab/tree/"
            f"exercises/student/{exercise['name']}.ipynb"
        ) in html
    assert "git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample-org" in html


def test_without_a_student_repository_the_exercise_links_say_they_are_left_out(make_app, tmp_path):
    app = make_app("html", srcdir=write_book(tmp_path, {"links": PAGES["links"]}))
    app.build()
    assert "mybinder.org" not in page(app, "links")
    assert "links are left out" in text(app, "links")


def test_the_build_figures_show_the_measured_run(book):
    figures = buildfigures.load()
    shown = visible_text(page(book, "figures"))
    assert f"Measured on {figures['measured']}" in shown
    assert str(figures["this book"]["clean_build_s"]) in shown
    for docname in figures["this book"]["pages"]:
        assert docname.replace("/", "/\u200b") in shown


# --- Bad input: a message that names the file and the field ---------------------------------


def test_a_quiz_naming_a_missing_bank_stops_with_the_banks_path(make_app, tmp_path):
    app = make_app(
        "html", srcdir=write_book(tmp_path, {"quiz": "# Q\n\n```{quiz} no_such_bank\n```\n"})
    )
    with pytest.raises(
        QuizBankError, match=r"exercises/quizzes/no_such_bank\.yml: the file is missing"
    ):
        app.build()


def test_a_malformed_bank_stops_before_anything_is_read(make_app, tmp_path, monkeypatch, capsys):
    banks = tmp_path / "quizzes"
    shutil.copytree(ROOT / "exercises" / "quizzes", banks)
    bank = banks / f"{BANK}.yml"
    good = bank.read_text(encoding="utf-8")
    assert "  answer: homeland\n" in good
    bank.write_text(
        good.replace("  answer: homeland\n", "  answer: everywhere\n"), encoding="utf-8"
    )
    monkeypatch.setenv("HEMISPHERE_QUIZZES", str(banks))
    with pytest.raises(SystemExit):
        make_app("html", srcdir=write_book(tmp_path / "book", {"quiz": PAGES["quiz"]}))
    assert (
        f"Quiz bank error: exercises/quizzes/{bank.name}, question 'c4-homeland', field 'answer': "
        "'everywhere' is not among the options (americas, china, homeland)"
    ) in capsys.readouterr().err


def test_a_quiz_shuffle_setting_that_is_not_true_or_false_is_named(make_app, tmp_path):
    srcdir = write_book(tmp_path, {"quiz": PAGES["quiz"]}, conf='hemisphere_quiz_shuffle = "yes"\n')
    app = make_app("html", srcdir=srcdir)
    with pytest.raises(
        QuizBankError, match="hemisphere_quiz_shuffle must be true or false, not 'yes'"
    ):
        app.build()


def test_a_bad_data_row_stops_the_data_page_with_file_line_and_column(
    make_app, tmp_path, data_copy, capsys
):
    events = data_copy / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    assert "date" in header
    cells = lines[3].split(",")
    cells[header.index("date")] = "2025-13-45"
    lines[3] = ",".join(cells)
    events.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SystemExit):
        make_app(
            "html", srcdir=write_book(tmp_path / "book", {"data": PAGES["data"]}, data=data_copy)
        )
    err = capsys.readouterr().err
    assert "Data error: data/events.csv, line 4" in err and "column 'date'" in err


def test_a_data_package_without_a_version_names_the_field_at_the_page(
    make_app, tmp_path, data_copy
):
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    del package["version"]
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    app = make_app(
        "html", srcdir=write_book(tmp_path / "book", {"data": PAGES["data"]}, data=data_copy)
    )
    app.build()
    assert (
        "book/data.md:5: ERROR: datapackage-citation: data/datapackage.json has no 'version'"
        in messages(app)
    )


def test_a_chapter_without_its_reading_time_is_named_at_the_workload(
    make_app, tmp_path, monkeypatch
):
    copy = tmp_path / "root"
    shutil.copytree(ROOT / "book", copy / "book", ignore=shutil.ignore_patterns("_build", "*.json"))
    chapter = copy / f"{guide.CHAPTERS[2]}.ipynb"
    notebook = nbformat.read(chapter, as_version=4)
    notebook.cells[0].source = notebook.cells[0].source.replace("**Time to read:**", "Reading:")
    nbformat.write(notebook, chapter)
    monkeypatch.setattr(guide, "ROOT", copy)
    app = make_app("html", srcdir=write_book(tmp_path / "book", {"workload": PAGES["workload"]}))
    app.build()
    assert (
        f"book/workload.md:3: ERROR: course-workload: {guide.CHAPTERS[2]}.ipynb does not state "
        "its time to read"
    ) in messages(app)


def test_build_figures_name_the_missing_field_and_the_tables_there_are(make_app, tmp_path):
    srcdir = write_book(
        tmp_path,
        {
            "figures": "# F\n\n```{build-figures} summary\n```\n\n```{build-figures} everything\n```\n"
        },
    )
    figures = json.loads(buildfigures.FIGURES.read_text(encoding="utf-8"))
    del figures["this book"]["rebuild_s"]
    (srcdir / "book" / buildfigures.FIGURES.name).write_text(json.dumps(figures), encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    log = messages(app)
    assert "book/figures.md:3: ERROR:" in log
    assert "build-figures.json: 'this book' has no field 'rebuild_s'; run `make bench` again" in log
    assert (
        "book/figures.md:6: ERROR: build-figures: 'everything' is not one of ['lighthouse', 'pages', 'summary']"
        in log
    )

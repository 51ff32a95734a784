"""`make pdf` (issue 17.4) and the print stylesheet (issue 17.3).

The PDFs are read back with poppler (pdftotext, pdffonts, pdfimages, pdfinfo), as a reader's
viewer would show them: every chapter on its own page and in the book's order, every chart
an image with its data table, Japanese set in an embedded CJK font, page numbers, links
that land inside the document, and answers only in the instructor edition."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import BUILD_HTML, ROOT, load_tool

from hemisphere import paths, quiz
from hemisphere.book import chapter_title, toc_docnames
from hemisphere.printing import in_page_links, unique_chart_ids

make_pdf = load_tool("make_pdf")


# --- The single page: chart ids, links, the answer key (no build) ---------------------------


def _chart(number: int) -> str:
    return (
        f'<div id="altair-viz-{number}" class="hemisphere-chart"></div>\n'
        f'<script type="application/json" data-hemisphere-chart="altair-viz-{number}">{{}}</script>'
    )


def test_charts_of_every_chapter_get_their_own_id_in_the_single_page():
    # Two chapters, each numbering its charts from 1, as each notebook's kernel does.
    page = _chart(1) + _chart(2) + "<h2>Next chapter</h2>" + _chart(1)
    fixed = unique_chart_ids(page)
    ids = re.findall(r'\bid="(altair-viz-\d+)"', fixed)
    blocks = re.findall(r'data-hemisphere-chart="(altair-viz-\d+)"', fixed)
    assert ids == blocks == ["altair-viz-1", "altair-viz-2", "altair-viz-3"]
    assert unique_chart_ids(fixed) == fixed  # a page with unique ids keeps them


def test_links_to_pages_of_the_book_become_links_within_the_page():
    pages = ["book/intro", "book/references", "book/glossary"]
    page = (
        '<a href="book/intro.html#term-Backyard">a</a> <a href="book/references.html">b</a> '
        '<a href="book/glossary.html#">c</a> <a href="https://example.org/x.html#y">d</a> '
        '<a href="#id2">e</a> <a href="_downloads/data.csv">f</a> <a href="other.html">g</a>'
    )
    assert in_page_links(page, pages) == (
        '<a href="#term-Backyard">a</a> <a href="#document-book/references">b</a> '
        '<a href="#document-book/glossary">c</a> <a href="https://example.org/x.html#y">d</a> '
        '<a href="#id2">e</a> <a href="_downloads/data.csv">f</a> <a href="other.html">g</a>'
    )


def _visible(html: str) -> str:
    """The text a reader sees (tags dropped; Japanese runs sit in spans inside words)."""
    import html as html_module

    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", "", html).split()))


def test_the_answer_key_gives_every_questions_answer_and_why():
    text = _visible(make_pdf.answer_key_html(quiz.bank_names()))
    for bank in quiz.load_banks():
        assert bank.title in text
        for question in bank.questions:
            assert " ".join(question.feedback.split()) in text, question.id
            answer = _visible(make_pdf.answer_html(question))
            if question.type in ("single", "multiple"):
                chosen = make_pdf._as_list(question.answer)
                right = [o.text for o in question.options if o.id in chosen]
                wrong = [o.text for o in question.options if o.id not in chosen]
                assert answer == "; ".join(right), question.id
                assert not any(w in answer.split("; ") for w in wrong), question.id
            elif question.type == "classify":
                for statement in question.statements:
                    assert f"{statement.text}: {question.answer[statement.id]}" in answer
            elif question.type == "numeric":
                assert answer.startswith(make_pdf._number(question.answer)), question.id
            elif question.type == "truefalse":
                assert answer == str(question.answer in (True, "true")), question.id


def test_the_answer_key_escapes_bank_text():
    question = quiz.Question(
        id="q",
        type="single",
        prompt="<script>alert(1)</script>?",
        objective=1,
        sources=[],
        feedback="Because <b>.",
        options=[quiz.Option("a", "<img src=x onerror=alert(1)>"), quiz.Option("b", "No")],
        answer="a",
    )
    answer = make_pdf.answer_html(question)
    assert "<img" not in answer and "&lt;img src=x" in answer


def test_the_answer_key_goes_at_the_end_of_the_article_and_needs_a_quiz():
    page = (
        '<article class="bd-article"><section class="hemisphere-quiz" data-quiz="conclusion">'
        "</section></article><footer></footer>"
    )
    keyed = make_pdf.add_answer_key(page)
    assert keyed.index("Answer key: the chapter quizzes") < keyed.index("</article>")
    assert keyed.endswith("</article><footer></footer>")
    with pytest.raises(make_pdf.PrintError, match="no quiz"):
        make_pdf.add_answer_key("<article></article>")


def test_make_pdf_builds_the_single_page_with_the_books_strict_flags():
    student = make_pdf.singlehtml_command("student")
    instructor = make_pdf.singlehtml_command("instructor")
    assert student[-2:] == instructor[-2:] == ["--builder", "singlehtml"]
    assert "-W" in student and "--toc" not in student
    assert str(paths.INSTRUCTOR_TOC) in instructor
    assert str(paths.ROOT / "_build" / "instructor") in instructor


def test_the_makefile_target_is_thin_and_installs_what_it_needs():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^pdf:(.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert target, "no pdf target"
    assert "chromium" in target.group(1) and "print-tools" in target.group(1)
    assert "tools/make_pdf.py --edition $(EDITION)" in target.group(2)
    assert re.search(r"^test:.*print-tools", makefile, re.M)
    assert "make pdf" in (ROOT / "README.md").read_text(encoding="utf-8")


# --- The print stylesheet in the built book -------------------------------------------------


@pytest.mark.build
def test_every_page_links_the_print_stylesheet_for_print_only(built_book, book_pages):
    for docname in book_pages:
        html = (BUILD_HTML / f"{docname}.html").read_text(encoding="utf-8")
        link = re.search(r"<link [^>]*hemisphere/print\.css[^>]*>", html)
        assert link and 'media="print"' in link.group(0) and "stylesheet" in link.group(0), docname
        assert re.search(r'<script defer="defer" src="[^"]*hemisphere/print\.js', html), docname
    assert (BUILD_HTML / "_static" / "hemisphere" / "print.css").exists()


@pytest.mark.browser
def test_a_page_prints_without_navigation_and_with_its_data_tables_open(visit):
    page = visit("book/01_policy_at_a_glance").page
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.bd-sidebar-primary', '.bd-header', '.bd-header-article', '.prev-next-area',
                  '.search-button', '.hq-actions']
            .filter((s) => document.querySelector(s))
            .filter((s) => getComputedStyle(document.querySelector(s)).display !== 'none')"""
    )
    assert hidden == []
    article = page.evaluate(
        "() => document.querySelector('.bd-article').getBoundingClientRect().width"
    )
    assert article > 1000  # the whole width, no sidebars beside it
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    closed = page.evaluate(
        "() => document.querySelectorAll('details.hemisphere-data:not([open])').length"
    )
    opened = page.evaluate(
        "() => document.querySelectorAll('details.hemisphere-data[open]').length"
    )
    assert closed == 0 and opened >= 1
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert (
        page.evaluate("() => document.querySelectorAll('details.hemisphere-data[open]').length")
        == 0
    )


# --- The PDFs ---------------------------------------------------------------------------------


def _poppler(*command: str) -> str:
    if not shutil.which(command[0]):
        pytest.fail(f"{command[0]} is missing: run tools/ensure-print-tools.sh (make test does)")
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


class Printed:
    """A printed PDF: each page's text without its running header and footer."""

    def __init__(self, edition: str, pdf: Path):
        self.edition, self.pdf = edition, pdf
        self.page_html = (make_pdf.singlehtml_dir(edition) / make_pdf.PRINT_PAGE).read_text(
            encoding="utf-8"
        )
        pages = [_normal(p) for p in _poppler("pdftotext", str(pdf), "-").split("\f")]
        self.raw_pages = pages[:-1] if pages and not pages[-1] else pages
        label, total = make_pdf.EDITION_LABEL[edition], len(self.raw_pages)
        # The running header and footer out; pdftotext may read a line of the header, or one
        # set in the CJK font, out of place, so they are replaced where they are, not cut.
        self.pages = [
            _normal(
                text.removeprefix("Western Hemisphere ")
                .replace(label, " ", 1)
                .replace(f"Page {number} of {total}", " ")
            )
            for number, text in enumerate(self.raw_pages, start=1)
        ]
        self.text = " ".join(self.pages)


def _print(edition: str, browser, tmp_path_factory) -> Printed:
    out = tmp_path_factory.mktemp(f"pdf-{edition}") / f"{edition}.pdf"
    try:
        make_pdf.make_pdf(edition, out, browser=browser)
    except make_pdf.PrintError as error:
        pytest.fail(f"make pdf ({edition}) failed: {error}")
    return Printed(edition, out)


@pytest.fixture(scope="module")
def student_pdf(built_book, browser, tmp_path_factory) -> Printed:
    # After the session's HTML build: the single page reuses its execution cache.
    return _print("student", browser, tmp_path_factory)


@pytest.fixture(scope="module")
def instructor_pdf(built_book, browser, tmp_path_factory) -> Printed:
    return _print("instructor", browser, tmp_path_factory)


def _titles(edition: str) -> list[tuple[str, str]]:
    titles = []
    for docname in toc_docnames(paths.TOC if edition == "student" else paths.INSTRUCTOR_TOC):
        if (ROOT / f"{docname}.ipynb").exists():
            title = chapter_title(docname)
        else:
            source = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
            title = re.search(r"^# (.+)$", source, re.M).group(1)
        titles.append((docname, _normal(title.replace('"', "")).replace("`", "")))
    return titles


def _unquoted(text: str) -> str:
    return re.sub('["“”]', "", text).replace("’", "'")


def _check_chapters_in_order(printed: Printed) -> None:
    starts = [_unquoted(text) for text in printed.pages]
    last = -1
    for docname, title in _titles(printed.edition):
        found = [i for i, text in enumerate(starts) if text.startswith(title) and i > last]
        assert found, f"{docname}: no page after page {last + 1} starts with {title!r}"
        last = found[0]
    dests = _poppler("pdfinfo", "-dests", str(printed.pdf))
    for docname, _title in _titles(printed.edition)[1:]:
        # What the contents and cross-references link to lands on the chapter's first page.
        match = re.search(rf"^\s*(\d+) .*\"document-{re.escape(docname)}\"$", dests, re.M)
        assert match, f"no link target for {docname}"
        assert starts[int(match.group(1)) - 1].startswith(dict(_titles(printed.edition))[docname])


def _check_charts_are_images(printed: Printed) -> None:
    charts = len(re.findall(r'data-hemisphere-chart="altair-viz-\d+"', printed.page_html))
    assert charts >= 10
    listing = _poppler("pdfimages", "-list", str(printed.pdf)).splitlines()[2:]
    images = {(row.split()[10]) for row in listing if row.split()[2] == "image"}
    others = len(re.findall(r"<img\b", printed.page_html))
    assert len(images) == charts + others
    # Each chart's data table prints with it, open: its summary names the table and its rows.
    summaries = re.findall(
        r'<details class="hemisphere-data"><summary>(.*?)</summary>', printed.page_html
    )
    # (Charts that the exercises' solutions draw have no table; every chapter chart has one.)
    assert len(summaries) >= 10
    for summary in summaries:
        assert _normal(_visible(summary)) in printed.text, summary


def _check_japanese_is_embedded(printed: Printed) -> None:
    fonts = _poppler("pdffonts", str(printed.pdf)).splitlines()[2:]
    assert fonts and all(re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", f) for f in fonts)
    raw = printed.pdf.read_bytes()
    assert re.search(rb"/FontName /[A-Z]{6}\+Noto(Sans|Serif)CJK", raw), "no CJK font embedded"
    for term in ("大澤傑", "西半球", "棍棒外交"):
        assert term in printed.text, term


def _check_page_numbers_and_links(printed: Printed) -> None:
    total = len(printed.raw_pages)
    for number, text in enumerate(printed.raw_pages, start=1):
        assert make_pdf.EDITION_LABEL[printed.edition] in text, number
        assert f"Page {number} of {total}" in text, number
    raw = printed.pdf.read_bytes()
    assert raw.count(b"/Subtype /Link") > 100
    assert raw.count(b"/Dest ") > 100  # links within the document, not to files


def _answers(question) -> list[str]:
    """What answers a question: its feedback and each choice's (Right: ... / Wrong: ...)."""
    return [
        _normal(text)
        for text in [question.feedback]
        + [o.feedback for o in question.options + question.statements]
        if text
    ]


@pytest.mark.build
@pytest.mark.slow
def test_the_student_pdf(student_pdf):
    _check_chapters_in_order(student_pdf)
    _check_charts_are_images(student_pdf)
    _check_japanese_is_embedded(student_pdf)
    _check_page_numbers_and_links(student_pdf)
    # Quizzes print as questions, without answers or the instructors' pages.
    assert "Check your understanding" in student_pdf.text
    assert "Answer key" not in student_pdf.text
    for bank in quiz.load_banks():
        for question in bank.questions:
            assert _normal(question.prompt)[:60] in student_pdf.text, question.id
            for answer in _answers(question):
                assert answer not in student_pdf.text, (question.id, answer)


@pytest.mark.build
@pytest.mark.slow
def test_the_instructor_pdf_ends_with_the_quiz_answer_key(instructor_pdf):
    _check_chapters_in_order(instructor_pdf)
    _check_charts_are_images(instructor_pdf)
    _check_japanese_is_embedded(instructor_pdf)
    _check_page_numbers_and_links(instructor_pdf)
    key_start = next(
        i for i, p in enumerate(instructor_pdf.pages) if "Answer key: the chapter quizzes" in p
    )
    key = " ".join(instructor_pdf.pages[key_start:])
    assert key_start > len(instructor_pdf.pages) / 2
    for bank in quiz.load_banks():
        for question in bank.questions:
            assert _normal(question.feedback) in key, question.id

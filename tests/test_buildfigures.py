"""The appendix's figures: written by `make bench`, shown by the {build-figures} directive."""

from __future__ import annotations

import json
import re

import pytest
from helpers import BUILD_HTML, ROOT

from hemisphere import buildfigures
from hemisphere.book import toc_docnames


def test_the_published_figures_cover_every_page_of_the_book():
    figures = buildfigures.load()
    assert list(figures["this book"]["pages"]) == toc_docnames(ROOT / "_toc.yml"), (
        "book/build-figures.json is older than the table of contents: run `make bench`"
    )
    notebooks = {
        p.relative_to(ROOT).as_posix()
        for d in toc_docnames(ROOT / "_toc.yml")
        if (p := ROOT / f"{d}.ipynb").exists()
    }
    assert set(figures["this book"]["notebooks_s"]) == notebooks


def test_the_published_figures_keep_every_budget():
    figures = buildfigures.load()
    names = [line["budget"] for line in figures["budgets"]]
    assert (
        len(names) == 5 and any("rebuild" in n for n in names) and any("widget" in n for n in names)
    )
    broken = [line for line in figures["budgets"] if not line["kept"]]
    assert broken == []
    for line in figures["budgets"]:
        assert line["kept"] == (line["value"] <= line["limit"]), line


def test_tables_show_both_books_and_every_budget():
    figures = buildfigures.load()
    summary = buildfigures.summary_markdown(figures)
    assert (
        f"| Clean build (s) | {figures['this book']['clean_build_s']} | "
        f"{figures['template']['clean_build_s']} |" in summary
    )
    for line in figures["budgets"]:
        assert f"| {line['budget']} | {line['value']} | {line['limit']} |" in summary
    pages = buildfigures.pages_markdown(figures)
    assert pages.count("\n") == len(figures["this book"]["pages"]) + 2


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no build figures yet; run `make bench`"),
        ("{not json", "not valid JSON"),
        ('{"measured": "2026-11-26"}', "field 'machine' is missing"),
    ],
)
def test_a_missing_or_broken_figures_file_says_what_to_do(tmp_path, content, message):
    path = tmp_path / "build-figures.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(buildfigures.FiguresError, match=re.escape(message)) as caught:
        buildfigures.load(path)
    assert str(path) in str(caught.value)


def test_a_book_without_a_field_is_named(tmp_path):
    figures = json.loads(buildfigures.FIGURES.read_text(encoding="utf-8"))
    del figures["template"]["rebuild_s"]
    path = tmp_path / "build-figures.json"
    path.write_text(json.dumps(figures), encoding="utf-8")
    with pytest.raises(buildfigures.FiguresError, match="'template' has no field 'rebuild_s'"):
        buildfigures.load(path)


@pytest.mark.build
def test_the_appendix_page_shows_the_figures(built_book):
    figures = buildfigures.load()
    text = re.sub(
        r"\s+",
        " ",
        re.sub(
            r"<[^>]+>", " ", (BUILD_HTML / "book" / "how_built.html").read_text(encoding="utf-8")
        ),
    )
    assert "How this book is built and tested" in text
    assert f"Measured on {figures['measured']}" in text
    text = text.replace("\u200b", "")  # the table's names may break after a slash
    for docname in figures["this book"]["pages"]:
        assert docname in text


def test_the_published_figures_were_measured_on_the_pages_as_they_are():
    """The figures record a digest of the sources the pages are made from: changed pages make
    the figures stale (issue 17.1)."""
    figures = buildfigures.load()
    assert figures.get("sources_digest") == buildfigures.sources_digest(ROOT), (
        "book/build-figures.json was measured on other pages than these: run `make bench`"
    )


def test_lighthouse_measured_every_page_it_should_and_each_keeps_its_budgets():
    found = buildfigures.load().get("lighthouse")
    assert found, "no Lighthouse figures: run `make bench`"
    assert found["lighthouse"] == "12.2.3" and found["runs"] == 3
    pages = buildfigures.lighthouse_pages(ROOT / "_toc.yml")
    assert "book/glossary" in pages and any(p.startswith("exercises/") for p in pages)
    assert list(found["pages"]) == pages, (
        "the measured pages differ from the book's: run `make bench`"
    )
    template = found["template"]
    assert found["template_page"] == "notebooks" and 0 < template["performance"] <= 100
    for docname, page in found["pages"].items():
        assert page["performance"] >= 90, docname
        assert page["performance"] >= template["performance"] - 5, docname
        assert page["accessibility"] == 100, docname
        assert page["transfer_kb"] <= 1.2 * 1024, docname
        assert page["fcp_ms"] <= page["lcp_ms"], docname
    assert [b["kept"] for b in found["budgets"]] == [True] * 4
    assert found["budgets"] == buildfigures.lighthouse_budgets(found["pages"], template)


def test_the_lighthouse_table_shows_every_measured_page_and_budget():
    figures = buildfigures.load()
    table = buildfigures.lighthouse_markdown(figures).replace("\u200b", "")
    for docname, page in figures["lighthouse"]["pages"].items():
        assert f"| {docname} | {page['performance']} | {page['accessibility']} |" in table
    assert "| template: notebooks |" in table
    for line in figures["lighthouse"]["budgets"]:
        assert f"| {line['budget']} |" in table


def test_the_sources_digest_follows_the_pages_sources_only(tmp_path):
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "book").mkdir()
    chapter = tmp_path / "book" / "a.md"
    chapter.write_text("# A\n\ntext\n", encoding="utf-8")
    before = buildfigures.sources_digest(tmp_path)
    # What the bench writes, caches and line endings do not change it.
    (tmp_path / "book" / "build-figures.json").write_text("{}", encoding="utf-8")
    (tmp_path / "book" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "book" / ".ipynb_checkpoints" / "a.md").write_text("x", encoding="utf-8")
    chapter.write_bytes(b"# A\r\n\r\ntext\r\n")
    (tmp_path / "README.md").write_text("not a page", encoding="utf-8")
    assert buildfigures.sources_digest(tmp_path) == before
    chapter.write_text("# A\n\nother text\n", encoding="utf-8")
    assert buildfigures.sources_digest(tmp_path) != before


def test_lighthouse_is_pinned_for_npm_ci():
    package = json.loads((ROOT / "tools" / "lighthouse" / "package.json").read_text())
    lock = json.loads((ROOT / "tools" / "lighthouse" / "package-lock.json").read_text())
    assert package["dependencies"] == {"lighthouse": "12.2.3"}
    assert lock["packages"]["node_modules/lighthouse"]["version"] == "12.2.3"

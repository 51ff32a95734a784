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

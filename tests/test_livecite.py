"""The sources list that ends each chapter in a live notebook (hidden in the book)."""

from __future__ import annotations

import re

import nbformat
import pytest
from helpers import ROOT

from hemisphere import livecite
from hemisphere.book import toc_docnames
from hemisphere.data import reference_keys

CHAPTERS = [
    name
    for name in toc_docnames(ROOT / "_toc.yml")
    if name.startswith("book/") and (ROOT / f"{name}.ipynb").exists()
]


@pytest.mark.parametrize("docname", CHAPTERS)
def test_a_chapter_that_cites_ends_with_its_sources_hidden_in_the_book(docname):
    notebook = nbformat.read(ROOT / f"{docname}.ipynb", as_version=4)
    keys = livecite.cited_keys(docname)
    if not keys:
        assert not any("sources_cited" in cell.source for cell in notebook.cells)
        return
    last = notebook.cells[-1]
    assert last.cell_type == "code" and f'sources_cited("{docname}")' in last.source
    assert "remove-cell" in last.metadata.get("tags", [])
    assert set(keys) <= reference_keys()
    listed = re.findall(r"<li><code>([^<]+)</code>", livecite.sources_html(docname))
    assert listed == keys


def test_cited_keys_are_read_from_every_citation_role_once_in_order(monkeypatch):
    text = "A {cite:p}`b, a` then {cite:t}`c` and {cite}`a` again; `{cite}` in code is no role."
    monkeypatch.setattr(livecite, "_markdown_of", lambda docname: text)
    assert livecite.cited_keys("any") == ["b", "a", "c"]


def test_the_list_shows_bib_text_as_text_and_links_only_web_addresses(monkeypatch):
    monkeypatch.setattr(livecite, "cited_keys", lambda docname: ["x", "y"])
    labels = {"x": "<img src=x onerror=alert(1)> & co", "y": "大澤傑 2026, 西半球"}
    urls = {"x": "javascript:alert(1)", "y": "https://example.org/a?b=1&c=2"}
    monkeypatch.setattr(livecite, "reference_label", labels.get)
    monkeypatch.setattr(livecite, "reference_url", urls.get)
    page = livecite.sources_html("any")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt; &amp; co." in page
    assert "javascript:" not in page
    assert 'href="https://example.org/a?b=1&amp;c=2"' in page
    assert '<span lang="ja">大澤傑 2026, 西半球' in page  # marked for screen readers

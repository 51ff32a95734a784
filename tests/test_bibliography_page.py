"""The built references page lets a student find and open every source: titles keep their
capitals, each entry names who published it, with its date, note and link (issue 13, point 4);
the in-text author-year labels stay as they were."""

from __future__ import annotations

import html
import re

import pytest
from helpers import BUILD_HTML, ROOT
from pybtex.database import parse_file

from hemisphere import bibstyle

pytestmark = pytest.mark.build


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


@pytest.fixture(scope="module")
def entries(built_book) -> list[tuple[str, list[str]]]:
    """Each entry of the built bibliography: its text and the addresses it links to."""
    page = (BUILD_HTML / "book" / "references.html").read_text(encoding="utf-8")
    items = re.findall(r'<div class="citation"[^>]*>(.*?)</div>', page, re.S)
    return [
        (_text(item), [html.unescape(url) for url in re.findall(r'href="([^"]+)"', item)])
        for item in items
    ]


def entry_starting(entries, start: str) -> tuple[str, list[str]]:
    found = [
        (text, urls) for text, urls in entries if re.sub(r"^\[\d+\] ", "", text).startswith(start)
    ]
    assert len(found) == 1, f"{len(found)} entries start with {start!r}"
    return found[0]


def test_a_think_tank_page_shows_its_publisher_title_case_date_and_link(entries):
    text, urls = entry_starting(entries, "Margy O'Herron.")
    assert "Big Budget Act Creates a ‘Deportation-Industrial Complex’." in text
    assert "Brennan Center for Justice, 13 August 2025." in text
    assert urls == [
        "https://www.brennancenter.org/our-work/analysis-opinion/"
        "big-budget-act-creates-deportation-industrial-complex"
    ]


def test_a_wire_story_keeps_trump_and_us_capitalised_and_names_its_outlet(entries):
    text, _ = entry_starting(entries, "The Associated Press. Mexican president")
    assert (
        "Mexican president tells Trump that US intervention against cartels is ‘unnecessary’."
        in (text)
    )
    assert "ABC News, 13 January 2026." in text


def test_a_frus_document_names_its_volume_and_publisher(entries):
    text, urls = entry_starting(entries, "Thomas C. Dawson.")
    assert "Minister Dawson to the Secretary of State, No. 119, March 7, 1905." in text
    assert "Foreign Relations of the United States, 1905, document 328" in text
    assert "Office of the Historian, U.S. Department of State" in text
    assert urls == ["https://history.state.gov/historicaldocuments/frus1905/d328"]


def test_the_japanese_book_chapter_renders_as_given(entries):
    text, _ = entry_starting(entries, "大澤傑. ラテンアメリカにおける米中対立の展開")
    assert "[US–China rivalry in Latin America: a receding United States" in text
    assert "In 佐橋亮 and 梅川健, editors, トランプのアメリカ 内政と外交、そして世界" in text
    assert "pp. 229–240. 東京大学出版会 (University of Tokyo Press), August 2025." in text
    assert "Essay footnotes 18 and 26" in text


def test_every_entry_is_on_the_page_with_its_title_as_given_and_its_link(entries):
    bib = parse_file(ROOT / "data" / "references.bib")
    assert len(entries) == len(bib.entries)
    page_text = "\n".join(text for text, _ in entries)
    page_urls = {url for _, urls in entries for url in urls}
    missing_titles = [
        key
        for key, entry in bib.entries.items()
        if str(bibstyle._rich(entry.fields["title"])) not in page_text
    ]
    missing_links = [
        key
        for key, entry in bib.entries.items()
        if "url" in entry.fields and entry.fields["url"] not in page_urls
    ]
    assert missing_titles == [] and missing_links == []


def test_the_in_text_labels_are_author_year_and_their_tooltips_use_the_style(built_book):
    page = (BUILD_HTML / "book" / "01_policy_at_a_glance.html").read_text(encoding="utf-8")
    tooltips = re.findall(
        r'<a class="reference internal"[^>]*title="([^"]*)"[^>]*>'
        r'(?:<span lang="ja">)?大澤傑(?:</span>)?, 2026b</a>',
        page,
    )
    assert tooltips, "chapter 1 cites the essay as 大澤傑, 2026b"
    assert "Latin America policy under the second Trump administration" in html.unescape(
        tooltips[0]
    )

"""The bibliography's style (hemisphere/bibstyle.py): each entry shows its author or issuing
body, its title exactly as the .bib gives it, where it appeared and who issued it, its full date,
its note and its link, so that a student can find and open the source (issue 13, point 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file, parse_string
from pybtex.plugin import find_plugin
from pybtex.richtext import HRef

from hemisphere import bibstyle

BIB = Path(__file__).resolve().parent.parent / "data" / "references.bib"

# pybtex's own backends, looked up once: Text.render_as(name) looks the backend up among the
# installed entry points on every call (20 ms each: seconds over the whole bibliography).
TEXT = find_plugin("pybtex.backends", "text")()
HTML = find_plugin("pybtex.backends", "html")()

SAMPLES = r"""
@article{stuenkel,
  author  = {Stuenkel, Oliver},
  title   = {Trump Can't Bully Latin America Without Consequences},
  journal = {Foreign Policy},
  year = {2025}, month = jan, day = {28},
  url     = {https://foreignpolicy.com/2025/01/28/example/},
  note    = {Essay footnote 22}
}
@article{oba,
  author  = {{大場樹精}},
  title   = {トランプ大統領との関係強化はアルゼンチンに何をもたらしているのか [What are closer ties with President Trump bringing Argentina?]},
  journal = {ラテンアメリカ時報},
  number  = {1453}, pages = {24--26}, year = {2026}
}
@online{oherron,
  author  = {O'Herron, Margy},
  title   = {Big Budget Act Creates a `Deportation-Industrial Complex'},
  organization = {Brennan Center for Justice},
  year = {2025}, month = aug, day = {13},
  url     = {https://www.brennancenter.org/our-work/example},
  note    = {Essay footnote 6. Accessed 22 February 2026}
}
@misc{apreprint,
  author    = {{The Associated Press}},
  title     = {Mexican president tells Trump that US intervention against cartels is `unnecessary'},
  publisher = {ABC News},
  year = {2026}, month = jan, day = {13},
  url       = {https://abcnews.go.com/International/wireStory/example?id=1&page=2},
  note      = {A reprint of an AP story}
}
@online{frus,
  author    = {{US Department of State}},
  title     = {Minister Dawson to the Secretary of State, March 7, 1905},
  booktitle = {Foreign Relations of the United States, 1905, document 328},
  organization = {Office of the Historian},
  year      = {1905},
  url       = {https://history.state.gov/historicaldocuments/frus1905/d328}
}
@online{selfpublished,
  author    = {{Reuters}},
  title     = {US Announces Military Operation},
  publisher = {Reuters},
  year = {2025}, month = nov
}
@misc{jiia,
  author       = {{大澤傑}},
  title        = {トランプ2.0が描く西半球 {[The Western Hemisphere as Trump 2.0 draws it]}},
  howpublished = {日本国際問題研究所 (The Japan Institute of International Affairs), 研究レポート (research report)},
  organization = {日本国際問題研究所 (The Japan Institute of International Affairs)},
  year = {2026a}, month = jan, day = {16}
}
@incollection{osawa,
  author    = {{大澤傑}},
  title     = {ラテンアメリカにおける米中対立の展開—離れる米国、近づく中国— [US--China rivalry in Latin America]},
  editor    = {{佐橋亮} and {梅川健}},
  booktitle = {トランプのアメリカ—内政、外交、そして世界— [Trump's America]},
  publisher = {東京大学出版会 (University of Tokyo Press)},
  year = {2025}, pages = {229--240},
  isbn      = {978-4-13-033309-2},
  note      = {Essay footnotes 18 and 26}
}
@report{crs,
  author      = {{Congressional Research Service}},
  title       = {Foreign Terrorist Organization Designations of Cartels},
  type        = {Insight},
  number      = {IN11205},
  institution = {Library of Congress},
  year = {2025}, month = feb, day = {20},
  doi         = {10.0000/example.1}
}
@techreport{tech,
  author      = {Doe, Jane},
  title       = {Net Migration in the US, 2025},
  institution = {Brookings Institution},
  year = {2026}
}
@online{dollars,
  author    = {{VisaVerge}},
  title     = {Trump Secures \$170 Billion for the ``Big Bill''},
  publisher = {VisaVerge},
  date      = {2025-07-04}
}
"""


def links(text) -> list[str]:
    """The addresses the rich text links to (what becomes an <a href> in the book)."""
    if isinstance(text, HRef):
        return [text.url]
    return [url for part in getattr(text, "parts", []) for url in links(part)]


@pytest.fixture(scope="module")
def formatted() -> dict[str, tuple[str, str, list[str]]]:
    """Each sample entry as (plain text, HTML, links), formatted by the style."""
    bib = parse_string(SAMPLES, "bibtex")
    return {
        entry.key: (entry.text.render(TEXT), entry.text.render(HTML), links(entry.text))
        for entry in bibstyle.Style().format_entries(bib.entries.values())
    }


def test_an_article_keeps_its_title_case_and_shows_journal_full_date_and_link(formatted):
    text, markup, urls = formatted["stuenkel"]
    assert text.startswith("Oliver Stuenkel. Trump Can't Bully Latin America Without Consequences.")
    assert "Foreign Policy, 28 January 2025." in text
    assert "<em>Foreign Policy</em>" in markup
    assert urls == ["https://foreignpolicy.com/2025/01/28/example/"]
    assert "Essay footnote 22." in text


def test_a_japanese_article_shows_its_issue_and_pages(formatted):
    text, _, _ = formatted["oba"]
    assert text.startswith(
        "大場樹精. トランプ大統領との関係強化はアルゼンチンに何をもたらしているのか"
    )
    assert "[What are closer ties with President Trump bringing Argentina?]" in text
    assert "ラテンアメリカ時報, no. 1453, pp. 24–26, 2026." in text


def test_a_web_page_shows_its_organization_and_day(formatted):
    text, _, urls = formatted["oherron"]
    assert text == (
        "Margy O'Herron. Big Budget Act Creates a ‘Deportation-Industrial Complex’. "
        "Brennan Center for Justice, 13 August 2025. Essay footnote 6. Accessed 22 February 2026. "
        "URL: https://www.brennancenter.org/our-work/example."
    )
    assert urls == ["https://www.brennancenter.org/our-work/example"]


def test_a_misc_entry_shows_its_publisher_note_and_link(formatted):
    text, _, urls = formatted["apreprint"]
    assert (
        "Mexican president tells Trump that US intervention against cartels is ‘unnecessary’."
        in (text)
    )
    assert "ABC News, 13 January 2026. A reprint of an AP story." in text
    assert urls == ["https://abcnews.go.com/International/wireStory/example?id=1&page=2"]


def test_a_document_in_a_published_volume_names_the_volume_and_its_publisher(formatted):
    text, markup, _ = formatted["frus"]
    assert text.startswith(
        "US Department of State. Minister Dawson to the Secretary of State, March 7, 1905. "
        "Foreign Relations of the United States, 1905, document 328, Office of the Historian, 1905."
    )
    assert "<em>Foreign Relations of the United States, 1905, document 328</em>" in markup


def test_a_publisher_that_only_repeats_the_author_is_not_repeated(formatted):
    text, _, _ = formatted["selfpublished"]
    assert text == "Reuters. US Announces Military Operation. November 2025."


def test_a_container_already_shown_is_not_repeated(formatted):
    assert formatted["jiia"][0] == (
        "大澤傑. トランプ2.0が描く西半球 [The Western Hemisphere as Trump 2.0 draws it]. "
        "日本国際問題研究所 (The Japan Institute of International Affairs), "
        "研究レポート (research report), 16 January 2026a."
    )


def test_a_japanese_book_chapter_renders_its_names_and_titles_as_given(formatted):
    text, markup, _ = formatted["osawa"]
    assert text == (
        "大澤傑. ラテンアメリカにおける米中対立の展開—離れる米国、近づく中国— "
        "[US–China rivalry in Latin America]. In 佐橋亮 and 梅川健, editors, "
        "トランプのアメリカ—内政、外交、そして世界— [Trump's America], pp. 229–240. "
        "東京大学出版会 (University of Tokyo Press), 2025. ISBN 978-4-13-033309-2. "
        "Essay footnotes 18 and 26."
    )
    assert "<em>トランプのアメリカ—内政、外交、そして世界— [Trump's America]</em>" in markup


def test_a_report_shows_its_type_number_institution_and_doi(formatted):
    text, _, urls = formatted["crs"]
    assert text.startswith(
        "Congressional Research Service. Foreign Terrorist Organization Designations of Cartels. "
        "Insight IN11205, Library of Congress, 20 February 2025."
    )
    assert urls == ["https://doi.org/10.0000/example.1"]
    assert formatted["tech"][0] == (
        "Jane Doe. Net Migration in the US, 2025. Technical report, Brookings Institution, 2026."
    )


def test_latex_dollars_and_quotes_become_text_and_a_biblatex_date_is_read(formatted):
    assert (
        formatted["dollars"][0]
        == "VisaVerge. Trump Secures $170 Billion for the “Big Bill”. 4 July 2025."
    )


def test_tidy_latex_keeps_apostrophes_and_double_quotes():
    assert bibstyle.tidy_latex("the `President's words' and ``more''") == (
        "the \u2018President's words\u2019 and ``more''"
    )


def test_the_style_is_registered_under_the_name_the_config_uses():
    bibstyle.register()
    assert find_plugin("pybtex.style.formatting", bibstyle.STYLE_NAME) is bibstyle.Style
    config = (BIB.parent.parent / "_config.yml").read_text(encoding="utf-8")
    assert re.search(rf"^\s+bibtex_default_style: {bibstyle.STYLE_NAME}\s*$", config, re.M)


# Every entry of the real bibliography ------------------------------------------------------


def expected_date(fields) -> str:
    return " ".join(
        str(bibstyle._rich(fields[name]))
        for name in ("day", "month", "year")
        if fields.get(name, "").strip()
    )


def expected_parts(entry) -> list[str]:
    """What the entry's rendered text must contain: its title as given, its containers
    (unless one only repeats the author) and its date."""
    fields = entry.fields
    author = " and ".join(
        str(bibstyle._rich(str(p)).render(TEXT)) for p in entry.persons.get("author", [])
    )
    parts = [str(bibstyle._rich(fields["title"]))]
    for name in ("journal", "booktitle", "organization", "institution", "publisher", "note"):
        if name in fields:
            value = str(bibstyle._rich(fields[name]))
            if value != author.strip("{}"):
                parts.append(value)
    parts.append(expected_date(fields))
    return parts


def test_every_entry_of_the_bibliography_shows_its_title_containers_date_note_and_link():
    bib = parse_file(BIB)
    style = bibstyle.Style()
    problems = []
    for formatted in style.format_entries(bib.entries.values()):
        entry = bib.entries[formatted.key]
        text = formatted.text.render(TEXT)
        missing = [part for part in expected_parts(entry) if part not in text]
        if "url" in entry.fields and entry.fields["url"] not in links(formatted.text):
            missing.append(entry.fields["url"])
        if missing:
            problems.append(f"{formatted.key}: {missing} not in {text!r}")
    assert problems == []


def test_a_change_of_style_makes_an_incremental_build_read_the_bibliography_again():
    from collections import namedtuple
    from types import SimpleNamespace

    key = namedtuple("BibliographyKey", "docname id_")("book/references", "id1")
    ref = SimpleNamespace(docname="book/intro")
    domain = SimpleNamespace(bibliographies={key: None}, citation_refs=[ref])
    env = SimpleNamespace(get_domain=lambda name: domain)
    app = SimpleNamespace(config=SimpleNamespace(bibtex_default_style="plain"))

    def build() -> tuple[list[str], list[str]]:
        return (
            bibstyle._reread_bibliographies(app, env, set(), set(), set()),
            bibstyle._rewrite_citing_pages(app, env),
        )

    assert build() == (["book/references"], ["book/intro"])  # no style recorded yet
    assert build() == ([], [])  # nothing changed
    app.config.bibtex_default_style = bibstyle.STYLE_NAME
    assert build() == (["book/references"], ["book/intro"])
    assert build() == ([], [])

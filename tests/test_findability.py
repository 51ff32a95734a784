"""Find, cite, correct (issue 17.3): CITATION.cff and the book's "How to cite", the errata
page, and, on two tiny books (one a git repository with a site address and a source
repository, one a bare copy with neither), Open Graph metadata, the sitemap, the
report-an-error link and each page's last-changed date."""

from __future__ import annotations

import html
import os
import re
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml
from helpers import BUILD_HTML, ROOT

from hemisphere import citation, findability, pagesecurity
from hemisphere.book import build_command
from hemisphere.data import read_table

# --- CITATION.cff -----------------------------------------------------------------------------

TEXT = {"type": "string", "minLength": 1}
URL = {"type": "string", "pattern": "^(https|http|ftp|sftp)://.+"}
PERSON_FIELDS = ("family-names", "given-names", "name-particle", "name-suffix", "alias")
PERSON = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {
        **{name: TEXT for name in PERSON_FIELDS},
        "affiliation": TEXT,
        "orcid": URL,
        "website": URL,
    },
}
ENTITY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {"name": TEXT, "alias": TEXT, "website": URL, "city": TEXT},
}
AUTHORS = {
    "type": "array",
    "minItems": 1,
    "uniqueItems": True,
    "items": {"anyOf": [PERSON, ENTITY]},
}
#: A part of the CFF 1.2.0 schema, written out here: the keys this project uses (and a few it
#: may), with CFF's types and rules for them. Anything else fails, so a typo in a key does.
REFERENCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type", "title", "authors"],
    "properties": {
        "type": {"enum": ["article", "book", "generic", "report", "software", "website"]},
        "title": TEXT,
        "authors": AUTHORS,
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "languages": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]{2,3}$"}},
        "notes": TEXT,
        "journal": TEXT,
        "url": URL,
    },
}
CFF_1_2_0 = {
    "type": "object",
    "additionalProperties": False,
    "required": ["cff-version", "message", "title", "authors"],
    "properties": {
        "cff-version": {"type": "string", "pattern": r"^1\.2\.0$"},
        "message": TEXT,
        "type": {"enum": ["software", "dataset"]},
        "title": TEXT,
        "abstract": TEXT,
        "authors": AUTHORS,
        "version": {"anyOf": [TEXT, {"type": "number"}]},
        "date-released": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "keywords": {"type": "array", "minItems": 1, "uniqueItems": True, "items": TEXT},
        "license": {"anyOf": [TEXT, {"type": "array", "items": TEXT}]},
        "url": URL,
        "repository-code": URL,
        "references": {"type": "array", "minItems": 1, "items": REFERENCE},
    },
}


def _cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_cff_1_2_0():
    jsonschema.validate(_cff(), CFF_1_2_0)


@pytest.mark.parametrize(
    "change",
    [
        lambda cff: cff.pop("authors"),
        lambda cff: cff.update({"cff-version": "1.1.0"}),
        lambda cff: cff.update({"author": cff["authors"]}),
        lambda cff: cff["references"][0].update({"month": 13}),
        lambda cff: cff["references"][0]["authors"][0].update({"name": "x"}),
    ],
    ids=["no authors", "old version", "misspelt key", "month 13", "person with a name"],
)
def test_the_structure_check_catches_a_broken_file(change):
    cff = _cff()
    change(cff)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(cff, CFF_1_2_0)


def test_citation_cff_carries_the_modules_version_and_the_essay():
    cff = _cff()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert cff["version"] == pyproject["project"]["version"]
    # The essay as data/references.bib gives it (osawa2026essay): author, title, Feb 2026.
    from pybtex.database import parse_file

    entry = parse_file(str(ROOT / "data" / "references.bib")).entries["osawa2026essay"]
    (essay,) = cff["references"]
    assert citation.person(essay["authors"][0]).startswith(
        str(entry.persons["author"][0]).strip("{}")
    )
    assert entry.fields["title"].startswith(essay["title"])
    assert entry.fields["year"].startswith(str(essay["year"]))  # 2026b: the .bib's second 2026
    assert citation.MONTHS[essay["month"] - 1] == entry.fields["month"] == "February"


def test_the_citation_text_is_written_from_the_file():
    cff = _cff()
    line = citation.module_citation(cff, "https://example.org/book/")
    assert line == (
        f"The Western Hemisphere module team. Western Hemisphere (version {cff['version']}). "
        "https://example.org/book/."
    )
    assert citation.reference_citation(cff["references"][0]).startswith(
        "大澤傑 (Suguru Osawa) (February 2026). 第二次トランプ政権における対ラテンアメリカ外交"
    )
    hostile = {**cff, "title": "A {b} & 50% <i>"}
    assert "title = {A \\{b\\} \\& 50\\% <i>}" in citation.module_bibtex(hostile)


# --- Errata -----------------------------------------------------------------------------------


def test_the_errata_table_may_be_empty_and_its_header_is_checked(data_copy):
    from hemisphere import data

    assert read_table("errata") == []
    (data_copy / "errata.csv").write_text("id,date,page,what\n", encoding="utf-8")
    data.clear_cache()
    with pytest.raises(
        data.DataError, match=r"data/errata.csv, line 1: missing column\(s\) 'correction'"
    ):
        read_table("errata")


def test_an_errata_row_is_checked_and_shown_escaped(data_copy):
    from hemisphere import data, errata

    path = data_copy / "errata.csv"
    path.write_text(
        "id,date,page,correction,sources\n"
        'fix-1,2026-03-01,book/glossary,"Said <b>1904</b> & *not* {cite}`x`",osawa2026essay\n',
        encoding="utf-8",
    )
    data.clear_cache()
    text = findability.errata_markdown(errata.rows())
    assert "\\<b\\>1904\\<\\/b\\> \\& \\*not\\* \\{cite\\}\\`x\\`" in text
    assert "{doc}`/book/glossary`" in text and "{cite:t}`osawa2026essay`" in text
    path.write_text(
        "id,date,page,correction,sources\nfix-1,2026-03-01,book/glossary,x,nosuchkey\n",
        encoding="utf-8",
    )
    data.clear_cache()
    with pytest.raises(data.DataError, match="line 2, id 'fix-1', column 'sources'"):
        errata.rows()
    assert findability.errata_markdown([]).startswith("There are no corrections yet")


# --- The book ---------------------------------------------------------------------------------


def _text(page: Path) -> str:
    """The page's text, with Sphinx's typographic quotes straightened again."""
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    return text.translate(str.maketrans("“”‘’", "\"\"''"))


@pytest.mark.build
def test_the_book_shows_how_to_cite_and_the_errata(built_book):
    cff = _cff()
    page = " ".join(_text(BUILD_HTML / "book" / "how_built.html").split())
    assert "How to cite" in page
    assert citation.module_citation(cff) in page
    assert citation.reference_citation(cff["references"][0]) in page
    assert f"version = {{{cff['version']}}}" in page
    errata_page = " ".join(_text(BUILD_HTML / "book" / "errata.html").split())
    assert "There are no corrections yet" in errata_page
    for toc in ("_toc.yml", "_toc.instructor.yml"):
        assert "- file: book/errata" in (ROOT / toc).read_text(encoding="utf-8")


# --- Two tiny books ---------------------------------------------------------------------------

PAGES = {
    "intro": "# Tiny book\n\nA first paragraph long enough to serve as the page's description.\n",
    "tariffs": (
        '# Tariffs & `"deals"`: \\<sticks\\>\n\n'  # code keeps the quotes straight
        + "Deal diplomacy, explained at some length so that the description is shortened. " * 5
        + "\n"
    ),
    "later": "# Later\n\nA page that was changed twice, in two commits on two dates.\n",
    "draft": "# Draft\n\nA page that was never committed, so it has no date of its own.\n",
}
DATES = {"intro": "2025-01-02", "tariffs": "2025-03-04", "later": "2025-05-06"}


def _tiny_book(root: Path, *, site: str, source: str) -> Path:
    root.mkdir()
    config = {
        "title": 'Tiny & "Book"',
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "bibtex_bibfiles": [str(ROOT / "data" / "references.bib")],  # hemisphere.sphinxext needs it
        "html": {"baseurl": site},
        "repository": {"url": "", "source_url": source, "student_url": ""},
        "sphinx": {"extra_extensions": ["hemisphere.sphinxext", "hemisphere.findability"]},
    }
    (root / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": n} for n in PAGES][1:]}
    (root / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    for name, text in PAGES.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def _commit(root: Path, files: list[str], day: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00",
        "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00",
    }
    for command in (["add", *files], ["commit", "-q", "-m", f"pages of {day}"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, env=env)


def _build(root: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        build_command(root, path_output=root),
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result


SITE = "https://example.org/tiny/"
SOURCE = "https://github.com/team/tiny"


@pytest.fixture(scope="module")
def tiny_books(tmp_path_factory):
    """The same pages built twice: in a git repository with history, a site address and a
    source repository; and as a bare copy with none of the three."""
    base = tmp_path_factory.mktemp("tiny")
    with_git = _tiny_book(base / "with-git", site=SITE, source=SOURCE)
    subprocess.run(["git", "init", "-q", str(with_git)], check=True)
    for command in (["config", "user.email", "t@example.org"], ["config", "user.name", "T"]):
        subprocess.run(["git", "-C", str(with_git), *command], check=True)
    _commit(with_git, ["_config.yml", "_toc.yml", "intro.md", "later.md"], "2025-01-02")
    _commit(with_git, ["tariffs.md"], "2025-03-04")
    (with_git / "later.md").write_text(PAGES["later"] + "\nChanged.\n", encoding="utf-8")
    _commit(with_git, ["later.md"], "2025-05-06")
    bare = _tiny_book(base / "bare", site="", source="")
    # A sitemap an earlier build wrote (with an address since removed) does not survive.
    (bare / "_build" / "html").mkdir(parents=True)
    (bare / "_build" / "html" / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    return {"git": (with_git, _build(with_git)), "bare": (bare, _build(bare))}


def _page(root: Path, name: str) -> str:
    return (root / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8")


def _meta(page: str, prop: str) -> str:
    found = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)" />', page)
    assert found, prop
    return html.unescape(found.group(1))


@pytest.mark.build
def test_every_page_carries_open_graph_metadata(tiny_books):
    root, _ = tiny_books["git"]
    page = _page(root, "tariffs")
    head = page.split("</head>", 1)[0]
    assert _meta(head, "og:title") == 'Tariffs & "deals": <sticks>'
    assert 'content="Tariffs &amp; &quot;deals&quot;: &lt;sticks&gt;"' in head  # escaped
    assert _meta(head, "og:url") == f"{SITE}tariffs.html"
    assert _meta(head, "og:type") == "article"
    assert _meta(head, "og:site_name") == 'Tiny & "Book"'
    assert _meta(head, "og:locale") == "en"
    description = _meta(head, "og:description")
    assert description.startswith("Deal diplomacy, explained") and description.endswith(" …")
    assert len(description) <= findability.DESCRIPTION_LENGTH + 2
    assert _meta(_page(root, "intro").split("</head>", 1)[0], "og:type") == "website"
    for name in PAGES:
        assert 'property="og:url"' in _page(root, name), name


@pytest.mark.build
def test_the_sitemap_lists_every_page_with_its_date(tiny_books):
    root, _ = tiny_books["git"]
    tree = ET.parse(root / "_build" / "html" / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in tree.getroot().findall("s:url", ns)
    }
    assert entries == {f"{SITE}{name}.html": DATES.get(name) for name in sorted(PAGES)}


@pytest.mark.build
def test_each_page_shows_when_it_last_changed(tiny_books):
    root, _ = tiny_books["git"]
    assert '<time datetime="2025-05-06">6 May 2025</time>' in _page(root, "later")
    assert '<time datetime="2025-03-04">4 March 2025</time>' in _page(root, "tariffs")
    assert "last changed" not in _page(root, "draft")  # never committed: no date


@pytest.mark.build
def test_every_page_links_to_a_prefilled_new_issue(tiny_books):
    root, _ = tiny_books["git"]
    for name in PAGES:
        page = _page(root, name)
        links = re.findall(r'<a class="hemisphere-report-error" href="([^"]*)"', page)
        assert len(links) == 1, name
        assert page.count("Report an error") == 1, name  # the site-wide link is replaced
        url = urlsplit(html.unescape(links[0]))
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{SOURCE}/issues/new"
        query = parse_qs(url.query)
        assert query["body"][0].startswith(f"Page: {SITE}{name}.html\n")
    query = parse_qs(
        urlsplit(
            html.unescape(
                re.search(
                    r'class="hemisphere-report-error" href="([^"]*)"', _page(root, "tariffs")
                ).group(1)
            )
        ).query
    )
    assert query["title"] == ['Error on the page: Tariffs & "deals": <sticks>']


@pytest.mark.build
def test_what_the_pages_gain_keeps_the_content_security_policy(tiny_books):
    root, _ = tiny_books["git"]
    for name in PAGES:
        page = _page(root, name)
        assert pagesecurity.CSP_MARK in page
        footer = page.split('class="hemisphere-page-meta"', 1)[1].split("</p>", 1)[0]
        assert "<script" not in footer and not re.search(r"\son\w+=", footer)
        # Every inline script the browser runs is one the policy hashes.
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
        for script in pagesecurity.inline_scripts(page):
            assert pagesecurity.script_hash(script) in policy.group(1)


@pytest.mark.build
def test_a_copy_without_git_or_addresses_leaves_each_feature_out(tiny_books):
    root, result = tiny_books["bare"]
    log = result.stdout + result.stderr
    assert log.count("sitemap and Open Graph metadata left out") == 1
    assert "errata link left out" in log
    assert not re.search(r"\bWARNING: ", log)
    assert not (root / "_build" / "html" / "sitemap.xml").exists()
    for name in PAGES:
        page = _page(root, name)
        assert "og:" not in page and "last changed" not in page and "Report an error" not in page

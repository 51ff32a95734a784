"""The fact-check layer: data/claims.csv loads and validates like the other tables, its
record reads figures from the other tables, and the boxes built from it show its text as text."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import nbformat
import pytest

from hemisphere import claims as claim_boxes
from hemisphere import data

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CHAPTERS = sorted((ROOT / "book").glob("0[1-9]_*.ipynb")) + [ROOT / "book" / "conclusion.ipynb"]
BOX_CALL = re.compile(r"claim_box\(([^)]*)\)")


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "claims.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in claims.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- The table -------------------------------------------------------------------


def test_the_claims_the_record_qualifies_are_all_there():
    claims = data.load_claims()
    # facts.md's twelve, E4, E5, E8, E13 and E14, and the two boxes that were already
    # in the chapters (the Belt and Road count, the south).
    assert len(claims) == 19
    assert claims["id"].is_unique
    assert set(claims["claim_by"]) == {"the essay", "this book's earlier text", "a common reading"}
    assert (claims["claim_by"] == "the essay").sum() == 16
    by_verdict = claims["verdict"].value_counts()
    assert by_verdict["contradicted"] == 2  # the majors list, Nicaragua's "amnesty"
    assert by_verdict["confirmed"] == 2  # the Belt and Road count, the designations


def test_every_record_reads_its_figures_from_data():
    claims = data.load_claims().set_index("id")
    indicators = data.load_indicators().set_index("id")
    events = data.load_events().set_index("id")
    majors = claims.loc["majors-list-count"]
    assert "{count:majors_list_region}" in majors["record"]
    assert (
        f"names {data.teaching_counts()['majors_list_region']} countries" in majors["record_text"]
    )
    border = claims.loc["border-apprehensions-87", "record_text"]
    assert (
        f"{indicators.loc['sw-border-apprehensions-fy2025', 'value']:,.0f} apprehensions" in border
    )
    assert "1 Oct 2024 to 30 Sep 2025" in border
    ports = claims.loc["panama-ports-taken", "record_text"]
    assert events.loc["panama-ports-ruling-in-force", "date_label"] in ports
    # The Roosevelt-era rows read their dates and figures too, a year alone where the prose wants one.
    dominican = claims.loc["dominican-debt", "record_text"]
    assert (
        f"from {events.loc['dominican-receivership', 'date_label']}, a modus vivendi" in dominican
    )
    share = indicators.loc["dominican-customs-share", "value"]
    assert f"{share:,.0f}% of the revenue went to the Dominican government" in dominican
    clark = claims.loc["clark-repudiation"]
    assert "{event:montevideo-convention.year}" in clark["record"]
    assert (
        f"at Montevideo in {events.loc['montevideo-convention', 'date'].year} ("
        in clark["record_text"]
    )
    assert events.loc["clark-memorandum", "date_label"] in clark["record_text"]
    for text in claims["record_text"]:
        assert "{" not in text and "}" not in text


def test_every_claim_source_resolves_and_none_is_the_fact_sheet():
    keys = data.reference_keys()
    for sources in data.load_claims()["sources"]:
        assert sources and set(sources) <= keys
        assert "factsheet2026" not in sources


def test_a_claim_not_made_by_the_essay_says_so():
    claims = data.load_claims()
    others = claims[claims["claim_by"] != "the essay"]
    assert set(others["id"]) == {"first-corollary", "corollary-oas-rio", "clark-repudiation"}
    assert all(note.startswith("Not the essay's claim") for note in others["note"])


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "{event:boat-strikes-begin}",
            "{event:boat-strikes-start}",
            "data/claims.csv, line 7, id 'southern-spear-start', column 'record': "
            "{event:boat-strikes-start}: no row of data/events.csv has id 'boat-strikes-start'",
        ),
        (
            "{indicator:removals-goal}",
            "{indicator:removals-goal.median}",
            "data/claims.csv, line 5, id 'removals-goal', column 'record': "
            "{indicator:removals-goal.median}: an indicator has no field 'median'",
        ),
        (
            "{count:majors_list_region}",
            "{count:majors}",
            "data/claims.csv, line 9, id 'majors-list-count', column 'record': "
            "{count:majors}: no count named 'majors'",
        ),
        (
            "{event:clark-memorandum}",
            "{event:clark-memorandum.month}",
            "data/claims.csv, line 20, id 'clark-repudiation', column 'record': "
            "{event:clark-memorandum.month}: an event has no field 'month' "
            "(use {event:ID} or {event:ID.year})",
        ),
        (
            "{indicator:removals-goal}",
            "{figure:removals-goal}",
            "data/claims.csv, line 5, id 'removals-goal', column 'record': {figure:removals-goal}: "
            "a placeholder is {indicator:ID}, {event:ID} or {count:NAME}",
        ),
        (
            'imprecise,"The figure is DHS',
            'wrong,"The figure is DHS',
            "data/claims.csv, line 2, id 'border-apprehensions-87', column 'verdict': "
            "'wrong' is not one of:",
        ),
        (
            '"§1, footnote 7"',
            '"section 1, note 7"',
            "data/claims.csv, line 2, id 'border-apprehensions-87', column 'essay_location': "
            "'section 1, note 7' is not in the expected form",
        ),
        (
            ",01_policy_at_a_glance,\"The essay's source",
            ",chapter1,\"The essay's source",
            "data/claims.csv, line 2, id 'border-apprehensions-87', column 'chapter': "
            "'chapter1' is not one of:",
        ),
        (
            "shareamerica2025border;dhs2025apprehensions",
            "shareamerica2025border;nosuchkey2020",
            "data/claims.csv, line 2, id 'border-apprehensions-87', column 'sources': "
            "source key 'nosuchkey2020' is not in data/references.bib",
        ),
        (
            "removals-goal,a goal",
            "border-apprehensions-87,a goal",
            "data/claims.csv, line 5, id 'border-apprehensions-87', column 'id': "
            "duplicate id 'border-apprehensions-87' (first used on line 2)",
        ),
        (
            ',the essay,"§1, footnote 7"',
            ',,"§1, footnote 7"',
            "data/claims.csv, line 2, id 'border-apprehensions-87', column 'claim_by': "
            "is empty but required",
        ),
        ("id,question,", "id,title,", "data/claims.csv, line 1: missing column(s) 'question'"),
    ],
)
def test_broken_claim_rows_name_file_line_row_and_column(data_copy, old, new, message):
    edit(data_copy, old, new)
    with pytest.raises(data.DataError) as raised:
        data.load_claims()
    assert str(raised.value).startswith(message)


def test_an_unknown_claim_id_is_named():
    with pytest.raises(KeyError, match="no claim with id 'no-such-claim' in data/claims.csv"):
        claim_boxes.claim_box("no-such-claim")


# --- The boxes -------------------------------------------------------------------


def test_a_box_shows_the_claim_the_record_and_linked_sources():
    html = claim_boxes.claim_box("nicaragua-amnesty").data
    row = data.claim("nicaragua-amnesty")
    assert 'class="admonition tip hemisphere-claim"' in html
    assert (
        '<p class="admonition-title">Check the claim: did Nicaragua declare an amnesty?</p>' in html
    )
    assert "Verdict: Contradicted by the record." in html
    assert escape(row["record_text"]) in html
    assert f'<span lang="ja">「{row["essay_words"]}」</span>' in html
    url = data.reference_url("ndtv2026nicaragua")
    assert f'<a href="{url}">{data.reference_label("ndtv2026nicaragua")}</a>' in html


def test_hostile_text_in_a_claim_row_is_shown_as_text(data_copy):
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quoted"'
    edit(data_copy, "did border arrests fall by 87% in a year?", hostile)
    edit(data_copy, "The fall is real and large.", "<b>bold</b> The fall is real and large.")
    html = claim_boxes.claim_box("border-apprehensions-87").data
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; "
        "&amp; &quot;quoted&quot;" in html
    )
    assert "&lt;b&gt;bold&lt;/b&gt; The fall is real and large." in html


def test_a_source_url_that_is_not_a_web_address_is_not_a_link(data_copy, monkeypatch):
    monkeypatch.setattr(data, "reference_url", lambda key: "javascript:alert(1)")
    html = claim_boxes.claim_box("bolivia-turn-right").data
    assert "javascript:" not in html
    assert data.reference_label("reuters2025bolivia").split(",")[0] in html


def test_the_claims_page_shows_every_claim_grouped_by_chapter():
    html = claim_boxes.claims_page_html()
    claims = data.load_claims()
    for claim_id in claims["id"]:
        assert f'id="claim-{claim_id}"' in html
    # Chapters in book order: chapter 1's boxes come before the conclusion's.
    assert html.index("claim-border-apprehensions-87") < html.index("claim-clark-repudiation")
    assert "01_policy_at_a_glance.ipynb" in html  # a live session links the notebook


# --- The chapters ----------------------------------------------------------------


def box_calls(path: Path) -> list[str]:
    """The claim ids a chapter's code cells pass to claim_box."""
    notebook = nbformat.read(path, as_version=4)
    ids = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for call in BOX_CALL.findall(cell.source):
            ids += re.findall(r"[\"']([a-z0-9-]+)[\"']", call)
            assert "remove-input" in cell.metadata.get("tags", []), (path.stem, cell.id)
    return ids


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_each_chapter_shows_the_boxes_the_table_assigns_it(path):
    claims = data.load_claims()
    shown = box_calls(path)
    assert shown, f"{path.stem} shows no generated claim box"
    assigned = set(claims.loc[claims["chapter"] == path.stem, "id"])
    assert sorted(shown) == sorted(assigned)
    markdown = "\n".join(
        cell.source
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "markdown"
    )
    assert "```{admonition} Check the claim" not in markdown, "a hand-written box is left"


def test_a_box_reads_as_a_box_in_a_live_notebook_too():
    """JupyterLab does not style `.admonition.tip`: the output brings rules scoped to its
    output area (so the built book keeps the theme's look)."""
    html = claim_boxes.claim_box("bolivia-turn-right").data
    style = html.split("</style>", 1)[0]
    assert style.startswith("<style>")
    rules = [line for line in style.splitlines() if "{" in line]
    assert all(
        rule.startswith(".jp-RenderedHTMLCommon ") or rule.startswith(".hemisphere-claims-chapter")
        for rule in rules
    )
    assert any(".hemisphere-claim {" in rule and "border-left" in rule for rule in rules)

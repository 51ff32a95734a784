"""What the built pages say comes from data/ and the sources: the prose's numbers, the data page,
the instructor guide and the check-the-claim boxes (whose text stays text, whatever it holds)."""

from __future__ import annotations

import re

import pytest
from helpers import (
    BUILD_HTML,
    ROOT,
    build_copy,
    copy_sources,
    page_text,
    visible_text,
)

from hemisphere import addresses
from hemisphere.data import load_events
from hemisphere.facts import event

pytestmark = pytest.mark.build


def test_chapter_1_prose_reads_its_numbers_from_data(built_book):
    html = (BUILD_HTML / "book" / "01_policy_at_a_glance.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    events = load_events()
    trip = event(events, "rubio-first-trip")
    second_term = events[events["era"] == "Trump's second term"]
    assert f"he visited {len(trip['countries'])} countries" in text
    assert f"places the {len(second_term)} events" in text
    assert event(events, "nss-2025")["date_label"] in text


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


def test_the_instructor_guide_is_generated_from_the_sources(built_book):
    from hemisphere import guide, quiz
    from hemisphere.book import learning_objectives

    text = page_text(BUILD_HTML / "book" / "instructors.html")
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


def test_the_pages_show_the_claim_boxes_generated_from_the_table(built_book):
    """Each claim's box is on its chapter's page and on the claims page, with the text of its row."""
    from hemisphere.data import load_claims

    for _, row in load_claims().iterrows():
        for page in ["claims", row["chapter"]] if row["chapter"] else ["claims"]:
            html = (BUILD_HTML / "book" / f"{page}.html").read_text(encoding="utf-8")
            assert f'id="claim-{row["id"]}"' in html, (page, row["id"])
            text = visible_text(html)
            assert f"Check the claim: {row['question']}" in text, (page, row["id"])
            assert row["record_text"] in text, (page, row["id"])
            assert row["why_it_matters"] in text, (page, row["id"])
    # A chapter shows its boxes as the theme's tip admonition, with no code shown.
    html = (BUILD_HTML / "book" / "02_big_sticks_and_deals.html").read_text(encoding="utf-8")
    assert 'class="admonition tip hemisphere-claim"' in html
    assert "claim_box(" not in visible_text(html)


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
        assert f"Check the claim: {question} {hostile}" in visible_text(html), page

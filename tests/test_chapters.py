"""Every chapter keeps the skeleton of design.md, and the glossary backs its terms."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("0[1-9]_*.ipynb")) + [ROOT / "book" / "conclusion.ipynb"]
CHAPTERS = [path for path in CHAPTERS if path.exists()]
GLOSSARY = ROOT / "book" / "glossary.md"
ROLE = re.compile(r"\{[a-z:]+\}`([^`]*)`")


def glossary_terms() -> dict[str, str]:
    text = GLOSSARY.read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    terms, current = {}, None
    for line in block.splitlines():
        if line and not line.startswith(" "):
            current = line.strip()
            terms[current] = ""
        elif current and line.strip():
            terms[current] += line.strip() + " "
    return terms


def markdown(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def generated_claim_boxes(path: Path) -> list[str]:
    """The claim ids a chapter's code cells show with claim_box, each checked to resolve."""
    from hemisphere.data import claim

    notebook = nbformat.read(path, as_version=4)
    ids = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for call in re.findall(r"claim_box\(([^)]*)\)", cell.source):
                ids += re.findall(r"[\"']([a-z0-9-]+)[\"']", call)
    for claim_id in ids:
        claim(claim_id)  # a KeyError names an id that is not in data/claims.csv
    return ids


def section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def narrative_words(text: str) -> int:
    text = re.sub(r"^(```|:).*$", " ", text, flags=re.M)  # fences and directive options
    text = re.sub(r"^\|.*\|$", " ", text, flags=re.M)  # tables
    text = ROLE.sub(lambda m: m.group(1).split("<")[0], text)  # a role counts as its words
    return len(re.findall(r"[A-Za-z0-9\u3040-\u30ff\u4e00-\u9fff]+", text))


def test_the_glossary_has_at_least_30_terms_each_with_its_japanese():
    terms = glossary_terms()
    assert len(terms) >= 30
    for term, definition in terms.items():
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", definition), f"{term}: no Japanese term"


def test_there_is_a_chapter_for_each_section_and_a_conclusion():
    names = [path.stem for path in CHAPTERS]
    assert len([n for n in names if n[:2].isdigit()]) == 5
    assert "conclusion" in names


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_keeps_the_skeleton(path):
    text = markdown(path)
    assert "**Time to read:**" in text
    objectives = re.findall(
        r"^\d+\. \*\*[A-Z][a-z]+\*\*", section(text, "Learning objectives"), re.M
    )
    assert 3 <= len(objectives) <= 5, "3 to 5 measurable objectives, each led by a verb in bold"
    key_terms = ROLE.findall(section(text, "Key terms"))
    assert len(key_terms) >= 4
    assert generated_claim_boxes(path), "no generated 'Check the claim' box"
    questions = re.findall(r"^\d+\. ", section(text, "Discussion questions"), re.M)
    assert len(questions) >= 3
    assert section(text, "Summary").strip()
    assert "{cite:t}" in section(text, "Further reading")


#: Raised limits, each with its reason. Chapter 3 carries the Roosevelt Corollary's history from
#: 1905 to its repudiation (occupations, Havana, Clark and the Sessions dispute, Montevideo, the
#: OAS Charter) and the side-by-side reading of both corollaries (issue 13): 2810 words when
#: written, so 3000 would leave no room for the re-reading of issue 13's point 3.
WORD_LIMITS = {"03_donroe_doctrine": 3400}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_narrative_is_1500_to_3000_words(path):
    # The generated "Check the claim" boxes are prose the reader sees: their words count.
    from hemisphere.data import claim

    boxes = [claim(claim_id) for claim_id in generated_claim_boxes(path)]
    box_text = "\n".join(
        f"{box['question']} {box['claim']} {box['record_text']} {box['why_it_matters']}"
        for box in boxes
    )
    words = narrative_words(markdown(path) + "\n" + box_text)
    assert 1500 <= words <= WORD_LIMITS.get(path.stem, 3000)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_links_its_terms_to_the_glossary(path):
    terms = {term.lower() for term in glossary_terms()}
    used = {target.lower() for target in re.findall(r"\{term\}`([^`<]+)`", markdown(path))}
    assert used, "no glossary links"
    assert used <= terms, f"not in the glossary: {used - terms}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_computes_at_least_two_figures_or_tables(path):
    notebook = nbformat.read(path, as_version=4)
    shown = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code"
        and "remove-cell" not in cell.metadata.get("tags", [])
        and not cell.source.lstrip().startswith(("from ", "import "))
    ]
    assert len(shown) >= 2

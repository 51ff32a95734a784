"""What every export shares: the course category, the ids a question and a chapter carry in
every format, the general feedback, and classify and order questions as matching pairs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ... import data as _data
from ..model import Bank, Question

COURSE_CATEGORY = "Western Hemisphere"
POSITIONS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]


def category_path(bank: Bank) -> str:
    """Moodle's category for a bank. Moodle shows category names as HTML, so the bank's title
    is escaped; a '/' in it would start a subcategory, so it is doubled (Moodle's escape)."""
    from html import escape

    title = " ".join(escape(bank.title, quote=False).split()).replace("/", "//")
    return f"$course$/{COURSE_CATEGORY}/{title}"


def moodle_fraction(value: float) -> str:
    """A grade fraction as Moodle lists them (e.g. 33.33333, -50): five decimals at most."""
    return f"{round(value, 5):.5f}".rstrip("0").rstrip(".")


def question_ident(question: Question) -> str:
    """The id a question carries in every export; ids are unique across the banks."""
    return question.id


def general_feedback(question: Question) -> str:
    """The question's feedback, then (for classify and order, whose LMS form, matching, has no
    feedback per statement) each statement's own feedback, then the sources."""
    parts = [question.feedback]
    rows = question.statements if question.type == "classify" else []
    if question.type == "order":
        rows = question.options
    notes = [f"“{row.text}”: {row.feedback}" for row in rows if row.feedback]
    if notes:
        parts.append("On each statement: " + " ".join(notes))
    sources = "; ".join(_data.reference_label(key) for key in question.sources)
    return " ".join(parts) + f" Sources: {sources}."


def matching_pairs(question: Question) -> list[tuple[str, str]]:
    """A classify or order question as (prompt, right match) pairs: each statement to its
    category, or each item to its position (1st, 2nd, ...)."""
    if question.type == "classify":
        return [(s.text, question.answer[s.id]) for s in question.statements]
    return [
        (next(o.text for o in question.options if o.id == oid), POSITIONS[i])
        for i, oid in enumerate(question.answer)
    ]


def matching_choices(question: Question) -> list[str]:
    """Every answer a classify or order question offers: all its categories, including any
    that no statement belongs to (e.g. 'Neither'), or every position."""
    if question.type == "classify":
        return list(question.categories)
    return POSITIONS[: len(question.options)]


def xml_document(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def unused_choices(question: Question, pairs: list[tuple[str, str]]) -> list[str]:
    used = {match for _, match in pairs}
    return [choice for choice in matching_choices(question) if choice not in used]


def assessment_ident(bank: Bank) -> str:
    return f"hemisphere-{bank.name}"

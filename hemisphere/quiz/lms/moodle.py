"""Moodle's two formats: Moodle XML and GIFT, one category per chapter."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model import Bank, Question
from .common import (
    assessment_ident,
    category_path,
    general_feedback,
    matching_pairs,
    moodle_fraction,
    question_ident,
    unused_choices,
    xml_document,
)

# --- Moodle XML ------------------------------------------------------------------------


def _text(parent: ET.Element, tag: str, value: str, *, html: bool = False) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = value
    return element


def _answer(parent, fraction: float, text: str, feedback: str = "") -> None:
    answer = ET.SubElement(
        parent, "answer", {"fraction": moodle_fraction(fraction), "format": "html"}
    )
    ET.SubElement(answer, "text").text = text
    fb = ET.SubElement(answer, "feedback", {"format": "html"})
    ET.SubElement(fb, "text").text = feedback


def _moodle_question(quiz: ET.Element, question: Question) -> None:
    # Moodle shows these fields as HTML: escaped, Japanese runs marked lang="ja".
    from ...lang import html_text as escape

    kinds = {
        "single": "multichoice",
        "multiple": "multichoice",
        "truefalse": "truefalse",
        "classify": "matching",
        "order": "matching",
        "numeric": "numerical",
    }
    element = ET.SubElement(quiz, "question", {"type": kinds[question.type]})
    _text(element, "name", question.id)
    # Moodle's ID number: the same on every export, so an instructor can match a re-import.
    ET.SubElement(element, "idnumber").text = question_ident(question)
    # Moodle reads question text as HTML: escape it, so a bank's text is shown, never run.
    _text(element, "questiontext", f"<p>{escape(question.prompt)}</p>", html=True)
    _text(element, "generalfeedback", f"<p>{escape(general_feedback(question))}</p>", html=True)
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    if question.type in ("single", "multiple"):
        ET.SubElement(element, "single").text = "true" if question.type == "single" else "false"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
        right = [question.answer] if question.type == "single" else question.answer
        wrong_count = len(question.options) - len(right)
        for option in question.options:
            if option.id in right:
                fraction = 100 if question.type == "single" else 100 / len(right)
            else:
                fraction = 0 if question.type == "single" else -100 / max(wrong_count, 1)
            _answer(element, fraction, escape(option.text), escape(option.feedback))
    elif question.type == "truefalse":
        for value, word in ((True, "true"), (False, "false")):
            _answer(element, 100 if question.answer is value else 0, word)
    elif question.type in ("classify", "order"):
        ET.SubElement(element, "shuffleanswers").text = "true"
        pairs = matching_pairs(question)
        for prompt, answer in pairs:
            sub = ET.SubElement(element, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = escape(prompt)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = answer
        # A category no statement belongs to is an extra answer: a subquestion with no text.
        for extra in unused_choices(question, pairs):
            sub = ET.SubElement(element, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = ""
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = extra
    elif question.type == "numeric":
        answer = ET.SubElement(element, "answer", {"fraction": "100"})
        ET.SubElement(answer, "text").text = f"{question.answer:g}"
        ET.SubElement(answer, "tolerance").text = f"{question.tolerance:g}"
        fb = ET.SubElement(answer, "feedback", {"format": "html"})
        ET.SubElement(fb, "text").text = ""


def to_moodle_xml(banks: list[Bank]) -> str:
    quiz = ET.Element("quiz")
    for bank in banks:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        _text(category, "category", category_path(bank))
        ET.SubElement(category, "idnumber").text = assessment_ident(bank)
        for question in bank.questions:
            _moodle_question(quiz, question)
    return xml_document(quiz)


# --- GIFT ------------------------------------------------------------------------------

GIFT_SPECIAL = "~=#{}:\\"


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters, and flatten newlines."""
    text = " ".join(str(text).split())
    return "".join(f"\\{char}" if char in GIFT_SPECIAL else char for char in text)


def gift_text(text: str) -> str:
    """Bank text for a GIFT question marked ``[html]``: HTML-escaped, then GIFT-escaped.

    Moodle's default GIFT text format lets HTML through; the question is marked as HTML and
    its text escaped, so a bank's text is shown, never run (escaped text reads the same in
    Moodle's own format, should an importer ignore the mark). ``->`` becomes ``-&gt;``, so
    a matching pair cannot be split inside a statement."""
    from html import escape

    return gift_escape(escape(str(text), quote=False))


def _gift_question(question: Question) -> str:
    name = f"::{gift_escape(question_ident(question))}::"
    prompt = "[html]" + gift_text(question.prompt)
    general = f"####{gift_text(general_feedback(question))}"
    if question.type in ("single", "multiple"):
        right = [question.answer] if question.type == "single" else question.answer
        lines = []
        for option in question.options:
            feedback = f"#{gift_text(option.feedback)}" if option.feedback else ""
            if question.type == "single":
                mark = "=" if option.id in right else "~"
            else:
                weight = (
                    100 / len(right)
                    if option.id in right
                    else -100 / max(len(question.options) - len(right), 1)
                )
                mark = f"~%{moodle_fraction(weight)}%"
            lines.append(f"\t{mark}{gift_text(option.text)}{feedback}")
        return f"{name}{prompt} {{\n" + "\n".join(lines) + f"\n\t{general}\n}}"
    if question.type == "truefalse":
        return f"{name}{prompt} {{{'TRUE' if question.answer else 'FALSE'}{general}}}"
    if question.type in ("classify", "order"):
        pairs = matching_pairs(question)
        lines = [f"\t={gift_text(a)} -> {gift_text(b)}" for a, b in pairs]
        # An extra answer (a category no statement belongs to) has no left-hand side.
        lines += [f"\t= -> {gift_text(extra)}" for extra in unused_choices(question, pairs)]
        return f"{name}{prompt} {{\n" + "\n".join(lines) + f"\n\t{general}\n}}"
    tolerance = f":{question.tolerance:g}"
    return f"{name}{prompt} {{#{question.answer:g}{tolerance}{general}}}"


def to_gift(banks: list[Bank]) -> str:
    blocks = ["// The Western Hemisphere quiz bank, exported by hemisphere.quiz.lms (GIFT format)."]
    for bank in banks:
        blocks.append(f"$CATEGORY: {category_path(bank)}")
        blocks += [_gift_question(question) for question in bank.questions]
    return "\n\n".join(blocks) + "\n"

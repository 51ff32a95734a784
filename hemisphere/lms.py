"""Export the quiz bank for a learning management system: Moodle XML and GIFT.

    python -m hemisphere.lms [--out DIR]      (or: make lms)

writes ``quiz-bank.moodle.xml`` and ``quiz-bank.gift`` with one category per
chapter. Question types map onto Moodle's core types: single and multiple choice
to ``multichoice``, true/false to ``truefalse``, classification to ``matching``,
ordering to ``matching`` (each item matched to its position, since the ordering
question type is not in every Moodle), numeric to ``numerical``. Feedback goes
with each answer and as general feedback; sources are appended to the general
feedback.
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from pathlib import Path

from . import data as _data
from .quiz import Bank, Question, load_banks

COURSE_CATEGORY = "Western Hemisphere"
POSITIONS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]


def category_path(bank: Bank) -> str:
    return f"$course$/{COURSE_CATEGORY}/{bank.title}"


def moodle_fraction(value: float) -> str:
    """A grade fraction as Moodle lists them (e.g. 33.33333, -50): five decimals at most."""
    return f"{round(value, 5):.5f}".rstrip("0").rstrip(".")


def general_feedback(question: Question) -> str:
    sources = "; ".join(_data.reference_label(key) for key in question.sources)
    return f"{question.feedback} Sources: {sources}."


# --- Moodle XML ------------------------------------------------------------------------

def _text(parent: ET.Element, tag: str, value: str, *, html: bool = False) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = value
    return element


def _answer(parent, fraction: float, text: str, feedback: str = "") -> None:
    answer = ET.SubElement(parent, "answer", {"fraction": moodle_fraction(fraction), "format": "html"})
    ET.SubElement(answer, "text").text = text
    fb = ET.SubElement(answer, "feedback", {"format": "html"})
    ET.SubElement(fb, "text").text = feedback


def _moodle_question(quiz: ET.Element, question: Question) -> None:
    from html import escape

    kinds = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
             "classify": "matching", "order": "matching", "numeric": "numerical"}
    element = ET.SubElement(quiz, "question", {"type": kinds[question.type]})
    _text(element, "name", question.id)
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
        pairs = ([(s.text, question.answer[s.id]) for s in question.statements] if question.type == "classify"
                 else [(next(o.text for o in question.options if o.id == oid), POSITIONS[i])
                       for i, oid in enumerate(question.answer)])
        for prompt, answer in pairs:
            sub = ET.SubElement(element, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = escape(prompt)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = answer
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
        for question in bank.questions:
            _moodle_question(quiz, question)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# --- GIFT ------------------------------------------------------------------------------

GIFT_SPECIAL = "~=#{}:\\"


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters, and flatten newlines."""
    text = " ".join(str(text).split())
    return "".join(f"\\{char}" if char in GIFT_SPECIAL else char for char in text)


def _gift_question(question: Question) -> str:
    name = f"::{gift_escape(question.id)}::"
    prompt = gift_escape(question.prompt)
    general = f"####{gift_escape(general_feedback(question))}"
    if question.type in ("single", "multiple"):
        right = [question.answer] if question.type == "single" else question.answer
        lines = []
        for option in question.options:
            feedback = f"#{gift_escape(option.feedback)}" if option.feedback else ""
            if question.type == "single":
                mark = "=" if option.id in right else "~"
            else:
                weight = 100 / len(right) if option.id in right else -100 / max(len(question.options) - len(right), 1)
                mark = f"~%{moodle_fraction(weight)}%"
            lines.append(f"\t{mark}{gift_escape(option.text)}{feedback}")
        return f"{name}{prompt} {{\n" + "\n".join(lines) + f"\n\t{general}\n}}"
    if question.type == "truefalse":
        return f"{name}{prompt} {{{'TRUE' if question.answer else 'FALSE'}{general}}}"
    if question.type in ("classify", "order"):
        pairs = ([(s.text, question.answer[s.id]) for s in question.statements] if question.type == "classify"
                 else [(next(o.text for o in question.options if o.id == oid), POSITIONS[i])
                       for i, oid in enumerate(question.answer)])
        lines = [f"\t={gift_escape(a)} -> {gift_escape(b)}" for a, b in pairs]
        return f"{name}{prompt} {{\n" + "\n".join(lines) + f"\n\t{general}\n}}"
    tolerance = f":{question.tolerance:g}"
    return f"{name}{prompt} {{#{question.answer:g}{tolerance}{general}}}"


def to_gift(banks: list[Bank]) -> str:
    blocks = ["// The Western Hemisphere quiz bank, exported by hemisphere.lms (GIFT format)."]
    for bank in banks:
        blocks.append(f"$CATEGORY: {category_path(bank)}")
        blocks += [_gift_question(question) for question in bank.questions]
    return "\n\n".join(blocks) + "\n"


def export(out: Path) -> list[Path]:
    banks = load_banks()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (("quiz-bank.moodle.xml", to_moodle_xml(banks)), ("quiz-bank.gift", to_gift(banks))):
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Export the quiz bank as Moodle XML and GIFT.")
    parser.add_argument("--out", type=Path, default=Path("_build/lms"), help="folder to write to")
    args = parser.parse_args(argv)
    for path in export(args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

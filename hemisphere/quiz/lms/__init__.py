"""Export the quiz bank for a learning management system: Moodle XML, GIFT and QTI 1.2.

    python -m hemisphere.quiz.lms [--out DIR]      (or: make lms)

writes ``quiz-bank.moodle.xml`` and ``quiz-bank.gift`` with one category per
chapter, and ``quiz-bank.qti.zip`` (QTI 1.2, for Canvas Classic Quizzes) with one
quiz per chapter. Question types map onto Moodle's core types: single and multiple choice
to ``multichoice``, true/false to ``truefalse``, classification to ``matching``,
ordering to ``matching`` (each item matched to its position, since the ordering
question type is not in every Moodle), numeric to ``numerical``. Feedback goes
with each answer and as general feedback; sources are appended to the general
feedback.

Every question carries the same id in every format (Moodle XML ``idnumber``, GIFT
``::title::``, QTI item ``ident``): the bank's question id, so a re-import can be
matched to the question it replaces. Every category of a classify question is offered,
including one no statement belongs to (an extra answer in Moodle and GIFT, a choice in
QTI). Marking differs from the book's where the formats cannot follow it: matching
questions give credit per pair and hold no feedback per statement, so that feedback is
moved into the general feedback (see :func:`general_feedback`), and Moodle gives partial
credit on multiple-answer questions. Full marks go exactly to the answers the book marks
right; a test runs the book's cases through all three exports.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..loading import load_banks
from ..model import QuizError
from .common import (
    COURSE_CATEGORY,
    POSITIONS,
    assessment_ident,
    category_path,
    general_feedback,
    matching_choices,
    matching_pairs,
    moodle_fraction,
    question_ident,
    unused_choices,
)
from .moodle import GIFT_SPECIAL, gift_escape, gift_text, to_gift, to_moodle_xml
from .qti import QTI_TYPES, to_qti_assessment, to_qti_manifest, to_qti_zip

__all__ = [
    "COURSE_CATEGORY",
    "GIFT_SPECIAL",
    "POSITIONS",
    "QTI_TYPES",
    "assessment_ident",
    "category_path",
    "export",
    "general_feedback",
    "gift_escape",
    "gift_text",
    "main",
    "matching_choices",
    "matching_pairs",
    "moodle_fraction",
    "question_ident",
    "to_gift",
    "to_moodle_xml",
    "to_qti_assessment",
    "to_qti_manifest",
    "to_qti_zip",
    "unused_choices",
]


def export(out: Path) -> list[Path]:
    banks = load_banks()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("quiz-bank.moodle.xml", to_moodle_xml(banks)),
        ("quiz-bank.gift", to_gift(banks)),
    ):
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    path = out / "quiz-bank.qti.zip"
    path.write_bytes(to_qti_zip(banks))
    return [*written, path]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Export the quiz bank as Moodle XML, GIFT and QTI 1.2 (Canvas)."
    )
    parser.add_argument("--out", type=Path, default=Path("_build/lms"), help="folder to write to")
    parser.add_argument(
        "--banks",
        type=Path,
        help="a folder of your own banks in the same format (e.g. for graded quizzes, kept "
        "outside the public repository); default: the book's exercises/quizzes/",
    )
    args = parser.parse_args(argv)
    if args.banks is not None:
        if not sorted(args.banks.glob("*.yml")):
            parser.error(f"--banks {args.banks}: no .yml bank files in that folder")
        import os

        os.environ["HEMISPHERE_QUIZZES"] = str(args.banks.resolve())  # read by quiz.bank_dir()
    try:
        written = export(args.out)
    except QuizError as err:  # the file, question and field at fault, without a traceback
        parser.exit(1, f"{err}\n")
    for path in written:
        print(f"wrote {path}")

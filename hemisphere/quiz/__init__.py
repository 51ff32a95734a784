"""The quiz bank: questions in YAML, checked the same way in the page, in a live
notebook and (exported) in an LMS.

A bank is one YAML file per chapter in ``exercises/quizzes/``, in the format that
``exercises/quizzes/quiz-bank.schema.json`` states. :func:`load_bank` reads it with a safe
loader, validates it against that schema, checks what no schema can (answers among the
options, source keys, figures) and names the file, the question and the field when
something is wrong (:class:`QuizError`). Numeric answers are
never typed: they name a figure in data/ (``count: ...`` or ``indicator: ...``)
and are computed when the bank is loaded. :func:`check` marks a response; the
page's script (``static/quiz.js``) applies the same rules, and a test runs the
same cases through both.

The package by concern: :mod:`.model` (bank, question, error), :mod:`.loading`,
:mod:`.schema`, :mod:`.questions` and :mod:`.figures` (reading and checking a bank), :mod:`.marking`,
:mod:`.shuffling`, :mod:`.page` (HTML for the book), :mod:`.widgets` (live notebooks)
and :mod:`.lms` (Moodle XML, GIFT, QTI: ``python -m hemisphere.quiz.lms``).
"""

from __future__ import annotations

from .figures import figure
from .loading import bank_dir, bank_names, clear_cache, load_bank, load_banks
from .marking import Result, check, parse_number
from .model import Bank, Option, Question, QuizError
from .page import to_html
from .schema import HIGHER_LEVELS, LEVELS, TYPES
from .shuffling import SHUFFLE_SETTING, shuffle_setting, shuffled, shuffles
from .widgets import LIVE_ONLY_NOTE, LiveQuiz, render_quiz

__all__ = [
    "HIGHER_LEVELS",
    "LEVELS",
    "LIVE_ONLY_NOTE",
    "SHUFFLE_SETTING",
    "TYPES",
    "Bank",
    "LiveQuiz",
    "Option",
    "Question",
    "QuizError",
    "Result",
    "bank_dir",
    "bank_names",
    "check",
    "clear_cache",
    "figure",
    "load_bank",
    "load_banks",
    "parse_number",
    "render_quiz",
    "shuffle_setting",
    "shuffled",
    "shuffles",
    "to_html",
]

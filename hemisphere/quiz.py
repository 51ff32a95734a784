"""The quiz bank: questions in YAML, checked the same way in the page, in a live
notebook and (exported) in an LMS.

A bank is one YAML file per chapter in ``exercises/quizzes/``. :func:`load_bank`
reads it with a safe loader, checks every field and names the file, the question
and the field when something is wrong (:class:`QuizError`). Numeric answers are
never typed: they name a figure in data/ (``count: ...`` or ``indicator: ...``)
and are computed when the bank is loaded. :func:`check` marks a response; the
page's script (``static/quiz.js``) applies the same rules, and a test runs the
same cases through both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from . import data as _data
from . import paths

DEFAULT_BANK_DIR = paths.BANKS

TYPES = ("single", "multiple", "truefalse", "classify", "order", "numeric")

#: The categories of a classification question that compares the two corollaries.
COROLLARY_CATEGORIES = ("Roosevelt Corollary", "Trump Corollary", "Both", "Neither")

#: The cognitive level a question asks for, lowest first (revised Bloom, the first five).
LEVELS = ("recall", "understand", "apply", "analyse", "evaluate")
#: The levels that count as higher-order (applying, analysing, evaluating).
HIGHER_LEVELS = ("apply", "analyse", "evaluate")

#: The _config.yml setting (under ``sphinx: config:``) that turns shuffling of options off.
SHUFFLE_SETTING = "hemisphere_quiz_shuffle"


def bank_dir() -> Path:
    return paths.bank_dir()


class QuizError(ValueError):
    """A problem in a quiz bank, naming the file, the question and the field."""

    def __init__(
        self,
        path: Path,
        problem: str,
        *,
        question: str | None = None,
        field_name: str | None = None,
    ):
        where = [_display(path)]
        if question:
            where.append(f"question {question!r}")
        if field_name:
            where.append(f"field {field_name!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return f"exercises/quizzes/{path.name}"


@dataclass
class Option:
    id: str
    text: str
    feedback: str = ""


@dataclass
class Question:
    id: str
    type: str
    prompt: str
    objective: int
    sources: list[str]
    feedback: str
    level: str = "recall"
    compares: bool = False
    dimension: str = ""  # a dimension of the comparison grid (data/corollaries.csv), if tagged
    options: list[Option] = field(default_factory=list)  # single, multiple; items of order
    statements: list[Option] = field(default_factory=list)  # classify (feedback per statement)
    categories: list[str] = field(default_factory=list)  # classify
    answer: object = None
    tolerance: float = 0.0
    unit: str = ""

    def to_json(self) -> dict:
        """What the page's script needs: the question, its key and its feedback."""
        return {
            "id": self.id,
            "type": self.type,
            "answer": self.answer,
            "tolerance": self.tolerance,
            "categories": self.categories,
            "feedback": self.feedback,
            "options": {o.id: o.feedback for o in self.options},
            "statements": {s.id: s.feedback for s in self.statements},
        }


@dataclass
class Bank:
    name: str
    path: Path
    chapter: str
    title: str
    questions: list[Question]


# --- Loading and checking a bank ------------------------------------------------------

QUESTION_FIELDS = {
    "common": {
        "id",
        "type",
        "prompt",
        "objective",
        "level",
        "sources",
        "feedback",
        "compares",
        "dimension",
    },
    "single": {"options", "answer"},
    "multiple": {"options", "answer"},
    "truefalse": {"answer"},
    "classify": {"categories", "statements"},
    "order": {"items", "answer"},
    "numeric": {"answer", "tolerance", "unit"},
}
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Feedback on an option or statement must teach: a full sentence of at least six words
# that ends with a full stop (or ? or !), so "No." or "Right" alone is refused.
MIN_FEEDBACK_WORDS = 6
SENTENCE_END = re.compile(r"[.!?][)\"'\u201d\u2019]*$")


def load_bank(name: str) -> Bank:
    """Load and check ``exercises/quizzes/<name>.yml``."""
    return _load_bank(bank_dir(), name)


def bank_names() -> list[str]:
    return sorted(path.stem for path in bank_dir().glob("*.yml"))


def load_banks() -> list[Bank]:
    return [load_bank(name) for name in bank_names()]


@cache
def _load_bank(directory: Path, name: str) -> Bank:
    path = directory / f"{name}.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuizError(path, "the file is missing") from None
    except UnicodeDecodeError:
        raise QuizError(path, "is not UTF-8 text; save it as UTF-8") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise QuizError(path, f"is not valid YAML{where}: {getattr(err, 'problem', err)}") from None
    if not isinstance(raw, dict):
        raise QuizError(path, "must be a mapping with 'chapter', 'title' and 'questions'")
    for key in ("chapter", "title", "questions"):
        if key not in raw:
            raise QuizError(path, f"is missing {key!r}", field_name=key)
    if not isinstance(raw["questions"], list) or not raw["questions"]:
        raise QuizError(path, "needs a list of questions", field_name="questions")
    questions, seen = [], set()
    for index, item in enumerate(raw["questions"], start=1):
        question = _question(path, index, item)
        if question.id in seen:
            raise QuizError(
                path, f"the id {question.id!r} is used twice", question=question.id, field_name="id"
            )
        seen.add(question.id)
        questions.append(question)
    return Bank(
        name=name,
        path=path,
        chapter=str(raw["chapter"]),
        title=str(raw["title"]),
        questions=questions,
    )


PLACEHOLDER = re.compile(r"\{\{\s*(count|indicator)\s*:\s*([a-z0-9_-]+)\s*\}\}")


def figure(kind: str, name: str) -> float | None:
    """A figure from data/ by kind ('count' or 'indicator') and name; None if there is none."""
    if kind == "count":
        value = _data.teaching_counts().get(name)
        return None if value is None else float(value)
    indicators = _data.load_indicators().set_index("id")
    if name not in indicators.index or pd.isna(indicators.loc[name, "value"]):
        return None
    return float(indicators.loc[name, "value"])


def _fill(path, qid, key, text: str) -> str:
    """Replace {{count:name}} and {{indicator:id}} with the figure from data/, so a quiz never
    types a number the data hold."""
    from .book import format_number

    def value(match):
        number = figure(match.group(1), match.group(2))
        if number is None:
            raise QuizError(
                path, f"{match.group(0)} names no figure in data/", question=qid, field_name=key
            )
        return format_number(number)

    return PLACEHOLDER.sub(value, text)


def _text(path, qid, item, key, *, required=True) -> str:
    value = item.get(key, "")
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise QuizError(path, "is empty but required", question=qid, field_name=key)
        return ""
    if not isinstance(value, str):
        raise QuizError(
            path, f"must be text, not {type(value).__name__}", question=qid, field_name=key
        )
    return _fill(path, qid, key, value.strip())


def _teaching_feedback(path, qid, entry, where) -> str:
    """An option's or statement's own feedback: required, and a full sentence with a reason."""
    text = _text(path, qid, entry, "feedback", required=False)
    if not text:
        raise QuizError(
            path,
            "is empty but required: say why this choice is right or wrong, with its source",
            question=qid,
            field_name=f"{where}.feedback",
        )
    if len(text.split()) < MIN_FEEDBACK_WORDS or not SENTENCE_END.search(text):
        raise QuizError(
            path,
            f"{text!r} is too short to teach: write at least one full sentence of "
            f"{MIN_FEEDBACK_WORDS} words or more, ending with a full stop, that says why",
            question=qid,
            field_name=f"{where}.feedback",
        )
    return text


def _choices(path, qid, item, key, *, feedback_required=False) -> list[Option]:
    raw = item.get(key)
    if not isinstance(raw, list) or len(raw) < 2:
        raise QuizError(path, "needs a list of at least two entries", question=qid, field_name=key)
    options, seen = [], set()
    for number, entry in enumerate(raw, start=1):
        where = f"{key}[{number}]"
        if not isinstance(entry, dict):
            raise QuizError(
                path, "must be a mapping with 'id' and 'text'", question=qid, field_name=where
            )
        oid = str(entry.get("id", "")).strip()
        if not ID_PATTERN.fullmatch(oid):
            raise QuizError(
                path,
                f"id {oid!r} must be lower-case letters, digits and hyphens",
                question=qid,
                field_name=f"{where}.id",
            )
        if oid in seen:
            raise QuizError(
                path, f"id {oid!r} is used twice", question=qid, field_name=f"{where}.id"
            )
        seen.add(oid)
        text = _text(path, qid, entry, "text")
        if feedback_required:
            feedback = _teaching_feedback(path, qid, entry, where)
        else:
            feedback = _text(path, qid, entry, "feedback", required=False)
        options.append(Option(oid, text, feedback))
    return options


def _question(path: Path, index: int, item) -> Question:
    if not isinstance(item, dict):
        raise QuizError(path, f"question number {index} must be a mapping")
    qid = str(item.get("id", "")).strip()
    if not ID_PATTERN.fullmatch(qid):
        raise QuizError(
            path,
            f"question number {index} needs an id of lower-case letters, digits and "
            f"hyphens (got {qid!r})",
            field_name="id",
        )
    kind = item.get("type")
    if kind not in TYPES:
        raise QuizError(
            path, f"{kind!r} is not one of: {', '.join(TYPES)}", question=qid, field_name="type"
        )
    unknown = set(item) - QUESTION_FIELDS["common"] - QUESTION_FIELDS[kind]
    if unknown:
        raise QuizError(
            path,
            f"unknown field(s) {', '.join(sorted(map(str, unknown)))} for a {kind} question",
            question=qid,
            field_name=sorted(map(str, unknown))[0],
        )
    objective = item.get("objective")
    if not isinstance(objective, int) or isinstance(objective, bool) or not 1 <= objective <= 5:
        raise QuizError(
            path,
            "must be the number (1 to 5) of a learning objective of the chapter",
            question=qid,
            field_name="objective",
        )
    sources = item.get("sources")
    if not isinstance(sources, list) or not sources:
        raise QuizError(path, "needs a list of source keys", question=qid, field_name="sources")
    known = _data.reference_keys()
    for key in sources:
        if key not in known:
            raise QuizError(
                path,
                f"source key {key!r} is not in data/references.bib",
                question=qid,
                field_name="sources",
            )
    compares = item.get("compares", False)
    if not isinstance(compares, bool):
        raise QuizError(path, "must be true or false", question=qid, field_name="compares")
    level = item.get("level")
    if level not in LEVELS:
        raise QuizError(
            path,
            f"{level!r} is not one of: {', '.join(LEVELS)} (the cognitive level the question asks for)",
            question=qid,
            field_name="level",
        )
    dimension = item.get("dimension", "")
    if "dimension" in item:
        known_dimensions = set(_data.load_corollaries()["dimension"].astype(str))
        if dimension not in known_dimensions:
            raise QuizError(
                path,
                f"{dimension!r} is not a dimension of data/corollaries.csv "
                f"({', '.join(sorted(known_dimensions))})",
                question=qid,
                field_name="dimension",
            )
    question = Question(
        id=qid,
        type=kind,
        prompt=_text(path, qid, item, "prompt"),
        objective=objective,
        sources=list(sources),
        feedback=_text(path, qid, item, "feedback"),
        level=level,
        compares=compares,
        dimension=dimension,
    )
    answer = item.get("answer")
    if kind in ("single", "multiple"):
        question.options = _choices(path, qid, item, "options", feedback_required=True)
        ids = [o.id for o in question.options]
        wanted = [answer] if kind == "single" else answer
        if kind == "single" and not isinstance(answer, str):
            raise QuizError(path, "must be the id of one option", question=qid, field_name="answer")
        if kind == "multiple" and (not isinstance(answer, list) or not answer):
            raise QuizError(path, "must be a list of option ids", question=qid, field_name="answer")
        for choice in wanted:
            if choice not in ids:
                raise QuizError(
                    path,
                    f"{choice!r} is not among the options ({', '.join(ids)})",
                    question=qid,
                    field_name="answer",
                )
        question.answer = answer if kind == "single" else sorted(set(answer))
    elif kind == "truefalse":
        if not isinstance(answer, bool):
            raise QuizError(path, "must be true or false", question=qid, field_name="answer")
        question.answer = answer
    elif kind == "classify":
        categories = item.get("categories")
        if (
            not isinstance(categories, list)
            or len(categories) < 2
            or not all(isinstance(c, str) for c in categories)
        ):
            raise QuizError(
                path,
                "needs a list of at least two category names",
                question=qid,
                field_name="categories",
            )
        question.categories = categories
        raw_statements = item.get("statements")
        if not isinstance(raw_statements, list) or len(raw_statements) < 2:
            raise QuizError(
                path,
                "needs a list of at least two statements",
                question=qid,
                field_name="statements",
            )
        key = {}
        for number, entry in enumerate(raw_statements, start=1):
            if not isinstance(entry, dict) or entry.get("answer") not in categories:
                got = entry.get("answer") if isinstance(entry, dict) else entry
                raise QuizError(
                    path,
                    f"answer {got!r} is not among the categories ({', '.join(categories)})",
                    question=qid,
                    field_name=f"statements[{number}].answer",
                )
        question.statements = _choices(path, qid, item, "statements", feedback_required=True)
        for option, entry in zip(question.statements, raw_statements, strict=True):
            key[option.id] = entry["answer"]
        question.answer = key
    elif kind == "order":
        question.options = _choices(path, qid, item, "items")
        ids = [o.id for o in question.options]
        if not isinstance(answer, list) or sorted(map(str, answer)) != sorted(ids):
            raise QuizError(
                path,
                f"must list every item id once, in the right order ({', '.join(ids)})",
                question=qid,
                field_name="answer",
            )
        question.answer = list(answer)
    elif kind == "numeric":
        question.answer = _numeric_answer(path, qid, answer)
        tolerance = item.get("tolerance", 0)
        if not isinstance(tolerance, (int, float)) or isinstance(tolerance, bool) or tolerance < 0:
            raise QuizError(
                path, "must be a number of zero or more", question=qid, field_name="tolerance"
            )
        question.tolerance = float(tolerance)
        question.unit = _text(path, qid, item, "unit", required=False)
    return question


def _numeric_answer(path: Path, qid: str, spec) -> float:
    """A numeric answer names its figure in data/; it is computed here, never typed."""
    if not isinstance(spec, dict) or len(spec) != 1:
        raise QuizError(
            path,
            "must name one figure in data/: {count: <name>} or {indicator: <id>}",
            question=qid,
            field_name="answer",
        )
    ((kind, name),) = spec.items()
    if kind not in ("count", "indicator"):
        raise QuizError(
            path, f"{kind!r} is not 'count' or 'indicator'", question=qid, field_name="answer"
        )
    number = figure(kind, str(name))
    if number is None:
        where = (
            "a count of hemisphere.data.teaching_counts()"
            if kind == "count"
            else "an indicator with a value in data/indicators.csv"
        )
        raise QuizError(path, f"{name!r} is not {where}", question=qid, field_name="answer")
    return number


def clear_cache() -> None:
    _load_bank.cache_clear()


# --- Shuffling the options -------------------------------------------------------------
# Position must carry no information, so the page (static/quiz.js) and the live widgets show
# options, statements and items in an order of their own, fixed for one reader by a random
# seed (kept in the browser's localStorage, or saved with the live answers: no personal data).
# Marking goes by option id, so the order never changes a mark. Without the script, or with
# shuffling switched off in _config.yml, the bank's file order shows.

CONFIG_FILE = paths.CONFIG


def shuffle_setting(config_file: Path | None = None) -> bool:
    """Whether quizzes shuffle their options: ``sphinx: config: hemisphere_quiz_shuffle`` in
    _config.yml (default true). The book's extension reads the same setting through Sphinx."""
    path = Path(config_file or CONFIG_FILE)
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return True
    value = ((config.get("sphinx") or {}).get("config") or {}).get(SHUFFLE_SETTING, True)
    if not isinstance(value, bool):
        raise ValueError(
            f"{path.name}: sphinx.config.{SHUFFLE_SETTING} must be true or false, not {value!r}"
        )
    return value


def shuffled(items: list, seed: str, *keys: str) -> list:
    """``items`` in an order fixed by the seed and the keys (e.g. bank and question id)."""
    import random

    order = list(items)
    random.Random("|".join([str(seed), *keys])).shuffle(order)
    return order


def shuffles(question: Question) -> bool:
    """Whether a question's choices are shown shuffled (true/false keeps True, False)."""
    return question.type in ("single", "multiple", "classify", "order")


# --- Marking a response ---------------------------------------------------------------


@dataclass
class Result:
    """The outcome of checking one response: ``status`` is correct, incorrect or invalid
    (the response can't be marked yet; ``message`` says why, kindly)."""

    status: str
    message: str
    details: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.status == "correct"


THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def parse_number(text) -> tuple[float | None, str]:
    """A reader's numeric answer as a number, or None and a message saying how to write it."""
    text = "" if text is None else str(text).strip().replace("\u2212", "-")
    if not text:
        return None, "Type a number first."
    if PLAIN_NUMBER.fullmatch(text):
        return float(text), ""
    if THOUSANDS.fullmatch(text):
        return float(text.replace(",", "")), ""
    if re.fullmatch(r"-?\d+,\d+", text):
        return None, "Use a point, not a comma, for decimals (for example 2.5)."
    if re.match(r"-?[\d.,]+\s*\S", text):
        return None, "Type only the number, without units or words (for example 15)."
    return None, "That is not a number: type digits only (for example 15)."


def check(question: Question, response) -> Result:
    """Mark a response. Responses: an option id (single), a list of ids (multiple), True or
    False (truefalse), {statement id: category} (classify), a list of item ids in the
    reader's order (order), the text typed (numeric). Odd input gives an ``invalid``
    result with a message, never an exception."""
    kind = question.type
    if kind == "single":
        if not response:
            return Result("invalid", "Choose an answer first.")
        picked = next((o for o in question.options if o.id == response), None)
        if picked is None:
            return Result("invalid", "Choose one of the answers shown.")
        status = "correct" if response == question.answer else "incorrect"
        return Result(status, _verdict(status), [picked.feedback] if picked.feedback else [])
    if kind == "multiple":
        chosen = sorted(set(response or []))
        if not chosen:
            return Result("invalid", "Tick at least one answer first.")
        status = "correct" if chosen == question.answer else "incorrect"
        details = [o.feedback for o in question.options if o.id in chosen and o.feedback]
        if status == "incorrect":
            missed = len(set(question.answer) - set(chosen))
            wrong = len(set(chosen) - set(question.answer))
            details.insert(
                0, f"{wrong} of your ticks are wrong and {missed} right answers are not ticked."
            )
        return Result(status, _verdict(status), details)
    if kind == "truefalse":
        if response not in (True, False):
            return Result("invalid", "Choose true or false first.")
        status = "correct" if response == question.answer else "incorrect"
        return Result(status, _verdict(status))
    if kind == "classify":
        response = response or {}
        left = [s for s in question.statements if response.get(s.id) not in question.categories]
        if left:
            return Result("invalid", f"Sort every statement first ({len(left)} left).")
        wrong = [s for s in question.statements if response[s.id] != question.answer[s.id]]
        status = "incorrect" if wrong else "correct"
        details = [
            f"{len(question.statements) - len(wrong)} of {len(question.statements)} sorted right."
        ]
        details += [f"“{s.text}”: {s.feedback}" for s in wrong if s.feedback]
        return Result(status, _verdict(status), details)
    if kind == "order":
        response = list(response or [])
        ids = [o.id for o in question.options]
        if len(response) != len(ids) or sorted(map(str, response)) != sorted(ids):
            return Result("invalid", "Give every item its own position first.")
        status = "correct" if response == question.answer else "incorrect"
        right = sum(a == b for a, b in zip(response, question.answer, strict=True))
        return Result(status, _verdict(status), [f"{right} of {len(ids)} in the right place."])
    if kind == "numeric":
        value, message = parse_number(response)
        if value is None:
            return Result("invalid", message)
        status = "correct" if abs(value - question.answer) <= question.tolerance else "incorrect"
        return Result(status, _verdict(status))
    return Result("invalid", f"Unknown question type {kind!r}.")


def _verdict(status: str) -> str:
    return "Right." if status == "correct" else "Not quite."


# --- The quiz as HTML for the book's pages ---------------------------------------------


def to_html(bank: Bank, source_href, page_id: str | None = None, *, shuffle: bool = True) -> str:
    """A bank as accessible HTML: a form per question (fieldset and legend, a label for every
    control), a feedback region announced to screen readers, a score and a reset button.

    Every text from the bank is escaped, so nothing in a bank can run as HTML or script.
    ``source_href(key)`` gives the link for a source key. The answer key travels as JSON
    for the page's script (``static/quiz.js``), which checks answers in the browser.
    Choices are written in the bank's order; with ``shuffle`` the script reorders them for
    each reader (see :func:`shuffled`), so without the script, or in print, the file order shows.
    """
    from html import escape

    from . import data as data_module
    from .lang import html_text as text  # escaped, Japanese runs marked lang="ja"

    quiz_id = page_id or bank.name
    parts = [
        f'<section class="hemisphere-quiz" data-quiz="{escape(quiz_id)}" '
        f'data-shuffle="{"on" if shuffle else "off"}" aria-label="{escape(bank.title)}">',
        f'<p class="hq-intro">{text(bank.title)}: {len(bank.questions)} questions. Your answers '
        "stay in this browser until you reset them.</p>",
        f'<p class="hq-score" aria-live="polite">0 of {len(bank.questions)} answered correctly.</p>',
    ]
    for number, q in enumerate(bank.questions, start=1):
        base = f"hq-{escape(quiz_id)}-{escape(q.id)}"
        parts.append(
            f'<form class="hq-question" data-question="{escape(q.id)}" data-type="{q.type}" '
            f'novalidate><fieldset><legend><span class="hq-number">{number}.</span> '
            f"{text(q.prompt)}</legend>"
        )
        if q.type != "numeric":
            parts.append('<div class="hq-options"' + (" data-shuffle" if shuffles(q) else "") + ">")
        if q.type in ("single", "multiple", "truefalse"):
            kind = "checkbox" if q.type == "multiple" else "radio"
            choices = (
                [(o.id, o.text) for o in q.options]
                if q.type != "truefalse"
                else [("true", "True"), ("false", "False")]
            )
            for oid, label in choices:
                parts.append(
                    f'<div class="hq-choice"><input type="{kind}" name="{base}" id="{base}-{escape(oid)}" '
                    f'value="{escape(oid)}"><label for="{base}-{escape(oid)}">{text(label)}</label></div>'
                )
        elif q.type in ("classify", "order"):
            rows = q.statements if q.type == "classify" else q.options
            values = (
                q.categories
                if q.type == "classify"
                else [str(i) for i in range(1, len(q.options) + 1)]
            )
            prompt = "Choose…" if q.type == "classify" else "Position…"
            for row in rows:
                options = "".join(
                    f'<option value="{escape(v)}">{escape(v)}</option>' for v in values
                )
                parts.append(
                    f'<div class="hq-row"><label for="{base}-{escape(row.id)}">{text(row.text)}</label>'
                    f'<select id="{base}-{escape(row.id)}" data-key="{escape(row.id)}">'
                    f'<option value="">{prompt}</option>{options}</select></div>'
                )
        if q.type != "numeric":
            parts.append("</div>")
        if q.type == "numeric":
            unit = f" ({escape(q.unit)})" if q.unit else ""
            parts.append(
                f'<div class="hq-row"><label for="{base}-value">Your answer{unit}</label>'
                f'<input type="text" inputmode="decimal" autocomplete="off" id="{base}-value"></div>'
            )
        links = "; ".join(
            f'<a href="{escape(source_href(key))}">{text(data_module.reference_label(key))}</a>'
            for key in q.sources
        )
        parts.append(
            '</fieldset><div class="hq-actions"><button type="submit">Check</button></div>'
            '<div class="hq-feedback" role="status" aria-live="polite"></div>'
            f'<p class="hq-sources" hidden>Sources: {links}</p></form>'
        )
    from .safetext import script_json

    # Inside a <script> element "</script" ends it and "<!--" confuses it: <, > and & are escaped.
    key = script_json({q.id: q.to_json() for q in bank.questions}, ensure_ascii=False)
    parts.append(
        '<div class="hq-footer"><button type="button" class="hq-reset">Reset my answers</button></div>'
        f'<script type="application/json" class="hq-key">{key}</script></section>'
    )
    return "\n".join(parts)


# --- The quiz in a live notebook ------------------------------------------------------

LIVE_ONLY_NOTE = (
    "*In a live notebook this cell shows the quiz as widgets, with a button that saves your "
    "answers to a file you can hand in. In the book, the quiz is above.*"
)


class LiveQuiz:
    """A bank as ipywidgets: a control and a Check button per question, feedback from
    :func:`check`, and a button that saves the answers (``save()``) as JSON.

    Choices are shuffled (unless ``shuffle`` is false or _config.yml switches it off) in an
    order fixed by a random seed that is saved with the answers and reused from the saved file,
    so the order stays the same for the student who reopens the quiz."""

    def __init__(
        self,
        bank: Bank,
        save_dir: Path | str = ".",
        *,
        shuffle: bool | None = None,
        seed: str | None = None,
    ):
        import ipywidgets as widgets

        self.bank, self.save_dir = bank, Path(save_dir)
        self.shuffle = shuffle_setting() if shuffle is None else shuffle
        self.seed = seed or self._saved_seed() or _new_seed()
        self.read: dict[str, callable] = {}
        self.results: dict[str, Result] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        self.controls: dict[str, object] = {}
        boxes = [widgets.HTML(f"<b>{_escape(bank.title)}</b>")]
        for number, question in enumerate(bank.questions, start=1):
            control, read = self._control(question)
            self.controls[question.id], self.read[question.id] = control, read
            self.feedback[question.id] = widgets.HTML()
            button = widgets.Button(description="Check", tooltip=f"Check question {number}")
            button.on_click(lambda _button, q=question: self.check(q.id))
            boxes.append(
                widgets.VBox(
                    [
                        widgets.HTML(f"<p><b>{number}.</b> {_escape(question.prompt)}</p>"),
                        control,
                        button,
                        self.feedback[question.id],
                    ]
                )
            )
        self.score = widgets.HTML()
        self.saved = widgets.HTML()
        save = widgets.Button(description="Save my answers", icon="save")
        save.on_click(lambda _button: self.save())
        self.widget = widgets.VBox([*boxes, self.score, widgets.HBox([save, self.saved])])
        self._update_score()

    @property
    def path(self) -> Path:
        return self.save_dir / f"quiz-answers-{self.bank.name}.json"

    def _saved_seed(self) -> str | None:
        import json

        try:
            seed = json.loads(self.path.read_text(encoding="utf-8")).get("seed")
        except (OSError, ValueError, AttributeError):
            return None
        return seed if isinstance(seed, str) and seed else None

    def order(self, question: Question, choices: list) -> list:
        """The choices as this student sees them."""
        if not (self.shuffle and shuffles(question)):
            return list(choices)
        return shuffled(choices, self.seed, self.bank.name, question.id)

    def _control(self, question: Question):
        import ipywidgets as widgets

        if question.type in ("single", "truefalse"):
            choices = (
                [(o.text, o.id) for o in self.order(question, question.options)]
                if question.type == "single"
                else [("True", True), ("False", False)]
            )
            control = widgets.RadioButtons(
                options=choices, value=None, layout={"width": "max-content"}
            )
            return control, lambda: control.value
        if question.type == "multiple":
            ticks = {
                o.id: widgets.Checkbox(description=o.text, value=False, indent=False)
                for o in self.order(question, question.options)
            }
            return widgets.VBox(list(ticks.values())), lambda: [
                i for i, box in ticks.items() if box.value
            ]
        if question.type == "classify":
            pickers = {
                s.id: widgets.Dropdown(
                    options=[("Choose…", "")] + [(c, c) for c in question.categories],
                    value="",
                    description=s.text,
                    style={"description_width": "initial"},
                )
                for s in self.order(question, question.statements)
            }
            return (
                widgets.VBox(list(pickers.values())),
                lambda: {sid: p.value for sid, p in pickers.items() if p.value},
            )
        if question.type == "order":
            positions = [("Position…", 0)] + [
                (str(i), i) for i in range(1, len(question.options) + 1)
            ]
            pickers = {
                o.id: widgets.Dropdown(
                    options=positions,
                    value=0,
                    description=o.text,
                    style={"description_width": "initial"},
                )
                for o in self.order(question, question.options)
            }

            def read_order():
                chosen = {p.value: oid for oid, p in pickers.items() if p.value}
                return [chosen[i] for i in sorted(chosen)] if len(chosen) == len(pickers) else []

            return widgets.VBox(list(pickers.values())), read_order
        control = widgets.Text(
            placeholder=f"a number{f' ({question.unit})' if question.unit else ''}"
        )
        return control, lambda: control.value

    def check(self, question_id: str) -> Result:
        question = next(q for q in self.bank.questions if q.id == question_id)
        result = check(question, self.read[question_id]())
        self.results[question_id] = result
        lines = [f"<b>{_escape(result.message)}</b>"]
        if result.status != "invalid":
            lines.append(_escape(question.feedback))
            lines += [f"• {_escape(detail)}" for detail in result.details]
            lines.append(
                "Sources: " + "; ".join(_escape(_data.reference_label(k)) for k in question.sources)
            )
        self.feedback[question_id].value = "<br>".join(lines)
        self._update_score()
        return result

    def _update_score(self) -> None:
        right = sum(result.correct for result in self.results.values())
        self.score.value = f"<b>{right} of {len(self.bank.questions)} answered correctly.</b>"

    def save(self) -> Path:
        """Write the answers and their marks to quiz-answers-<bank>.json and return its path."""
        import datetime
        import json

        answers = {
            q.id: {
                "response": self.read[q.id](),
                "status": self.results[q.id].status if q.id in self.results else "not checked",
            }
            for q in self.bank.questions
        }
        record = {
            "quiz": self.bank.name,
            "title": self.bank.title,
            "saved": datetime.datetime.now().isoformat(timespec="seconds"),
            "correct": sum(r.correct for r in self.results.values()),
            "questions": len(self.bank.questions),
            "answers": answers,
            # A random seed, not a person: it keeps the order of the choices when reopened.
            "seed": self.seed,
            "shuffled": self.shuffle,
        }
        self.save_dir.mkdir(parents=True, exist_ok=True)
        path = self.path
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
        self.saved.value = f"Saved to <code>{_escape(str(path))}</code>: hand in this file."
        return path


def _new_seed() -> str:
    import secrets

    return secrets.token_hex(8)


def _escape(text: str) -> str:
    """Escaped for HTML, Japanese runs marked lang="ja" (the widgets show it as HTML)."""
    from .lang import html_text

    return html_text(text)


def render_quiz(name: str, save_dir: Path | str = "."):
    """The chapter's quiz as widgets in a live notebook; in the book's pages, a note
    (the page shows the same bank as HTML through the ``{quiz}`` directive)."""
    from IPython.display import Markdown

    from .book import in_book_build

    if in_book_build():
        return Markdown(LIVE_ONLY_NOTE)
    return LiveQuiz(load_bank(name), save_dir).widget

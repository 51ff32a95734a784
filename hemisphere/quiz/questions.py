"""Building one question from its YAML mapping, checking every field on the way."""

from __future__ import annotations

import re
from pathlib import Path

from .. import data as _data
from .figures import figure, fill
from .model import LEVELS, TYPES, Option, Question, QuizError

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
    return fill(path, qid, key, value.strip())


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


def build_question(path: Path, index: int, item) -> Question:
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

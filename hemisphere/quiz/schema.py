"""A bank checked against ``exercises/quizzes/quiz-bank.schema.json``, the one statement of
the format, with the schema's errors told as a reader needs them: the file, the question and
the field, and what to write instead.

The schema is compiled once per process. The words come from the schema where it gives them
(``errorMessage``, ``patternErrorMessage``, a property's ``title`` or ``enum``), else from the
JSON Schema keyword that failed. When a bank has several mistakes, the first question's is
reported, and in it the id, then the type, then unknown fields, then fields in file order.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path

from .. import paths
from .model import QuizError

#: The schema travels with the banks; a folder of test or instructor banks uses the book's.
SCHEMA_FILE = paths.BANKS / "quiz-bank.schema.json"

TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


@cache
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


_QUESTION = schema()["$defs"]["question"]["properties"]
#: The question types, and the cognitive levels lowest first (revised Bloom, the first five),
#: as the schema lists them.
TYPES = tuple(_QUESTION["type"]["enum"])
LEVELS = tuple(_QUESTION["level"]["enum"])
#: The levels that count as higher-order (applying, analysing, evaluating).
HIGHER_LEVELS = LEVELS[LEVELS.index("apply") :]

#: Keywords about a mapping's fields: the field at fault is named, not the mapping.
FIELD_KEYWORDS = ("required", "additionalProperties", "unevaluatedProperties")


@cache
def validator():
    """The compiled validator (jsonschema: Binder and hubs already hold it with Jupyter)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def validate(path: Path, raw) -> None:
    """Raise a :class:`QuizError` for the first mistake the schema finds in ``raw``."""
    problems = [_problem(path, raw, error) for error in validator().iter_errors(raw)]
    problems = [problem for problem in problems if problem is not None]
    if problems:
        raise min(problems, key=lambda problem: problem[0])[1]


def _problem(path: Path, raw, error) -> tuple[tuple, QuizError] | None:
    described = _describe(error)
    if described is None:
        return None
    message, field = described
    parts = list(error.absolute_path) + ([field] if field is not None else [])
    index, question = None, {}
    if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
        index, parts = parts[1], parts[2:]
        question = raw["questions"][index]
    label = {}
    if index is not None:
        qid = question.get("id") if isinstance(question, dict) else None
        if isinstance(qid, str) and validator().evolve(schema=schema()["$defs"]["id"]).is_valid(
            qid
        ):
            label["question"] = qid
        else:
            label["number"] = index + 1
    name = _field_name(parts)
    keys = [str(key) for key in question] if isinstance(question, dict) else []
    first = str(parts[0]) if parts else ""
    rank = {"id": 0, "type": 1}.get(first, 2 if error.validator in FIELD_KEYWORDS[1:] else 3)
    order = keys.index(first) if first in keys else len(keys)
    where = (-1 if index is None else index, rank, order)
    return where, QuizError(path, message, field_name=name, **label)


def _describe(error) -> tuple[str, str | None] | None:
    """What is wrong, and the field it concerns when that is a field of the instance."""
    keyword, expected, value, where = (
        error.validator,
        error.validator_value,
        error.instance,
        error.schema,
    )
    if keyword == "required":
        missing = next(key for key in expected if key not in value)
        wanted = _resolve(where.get("properties", {}).get(missing, {}))
        message = "is missing but required"
        if wanted.get("title"):
            message += f": {wanted['title']}"
        if wanted.get("enum"):
            message += f" (one of: {', '.join(map(str, wanted['enum']))})"
        return message, missing
    if keyword in FIELD_KEYWORDS[1:]:
        allowed = _fields(where, value)
        unknown = sorted(str(key) for key in value if key not in allowed)
        if not unknown:  # a field of a failing if/then is not "evaluated": not an unknown field
            return None
        kind = value.get("type")
        of = f" for a {kind} question" if keyword == "unevaluatedProperties" else ""
        known = ", ".join(sorted(allowed))
        return f"unknown field(s) {', '.join(unknown)}{of} (the fields: {known})", unknown[0]
    custom = (where.get("patternErrorMessage") if keyword == "pattern" else None) or where.get(
        "errorMessage"
    )
    if custom:
        return (f"{_shown(value)} {custom}" if custom.startswith("is ") else custom), None
    if keyword == "enum":
        return f"{_shown(value)} is not one of: {', '.join(map(str, expected))}", None
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else expected
        wanted = " or ".join(TYPE_WORDS.get(kind, kind) for kind in kinds)
        return f"must be {wanted}, not {_kind(value)}", None
    if keyword == "minItems":
        return f"needs a list of at least {expected} entr{'y' if expected == 1 else 'ies'}", None
    if keyword == "uniqueItems":
        seen, twice = [], None
        for entry in value:
            if entry in seen:
                twice = entry
                break
            seen.append(entry)
        return f"lists {_shown(twice)} twice", None
    if keyword in ("minimum", "maximum"):
        bound = "or more" if keyword == "minimum" else "or less"
        return f"must be {expected:g} {bound}, not {_shown(value)}", None
    return error.message, None


def _fields(where: dict, value: dict) -> set:
    """The fields a mapping may have: its schema's properties, and those of each ``then`` whose
    ``if`` it meets (a question's fields depend on its type)."""
    fields = set(where.get("properties", {}))
    for part in where.get("allOf", []):
        if "if" in part and validator().evolve(schema=part["if"]).is_valid(value):
            fields |= set(part.get("then", {}).get("properties", {}))
    return fields


def _resolve(part: dict) -> dict:
    """A property's schema with its local ``$ref`` (``#/$defs/...``) followed."""
    if "$ref" not in part:
        return part
    target = schema()["$defs"][part["$ref"].rsplit("/", 1)[1]]
    return {**target, **{key: v for key, v in part.items() if key != "$ref"}}


def _field_name(parts: list) -> str | None:
    """``['options', 1, 'feedback']`` as ``options[2].feedback`` (counting from 1, as people do)."""
    name = ""
    for part in parts:
        name += f"[{part + 1}]" if isinstance(part, int) else f"{'.' if name else ''}{part}"
    return name or None


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    for kind, word in ((str, "text"), ((int, float), "a number"), (list, "a list")):
        if isinstance(value, kind):
            return word
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (datetime.date, datetime.time)):  # YAML reads 2026-01-03 as a date
        return "a date or time (put it in quotes to make it text)"
    return "nothing" if value is None else type(value).__name__


def _shown(value) -> str:
    """A value as the message quotes it, cut short if it is long."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:76]}…{text[-1]}"

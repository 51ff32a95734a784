"""Loading a bank: the YAML file read safely, validated against the schema (:mod:`.schema`),
and every question built and cross-checked (:mod:`.questions`); cached until
:func:`clear_cache`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .. import paths
from .model import Bank, QuizError, display_path
from .questions import build_question
from .schema import validate


def bank_dir() -> Path:
    return paths.bank_dir()


def load_bank(name: str) -> Bank:
    """Load and check ``exercises/quizzes/<name>.yml``."""
    return _load_bank(bank_dir(), name)


def bank_names() -> list[str]:
    return sorted(path.stem for path in bank_dir().glob("*.yml"))


def load_banks() -> list[Bank]:
    """Every bank; a question id names one question across them all (the LMS exports match a
    re-import by it)."""
    banks, owner = [load_bank(name) for name in bank_names()], {}
    for bank in banks:
        for question in bank.questions:
            if question.id in owner:
                raise QuizError(
                    bank.path,
                    f"the id {question.id!r} is used in {display_path(owner[question.id])} too",
                    question=question.id,
                    field_name="id",
                )
            owner[question.id] = bank.path
    return banks


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
        # The C loader when PyYAML has it (parsing is most of the time a load takes); both are safe.
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise QuizError(path, f"is not valid YAML{where}: {getattr(err, 'problem', err)}") from None
    validate(path, raw)
    questions, seen = [], set()
    for item in raw["questions"]:
        question = build_question(path, item)
        if question.id in seen:
            raise QuizError(
                path, f"the id {question.id!r} is used twice", question=question.id, field_name="id"
            )
        seen.add(question.id)
        questions.append(question)
    return Bank(
        name=name,
        path=path,
        chapter=raw["chapter"],
        title=raw["title"],
        questions=questions,
    )


def clear_cache() -> None:
    _load_bank.cache_clear()

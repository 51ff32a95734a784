"""Loading a bank: the YAML file read safely and every question built and checked (see
:mod:`.questions`); banks are cached until :func:`clear_cache`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .. import paths
from .model import Bank, QuizError
from .questions import build_question


def bank_dir() -> Path:
    return paths.bank_dir()


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
        question = build_question(path, index, item)
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


def clear_cache() -> None:
    _load_bank.cache_clear()

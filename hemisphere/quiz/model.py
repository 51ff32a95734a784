"""The quiz bank's model: a bank, its questions and their choices, and the error that names
the file, the question and the field when a bank is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import paths


class QuizError(ValueError):
    """A problem in a quiz bank, naming the file, the question (by its id, or by its number
    when its id is the problem) and the field."""

    def __init__(
        self,
        path: Path,
        problem: str,
        *,
        question: str | None = None,
        number: int | None = None,
        field_name: str | None = None,
    ):
        where = [display_path(path)]
        if question:
            where.append(f"question {question!r}")
        elif number is not None:
            where.append(f"question number {number}")
        if field_name:
            where.append(f"field {field_name!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


def display_path(path: Path) -> str:
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

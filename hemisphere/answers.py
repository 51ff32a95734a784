"""Read back the answers files a live quiz saves (``quiz-answers-<bank>.json``), as data only.

A student hands in the file :meth:`hemisphere.quiz.LiveQuiz.save` wrote, and anyone may
have edited it since: it is untrusted input. It is parsed with :func:`json.loads` (never
evaluated), every field is checked for its type, a problem is a :class:`AnswersError`
naming the file and the field, and :func:`summary_html` escapes every text it shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

STATUSES = ("correct", "incorrect", "invalid", "not checked")
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: More than this is not an answers file (a quiz has a few dozen questions at most).
MAX_BYTES = 1_000_000


class AnswersError(ValueError):
    def __init__(self, path: Path, problem: str, field: str | None = None):
        where = f"{Path(path).name}" + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {problem}")


@dataclass
class SavedAnswers:
    quiz: str
    title: str
    saved: str
    correct: int
    questions: int
    answers: dict[str, dict]


def _response_ok(value) -> bool:
    if value is None or isinstance(value, (str, bool)):
        return True
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    return False


def read_saved_answers(path: Path | str) -> SavedAnswers:
    """One answers file, checked field by field."""
    path = Path(path)
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise AnswersError(path, f"is {len(raw)} bytes; an answers file is far smaller")
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise AnswersError(path, f"is not a JSON answers file ({err})") from None
    if not isinstance(record, dict):
        raise AnswersError(path, "must be a JSON object")

    def field(name, kind, check=lambda value: True):
        value = record.get(name)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
            raise AnswersError(path, f"must be {kind.__name__}, not {type(value).__name__}", name)
        if not check(value):
            raise AnswersError(path, f"{value!r} is not allowed here", name)
        return value

    answers = field("answers", dict)
    for qid, answer in answers.items():
        where = f"answers.{qid}"
        if not ID.fullmatch(qid):
            raise AnswersError(path, f"{qid!r} is not a question id", "answers")
        if not isinstance(answer, dict) or answer.get("status") not in STATUSES:
            raise AnswersError(path, f"status must be one of: {', '.join(STATUSES)}", where)
        if not _response_ok(answer.get("response")):
            raise AnswersError(path, "response must be text, true/false or a list of ids", where)
    return SavedAnswers(
        quiz=field("quiz", str, ID.fullmatch),
        title=field("title", str),
        saved=field("saved", str),
        correct=field("correct", int, lambda n: n >= 0),
        questions=field("questions", int, lambda n: n >= 0),
        answers=answers,
    )


def summary_html(records: list[SavedAnswers]) -> str:
    """A table of answers files for an instructor's notebook; every text is escaped."""
    from html import escape

    rows = "".join(
        f"<tr><td>{escape(r.quiz)}</td><td>{escape(r.title)}</td><td>{escape(r.saved)}</td>"
        f"<td>{r.correct} of {r.questions}</td></tr>"
        for r in records
    )
    return (
        "<table><thead><tr><th>Quiz</th><th>Title</th><th>Saved</th><th>Right</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )

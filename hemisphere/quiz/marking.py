"""Marking a response: the same rules as the page's script (``static/quiz.js``); a test runs
the same cases through both."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Question


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

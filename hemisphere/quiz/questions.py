"""One question built from its YAML mapping, once the schema has passed the mapping
(:mod:`.schema`: every type, required field, enumeration, pattern and count).

What stays here is what no schema can say: an answer among its own question's options,
items or categories; ids unique within a question; source keys that resolve in
data/references.bib; a dimension that is a row of data/corollaries.csv; and figures that
exist in data/ (numeric answers and ``{{count:...}}`` placeholders).
"""

from __future__ import annotations

from pathlib import Path

from .. import data as _data
from .figures import figure, fill
from .model import Option, Question, QuizError


def build_question(path: Path, item: dict) -> Question:
    qid, kind = item["id"], item["type"]

    def problem(message: str, field_name: str) -> QuizError:
        return QuizError(path, message, question=qid, field_name=field_name)

    def text(value: str, field_name: str) -> str:
        return fill(path, qid, field_name, value.strip())

    known = _data.reference_keys()
    for key in item["sources"]:
        if key not in known:
            raise problem(f"source key {key!r} is not in data/references.bib", "sources")
    if "dimension" in item:
        dimensions = set(_data.load_corollaries()["dimension"].astype(str))
        if item["dimension"] not in dimensions:
            raise problem(
                f"{item['dimension']!r} is not a dimension of data/corollaries.csv "
                f"({', '.join(sorted(dimensions))})",
                "dimension",
            )

    def choices(key: str) -> list[Option]:
        options, seen = [], set()
        for number, entry in enumerate(item[key], start=1):
            where = f"{key}[{number}]"
            if entry["id"] in seen:
                raise problem(f"id {entry['id']!r} is used twice", f"{where}.id")
            seen.add(entry["id"])
            feedback = entry.get("feedback", "")
            options.append(
                Option(
                    entry["id"],
                    text(entry["text"], f"{where}.text"),
                    text(feedback, f"{where}.feedback") if feedback else "",
                )
            )
        return options

    question = Question(
        id=qid,
        type=kind,
        prompt=text(item["prompt"], "prompt"),
        objective=item["objective"],
        sources=list(item["sources"]),
        feedback=text(item["feedback"], "feedback"),
        level=item["level"],
        compares=item.get("compares", False),
        dimension=item.get("dimension", ""),
    )
    answer = item.get("answer")
    if kind in ("single", "multiple"):
        question.options = choices("options")
        ids = [o.id for o in question.options]
        for choice in [answer] if kind == "single" else answer:
            if choice not in ids:
                raise problem(f"{choice!r} is not among the options ({', '.join(ids)})", "answer")
        question.answer = answer if kind == "single" else sorted(answer)
    elif kind == "truefalse":
        question.answer = answer
    elif kind == "classify":
        question.categories = list(item["categories"])
        for number, entry in enumerate(item["statements"], start=1):
            if entry["answer"] not in question.categories:
                raise problem(
                    f"answer {entry['answer']!r} is not among the categories "
                    f"({', '.join(question.categories)})",
                    f"statements[{number}].answer",
                )
        question.statements = choices("statements")
        question.answer = {entry["id"]: entry["answer"] for entry in item["statements"]}
    elif kind == "order":
        question.options = choices("items")
        ids = [o.id for o in question.options]
        if sorted(answer) != sorted(ids):
            raise problem(
                f"must list every item id once, in the right order ({', '.join(ids)})", "answer"
            )
        question.answer = list(answer)
    elif kind == "numeric":
        ((source, name),) = answer.items()
        number = figure(source, name)
        if number is None:
            where = (
                "a count of hemisphere.data.teaching_counts()"
                if source == "count"
                else "an indicator with a value in data/indicators.csv"
            )
            raise problem(f"{name!r} is not {where}", "answer")
        question.answer = number
        question.tolerance = float(item.get("tolerance", 0))
        question.unit = text(item.get("unit") or "", "unit")
    return question

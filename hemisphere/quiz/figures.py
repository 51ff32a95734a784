"""Figures from data/: a numeric answer names one (``{count: ...}`` or ``{indicator: ...}``)
and text may hold ``{{count:name}}`` or ``{{indicator:id}}``, so a quiz never types a number
the data hold."""

from __future__ import annotations

import re

import pandas as pd

from .. import data as _data
from .model import QuizError

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


def fill(path, qid, key, text: str) -> str:
    """Replace {{count:name}} and {{indicator:id}} with the figure from data/, so a quiz never
    types a number the data hold."""
    from ..facts import format_number

    def value(match):
        number = figure(match.group(1), match.group(2))
        if number is None:
            raise QuizError(
                path, f"{match.group(0)} names no figure in data/", question=qid, field_name=key
            )
        return format_number(number)

    return PLACEHOLDER.sub(value, text)

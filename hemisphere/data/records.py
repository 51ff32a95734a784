"""The claims checked against the record, whose text reads figures and dates from the other tables."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from .errors import DataError
from .package import data_dir, read_table, table_schema
from .tables import DATE_LABEL_FORMATS, _events, _frame, row_by_id, teaching_counts

#: A value the record of a claim reads from another table: {indicator:ID}, {indicator:ID.low},
#: {event:ID}, {event:ID.year} or {count:NAME}. Anything else in braces is an error, so a typo cannot pass as text.
# {kind:target}: a lower-case kind and a colon. Other braces are the record's own text.
PLACEHOLDER = re.compile(r"\{([a-z]+:[^{}]*)\}")
INDICATOR_FIELDS = ("value", "low", "high", "period_start", "period_end")


def _format_value(value: float) -> str:
    """A figure as prose prints it: thousands separated, no trailing '.0'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _format_period(text: str) -> str:
    """An ISO date of any precision as prose prints it: '30 Sep 2029', 'Jul 2024', '2025'."""
    precision = {0: "year", 1: "month", 2: "day"}[text.count("-")]
    padded = text + {"year": "-01-01", "month": "-01", "day": ""}[precision]
    return pd.Timestamp(padded).strftime(DATE_LABEL_FORMATS[precision])


def _placeholder_value(name: str, key: str, directory: Path) -> str:
    """The text for one placeholder, or a KeyError/ValueError saying what is wrong with it."""
    kind, _, target = key.partition(":")
    if kind == "event":
        ident, _, field = target.partition(".")
        if field not in ("", "year"):
            raise ValueError(
                f"an event has no field {field!r} (use {{event:ID}} or {{event:ID.year}})"
            )
        events = _events(directory).set_index("id")
        if ident not in events.index:
            raise KeyError(f"no row of data/events.csv has id {ident!r}")
        # "in 1933" reads the year alone; the date label would print the day.
        if field == "year":
            return str(events.loc[ident, "date"].year)
        return str(events.loc[ident, "date_label"])
    if kind == "indicator":
        ident, _, field = target.partition(".")
        field = field or "value"
        if field not in INDICATOR_FIELDS:
            raise ValueError(
                f"an indicator has no field {field!r} (use {', '.join(INDICATOR_FIELDS)})"
            )
        rows = {row["id"]: row for row in read_table("indicators")}
        if ident not in rows:
            raise KeyError(f"no row of data/indicators.csv has id {ident!r}")
        cell = rows[ident][field]
        if not cell:
            raise ValueError(f"indicator {ident!r} has no {field}")
        return _format_period(cell) if field.startswith("period") else _format_value(float(cell))
    if kind == "count":
        counts = teaching_counts()
        if target not in counts:
            raise KeyError(f"no count named {target!r} (known: {', '.join(sorted(counts))})")
        return str(counts[target])
    raise ValueError("a placeholder is {indicator:ID}, {event:ID} or {count:NAME}")


def expand_record(text: str, *, path: Path, line: int, row_id: str, column: str = "record") -> str:
    """The record with every placeholder replaced by the value it names, read from data/."""

    def value(match: re.Match) -> str:
        try:
            return _placeholder_value(column, match.group(1), data_dir())
        except (KeyError, ValueError) as err:
            problem = err.args[0] if err.args else str(err)
            raise DataError(
                path, f"{{{match.group(1)}}}: {problem}", line=line, row_id=row_id, column=column
            ) from None

    return PLACEHOLDER.sub(value, text)


@cache
def _claims(directory: Path) -> pd.DataFrame:
    path = directory / table_schema("claims")["path"]
    rows = read_table("claims")
    frame = _frame("claims", ("claim_by", "verdict"))
    frame["record_text"] = [
        expand_record(row["record"], path=path, line=row["_line"], row_id=row["id"]) for row in rows
    ]
    return frame


def load_claims() -> pd.DataFrame:
    """The claims checked against the record, in file order.

    ``record`` keeps the placeholders as written; ``record_text`` has them replaced by
    the figures and dates they name (see the table's description in datapackage.json).
    ``chapter`` is '' for a claim that only the claims page shows.
    """
    return _claims(data_dir()).copy()


def claim(claim_id: str) -> pd.Series:
    """One claim by its id, with a clear error naming the id when it is not in the data."""
    return row_by_id(load_claims(), claim_id, "claim", "claims")

"""Load the module's data tables, checked against ``data/datapackage.json``.

Every table is read through :func:`read_table`, which enforces the schema the
data package declares (columns, required cells, patterns, enums, unique keys)
and that every source key resolves in ``data/references.bib``. A problem is
raised as :class:`DataError`, whose message names the file, the line, the row's
id and the column, so a reader can find and fix it.
"""

from __future__ import annotations

import csv
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
from pybtex.database import parse_string as parse_bibtex

#: Where the data package lives. ``HEMISPHERE_DATA`` points elsewhere (tests use it).
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

SOURCE_SEPARATOR = ";"
COUNTRY_SEPARATOR = " "


def data_dir() -> Path:
    return Path(os.environ.get("HEMISPHERE_DATA", DEFAULT_DATA_DIR))


class DataError(ValueError):
    """A problem in a data file, worded for the person who has to fix it."""

    def __init__(self, path: Path, problem: str, *, line: int | None = None,
                 row_id: str | None = None, column: str | None = None):
        self.path, self.line, self.row_id, self.column = path, line, row_id, column
        where = [f"data/{path.name}"]
        if line is not None:
            where.append(f"line {line}")
        if row_id:
            where.append(f"id {row_id!r}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


@lru_cache(maxsize=None)
def _package(directory: Path) -> dict:
    path = directory / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(path, f"not valid JSON ({err.msg} at line {err.lineno})") from None


def table_schema(name: str) -> dict:
    """The Table Schema that data/datapackage.json declares for table ``name``."""
    package = _package(data_dir())
    for resource in package["resources"]:
        if resource["name"] == name:
            return resource
    raise KeyError(f"data/datapackage.json has no resource named {name!r}")


@lru_cache(maxsize=None)
def _reference_keys(directory: Path) -> frozenset[str]:
    path = directory / "references.bib"
    text = _read_text(path)
    try:
        return frozenset(parse_bibtex(text, "bibtex").entries.keys())
    except Exception as err:  # pybtex raises several unrelated types
        raise DataError(path, f"cannot be parsed as BibTeX: {err}") from None


def reference_keys() -> frozenset[str]:
    """Every citation key in data/references.bib."""
    return _reference_keys(data_dir())


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "the file is missing") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(path, f"is not UTF-8 text (byte 0x{raw[err.start]:02x} at "
                              f"position {err.start}); save it as UTF-8") from None


def read_table(name: str) -> list[dict[str, str]]:
    """Read table ``name`` as rows of strings, checked against its schema.

    Each row also carries ``_line``, its line number in the file.
    """
    resource = table_schema(name)
    path = data_dir() / resource["path"]
    text = _read_text(path).removeprefix("\ufeff")
    if not text.strip():
        raise DataError(path, "the file is empty; it needs a header row and data rows")
    fields = resource["schema"]["fields"]
    expected = [field["name"] for field in fields]
    reader = csv.reader(text.splitlines())
    header = next(reader)
    missing = [column for column in expected if column not in header]
    extra = [column for column in header if column not in expected]
    if missing:
        raise DataError(path, f"missing column(s) {', '.join(map(repr, missing))}", line=1)
    if extra:
        raise DataError(path, f"unexpected column(s) {', '.join(map(repr, extra))}; "
                              f"the schema in datapackage.json has {', '.join(expected)}", line=1)

    rows, seen = [], {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row_id = cells[0] if cells else None
        if len(cells) != len(header):
            raise DataError(path, f"has {len(cells)} cells where the header has {len(header)} "
                                  "(a comma inside a cell needs quotes)", line=line, row_id=row_id)
        row = dict(zip(header, cells))
        for field in fields:
            _check_cell(path, line, row_id, field, row[field["name"]])
        for key_field in resource["schema"].get("primaryKey", []):
            key = row[key_field]
            if key in seen:
                raise DataError(path, f"duplicate {key_field} {key!r} (first used on line {seen[key]})",
                                line=line, row_id=row_id, column=key_field)
            seen[key] = line
        if "sources" in row:
            _check_sources(path, line, row_id, row["sources"])
        row["_line"] = line
        rows.append(row)
    if not rows:
        raise DataError(path, "has a header but no data rows")
    return rows


def _check_cell(path: Path, line: int, row_id: str | None, field: dict, value: str) -> None:
    constraints = field.get("constraints", {})
    name = field["name"]
    if not value.strip():
        if constraints.get("required"):
            raise DataError(path, "is empty but required", line=line, row_id=row_id, column=name)
        return
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        hint = field.get("description", f"pattern {pattern}")
        raise DataError(path, f"{value!r} is not in the expected form: {hint}",
                        line=line, row_id=row_id, column=name)
    enum = constraints.get("enum")
    if enum and value not in enum:
        raise DataError(path, f"{value!r} is not one of: {', '.join(enum)}",
                        line=line, row_id=row_id, column=name)


def _check_sources(path: Path, line: int, row_id: str | None, cell: str) -> None:
    known = reference_keys()
    for key in cell.split(SOURCE_SEPARATOR):
        if key not in known:
            raise DataError(path, f"source key {key!r} is not in data/references.bib",
                            line=line, row_id=row_id, column="sources")


def _parse_date(path: Path, row: dict[str, str]) -> pd.Timestamp:
    """The first day of the period a partial ISO date names, checked against its precision."""
    text, precision = row["date"], row["date_precision"]
    parts = text.count("-")
    implied = {0: "year", 1: "month", 2: "day"}[parts]
    if implied != precision:
        raise DataError(path, f"{text!r} is a {implied} but date_precision says {precision!r}",
                        line=row["_line"], row_id=row["id"], column="date")
    padded = text + {"year": "-01-01", "month": "-01", "day": ""}[precision]
    try:
        return pd.Timestamp(padded)
    except ValueError:
        raise DataError(path, f"{text!r} is not a real calendar date",
                        line=row["_line"], row_id=row["id"], column="date") from None


DATE_LABEL_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def _categorical(values, name: str, table: str) -> pd.Categorical:
    """Categories in the order the schema lists them, so legends and filters follow it."""
    fields = {field["name"]: field for field in table_schema(table)["schema"]["fields"]}
    return pd.Categorical(values, categories=fields[name]["constraints"]["enum"])


@lru_cache(maxsize=None)
def _events(directory: Path) -> pd.DataFrame:
    path = directory / table_schema("events")["path"]
    rows = read_table("events")
    frame = pd.DataFrame(rows).drop(columns="_line")
    frame["date"] = [_parse_date(path, row) for row in rows]
    frame["date_label"] = [
        date.strftime(DATE_LABEL_FORMATS[row["date_precision"]])
        for date, row in zip(frame["date"], rows)
    ]
    for column in ("date_precision", "category", "instrument", "era"):
        frame[column] = _categorical(frame[column], column, "events")
    frame["countries"] = [tuple(cell.split(COUNTRY_SEPARATOR)) for cell in frame["countries"]]
    frame["sources"] = [tuple(cell.split(SOURCE_SEPARATOR)) for cell in frame["sources"]]
    return frame.sort_values(["date", "id"], ignore_index=True)


def load_events() -> pd.DataFrame:
    """The dated events, oldest first: one row each, with parsed dates and categoricals.

    ``date`` is the first day of the period the source gives; ``date_precision``
    says whether that is a day, a month or a year, and ``date_label`` prints it
    at that precision. ``countries`` and ``sources`` are tuples.
    """
    return _events(data_dir()).copy()


def clear_cache() -> None:
    """Forget loaded tables (after editing a data file in a live session)."""
    for cached in (_package, _reference_keys, _events):
        cached.cache_clear()

"""The data package: where it is, what datapackage.json declares, and each table read and checked.

:func:`read_table` checks a table against its schema (:mod:`.tableschema`), then the rules no
schema can say: every source key resolves in references.bib, every code of a list-valued country
column is a row of countries.csv, and a link column holds only http(s) addresses.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .. import paths
from . import tableschema
from .bibliography import reference_keys
from .errors import DataError
from .errors import read_text as _read_text

#: Where the data package lives. ``HEMISPHERE_DATA`` points elsewhere (tests use it).
DEFAULT_DATA_DIR = paths.DATA

SOURCE_SEPARATOR = ";"
COUNTRY_SEPARATOR = " "


def data_dir() -> Path:
    return paths.data_dir()


@cache
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


def _is_url_field(field: dict) -> bool:
    return field.get("format") == "uri" or field["name"] == "url" or field["name"].endswith("_url")


def _check_url_cell(path: Path, line: int, row_id: str | None, field: dict, value: str) -> None:
    """A cell of a URL column (format "uri", or named url / *_url) holds an http(s) address."""
    from ..safetext import is_http_url

    if value and _is_url_field(field) and not is_http_url(value):
        raise DataError(
            path,
            f"{value!r} is not an http:// or https:// address; a link must be one",
            line=line,
            row_id=row_id,
            column=field["name"],
        )


# Columns that hold several country codes (separated by spaces): each code must
# be an iso3 in countries.csv. Table Schema's foreign keys can't express lists.
COUNTRY_LIST_COLUMNS = {"events": "countries", "designations": "home_countries"}


def read_table(name: str) -> list[dict[str, str]]:
    """Read table ``name`` as rows of strings, checked against its schema.

    Checks what data/datapackage.json declares (see :mod:`hemisphere.data.tableschema`: columns,
    types, constraints, keys, foreign keys), then what no schema can say: that every source
    key is in references.bib and every country code of a list column is in countries.csv.
    Each row also carries ``_line``, its line number in the file.
    """
    rows = _checked_rows(data_dir(), name)
    resource = table_schema(name)
    path = data_dir() / resource["path"]

    def target(other: str):
        return data_dir() / table_schema(other)["path"], _checked_rows(data_dir(), other)

    tableschema.check_foreign_keys(path, rows, resource["schema"], target)
    list_column = COUNTRY_LIST_COLUMNS.get(name)
    if list_column:
        codes = {row["iso3"] for row in _checked_rows(data_dir(), "countries")}
        for row in rows:
            for code in row[list_column].split():
                if code not in codes:
                    raise DataError(
                        path,
                        f"country code {code!r} is not in data/countries.csv",
                        line=row["_line"],
                        row_id=row_id_of(row, resource),
                        column=list_column,
                    )
    return [dict(row) for row in rows]


def row_id_of(row: dict[str, str], resource: dict) -> str:
    return tableschema.row_id(row, resource["schema"])


#: A resource's own flag in datapackage.json: a header with no rows is a valid state for it.
MAY_BE_EMPTY = "mayBeEmpty"


@cache
def _checked_rows(directory: Path, name: str) -> tuple[dict[str, str], ...]:
    """The rows of one table, each checked on its own (no cross-table checks)."""
    resource = table_schema(name)
    path = directory / resource["path"]
    schema = resource["schema"]
    rows = tableschema.read_rows(
        path, _read_text(path), schema, may_be_empty=resource.get(MAY_BE_EMPTY, False)
    )
    for row in rows:
        ident = tableschema.row_id(row, schema)
        for field in schema["fields"]:
            _check_url_cell(path, row["_line"], ident, field, row[field["name"]])
        if "sources" in row:
            _check_sources(path, row["_line"], ident, row["sources"])
    return rows


def _check_sources(path: Path, line: int, row_id: str | None, cell: str) -> None:
    known = reference_keys()
    for key in cell.split(SOURCE_SEPARATOR):
        if key not in known:
            raise DataError(
                path,
                f"source key {key!r} is not in data/references.bib",
                line=line,
                row_id=row_id,
                column="sources",
            )

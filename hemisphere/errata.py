"""The errata: corrections made since the first release, one a row of data/errata.csv.

The table is described in data/datapackage.json like every other, and checked the same way
(:func:`hemisphere.data.read_table`) once it has rows. Until something is corrected it has a
header and no rows, which the other tables may not have: a resource marked ``"mayBeEmpty":
true`` is read by :func:`read_table` here, which checks the header alone when there are no rows.
"""

from __future__ import annotations

import csv
import io

from . import data

NAME = "errata"
#: A resource's own flag in datapackage.json: no data rows is a valid state for it.
MAY_BE_EMPTY = "mayBeEmpty"


def _has_rows(text: str) -> bool:
    return any(
        any(cell.strip() for cell in cells) for cells in list(csv.reader(io.StringIO(text)))[1:]
    )


def read_table(name: str) -> list[dict[str, str]]:
    """:func:`hemisphere.data.read_table`, except that a table marked ``mayBeEmpty`` may hold
    only its header (which must then name the schema's columns, in any order)."""
    resource = data.table_schema(name)
    if not resource.get(MAY_BE_EMPTY):
        return data.read_table(name)
    path = data.data_dir() / resource["path"]
    text = data._read_text(path).removeprefix("\ufeff")
    if _has_rows(text):
        return data.read_table(name)
    header = next(csv.reader(io.StringIO(text)), [])
    expected = [field["name"] for field in resource["schema"]["fields"]]
    if sorted(header) != sorted(expected):
        raise data.DataError(
            path, f"the header should name the columns {', '.join(expected)}", line=1
        )
    return []


def rows() -> list[dict[str, str]]:
    """The corrections, oldest first."""
    return sorted(read_table(NAME), key=lambda row: (row["date"], row["_line"]))

"""A small Table Schema validator: the rules data/datapackage.json declares, checked by our code.

It knows the part of the Frictionless Table Schema the module's data package uses: field types
``string``, ``integer``, ``number``, ``boolean``, ``date`` and ``year``; the constraints
``required``, ``unique``, ``pattern``, ``enum``, ``minimum``, ``maximum``, ``minLength`` and
``maxLength``; ``missingValues``; ``primaryKey``, ``uniqueKeys`` (Table Schema v2) and
``foreignKeys``. A rule it does not know stops the check rather than pass unchecked.

Every problem is raised as :class:`DataError` naming the file, the line, the row's id (its
primary key) and the column. One rule is ours, not the schema's: a cell carries no spaces at
its start or end (a stray space would split a category in two).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from .errors import DataError

TYPES = ("string", "integer", "number", "boolean", "date", "year")
CONSTRAINTS = (
    "required",
    "unique",
    "pattern",
    "enum",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
)
#: Formats besides "default": a uri is a string, and a link column holds http(s) addresses
#: only (hemisphere.data.package checks that, for any column named url or *_url as well).
FORMATS = (("string", "uri"),)
#: Table Schema's defaults for a boolean field without trueValues / falseValues.
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]

INTEGER = re.compile(r"-?[0-9]+")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _fields(keys) -> list[str]:
    """A key's fields: Table Schema allows one name or a list of names."""
    return [keys] if isinstance(keys, str) else list(keys)


def check_schema(path: Path, schema: dict) -> None:
    """Stop at a type or constraint this validator does not know (it would pass unchecked)."""
    for field in schema["fields"]:
        kind = field.get("type", "string")
        if kind not in TYPES:
            raise DataError(
                path.parent / "datapackage.json",
                f"field {field['name']!r} of {path.name} has type {kind!r}; "
                f"hemisphere's checks know {', '.join(TYPES)}",
            )
        form = field.get("format", "default")
        if form != "default" and (kind, form) not in FORMATS:
            raise DataError(
                path.parent / "datapackage.json",
                f"field {field['name']!r} of {path.name} has format {form!r}; hemisphere's "
                f"checks know the default format and {', '.join(f'{t} {f}' for t, f in FORMATS)}",
            )
        unknown = set(field.get("constraints", {})) - set(CONSTRAINTS)
        if unknown:
            raise DataError(
                path.parent / "datapackage.json",
                f"field {field['name']!r} of {path.name} has constraint(s) "
                f"{', '.join(sorted(unknown))}; hemisphere's checks know {', '.join(CONSTRAINTS)}",
            )


def typed(field: dict, value: str):
    """The cell's value as its type (the cell is known to be valid)."""
    kind = field.get("type", "string")
    if kind in ("integer", "year"):
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value in field.get("trueValues", TRUE_VALUES)
    if kind == "date":
        return date.fromisoformat(value)
    return value


def cell_problem(field: dict, value: str, missing: list[str]) -> str | None:
    """What is wrong with one cell under its field's type and constraints, or None."""
    constraints = field.get("constraints", {})
    if value in missing or not value.strip():
        return "is empty but required" if constraints.get("required") else None
    if value != value.strip():
        return f"{value!r} has spaces at its start or end"
    kind = field.get("type", "string")
    if kind == "integer" and not INTEGER.fullmatch(value):
        return f"{value!r} is not a whole number"
    if kind == "year" and not re.fullmatch(r"[0-9]{4}", value):
        return f"{value!r} is not a year (four digits)"
    if kind == "number" and not NUMBER.fullmatch(value):
        return (
            f"{value!r} is not a number: write digits, with a point for decimals "
            "and no thousands separators, units or signs other than a minus"
        )
    if kind == "boolean":
        allowed = field.get("trueValues", TRUE_VALUES) + field.get("falseValues", FALSE_VALUES)
        if value not in allowed:
            return f"{value!r} is not one of: {', '.join(allowed)}"
    if kind == "date":
        try:
            if not DATE.fullmatch(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a calendar date in the form YYYY-MM-DD"
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        hint = field.get("description", f"pattern {pattern}")
        return f"{value!r} is not in the expected form: {hint}"
    enum = constraints.get("enum")
    if enum and typed(field, value) not in enum:
        return f"{value!r} is not one of: {', '.join(map(str, enum))}"
    if kind == "string":
        if "minLength" in constraints and len(value) < constraints["minLength"]:
            return f"is {len(value)} characters long; the least is {constraints['minLength']}"
        if "maxLength" in constraints and len(value) > constraints["maxLength"]:
            return f"is {len(value)} characters long; the most is {constraints['maxLength']}"
    elif "minimum" in constraints or "maximum" in constraints:
        number = typed(field, value)
        low, high = constraints.get("minimum"), constraints.get("maximum")
        if kind == "date":
            low = date.fromisoformat(low) if low else None
            high = date.fromisoformat(high) if high else None
        if low is not None and number < low:
            return f"{value} is below the minimum of {constraints['minimum']}"
        if high is not None and number > high:
            return f"{value} is above the maximum of {constraints['maximum']}"
    return None


def row_id(row: dict[str, str], schema: dict) -> str | None:
    """The row's id as messages name it: its primary key (the first column without one)."""
    keys = _fields(schema.get("primaryKey", []))
    return " ".join(row[key] for key in keys) if keys else next(iter(row.values()), None)


def read_rows(
    path: Path, text: str, schema: dict, *, may_be_empty: bool = False
) -> tuple[dict[str, str], ...]:
    """The rows of a CSV file under its schema: the header, every cell, and the unique keys.

    Each row is a dict of strings (the cells as written) with ``_line``, its line in the file.
    A table with a header and no rows is an error unless ``may_be_empty`` (the resource's
    ``"mayBeEmpty": true`` in datapackage.json: the errata, before anything is corrected).
    """
    check_schema(path, schema)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DataError(path, "the file is empty; it needs a header row and data rows")
    fields = schema["fields"]
    missing_values = schema.get("missingValues", [""])
    expected = [field["name"] for field in fields]
    # Not str.splitlines: it also splits at U+2028, U+2029 and other characters that may
    # stand inside a cell of free text; csv needs the file's own line ends only.
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    missing = [column for column in expected if column not in header]
    extra = [column for column in header if column not in expected]
    if missing:
        raise DataError(path, f"missing column(s) {', '.join(map(repr, missing))}", line=1)
    if extra:
        raise DataError(
            path,
            f"unexpected column(s) {', '.join(map(repr, extra))}; "
            f"the schema in datapackage.json has {', '.join(expected)}",
            line=1,
        )
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                path,
                f"has {len(cells)} cells where the header has {len(header)} "
                "(a comma inside a cell needs quotes)",
                line=line,
                row_id=cells[0] if cells else None,
            )
        row = dict(zip(header, cells, strict=True))
        ident = row_id(row, schema)
        for field in fields:
            problem = cell_problem(field, row[field["name"]], missing_values)
            if problem:
                raise DataError(path, problem, line=line, row_id=ident, column=field["name"])
        row["_line"] = line
        rows.append(row)
    if not rows and not may_be_empty:
        raise DataError(path, "has a header but no data rows")
    check_unique(path, tuple(rows), schema)
    return tuple(rows)


def check_unique(path: Path, rows: tuple[dict, ...], schema: dict) -> None:
    """The primary key, every ``unique`` column and every ``uniqueKeys`` entry: no repeats."""
    keys = [_fields(schema.get("primaryKey", []))]
    keys += [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
    keys += [_fields(k) for k in schema.get("uniqueKeys", [])]
    missing_values = schema.get("missingValues", [""])
    done = []
    for key in keys:
        if not key or key in done:
            continue
        done.append(key)
        seen: dict[tuple, dict] = {}
        for row in rows:
            value = tuple(row[name] for name in key)
            if any(cell in missing_values for cell in value):
                continue  # Table Schema: a key with a missing value is not compared
            if value in seen:
                first = seen[value]
                if len(key) == 1:
                    problem = (
                        f"duplicate {key[0]} {value[0]!r} (first used on line {first['_line']})"
                    )
                else:
                    named = " and ".join(f"{n} {v!r}" for n, v in zip(key, value, strict=True))
                    problem = (
                        f"a second row with {named} (first: line {first['_line']}, "
                        f"id {row_id(first, schema)!r})"
                    )
                raise DataError(
                    path, problem, line=row["_line"], row_id=row_id(row, schema), column=key[0]
                )
            seen[value] = row


def check_foreign_keys(path: Path, rows, schema: dict, target) -> None:
    """Every ``foreignKeys`` entry: each value names a row of the table it refers to.

    ``target(resource_name)`` gives that table's (path, rows); '' is the table itself."""
    missing_values = schema.get("missingValues", [""])
    for foreign_key in schema.get("foreignKeys", []):
        columns = _fields(foreign_key["fields"])
        reference = foreign_key["reference"]
        referred = _fields(reference["fields"])
        name = reference.get("resource", "")
        target_path, target_rows = (path, rows) if name == "" else target(name)
        known = {tuple(row[column] for column in referred) for row in target_rows}
        for row in rows:
            value = tuple(row[column] for column in columns)
            if any(cell in missing_values for cell in value) or value in known:
                continue
            named = " and ".join(f"{n} {v!r}" for n, v in zip(referred, value, strict=True))
            raise DataError(
                path,
                f"no row of data/{target_path.name} has {named}",
                line=row["_line"],
                row_id=row_id(row, schema),
                column=columns[0],
            )

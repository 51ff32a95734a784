"""The package's own Table Schema checks: each rule of data/datapackage.json, broken on purpose,
gives a message naming the file, the line, the row's id and the column."""

from __future__ import annotations

from pathlib import Path

import pytest

from hemisphere import data
from hemisphere.data import tableschema
from hemisphere.data.tableschema import DataError


def edit(folder: Path, filename: str, old: str, new: str) -> None:
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {filename}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- The shipped schema, broken row by row ---------------------------------------------


@pytest.mark.parametrize(
    "filename, old, new, message",
    [
        (  # type: integer
            "designations.csv",
            "new organisation,1,2025-02-20",
            "new organisation,one,2025-02-20",
            "data/designations.csv, line 2, id 'cartel-del-noreste', column 'organisations': "
            "'one' is not a whole number",
        ),
        (  # constraint: minimum
            "designations.csv",
            "new organisation,1,2025-02-20",
            "new organisation,0,2025-02-20",
            "data/designations.csv, line 2, id 'cartel-del-noreste', column 'organisations': "
            "0 is below the minimum of 1",
        ),
        (  # constraint: enum
            "events.csv",
            ",strategic access,none,",
            ",piracy,none,",
            "data/events.csv, line 2, id 'gulf-of-america-order', column 'category': "
            "'piracy' is not one of: drugs, migration,",
        ),
        (  # constraint: pattern (the field's description is the hint)
            "events.csv",
            "gulf-of-america-order,",
            "Gulf_Order,",
            "data/events.csv, line 2, id 'Gulf_Order', column 'id': 'Gulf_Order' is not in the "
            "expected form: A short readable identifier.",
        ),
        (  # primaryKey
            "countries.csv",
            "CAN,124,",
            "USA,124,",
            "data/countries.csv, line 3, id 'USA', column 'iso3': duplicate iso3 'USA' "
            "(first used on line 2)",
        ),
        (  # constraint: unique (not the primary key)
            "countries.csv",
            "CAN,124,",
            "CAN,840,",
            "data/countries.csv, line 3, id 'CAN', column 'iso_numeric': duplicate iso_numeric "
            "'840' (first used on line 2)",
        ),
        (  # foreignKeys
            "countries.csv",
            ",ecuador-runoff,",
            ",ecuador-elections,",
            "data/countries.csv, line 28, id 'ECU', column 'election_event': "
            "no row of data/events.csv has id 'ecuador-elections'",
        ),
        (  # constraint: required
            "primary_sources.csv",
            ",roosevelt1904message,",
            ",,",
            "data/primary_sources.csv, line 2, id 'roosevelt-1904-police-power', "
            "column 'sources': is empty but required",
        ),
    ],
)
def test_a_broken_rule_of_the_schema_is_named(data_copy, filename, old, new, message):
    edit(data_copy, filename, old, new)
    with pytest.raises(DataError) as raised:
        for resource in data._package(data_copy)["resources"]:
            if resource.get("schema"):
                data.read_table(resource["name"])
    assert str(raised.value).startswith(message)
    assert raised.value.path.name == filename


def test_the_comparison_grid_has_one_row_per_cell_by_the_schema():
    resource = data.table_schema("corollaries")
    assert resource["schema"]["uniqueKeys"] == [["dimension", "corollary"]]


# --- Rules the shipped schema does not use yet, on a small table -----------------------


SCHEMA = {
    "primaryKey": "id",
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "code", "type": "string", "constraints": {"minLength": 2, "maxLength": 3}},
        {"name": "day", "type": "date", "constraints": {"minimum": "2025-01-20"}},
        {"name": "flag", "type": "boolean"},
        {"name": "year", "type": "year"},
        {"name": "parent", "type": "string"},
    ],
    "missingValues": ["", "n/a"],
    "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}],
}
GOOD = "id,code,day,flag,year,parent\na,ab,2025-02-01,TRUE,2025,\nb,abc,n/a,0,n/a,a\n"


def rows_of(tmp_path: Path, text: str, schema: dict = SCHEMA):
    path = tmp_path / "small.csv"
    path.write_text(text, encoding="utf-8")
    rows = tableschema.read_rows(path, text, schema)
    tableschema.check_foreign_keys(path, rows, schema, lambda name: None)
    return rows


def test_a_valid_small_table_reads(tmp_path):
    rows = rows_of(tmp_path, GOOD)
    assert [(row["id"], row["_line"]) for row in rows] == [("a", 2), ("b", 3)]
    assert tableschema.typed(SCHEMA["fields"][3], rows[0]["flag"]) is True


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("a,ab,", "a,a,", "line 2, id 'a', column 'code': is 1 characters long; the least is 2"),
        ("a,ab,", "a,abcd,", "line 2, id 'a', column 'code': is 4 characters long; the most is 3"),
        (
            "2025-02-01",
            "2024-12-31",
            "line 2, id 'a', column 'day': 2024-12-31 is below the minimum of 2025-01-20",
        ),
        ("TRUE", "yes", "line 2, id 'a', column 'flag': 'yes' is not one of: true, True"),
        (",2025,", ",25,", "line 2, id 'a', column 'year': '25' is not a year"),
        (",a\n", ",c\n", "line 3, id 'b', column 'parent': no row of data/small.csv has id 'c'"),
        ("b,abc", "a,abc", "line 3, id 'a', column 'id': duplicate id 'a' (first used on line 2)"),
    ],
)
def test_each_rule_names_line_row_and_column(tmp_path, old, new, message):
    with pytest.raises(DataError) as raised:
        rows_of(tmp_path, GOOD.replace(old, new, 1))
    assert str(raised.value).startswith(f"data/small.csv, {message}")


def test_a_composite_unique_key_names_both_columns(tmp_path):
    schema = {**SCHEMA, "uniqueKeys": [["code", "flag"]]}
    text = GOOD + "c,ab,2025-03-01,TRUE,2025,\n"
    with pytest.raises(DataError) as raised:
        rows_of(tmp_path, text, schema)
    assert str(raised.value) == (
        "data/small.csv, line 4, id 'c', column 'code': a second row with code 'ab' and "
        "flag 'TRUE' (first: line 2, id 'a')"
    )


@pytest.mark.parametrize(
    "field, problem",
    [
        ({"name": "id", "type": "datetime"}, "has type 'datetime'"),
        ({"name": "id", "type": "date", "format": "%d/%m/%Y"}, "has format '%d/%m/%Y'"),
        (
            {"name": "id", "constraints": {"exclusiveMinimum": 1}},
            "has constraint(s) exclusiveMinimum",
        ),
    ],
)
def test_a_rule_the_checks_do_not_know_stops_them(tmp_path, field, problem):
    """Better to stop than to let a declared rule pass unchecked."""
    with pytest.raises(DataError) as raised:
        rows_of(tmp_path, "id\na\n", {"fields": [field]})
    assert str(raised.value).startswith(f"data/datapackage.json: field 'id' of small.csv {problem}")

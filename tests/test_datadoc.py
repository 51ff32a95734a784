"""The data page is written from datapackage.json: every table and column appears."""

from __future__ import annotations

from hemisphere import data, datadoc


def test_every_resource_and_column_is_documented():
    text = datadoc.package_markdown()
    package = data._package(data.data_dir())
    for resource in package["resources"]:
        assert f"### {resource['title']}" in text
        assert f"<../data/{resource['path']}>" in text
        for field in resource.get("schema", {}).get("fields", []):
            assert f"| `{field['name']}` |" in text, (resource["name"], field["name"])


def test_row_counts_come_from_the_files():
    text = datadoc.table_markdown("events")
    assert f", {len(data.load_events())} rows;" in text


def test_rules_read_as_words():
    field = {
        "name": "bri_joined",
        "type": "integer",
        "constraints": {"minimum": 2013, "maximum": 2026},
    }
    assert datadoc._rules(field) == "may be empty; whole number; from 2013 to 2026"
    field = {"name": "x", "type": "string", "constraints": {"required": True, "enum": ["a", "b"]}}
    assert datadoc._rules(field) == "required; text; one of: `a`, `b`"


def test_a_pipe_in_a_description_does_not_break_the_table():
    assert datadoc._cell("a | b") == "a \\| b"


def test_derived_columns_are_real_columns_of_the_loaded_frames():
    loaded = {"countries": data.load_countries(), "events": data.load_events()}
    for table, columns in datadoc.DERIVED_COLUMNS.items():
        assert set(columns) <= set(loaded[table].columns)


def test_the_citation_names_the_package_and_its_license():
    citation = datadoc.citation_markdown()
    package = data._package(data.data_dir())
    assert package["title"] in citation and package["version"] in citation
    assert "creativecommons.org/licenses/by/4.0" in citation

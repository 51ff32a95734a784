"""The data page is written from datapackage.json: every table and column appears."""

from __future__ import annotations

from hemisphere import data, datadoc
from hemisphere.safetext import markdown_text


def test_every_resource_and_column_is_documented():
    text = datadoc.package_markdown()
    package = data._package(data.data_dir())
    for resource in package["resources"]:
        assert f"### {markdown_text(resource['title'])}" in text
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
    assert markdown_text(package["title"]) in citation
    assert markdown_text(package["version"]) in citation
    assert markdown_text("creativecommons.org/licenses/by/4.0") in citation


def test_text_from_the_package_is_shown_as_text(tmp_path, monkeypatch):
    """A hostile title, description and enum value render as their characters, not markup."""
    import json
    import shutil

    from markdown_it import MarkdownIt

    shutil.copytree(data.data_dir(), tmp_path / "data")
    path = tmp_path / "data" / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    events = package["resources"][0]
    hostile = "<img src=x onerror=alert(1)> [a](javascript:alert(2)) {raw}`html` | *b*"
    events["title"] = hostile
    events["description"] = hostile + "\n```{raw} html\n<script>alert(3)</script>\n```"
    events["schema"]["fields"][1]["description"] = hostile
    path.write_text(json.dumps(package), encoding="utf-8")
    monkeypatch.setenv("HEMISPHERE_DATA", str(tmp_path / "data"))
    data.clear_cache()
    try:
        markdown = datadoc.table_markdown(events["name"])
    finally:
        monkeypatch.undo()
        data.clear_cache()
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<img" not in html and "<script" not in html
    assert 'href="javascript' not in html
    assert "&lt;img src=x onerror=alert(1)&gt; [a](javascript:alert(2)) {raw}`html` | *b*" in html
    assert "```{raw}" not in markdown  # no fence survives: it is one escaped line


def test_a_resource_path_must_be_a_plain_file_name(monkeypatch):
    import pytest

    resource = {"name": "events", "path": "javascript:alert(1)//x.csv"}
    with pytest.raises(data.DataError, match="datapackage.json.*'path'.*must be a file name"):
        datadoc._resource_path(resource)

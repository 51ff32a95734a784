"""Document the data package from data/datapackage.json, for the book's data page.

The page is generated, never retyped: a table, a column or a constraint added to
the package shows up on the next build. Each function returns MyST Markdown.

Every text taken from data/datapackage.json is written as escaped Markdown text
(:func:`hemisphere.safetext.markdown_text`) or a code span, so a description cannot
become HTML, a link, a role or a directive on the page; a resource's path, which
becomes a download link, must be a plain relative file name.
"""

from __future__ import annotations

import re

from . import data
from .safetext import markdown_code as _code
from .safetext import markdown_text as _text

DERIVED_COLUMNS = {
    "countries": {
        "celac": "true for the 33 CELAC member states (from `scope`).",
        "fto_groups": "designated organisations based there, counted from designations.csv "
        "(aliases not counted; a group with several home countries counts for each).",
        "rubio_trip_feb_2025": "true for the stops of Rubio's first trip, from the event `rubio-first-trip`.",
    },
    "events": {
        "date_label": "the date printed at its precision (e.g. *Feb 2025* for a month).",
    },
}


def _cell(text: str) -> str:
    """Text made safe for a Markdown table cell (``|`` is escaped with the rest)."""
    return _text(text)


def _cell_code(text) -> str:
    """A code span for a table cell. A ``|`` would split the cell inside the span and
    leave its text unescaped, so such a value is written as escaped text instead."""
    return _text(text) if "|" in str(text) else _code(text)


#: A resource's path: a relative file name under data/ (it becomes a download link).
RESOURCE_PATH = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.[A-Za-z0-9.]+")


def _resource_path(resource: dict) -> str:
    path = str(resource.get("path", ""))
    if not RESOURCE_PATH.fullmatch(path) or ".." in path:
        raise data.DataError(
            data.data_dir() / "datapackage.json",
            f"resource {resource.get('name')!r} has path {path!r}: it must be a file name "
            "under data/ (letters, digits, '-', '_', '/' and an extension)",
            column="path",
        )
    return path


TYPE_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "date": "date (YYYY-MM-DD)",
}


def _rules(field: dict) -> str:
    """A field's type and constraints in words (patterns are left to the description),
    as Markdown for a table cell (every part from the package escaped)."""
    constraints = field.get("constraints", {})
    parts = ["required" if constraints.get("required") else "may be empty"]
    parts.append(_text(TYPE_WORDS.get(field.get("type", "string"), field.get("type", "string"))))
    if "minimum" in constraints or "maximum" in constraints:
        low, high = constraints.get("minimum", "…"), constraints.get("maximum", "…")
        parts.append(f"from {_text(low)} to {_text(high)}")
    if constraints.get("unique"):
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of: " + ", ".join(_cell_code(value) for value in constraints["enum"]))
    return "; ".join(parts)


def row_count(name: str) -> int:
    from .errata import read_table  # data.read_table; a table marked mayBeEmpty may be empty

    return len(read_table(name))


def table_markdown(name: str, data_link: str = "../data") -> str:
    """One resource of the package as a section: what it holds, its file, its columns."""
    resource = data.table_schema(name)
    lines = [f"### {_text(resource['title'])}", "", _text(resource["description"]), ""]
    path = _resource_path(resource)
    link = f"{{download}}`{path} <{data_link}/{path}>`"
    schema = resource.get("schema")
    if not schema:
        lines += [f"File: {link}.", ""]
        for source in resource.get("sources", []):
            lines.append(f"- Source: {_text(source['title'])}")
        for licence in resource.get("licenses", []):
            lines.append(f"- License: {_text(licence['title'])}")
        return "\n".join(lines) + "\n"
    lines += [
        f"File: {link}, {row_count(name)} rows; key: {_code(', '.join(schema['primaryKey']))}.",
        "",
    ]
    lines += ["| Column | What it holds | Rules |", "|---|---|---|"]
    for field in schema["fields"]:
        lines.append(
            f"| {_cell_code(field['name'])} | {_cell(field.get('description', ''))} | "
            f"{_rules(field)} |"
        )
    lines.append("")
    for key in schema.get("foreignKeys", []):
        target = key["reference"]
        lines.append(
            f"- {_code(key['fields'])} refers to {_code(target['fields'])} in the table "
            f"{_code(target['resource'])}."
        )
    list_column = data.COUNTRY_LIST_COLUMNS.get(name)
    if list_column:
        lines.append(f"- Every code in {_code(list_column)} is an `iso3` of the table `countries`.")
    if any(field["name"] == "sources" for field in schema["fields"]):
        lines.append("- Every key in `sources` is an entry of the [references](references.md).")
    derived = DERIVED_COLUMNS.get(name, {})
    if derived:
        lines += ["", "The loader adds:", ""]
        lines += [f"- `{column}`: {text}" for column, text in derived.items()]
    return "\n".join(lines) + "\n"


def package_markdown(data_link: str = "../data") -> str:
    """Every resource of the package, in the package's order."""
    package = data._package(data.data_dir())
    return "\n".join(
        table_markdown(resource["name"], data_link) for resource in package["resources"]
    )


def citation_markdown() -> str:
    """How to cite the data, from the package's own title, authors and license."""
    package = data._package(data.data_dir())
    authors = ", ".join(
        _text(contributor["title"]) for contributor in package.get("contributors", [])
    )
    licence = package["licenses"][0]
    return (
        f"{authors} ({_text(package['created'][:4])}). *{_text(package['title'])}* "
        f"(version {_text(package['version'])}) \\[data set\\]. Licensed under "
        f"{_text(licence['title'])} ({_text(licence['path'])}).\n"
    )

"""Document the data package from data/datapackage.json, for the book's data page.

The page is generated, never retyped: a table, a column or a constraint added to
the package shows up on the next build. Each function returns MyST Markdown.
"""

from __future__ import annotations

from . import data

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
    """Text made safe for a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


TYPE_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "date": "date (YYYY-MM-DD)",
}


def _rules(field: dict) -> str:
    """A field's type and constraints in words (patterns are left to the description)."""
    constraints = field.get("constraints", {})
    parts = ["required" if constraints.get("required") else "may be empty"]
    parts.append(TYPE_WORDS.get(field.get("type", "string"), field.get("type", "string")))
    if "minimum" in constraints or "maximum" in constraints:
        parts.append(f"from {constraints.get('minimum', '…')} to {constraints.get('maximum', '…')}")
    if constraints.get("unique"):
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of: " + ", ".join(f"`{value}`" for value in constraints["enum"]))
    return "; ".join(parts)


def row_count(name: str) -> int:
    return len(data.read_table(name))


def table_markdown(name: str, data_link: str = "../data") -> str:
    """One resource of the package as a section: what it holds, its file, its columns."""
    resource = data.table_schema(name)
    lines = [f"### {resource['title']}", "", resource["description"], ""]
    link = f"{{download}}`{resource['path']} <{data_link}/{resource['path']}>`"
    schema = resource.get("schema")
    if not schema:
        lines += [f"File: {link}.", ""]
        for source in resource.get("sources", []):
            lines.append(f"- Source: {source['title']}")
        for licence in resource.get("licenses", []):
            lines.append(f"- License: {licence['title']}")
        return "\n".join(lines) + "\n"
    lines += [
        f"File: {link}, {row_count(name)} rows; key: `{', '.join(schema['primaryKey'])}`.",
        "",
    ]
    lines += ["| Column | What it holds | Rules |", "|---|---|---|"]
    for field in schema["fields"]:
        lines.append(
            f"| `{field['name']}` | {_cell(field.get('description', ''))} | "
            f"{_cell(_rules(field))} |"
        )
    lines.append("")
    for key in schema.get("foreignKeys", []):
        target = key["reference"]
        lines.append(
            f"- `{key['fields']}` refers to `{target['fields']}` in the table "
            f"`{target['resource']}`."
        )
    list_column = data.COUNTRY_LIST_COLUMNS.get(name)
    if list_column:
        lines.append(f"- Every code in `{list_column}` is an `iso3` of the table `countries`.")
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
    authors = ", ".join(contributor["title"] for contributor in package.get("contributors", []))
    licence = package["licenses"][0]
    return (
        f"{authors} ({package['created'][:4]}). *{package['title']}* (version {package['version']}) "
        f"[data set]. Licensed under {licence['title']} ({licence['path']}).\n"
    )

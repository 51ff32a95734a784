"""Load the module's data tables, checked against ``data/datapackage.json``.

Every table is read through :func:`read_table`, which enforces the schema the
data package declares (columns, required cells, patterns, enums, unique keys)
and that every source key resolves in ``data/references.bib``. A problem is
raised as :class:`DataError`, whose message names the file, the line, the row's
id and the column, so a reader can find and fix it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pandas as pd
from pybtex.database import parse_string as parse_bibtex

from . import paths, tableschema
from .tableschema import DataError

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


@cache
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


#: How much of a title a source label keeps.
TITLE_CHARS = 60


@cache
def _references(directory: Path) -> dict[str, dict[str, str]]:
    _reference_keys(directory)  # reports an unreadable file in our words first
    _check_reference_urls(directory)  # a link is built from every url: only http(s)
    entries = parse_bibtex(_read_text(directory / "references.bib"), "bibtex").entries
    references = {}
    for key, entry in entries.items():
        people = [
            " ".join(person.last_names or person.first_names).strip("{}")
            for person in entry.persons.get("author", [])
        ]
        names = (
            people[0]
            if len(people) == 1
            else f"{people[0]} and {people[1]}"
            if len(people) == 2
            else f"{people[0]} et al."
        )
        title = entry.fields.get("title", "")
        for latex, plain in (("{", ""), ("}", ""), ("``", "“"), ("''", "”"), ("\\", "")):
            title = title.replace(latex, plain)
        # A Japanese title carries its English translation in [brackets]: show that.
        translated = re.search(r"\[([^\]]+)\]", title)
        if translated and not title.isascii():
            title = translated.group(1)
        short = title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
        references[key] = {
            "label": f"{names} {entry.fields.get('year', 'n.d.')}, {short}",
            "url": entry.fields.get("url", ""),
        }
    return references


def reference_label(key: str) -> str:
    """'Author year, first words of the title': a source as tooltips name it."""
    return _references(data_dir())[key]["label"]


def reference_url(key: str) -> str:
    """The source's URL, or '' when the entry has none (a book, a printed article)."""
    return _references(data_dir())[key]["url"]


# --- Links built from data accept only http(s) addresses ---------------------------------

#: Fields of a .bib entry that become links in the book.
BIB_URL_FIELDS = ("url",)


def check_reference_urls() -> None:
    """Every url in data/references.bib is an http:// or https:// address (else DataError)."""
    _check_reference_urls(data_dir())


@cache
def _check_reference_urls(directory: Path) -> None:
    from .safetext import is_http_url

    path = directory / "references.bib"
    _reference_keys(directory)
    text = _read_text(path)
    for key, entry in parse_bibtex(text, "bibtex").entries.items():
        for name in BIB_URL_FIELDS:
            url = entry.fields.get(name)
            if url is not None and not is_http_url(url):
                raise DataError(
                    path,
                    f"{url!r} is not an http:// or https:// address; a link must be one",
                    line=_bib_entry_line(text, key),
                    row_id=key,
                    column=name,
                )


def _bib_entry_line(text: str, key: str) -> int | None:
    match = re.search(r"@\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _is_url_field(field: dict) -> bool:
    return field.get("format") == "uri" or field["name"] == "url" or field["name"].endswith("_url")


def _check_url_cell(path: Path, line: int, row_id: str | None, field: dict, value: str) -> None:
    """A cell of a URL column (format "uri", or named url / *_url) holds an http(s) address."""
    from .safetext import is_http_url

    if value and _is_url_field(field) and not is_http_url(value):
        raise DataError(
            path,
            f"{value!r} is not an http:// or https:// address; a link must be one",
            line=line,
            row_id=row_id,
            column=field["name"],
        )


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "the file is missing") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(
            path,
            f"is not UTF-8 text (byte 0x{raw[err.start]:02x} at "
            f"position {err.start}); save it as UTF-8",
        ) from None


# Columns that hold several country codes (separated by spaces): each code must
# be an iso3 in countries.csv. Table Schema's foreign keys can't express lists.
COUNTRY_LIST_COLUMNS = {"events": "countries", "designations": "home_countries"}


def read_table(name: str) -> list[dict[str, str]]:
    """Read table ``name`` as rows of strings, checked against its schema.

    Checks what data/datapackage.json declares (see :mod:`hemisphere.tableschema`: columns,
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


@cache
def _checked_rows(directory: Path, name: str) -> tuple[dict[str, str], ...]:
    """The rows of one table, each checked on its own (no cross-table checks)."""
    resource = table_schema(name)
    path = directory / resource["path"]
    schema = resource["schema"]
    rows = tableschema.read_rows(path, _read_text(path), schema)
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


def _parse_date(path: Path, row: dict[str, str]) -> pd.Timestamp:
    """The first day of the period a partial ISO date names, checked against its precision."""
    text, precision = row["date"], row["date_precision"]
    parts = text.count("-")
    implied = {0: "year", 1: "month", 2: "day"}[parts]
    if implied != precision:
        raise DataError(
            path,
            f"{text!r} is a {implied} but date_precision says {precision!r}",
            line=row["_line"],
            row_id=row["id"],
            column="date",
        )
    padded = text + {"year": "-01-01", "month": "-01", "day": ""}[precision]
    try:
        return pd.Timestamp(padded)
    except ValueError:
        raise DataError(
            path,
            f"{text!r} is not a real calendar date",
            line=row["_line"],
            row_id=row["id"],
            column="date",
        ) from None


DATE_LABEL_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def _categorical(values, name: str, table: str) -> pd.Categorical:
    """Categories in the order the schema lists them, so legends and filters follow it."""
    fields = {field["name"]: field for field in table_schema(table)["schema"]["fields"]}
    return pd.Categorical(values.replace("", None), categories=fields[name]["constraints"]["enum"])


def _frame(name: str, categoricals: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame(read_table(name)).drop(columns="_line")
    for column in categoricals:
        frame[column] = _categorical(frame[column], column, name)
    frame["sources"] = [tuple(cell.split(SOURCE_SEPARATOR)) for cell in frame["sources"]]
    return frame


def _country_tuples(cells) -> list[tuple[str, ...]]:
    return [tuple(cell.split(COUNTRY_SEPARATOR)) if cell else () for cell in cells]


@cache
def _events(directory: Path) -> pd.DataFrame:
    path = directory / table_schema("events")["path"]
    rows = read_table("events")
    frame = _frame("events", ("date_precision", "category", "instrument", "era"))
    frame["date"] = [_parse_date(path, row) for row in rows]
    frame["date_label"] = [
        date.strftime(DATE_LABEL_FORMATS[row["date_precision"]])
        for date, row in zip(frame["date"], rows, strict=True)
    ]
    frame["countries"] = _country_tuples(frame["countries"])
    return frame.sort_values(["date", "id"], ignore_index=True)


@cache
def _designations(directory: Path) -> pd.DataFrame:
    frame = _frame("designations", ("entry_type", "date_basis", "home_region"))
    frame["date"] = pd.to_datetime(frame["date"])
    frame["organisations"] = frame["organisations"].astype(int)
    frame["home_countries"] = _country_tuples(frame["home_countries"])
    return frame.sort_values(["date", "id"], ignore_index=True)


#: The event whose countries are the stops of Rubio's first trip (February 2025).
RUBIO_TRIP_EVENT = "rubio-first-trip"


@cache
def _countries(directory: Path) -> pd.DataFrame:
    frame = _frame(
        "countries",
        (
            "scope",
            "subregion",
            "core_hemisphere",
            "bri_status",
            "majors_fy2026",
            "tariff_2025",
            "election_2025_26",
        ),
    )
    for column in ("bri_joined", "bri_left"):
        frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
    frame["majors_waiver"] = frame["majors_waiver"] == "true"
    # Derived, so that each fact is stored once: membership from scope, group
    # counts from designations.csv, the trip's stops from its event.
    frame["celac"] = frame["scope"] == "CELAC member"
    groups = _designations(directory)
    counted = groups[groups["entry_type"] == "new organisation"]
    frame["fto_groups"] = [
        int(
            sum(
                n
                for n, homes in zip(
                    counted["organisations"], counted["home_countries"], strict=True
                )
                if code in homes
            )
        )
        for code in frame["iso3"]
    ]
    events = _events(directory).set_index("id")
    trip = set(events.loc[RUBIO_TRIP_EVENT, "countries"])
    frame["rubio_trip_feb_2025"] = frame["iso3"].isin(trip)
    return frame


@cache
def _corollaries(directory: Path) -> pd.DataFrame:
    path = directory / table_schema("corollaries")["path"]
    rows = read_table("corollaries")
    # Every dimension compares both corollaries, or the grid has a hole (a second row for
    # the same cell is the schema's uniqueKeys).
    pairs = {(row["dimension"], row["corollary"]) for row in rows}
    corollaries = sorted({row["corollary"] for row in rows})
    for dimension in comparison_dimensions():
        for corollary in corollaries:
            if (dimension, corollary) not in pairs:
                raise DataError(
                    path, f"no row compares the {corollary} on the dimension {dimension!r}"
                )
    frame = _frame("corollaries", ("dimension", "corollary"))
    return frame.sort_values(["dimension", "corollary"], ignore_index=True)


@cache
def _indicators(directory: Path) -> pd.DataFrame:
    frame = _frame("indicators", ("category", "qualifier", "claim_kind"))
    for column in ("value", "low", "high"):
        frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Float64")
    return frame


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


def row_by_id(frame: pd.DataFrame, row_id: str, what: str, table: str) -> pd.Series:
    """One row by its id, with a clear error naming the id and the file when it is missing."""
    match = frame[frame["id"] == row_id]
    if match.empty:
        raise KeyError(f"no {what} with id {row_id!r} in data/{table}.csv")
    return match.iloc[0]


def claim(claim_id: str) -> pd.Series:
    """One claim by its id, with a clear error naming the id when it is not in the data."""
    return row_by_id(load_claims(), claim_id, "claim", "claims")


def load_events() -> pd.DataFrame:
    """The dated events, oldest first: one row each, with parsed dates and categoricals.

    ``date`` is the first day of the period the source gives; ``date_precision``
    says whether that is a day, a month or a year, and ``date_label`` prints it
    at that precision. ``countries`` and ``sources`` are tuples.
    """
    return _events(data_dir()).copy()


def load_countries() -> pd.DataFrame:
    """The countries and territories, with three derived columns.

    ``celac`` (a CELAC member state), ``fto_groups`` (designated organisations
    based there, counted from designations.csv) and ``rubio_trip_feb_2025``
    (a stop of Rubio's first trip, from its event).
    """
    return _countries(data_dir()).copy()


def load_designations() -> pd.DataFrame:
    """Foreign terrorist organisation designations to 3 February 2026, oldest first."""
    return _designations(data_dir()).copy()


def load_corollaries() -> pd.DataFrame:
    """The two corollaries compared, one row per dimension and corollary."""
    return _corollaries(data_dir()).copy()


@cache
def _primary_sources(directory: Path) -> pd.DataFrame:
    frame = _frame("primary_sources", ("corollary",))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values(["date", "id"], ignore_index=True)


def load_primary_sources() -> pd.DataFrame:
    """Each corollary's key passage in its own words, oldest first (``text`` is plain text)."""
    return _primary_sources(data_dir()).copy()


def primary_source(source_id: str) -> pd.Series:
    """One passage by its id, with a clear error naming the id when it is not in the data."""
    return row_by_id(load_primary_sources(), source_id, "passage", "primary_sources")


def load_indicators() -> pd.DataFrame:
    """Figures with who claims them; ``value``, ``low`` and ``high`` are numbers."""
    return _indicators(data_dir()).copy()


def comparison_dimensions() -> list[str]:
    """The comparison's dimensions in teaching order: the one list chapters, charts,
    quizzes and exercises use (the order of the ``dimension`` enum in datapackage.json)."""
    fields = table_schema("corollaries")["schema"]["fields"]
    return list(next(f for f in fields if f["name"] == "dimension")["constraints"]["enum"])


def corollaries_side_by_side() -> pd.DataFrame:
    """The comparison as a table: one row per dimension (in teaching order), one column
    per corollary, each cell the essay's point in our words."""
    frame = load_corollaries()
    table = frame.pivot(index="dimension", columns="corollary", values="summary")
    table.index = table.index.astype(str)
    return table.reindex(comparison_dimensions())


def teaching_counts() -> dict[str, int]:
    """The counts the book teaches, computed from the tables.

    The essay says 26 designations (15 Latin American), 22 of 33 CELAC states
    in the Belt and Road, and 18 regional countries on the majors list; the
    data reproduce the first two and correct the third to 17.
    """
    groups = load_designations()
    new = groups[groups["entry_type"] == "new organisation"]
    countries = load_countries()
    celac = countries[countries["celac"]]
    return {
        "designations": int(new["organisations"].sum()),
        "designations_latin_america": int(
            new.loc[new["home_region"] == "Latin America and the Caribbean", "organisations"].sum()
        ),
        "designations_with_aliases": int(groups["organisations"].sum()),
        "celac_states": len(celac),
        "bri_members_2025": int((celac["bri_status"] == "member").sum()),
        "majors_list_region": int(celac["majors_fy2026"].str.startswith("listed").sum()),
        "majors_failed_demonstrably_region": int(
            (celac["majors_fy2026"] == "listed: failed demonstrably").sum()
        ),
        "rubio_trip_stops": int(countries["rubio_trip_feb_2025"].sum()),
    }


def basemap_path() -> Path:
    """The TopoJSON basemap of the hemisphere (see data/basemap/README.md)."""
    return data_dir() / table_schema("basemap")["path"]


def clear_cache() -> None:
    """Forget loaded tables (after editing a data file in a live session)."""
    for cached in (
        _package,
        _reference_keys,
        _references,
        _check_reference_urls,
        _checked_rows,
        _events,
        _countries,
        _designations,
        _corollaries,
        _indicators,
        _claims,
        _primary_sources,
    ):
        cached.cache_clear()

"""The tables as pandas frames, typed and sorted, with the columns derived from other tables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from .errors import DataError
from .package import COUNTRY_SEPARATOR, SOURCE_SEPARATOR, data_dir, read_table, table_schema


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


def row_by_id(frame: pd.DataFrame, row_id: str, what: str, table: str) -> pd.Series:
    """One row by its id, with a clear error naming the id and the file when it is missing."""
    match = frame[frame["id"] == row_id]
    if match.empty:
        raise KeyError(f"no {what} with id {row_id!r} in data/{table}.csv")
    return match.iloc[0]


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

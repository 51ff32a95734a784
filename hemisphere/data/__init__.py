"""The module's facts: the tables of ``data/``, checked against ``data/datapackage.json``.

Every table is read through :func:`read_table`, which checks it against the schema the data
package declares (:mod:`.tableschema`) and the rules no schema can say (:mod:`.package`). A
problem is raised as :class:`DataError`, whose message names the file, the line, the row's id
and the column, so a reader can find and fix it. The modules, by concern:

- :mod:`.errors`: :class:`DataError` and reading a file;
- :mod:`.tableschema`: the Table Schema rules, for any table;
- :mod:`.package`: where the data package is, and each table read and checked;
- :mod:`.bibliography`: ``references.bib``, its keys, labels and URLs;
- :mod:`.tables`: the tables as typed frames, the counts the book teaches;
- :mod:`.records`: the claims, whose record reads figures from the other tables.

Notebooks, exercises and tests use the names below, as ``hemisphere.data.<name>``.
"""

from __future__ import annotations

from . import bibliography, package, records, tables
from .bibliography import (
    BIB_URL_FIELDS,
    TITLE_CHARS,
    check_reference_urls,
    reference_keys,
    reference_label,
    reference_url,
)
from .errors import DataError

# Private names other modules and tests of this repository read, kept where they were.
from .errors import read_text as _read_text  # noqa: F401
from .package import (
    COUNTRY_LIST_COLUMNS,
    COUNTRY_SEPARATOR,
    DEFAULT_DATA_DIR,
    SOURCE_SEPARATOR,
    _check_url_cell,  # noqa: F401
    _package,  # noqa: F401
    data_dir,
    read_table,
    row_id_of,
    table_schema,
)
from .records import PLACEHOLDER, claim, expand_record, load_claims
from .tables import (
    DATE_LABEL_FORMATS,
    RUBIO_TRIP_EVENT,
    basemap_path,
    comparison_dimensions,
    corollaries_side_by_side,
    load_corollaries,
    load_countries,
    load_designations,
    load_events,
    load_indicators,
    load_primary_sources,
    primary_source,
    row_by_id,
    teaching_counts,
)

__all__ = [
    "BIB_URL_FIELDS",
    "COUNTRY_LIST_COLUMNS",
    "COUNTRY_SEPARATOR",
    "DATE_LABEL_FORMATS",
    "DEFAULT_DATA_DIR",
    "PLACEHOLDER",
    "RUBIO_TRIP_EVENT",
    "SOURCE_SEPARATOR",
    "TITLE_CHARS",
    "DataError",
    "basemap_path",
    "check_reference_urls",
    "claim",
    "clear_cache",
    "comparison_dimensions",
    "corollaries_side_by_side",
    "data_dir",
    "expand_record",
    "load_claims",
    "load_corollaries",
    "load_countries",
    "load_designations",
    "load_events",
    "load_indicators",
    "load_primary_sources",
    "primary_source",
    "read_table",
    "reference_keys",
    "reference_label",
    "reference_url",
    "row_by_id",
    "row_id_of",
    "table_schema",
    "teaching_counts",
]


def clear_cache() -> None:
    """Forget loaded tables (after editing a data file in a live session)."""
    for cached in (
        package._package,
        package._checked_rows,
        bibliography._reference_keys,
        bibliography._references,
        bibliography._check_reference_urls,
        tables._events,
        tables._countries,
        tables._designations,
        tables._corollaries,
        tables._indicators,
        tables._primary_sources,
        records._claims,
    ):
        cached.cache_clear()

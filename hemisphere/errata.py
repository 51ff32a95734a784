"""The errata: corrections made since the first release, one a row of data/errata.csv.

The table is described in data/datapackage.json like every other and read the same way
(:func:`hemisphere.data.read_table`). Until something is corrected it has a header and no
rows, which the other tables may not have: its resource says ``"mayBeEmpty": true``.
"""

from __future__ import annotations

from . import data

NAME = "errata"


def rows() -> list[dict[str, str]]:
    """The corrections, oldest first."""
    return sorted(data.read_table(NAME), key=lambda row: (row["date"], row["_line"]))

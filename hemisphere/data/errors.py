"""The one error the data loaders raise, and reading a data file in words its editor can act on."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A problem in a data file, worded for the person who has to fix it."""

    def __init__(
        self,
        path: Path,
        problem: str,
        *,
        line: int | None = None,
        row_id: str | None = None,
        column: str | None = None,
    ):
        self.path, self.line, self.row_id, self.column = path, line, row_id, column
        where = [f"data/{path.name}"]
        if line is not None:
            where.append(f"line {line}")
        if row_id:
            where.append(f"id {row_id!r}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


def read_text(path: Path) -> str:
    """The file's text, or a DataError saying it is missing or not UTF-8."""
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

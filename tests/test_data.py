"""The data loaders: the shipped tables load, and broken files fail with a message
that names the file, the line, the row and the column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from hemisphere import data

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A scratch copy of data/ that the loaders read instead of the real one."""
    for name in ("datapackage.json", "references.bib", "events.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.setenv("HEMISPHERE_DATA", str(tmp_path))
    data.clear_cache()
    yield tmp_path
    data.clear_cache()


def edit_events(folder: Path, old: str, new: str) -> None:
    path = folder / "events.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_events_load_typed_and_sorted():
    events = data.load_events()
    assert len(events) > 0
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert isinstance(events["category"].dtype, pd.CategoricalDtype)
    assert events["date"].is_monotonic_increasing
    assert events["id"].is_unique


def test_every_event_source_resolves_in_the_bibliography():
    keys = data.reference_keys()
    for sources in data.load_events()["sources"]:
        assert set(sources) <= keys


def test_partial_dates_keep_their_precision():
    events = data.load_events().set_index("id")
    assert events.loc["panama-third-country-flight", "date_precision"] == "month"
    assert events.loc["panama-third-country-flight", "date_label"] == "Feb 2025"
    assert events.loc["rubio-first-trip", "date_label"] == "1 Feb 2025"


def test_loaded_frames_are_copies():
    first = data.load_events()
    first.loc[0, "title"] = "changed"
    assert data.load_events().loc[0, "title"] != "changed"


@pytest.mark.parametrize("old, new, message", [
    ("osawa2026essay;factsheet2026,A11,", "nosuchkey2020,A11,",
     "data/events.csv, line 2, id 'gulf-of-america-order', column 'sources': "
     "source key 'nosuchkey2020' is not in data/references.bib"),
    ("osawa2026essay;factsheet2026,A11,", ",A11,",
     "data/events.csv, line 2, id 'gulf-of-america-order', column 'sources': is empty but required"),
    ("2025-01-20,day", "2025-02-30,day",
     "data/events.csv, line 2, id 'gulf-of-america-order', column 'date': "
     "'2025-02-30' is not a real calendar date"),
    ("2025-01-20,day", "2025-01,day",
     "data/events.csv, line 2, id 'gulf-of-america-order', column 'date': "
     "'2025-01' is a month but date_precision says 'day'"),
    ("coast-guard-surge,", "gulf-of-america-order,",
     "data/events.csv, line 3, id 'gulf-of-america-order', column 'id': "
     "duplicate id 'gulf-of-america-order' (first used on line 2)"),
    (",strategic access,none,", ",piracy,none,",
     "data/events.csv, line 2, id 'gulf-of-america-order', column 'category': 'piracy' is not one of:"),
    ("Trump's second term,USA MEX", "Trump's second term,usa",
     "data/events.csv, line 2, id 'gulf-of-america-order', column 'countries': 'usa' is not in the "
     "expected form"),
    ("id,date,", "id,when,",
     "data/events.csv, line 1: missing column(s) 'date'"),
    (",facts_row,note\n", ",facts_row,note,extra\n",
     "data/events.csv, line 1: unexpected column(s) 'extra'"),
])
def test_broken_rows_name_file_line_row_and_column(data_copy, old, new, message):
    edit_events(data_copy, old, new)
    with pytest.raises(data.DataError) as raised:
        data.load_events()
    assert str(raised.value).startswith(message)


def test_a_file_that_is_not_utf8_says_so(data_copy):
    path = data_copy / "events.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    with pytest.raises(data.DataError, match=r"data/events.csv: is not UTF-8 text \(byte 0x"):
        data.load_events()


def test_an_empty_file_says_so(data_copy):
    (data_copy / "events.csv").write_text("", encoding="utf-8")
    with pytest.raises(data.DataError, match="data/events.csv: the file is empty"):
        data.load_events()


def test_an_unquoted_comma_is_explained(data_copy):
    edit_events(data_copy, "Gulf of Mexico renamed the Gulf of America",
                "Gulf of Mexico, renamed the Gulf of America")
    with pytest.raises(data.DataError, match="line 2, id 'gulf-of-america-order': has 13 cells "
                                             "where the header has 12"):
        data.load_events()

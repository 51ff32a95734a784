"""The live-notebook explorer: its controls change the table it shows, in this
process and in a real Jupyter kernel; in the book's build it leaves a note."""

from __future__ import annotations

import json

import pytest
from IPython.display import Markdown

from hemisphere import explorers
from hemisphere.book import BOOK_BUILD_FLAG
from hemisphere.charts import data_behind
from hemisphere.data import load_events


def test_the_controls_filter_the_table():
    explorer = explorers.TimelineExplorer()
    events = load_events()
    assert len(explorer.table()) == len(events)
    explorer.categories.value = ("migration",)
    assert len(explorer.table()) == int((events["category"] == "migration").sum())
    assert f"of {len(events)} events match" in explorer.summary.value
    explorer.country.value = "PAN"
    table = explorer.table()
    assert set(table["Category"]) == {"migration"}
    assert all("Panama" in names for names in table["Countries"])


def test_the_period_slider_narrows_the_dates():
    explorer = explorers.TimelineExplorer()
    options = explorer.period.options
    start = next(i for i, (_, date) in enumerate(options) if date.year == 2025)
    explorer.period.index = (start, len(options) - 1)
    assert explorer.matching()["date"].min().year == 2025
    assert f"<b>{len(explorer.matching())}</b>" in explorer.summary.value


def test_an_empty_selection_says_so_instead_of_failing():
    explorer = explorers.TimelineExplorer()
    explorer.categories.value = ()
    assert explorer.table().empty
    assert "<b>0</b>" in explorer.summary.value


def test_in_the_book_build_the_explorer_is_a_note(monkeypatch):
    monkeypatch.setenv(BOOK_BUILD_FLAG, "1")
    shown = explorers.explore_timeline()
    assert isinstance(shown, Markdown) and "launch button" in shown.data


def test_data_behind_a_chart_is_an_escaped_table_in_a_dropdown():
    import pandas as pd

    html = data_behind(pd.DataFrame({"title": ["<script>alert(1)</script>"]}), "Events").data
    assert html.startswith('<details class="hemisphere-data"><summary>Events (1 rows)</summary>')
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.slow  # starts a kernel; make test runs it, make test-fast does not
def test_the_explorer_runs_in_a_real_kernel():
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        code = (
            "import json\n"
            "from hemisphere.explorers import TimelineExplorer\n"
            "x = TimelineExplorer()\n"
            "x.categories.value = ('elections',)\n"
            "x.country.value = 'HND'\n"
            "print(json.dumps(x.table()['Event'].tolist()))\n"
        )
        reply_output = []
        client.execute_interactive(
            code, timeout=60, output_hook=lambda msg: reply_output.append(msg)
        )
        printed = "".join(
            m["content"].get("text", "") for m in reply_output if m["msg_type"] == "stream"
        )
        errors = [m for m in reply_output if m["msg_type"] == "error"]
        assert errors == []
        titles = json.loads(printed.strip().splitlines()[-1])
        events = load_events()
        expected = events[
            (events["category"] == "elections")
            & events["countries"].map(lambda codes: "HND" in codes)
        ]["title"].tolist()
        assert titles == expected and len(titles) == 2
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)

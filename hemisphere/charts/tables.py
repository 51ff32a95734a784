"""The data behind a chart, as an escaped HTML table in a collapsed dropdown."""

from __future__ import annotations

import pandas as pd


def data_behind(frame: pd.DataFrame, summary: str = "The data behind this chart"):
    """A collapsed dropdown holding the chart's data as an HTML table.

    Screen-reader users and anyone who wants the numbers get them on the page;
    cell text is escaped, so nothing in the data can run as HTML.
    """
    from html import escape

    from IPython.display import HTML

    from ..lang import mark_html

    table = frame.to_html(index=False, escape=True, border=0, classes="hemisphere-data")
    table = table.replace("<table", f'<table aria-label="{escape(summary)}"', 1)
    table = mark_html(table)  # Japanese cell text marked lang="ja" (WCAG 3.1.2)
    return HTML(
        f'<details class="hemisphere-data"><summary>{escape(summary)} '
        f"({len(frame)} rows)</summary>\n{table}\n</details>"
    )


EVENT_TABLE_COLUMNS = {
    "date_label": "Date",
    "title": "Event",
    "category": "Category",
    "instrument": "Instrument",
    "era": "Era",
}


def events_behind(events: pd.DataFrame, summary: str = "The events in this chart"):
    """The events of a timeline as a collapsed table (see :func:`data_behind`)."""
    return data_behind(
        events[list(EVENT_TABLE_COLUMNS)].rename(columns=EVENT_TABLE_COLUMNS), summary
    )

"""Explorers for a live notebook: ipywidgets that filter the data and redraw.

They need a running kernel, so the book's pages never carry them: a built page
would only hold a frozen picture and 4 MB of widget scripts. During the book's
build (the Sphinx extension sets ``HEMISPHERE_BOOK_BUILD``) an explorer returns
a short note that tells the reader how to open the page live instead.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from . import charts
from . import data as _data
from .book import in_book_build

LIVE_ONLY_NOTE = (
    "*The explorer runs in a live notebook. Open this page with the launch button at the top "
    "(Binder, or JupyterLab on your own machine) to filter the events by date, category and "
    "country.*"
)

ALL_COUNTRIES = "All countries"

#: Columns of the table an explorer shows under its chart.
TABLE_COLUMNS = {
    "date_label": "Date",
    "title": "Event",
    "category": "Category",
    "instrument": "Instrument",
    "country_names": "Countries",
}


class TimelineExplorer:
    """A date-range slider and category and country pickers over the events.

    ``matching()`` is the table the explorer shows; the widget (``.widget``)
    redraws the timeline and the table whenever a control changes.
    """

    def __init__(self, events: pd.DataFrame | None = None):
        import ipywidgets as widgets

        self.events = _data.load_events() if events is None else events
        names = _data.load_countries().set_index("iso3")["name_en"]
        self.events = self.events.assign(
            country_names=[
                ", ".join(names[code] for code in codes) for codes in self.events["countries"]
            ]
        )
        dates = sorted(self.events["date"].unique())
        self.period = widgets.SelectionRangeSlider(
            options=[(pd.Timestamp(d).strftime("%b %Y"), pd.Timestamp(d)) for d in dates],
            index=(0, len(dates) - 1),
            description="Period",
            continuous_update=False,
            layout=widgets.Layout(width="95%"),
        )
        present = [
            c for c in self.events["category"].cat.categories if c in set(self.events["category"])
        ]
        self.categories = widgets.SelectMultiple(
            options=present, value=tuple(present), description="Categories", rows=len(present)
        )
        codes = sorted(
            {code for codes in self.events["countries"] for code in codes},
            key=lambda code: names[code],
        )
        self.country = widgets.Dropdown(
            options=[(ALL_COUNTRIES, "")] + [(names[code], code) for code in codes],
            value="",
            description="Country",
        )
        self.summary = widgets.HTML()
        self.output = widgets.Output()
        for control in (self.period, self.categories, self.country):
            control.observe(lambda _change: self.refresh(), names="value")
        self.widget = widgets.VBox(
            [self.period, widgets.HBox([self.categories, self.country]), self.summary, self.output]
        )
        self.refresh()

    def matching(self) -> pd.DataFrame:
        """The events the controls select, as the table under the chart shows them."""
        start, end = self.period.value
        chosen = self.events[
            self.events["date"].between(start, end)
            & self.events["category"].astype(str).isin(self.categories.value)
        ]
        if self.country.value:
            chosen = chosen[[self.country.value in codes for codes in chosen["countries"]]]
        return chosen

    def table(self) -> pd.DataFrame:
        chosen = self.matching()
        return chosen[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS).reset_index(drop=True)

    def refresh(self) -> None:
        from IPython.display import display

        chosen = self.matching()
        self.summary.value = f"<b>{len(chosen)}</b> of {len(self.events)} events match."
        self.output.clear_output(wait=True)
        with self.output:
            if chosen.empty:
                display(Markdown("No event matches: widen the period or choose more categories."))
            else:
                display(charts.timeline_chart(chosen, title="Events you selected"))
                display(self.table())


def explore_timeline(events: pd.DataFrame | None = None):
    """The timeline explorer in a live notebook; in the book's pages, a note instead."""
    if in_book_build():
        return Markdown(LIVE_ONLY_NOTE)
    return TimelineExplorer(events).widget

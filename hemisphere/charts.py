"""Altair charts for the book. Each works in a static page with no kernel.

Interactivity comes from Vega-Lite params (selections and bound inputs), which
run in the browser; every chart has a title and a description that screen
readers get (Vega puts the description in the SVG's aria-label).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from hemisphere import data as _data

#: The Okabe–Ito palette, safe for the common forms of colour blindness. Every
#: colour in the book's charts comes from here.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

CATEGORY_COLORS = {
    "drugs": OKABE_ITO["vermillion"],
    "migration": OKABE_ITO["blue"],
    "strategic access": OKABE_ITO["bluish green"],
    "trade and tariffs": OKABE_ITO["orange"],
    "military force": OKABE_ITO["black"],
    "diplomacy": OKABE_ITO["sky blue"],
    "regional organisations": OKABE_ITO["reddish purple"],
    "elections": OKABE_ITO["yellow"],
    "strategy documents": OKABE_ITO["grey"],
}

ALL_LABEL = "All categories"


def use_book_defaults() -> None:
    """Render as SVG (crisp, and its marks can be tested) and hide the Vega editor link,
    which would send readers' specs off the site."""
    alt.renderers.set_embed_options(
        renderer="svg",
        actions={"export": True, "source": True, "compiled": False, "editor": False},
    )


def _timeline_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The columns a timeline needs, as plain strings Vega can read."""
    return pd.DataFrame({
        "date": events["date"].dt.strftime("%Y-%m-%d"),
        "when": events["date_label"],
        "title": events["title"],
        "description": events["description"],
        "category": events["category"].astype(str),
        "instrument": events["instrument"].astype(str),
        "sources": [", ".join(keys) for keys in events["sources"]],
    })


def timeline_chart(events: pd.DataFrame | None = None, *, title: str = "Events",
                   description: str | None = None, width: int = 540) -> alt.Chart:
    """Events as points on a time axis, one row per category.

    A dropdown under the chart shows one category at a time; hovering a point
    shows its date, title, description and sources.
    """
    events = _data.load_events() if events is None else events
    rows = _timeline_rows(events)
    present = [c for c in CATEGORY_COLORS if c in set(rows["category"])]
    choose_category = alt.param(
        name="category_filter",
        value=ALL_LABEL,
        bind=alt.binding_select(options=[ALL_LABEL, *present], name="Show: "),
    )
    if description is None:
        description = (f"Timeline of {len(rows)} events from {rows['when'].iloc[0]} to "
                       f"{rows['when'].iloc[-1]}, one row per policy category.")
    return (
        alt.Chart(rows, title=title, description=description, width=width)
        .mark_point(filled=True, size=120, opacity=0.85, stroke="#333333", strokeWidth=0.6)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
            y=alt.Y("category:N", title=None, sort=present),
            color=alt.Color("category:N", legend=None,
                            scale=alt.Scale(domain=present,
                                            range=[CATEGORY_COLORS[c] for c in present])),
            tooltip=[
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("description:N", title="What happened"),
                alt.Tooltip("instrument:N", title="Instrument"),
                alt.Tooltip("sources:N", title="Sources"),
            ],
        )
        .add_params(choose_category)
        .transform_filter(f"{choose_category.name} == '{ALL_LABEL}' || "
                          f"datum.category == {choose_category.name}")
    )

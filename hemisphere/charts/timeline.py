"""The timeline: events as points by date, coloured by category, shaped by instrument, with filters."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data as _data
from .palette import CATEGORY_COLORS, INSTRUMENT_SHAPES, OKABE_ITO

ALL_LABEL = "All categories"
ALL_INSTRUMENTS = "All instruments"
ALL_SUBREGIONS = "All subregions"


def _timeline_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The columns a timeline needs, as plain strings Vega can read."""
    countries = _data.load_countries().set_index("iso3")
    subregions = [
        "|" + "|".join(sorted({countries.loc[code, "subregion"] for code in codes})) + "|"
        for codes in events["countries"]
    ]
    urls = [
        next((url for url in map(_data.reference_url, keys) if url), "")
        for keys in events["sources"]
    ]
    return pd.DataFrame(
        {
            "id": events["id"],
            "date": events["date"].dt.strftime("%Y-%m-%d"),
            "when": events["date_label"],
            "title": events["title"],
            "description": events["description"],
            "category": events["category"].astype(str),
            "instrument": events["instrument"].astype(str),
            "era": events["era"].astype(str),
            "countries": [
                ", ".join(countries.loc[code, "name_en"] for code in codes)
                for codes in events["countries"]
            ],
            "subregions": subregions,
            "sources": ["; ".join(map(_data.reference_label, keys)) for keys in events["sources"]],
            "url": urls,
            "click": [
                "Click the point to open the first source online."
                if url
                else "No online source: see the references page."
                for url in urls
            ],
        }
    )


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("when:N", title="Date"),
        alt.Tooltip("title:N", title="Event"),
        alt.Tooltip("description:N", title="What happened"),
        alt.Tooltip("countries:N", title="Countries"),
        alt.Tooltip("instrument:N", title="Instrument"),
        alt.Tooltip("sources:N", title="Sources"),
        alt.Tooltip("click:N", title="Link"),
    ]


def _select(name: str, all_label: str, options: list[str], label: str) -> alt.Parameter:
    return alt.param(
        name=name,
        value=all_label,
        bind=alt.binding_select(options=[all_label, *options], name=label),
    )


def _present(values, order) -> list[str]:
    values = set(values)
    return [value for value in order if value in values]


def _filters(rows: pd.DataFrame, *, subregions: bool) -> tuple[list[alt.Parameter], str]:
    """Bound selects for category, instrument (and subregion) and the filter they make."""
    category = _select(
        "category_filter", ALL_LABEL, _present(rows["category"], CATEGORY_COLORS), "Category: "
    )
    instrument = _select(
        "instrument_filter",
        ALL_INSTRUMENTS,
        _present(rows["instrument"], INSTRUMENT_SHAPES),
        "Instrument: ",
    )
    params = [category, instrument]
    tests = [
        f"({category.name} == '{ALL_LABEL}' || datum.category == {category.name})",
        f"({instrument.name} == '{ALL_INSTRUMENTS}' || datum.instrument == {instrument.name})",
    ]
    if subregions:
        order = _data.table_schema("countries")["schema"]["fields"]
        order = next(f for f in order if f["name"] == "subregion")["constraints"]["enum"]
        present = _present(
            {s for cell in rows["subregions"] for s in cell.strip("|").split("|")}, order
        )
        subregion = _select("subregion_filter", ALL_SUBREGIONS, present, "Subregion: ")
        params.append(subregion)
        tests.append(
            f"({subregion.name} == '{ALL_SUBREGIONS}' || "
            f"indexof(datum.subregions, '|' + {subregion.name} + '|') >= 0)"
        )
    return params, " && ".join(tests)


def _colour(present: list[str], legend: bool) -> alt.Color:
    return alt.Color(
        "category:N",
        title="Category",
        legend=alt.Legend(orient="bottom", columns=2) if legend else None,
        scale=alt.Scale(domain=present, range=[CATEGORY_COLORS[c] for c in present]),
    )


def _shape(present: list[str]) -> alt.Shape:
    return alt.Shape(
        "instrument:N",
        title="Instrument",
        legend=alt.Legend(orient="bottom", columns=1),
        scale=alt.Scale(domain=present, range=[INSTRUMENT_SHAPES[i] for i in present]),
    )


def _points(
    rows: pd.DataFrame, present: list[str], *, legend: bool, clip: bool = False
) -> alt.Chart:
    instruments = _present(rows["instrument"], INSTRUMENT_SHAPES)
    return (
        alt.Chart(rows)
        .mark_point(
            filled=True,
            size=130,
            opacity=0.9,
            stroke="#333333",
            strokeWidth=0.6,
            cursor="pointer",
            clip=clip,
        )
        .encode(
            y=alt.Y("category:N", title=None, sort=present),
            color=_colour(present, legend),
            shape=_shape(instruments),
            href="url:N",
            tooltip=_tooltip(),
        )
    )


def timeline_chart(
    events: pd.DataFrame | None = None,
    *,
    title: str = "Events",
    description: str | None = None,
    width: int = 540,
) -> alt.Chart:
    """A compact timeline for a chapter's own slice of events.

    One row per category, one shape per instrument. Dropdowns under the chart
    filter by category and by instrument; hovering a point shows its date,
    title, description, countries and sources; clicking opens the first source.
    """
    events = _data.load_events() if events is None else events
    rows = _timeline_rows(events)
    present = _present(rows["category"], CATEGORY_COLORS)
    params, keep = _filters(rows, subregions=False)
    if description is None:
        description = (
            f"Timeline of {len(rows)} events from {rows['when'].iloc[0]} to "
            f"{rows['when'].iloc[-1]}, one row per policy category and one shape "
            "per instrument of pressure."
        )
    return (
        _points(rows, present, legend=False)
        .encode(x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)))
        .properties(title=title, description=description, width=width)
        .add_params(*params)
        .transform_filter(keep)
    )


#: How far an era's shading reaches beyond its first and last event.
ERA_PADDING = pd.Timedelta(days=120)


def era_spans(events: pd.DataFrame) -> pd.DataFrame:
    """Each era's span, from its first to its last event in the data (padded).

    The shading shows where the data's events fall, not an era's official dates,
    which the module's sources do not give for every era.
    """
    spans = events.groupby("era", observed=True)["date"].agg(["min", "max"]).reset_index()
    return pd.DataFrame(
        {
            "era": spans["era"].astype(str),
            "start": (spans["min"] - ERA_PADDING).dt.strftime("%Y-%m-%d"),
            "end": (spans["max"] + ERA_PADDING).dt.strftime("%Y-%m-%d"),
        }
    )


def _era_layer(
    spans: pd.DataFrame, *, scale: alt.Scale | None = None, labels: bool
) -> alt.LayerChart | alt.Chart:
    """Grey bands for the eras (and their names along the top when ``labels``)."""
    x = alt.X("start:T", title=None, scale=scale or alt.Undefined)
    shading = (
        alt.Chart(spans)
        .mark_rect(color=OKABE_ITO["grey"], opacity=0.15, clip=True)
        .encode(x=x, x2="end:T", tooltip=alt.Tooltip("era:N", title="Era"))
    )
    if not labels:
        return shading
    text = (
        alt.Chart(spans)
        .mark_text(
            align="left", baseline="top", dx=2, dy=2, fontSize=10, color="#333333", clip=True
        )
        .encode(x=x, y=alt.value(0), text="era:N")
    )
    return shading + text


def timeline(
    events: pd.DataFrame | None = None,
    *,
    title: str = "From the Monroe Doctrine to 2026",
    description: str | None = None,
    width: int = 500,
    start: str = "2024-09-01",
    end: str = "2026-03-31",
) -> alt.VConcatChart:
    """The full timeline: a detail view over an overview strip of every event.

    Dragging across the overview (a brush) sets the detail view's dates; the
    brush starts on ``start``..``end``. Shaded bands mark the eras. Dropdowns
    filter by category, instrument and subregion; tooltips and clicks work as in
    :func:`timeline_chart`.
    """
    events = _data.load_events() if events is None else events
    rows = _timeline_rows(events)
    present = _present(rows["category"], CATEGORY_COLORS)
    spans = era_spans(events)
    params, keep = _filters(rows, subregions=True)
    period = alt.selection_interval(
        name="period",
        encodings=["x"],
        value={"x": [pd.Timestamp(start).to_pydatetime(), pd.Timestamp(end).to_pydatetime()]},
    )
    zoom = alt.Scale(domain={"param": "period", "encoding": "x"})
    detail = alt.layer(
        _era_layer(spans, scale=zoom, labels=True),
        _points(rows, present, legend=True, clip=True)
        .encode(
            x=alt.X("date:T", title=None, scale=zoom, axis=alt.Axis(format="%b %Y", labelAngle=0))
        )
        .transform_filter(keep),
    ).properties(width=width, height=260)
    overview = alt.layer(
        _era_layer(spans, labels=False),
        alt.Chart(rows)
        .mark_tick(thickness=2, size=14)
        .encode(
            x=alt.X(
                "date:T",
                title="Drag across this strip to choose the period shown above",
                axis=alt.Axis(format="%Y"),
            ),
            color=_colour(present, legend=False),
        )
        .add_params(period),
    ).properties(width=width, height=40)
    if description is None:
        description = (
            f"Timeline of {len(rows)} events from {rows['when'].iloc[0]} to "
            f"{rows['when'].iloc[-1]}. The upper view shows the period chosen in the "
            "overview strip below it; shaded bands mark the eras."
        )
    return (
        alt.vconcat(detail, overview, title=title, description=description, spacing=8)
        .add_params(*params)
        .configure_view(stroke=None)
    )

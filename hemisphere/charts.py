"""Altair charts for the book. Each works in a static page with no kernel.

Interactivity comes from Vega-Lite params (selections and bound inputs), which
run in the browser; every chart has a title and a description that screen
readers get (Vega puts the description in the SVG's aria-label).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from altair.vegalite.v6.display import html_renderer

from hemisphere import data as _data
from hemisphere import vega
from hemisphere.book import format_number, in_book_build

#: The Okabe–Ito palette, safe for the common forms of colour blindness. Every
#: colour in the book's charts comes from here.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermilion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

CATEGORY_COLORS = {
    "drugs": OKABE_ITO["vermilion"],
    "migration": OKABE_ITO["blue"],
    "strategic access": OKABE_ITO["bluish green"],
    "trade and tariffs": OKABE_ITO["orange"],
    "military force": OKABE_ITO["black"],
    "diplomacy": OKABE_ITO["sky blue"],
    "regional organisations": OKABE_ITO["reddish purple"],
    "elections": OKABE_ITO["yellow"],
    "strategy documents": OKABE_ITO["grey"],
}

INSTRUMENT_SHAPES = {
    "big stick": "triangle-up",
    "dollar diplomacy": "square",
    "deal diplomacy (stick)": "diamond",
    "deal diplomacy (carrot)": "cross",
    "none": "circle",
}

ALL_LABEL = "All categories"
ALL_INSTRUMENTS = "All instruments"
ALL_SUBREGIONS = "All subregions"


def use_book_defaults() -> None:
    """Render as SVG (crisp, and its marks can be tested), hide the Vega editor link,
    which would send readers' specs off the site, and open clicked sources in a new tab.

    In the book build, chart ids are numbered so that two builds give the same pages.
    In a live notebook, each call loads the chart libraries into the page from the
    pinned package, so charts draw with no internet connection."""
    if in_book_build():
        if BOOK_RENDERER not in alt.renderers.names():
            alt.renderers.register(BOOK_RENDERER, vega.NumberedHTMLRenderer(**html_renderer.kwargs))
        alt.renderers.enable(BOOK_RENDERER)
    else:
        _show_chart_libraries()
        # Altair's own HTML writes data text unescaped into a script element: see vega.py.
        if LIVE_RENDERER not in alt.renderers.names():
            alt.renderers.register(LIVE_RENDERER, vega.LiveHTMLRenderer(**html_renderer.kwargs))
        alt.renderers.enable(LIVE_RENDERER)
    alt.renderers.set_embed_options(
        renderer="svg",
        actions={"export": True, "source": True, "compiled": False, "editor": False},
        loader={"target": "_blank"},
    )


BOOK_RENDERER = "hemisphere-book"
LIVE_RENDERER = "hemisphere-live"


def _show_chart_libraries() -> None:
    """Display the chart libraries in a live notebook's page. Every call does, not once per
    kernel: after a browser reload the page is new but the kernel is the same."""
    from IPython import get_ipython
    from IPython.display import HTML, display

    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return  # plain Python (a script, a test) has no page to load them into
    display(HTML(vega.chart_libraries_html()))


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


# --- The map ---------------------------------------------------------------------

#: Fill for "nothing to show" on a map layer, lighter than any category colour.
NO_DATA = "#E5E5E5"

#: Countries smaller than this (square degrees) also get a marker: at the scale of
#: the whole hemisphere the Lesser Antilles are a few pixels or none.
SMALL_COUNTRY_AREA = 1.5

#: The map's layers: key -> (title shown in the picker, {class: colour}) in legend order.
MAP_LAYERS = {
    "core": (
        "The essay's core 'Western Hemisphere'",
        {
            "In the core": OKABE_ITO["blue"],
            "Unclear": OKABE_ITO["sky blue"],
            "Outside the core": OKABE_ITO["orange"],
        },
    ),
    "majors": (
        "FY2026 majors list (drugs)",
        {
            "Failed demonstrably": OKABE_ITO["vermilion"],
            "Listed": OKABE_ITO["orange"],
            "Not listed": NO_DATA,
        },
    ),
    "fto": (
        "Home of designated terrorist organisations",
        {
            "Three or more groups": OKABE_ITO["reddish purple"],
            "Two groups": OKABE_ITO["blue"],
            "One group": OKABE_ITO["sky blue"],
            "None": NO_DATA,
        },
    ),
    "bri": (
        "Belt and Road membership, mid-2025",
        {
            "Member": OKABE_ITO["vermilion"],
            "Left in 2025": OKABE_ITO["bluish green"],
            "Not a member": OKABE_ITO["sky blue"],
            "Not a CELAC state": NO_DATA,
        },
    ),
    "tariffs": (
        "Country-specific US tariffs, 2025",
        {
            "Imposed": OKABE_ITO["vermilion"],
            "Threatened": OKABE_ITO["orange"],
            "None named": NO_DATA,
        },
    ),
    "elections": (
        "Elections, 2025 to February 2026",
        {
            "Right-wing winner": OKABE_ITO["blue"],
            "Centrist or centre-right winner": OKABE_ITO["sky blue"],
            "Pro-Trump government won midterms": OKABE_ITO["bluish green"],
            "Election due in 2026": OKABE_ITO["yellow"],
            "None discussed": NO_DATA,
        },
    ),
    "rubio": (
        "Rubio's first trip, February 2025",
        {"Visited": OKABE_ITO["vermilion"], "Not visited": NO_DATA},
    ),
}


#: Centred on the Americas, so that the Aleutians (across the antimeridian) stay
#: beside Alaska, and fitted to the hemisphere's corners rather than the whole
#: extent of the US (whose Pacific islands would shrink the map).
MAP_PROJECTION = {
    "type": "equalEarth",
    "rotate": [95, 0, 0],
    "fit": {
        "type": "Feature",
        "properties": {},
        "geometry": {
            "type": "MultiPoint",
            "coordinates": [[-168, -56], [-20, -56], [-168, 83], [-20, 83]],
        },
    },
}


def _groups_by_country() -> dict[str, list[str]]:
    groups = _data.load_designations()
    counted = groups[groups["entry_type"] == "new organisation"]
    names: dict[str, list[str]] = {}
    for name, homes in zip(counted["name"], counted["home_countries"], strict=True):
        for code in homes:
            names.setdefault(code, []).append(name)
    return names


def map_layers(countries: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each country's class and a one-line detail on every map layer (long form).

    Columns: iso3, iso_numeric, name_en, name_ja, layer, value, colour, detail.
    Only countries of the hemisphere (those on the basemap).
    """
    countries = _data.load_countries() if countries is None else countries
    countries = countries[countries["scope"] != "outside the hemisphere"]
    events = _data.load_events().set_index("id")
    groups = _groups_by_country()
    rows = []
    for country in countries.itertuples():
        classes = {}
        core = {"yes": "In the core", "unclear": "Unclear", "no": "Outside the core"}
        classes["core"] = (core[country.core_hemisphere], country.core_reasoning)
        majors = (
            "Failed demonstrably"
            if country.majors_fy2026 == "listed: failed demonstrably"
            else "Listed"
            if country.majors_fy2026 == "listed"
            else "Not listed"
        )
        classes["majors"] = (
            majors,
            "With a national-interest waiver." if country.majors_waiver else "",
        )
        named = groups.get(country.iso3, [])
        fto = (
            ("None", "One group", "Two groups")[len(named)]
            if len(named) < 3
            else "Three or more groups"
        )
        classes["fto"] = (fto, ", ".join(named))
        if pd.isna(country.bri_status):
            classes["bri"] = ("Not a CELAC state", "")
        elif country.bri_status == "left":
            classes["bri"] = (
                "Left in 2025",
                f"Joined {country.bri_joined}, left {country.bri_left}.",
            )
        elif country.bri_status == "member":
            joined = (
                f"Joined {country.bri_joined}."
                if pd.notna(country.bri_joined)
                else "Year joined not in our sources."
            )
            classes["bri"] = ("Member", joined)
        else:
            classes["bri"] = ("Not a member", "")
        if pd.isna(country.tariff_2025):
            classes["tariffs"] = ("None named", "")
        else:
            tariff = events.loc[country.tariff_event]
            classes["tariffs"] = (
                str(country.tariff_2025).capitalize(),
                f"{tariff['title']} ({tariff['date_label']}).",
            )
        election = {
            "right-wing winner": "Right-wing winner",
            "centrist or centre-right winner": "Centrist or centre-right winner",
            "pro-Trump government won midterms": "Pro-Trump government won midterms",
            "election due in 2026": "Election due in 2026",
        }
        classes["elections"] = (
            election.get(country.election_2025_26, "None discussed"),
            country.election_detail,
        )
        classes["rubio"] = (
            ("Visited", "A stop on the trip of 1–6 February 2025.")
            if country.rubio_trip_feb_2025
            else ("Not visited", "")
        )
        for layer, (value, detail) in classes.items():
            rows.append(
                {
                    "iso3": country.iso3,
                    "iso_numeric": country.iso_numeric,
                    "name_en": country.name_en,
                    "name_ja": country.name_ja,
                    "layer": layer,
                    "value": value,
                    "colour": MAP_LAYERS[layer][1][value],
                    "detail": detail,
                }
            )
    return pd.DataFrame(rows)


def _wide_layers(layers: pd.DataFrame) -> pd.DataFrame:
    """One row per country with columns <layer>_value, <layer>_colour, <layer>_detail."""
    wide = layers.pivot(index="iso_numeric", columns="layer", values=["value", "colour", "detail"])
    wide.columns = [f"{layer}_{field}" for field, layer in wide.columns]
    names = layers.drop_duplicates("iso_numeric").set_index("iso_numeric")[["name_en", "name_ja"]]
    return names.join(wide).reset_index()


def hemisphere_map(
    layer: str = "core",
    *,
    title: str = "The hemisphere, layer by layer",
    description: str | None = None,
    width: int = 430,
    height: int = 560,
) -> alt.HConcatChart:
    """The Americas and Greenland, coloured by the layer chosen in the picker under the map.

    Small island states also get a circle so that they stay visible. The legend
    beside the map and the tooltips follow the chosen layer.
    """
    from . import geo

    if layer not in MAP_LAYERS:
        raise ValueError(f"unknown map layer {layer!r}; choose one of {', '.join(MAP_LAYERS)}")
    layers = map_layers()
    wide = _wide_layers(layers)
    fields = [column for column in wide.columns if column != "iso_numeric"]
    choice = alt.param(
        name="map_layer",
        value=layer,
        bind=alt.binding_select(
            options=list(MAP_LAYERS),
            labels=[title for title, _ in MAP_LAYERS.values()],
            name="Map layer: ",
        ),
    )
    chosen = {
        "value": "datum[map_layer + '_value']",
        "fill": "datum[map_layer + '_colour']",
        "detail": "datum[map_layer + '_detail']",
    }
    tooltip = [
        alt.Tooltip("name_en:N", title="Country"),
        alt.Tooltip("name_ja:N", title="日本語"),
        alt.Tooltip("value:N", title="On this layer"),
        alt.Tooltip("detail:N", title="Detail"),
    ]
    shapes = (
        alt.Chart(
            alt.Data(
                values=geo.basemap(), format=alt.DataFormat(type="topojson", feature="countries")
            )
        )
        .mark_geoshape(stroke="#FFFFFF", strokeWidth=0.5)
        .transform_lookup(lookup="id", from_=alt.LookupData(wide, "iso_numeric", fields))
        .transform_calculate(**chosen)
        .encode(color=alt.Color("fill:N", scale=None), tooltip=tooltip)
    )
    small = geo.country_shapes().query("area < @SMALL_COUNTRY_AREA")
    markers = (
        alt.Chart(small.merge(wide, on="iso_numeric"))
        .mark_circle(size=70, stroke="#333333", strokeWidth=0.8, opacity=1)
        .transform_calculate(**chosen)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            color=alt.Color("fill:N", scale=None),
            tooltip=tooltip,
        )
    )
    the_map = (
        alt.layer(shapes, markers).project(**MAP_PROJECTION).properties(width=width, height=height)
    )
    legend_rows = pd.DataFrame(
        [
            {"layer": key, "value": value, "colour": colour, "order": order}
            for key, (_, classes) in MAP_LAYERS.items()
            for order, (value, colour) in enumerate(classes.items())
        ]
    )
    legend = (
        alt.Chart(legend_rows)
        .transform_filter("datum.layer == map_layer")
        .encode(
            y=alt.Y(
                "value:N",
                sort=alt.EncodingSortField("order"),
                title=None,
                axis=alt.Axis(orient="right", domain=False, ticks=False, labelLimit=260),
            )
        )
        .mark_square(size=220, stroke="#333333", strokeWidth=0.5)
        .encode(color=alt.Color("colour:N", scale=None))
        .properties(width=20, title=alt.Title("Legend", fontSize=12))
    )
    if description is None:
        description = (
            f"Map of the {len(wide)} countries and territories of the hemisphere. A picker "
            "chooses the layer: " + "; ".join(t for t, _ in MAP_LAYERS.values()) + "."
        )
    return (
        alt.hconcat(the_map, legend, title=title, description=description)
        .add_params(choice)
        .configure_view(stroke=None)
    )


# --- The two corollaries side by side --------------------------------------------

COROLLARY_COLORS = {
    "Roosevelt Corollary": OKABE_ITO["orange"],
    "Trump Corollary": OKABE_ITO["blue"],
}

#: Characters per line in the comparison's cells.
WRAP = 40
#: Width of one cell of the comparison, and line height of its text, in pixels.
CELL_WIDTH = 250
LINE = 14


def corollary_comparison(
    *,
    title: str = "Two corollaries to the Monroe Doctrine, dimension by dimension",
    description: str | None = None,
) -> alt.LayerChart:
    """The essay's comparison as a grid: a row per dimension, a column per corollary.

    Each cell holds the essay's point in our words; hovering it shows the essay
    section, what the original documents add, and the sources. Clicking a
    dimension's label (or a cell) highlights that row. Rows follow
    :func:`hemisphere.data.comparison_dimensions`, the one list of dimensions.
    """
    import textwrap

    frame = _data.load_corollaries()
    dimensions = _data.comparison_dimensions()
    wrapped = [textwrap.wrap(text, WRAP) for text in frame["summary"]]
    longest = max(map(len, wrapped))
    rows = pd.DataFrame(
        {
            "dimension": frame["dimension"].astype(str),
            "corollary": frame["corollary"].astype(str),
            "lines": wrapped,
            "summary": frame["summary"],
            "section": frame["essay_section"],
            "record": frame["record"],
            "sources": ["; ".join(map(_data.reference_label, keys)) for keys in frame["sources"]],
            "note": frame["note"],
        }
    )
    focus = alt.selection_point(
        name="dimension_focus", fields=["dimension"], on="click", clear="dblclick"
    )
    base = alt.Chart(rows).encode(
        x=alt.X(
            "corollary:N",
            title=None,
            sort=list(COROLLARY_COLORS),
            axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=13, labelFontWeight="bold"),
        ),
        y=alt.Y(
            "dimension:N",
            title=None,
            sort=dimensions,
            axis=alt.Axis(labelFontSize=12, labelFontWeight="bold", labelLimit=160),
        ),
        tooltip=[
            alt.Tooltip("dimension:N", title="Dimension"),
            alt.Tooltip("corollary:N", title="Corollary"),
            alt.Tooltip("section:N", title="Essay section"),
            alt.Tooltip("record:N", title="What the originals add"),
            alt.Tooltip("sources:N", title="Sources"),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    cells = (
        base.mark_rect(stroke="#FFFFFF", strokeWidth=3)
        .encode(
            color=alt.Color(
                "corollary:N",
                legend=None,
                scale=alt.Scale(
                    domain=list(COROLLARY_COLORS), range=list(COROLLARY_COLORS.values())
                ),
            ),
            opacity=alt.condition(focus, alt.value(0.25), alt.value(0.06)),
        )
        .add_params(focus)
    )
    # Text starts at the top of its row (bandPosition 0), so long cells grow downwards.
    text = base.mark_text(
        align="left",
        baseline="top",
        dx=-CELL_WIDTH / 2 + 6,
        dy=10,
        fontSize=11,
        lineHeight=LINE,
        color="#1A1A1A",
    ).encode(text="lines:N", y=alt.Y("dimension:N", sort=dimensions, bandPosition=0, title=None))
    if description is None:
        description = (
            f"A grid comparing the Roosevelt and Trump corollaries on {len(dimensions)} "
            "dimensions: " + ", ".join(dimensions) + "."
        )
    return (
        alt.layer(cells, text)
        .properties(
            title=title,
            description=description,
            width=2 * CELL_WIDTH,
            height=len(dimensions) * (longest * LINE + 16),
        )
        .configure_view(stroke=None)
    )


# --- The data behind a chart -------------------------------------------------------


def data_behind(frame: pd.DataFrame, summary: str = "The data behind this chart"):
    """A collapsed dropdown holding the chart's data as an HTML table.

    Screen-reader users and anyone who wants the numbers get them on the page;
    cell text is escaped, so nothing in the data can run as HTML.
    """
    from html import escape

    from IPython.display import HTML

    from .lang import mark_html

    table = frame.to_html(index=False, escape=True, border=0, classes="hemisphere-data")
    table = table.replace("<table", f'<table aria-label="{escape(summary)}"', 1)
    table = mark_html(table)  # Japanese cell text marked lang="ja" (WCAG 3.1.2)
    return HTML(
        f'<details class="hemisphere-data"><summary>{escape(summary)} '
        f"({len(frame)} rows)</summary>\n{table}\n</details>"
    )


# --- Belt and Road membership -----------------------------------------------------

BRI_COLORS = {
    "member": OKABE_ITO["vermilion"],
    "left": OKABE_ITO["bluish green"],
    "not a member": OKABE_ITO["sky blue"],
}


def bri_membership_chart(
    countries: pd.DataFrame | None = None,
    *,
    title: str = "Belt and Road membership of the CELAC states, mid-2025",
    description: str | None = None,
) -> alt.Chart:
    """One bar per subregion, split by Belt and Road status; hover a segment for its countries."""
    countries = _data.load_countries() if countries is None else countries
    celac = countries[countries["celac"]]
    grouped = (
        celac.assign(
            status=celac["bri_status"].astype(str), subregion=celac["subregion"].astype(str)
        )
        .groupby(["subregion", "status"])["name_en"]
        .agg(states="count", names=lambda names: ", ".join(sorted(names)))
        .reset_index()
    )
    order = [s for s in celac["subregion"].cat.categories if s in set(grouped["subregion"])]
    if description is None:
        members = int((celac["bri_status"] == "member").sum())
        description = (
            f"Stacked bars: {members} of the {len(celac)} CELAC states were Belt and Road "
            "members in mid-2025, by subregion."
        )
    return (
        alt.Chart(grouped, title=title, description=description, width=520, height=220)
        .mark_bar(stroke="#FFFFFF", strokeWidth=0.5)
        .encode(
            y=alt.Y("subregion:N", title=None, sort=order),
            x=alt.X("states:Q", title="Number of states", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "status:N",
                title="Belt and Road",
                scale=alt.Scale(domain=list(BRI_COLORS), range=list(BRI_COLORS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("status:N"),
            tooltip=[
                alt.Tooltip("subregion:N", title="Subregion"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("states:Q", title="States"),
                alt.Tooltip("names:N", title="Which"),
            ],
        )
    )


# --- Terrorist designations ---------------------------------------------------------

REGION_COLORS = {
    "Latin America and the Caribbean": OKABE_ITO["vermilion"],
    "outside the region": OKABE_ITO["grey"],
}


def designations_chart(
    designations: pd.DataFrame | None = None,
    *,
    title: str = "Foreign terrorist organisations designated, January 2025 to 3 February 2026",
    description: str | None = None,
) -> alt.Chart:
    """Organisations designated, as bars by date, coloured by where they are based.

    Aliases added to existing designations are left out, as the count of 26 does.
    """
    groups = _data.load_designations() if designations is None else designations
    new = groups[groups["entry_type"] == "new organisation"]
    rows = pd.DataFrame(
        {
            "date": new["date"].dt.strftime("%Y-%m-%d"),
            "when": new["date"].dt.strftime("%-d %b %Y"),
            "organisations": new["organisations"],
            "name": new["name"],
            "region": new["home_region"].astype(str),
            "basis": new["date_basis"].astype(str),
        }
    )
    if description is None:
        latin = int(
            rows.loc[rows["region"] == "Latin America and the Caribbean", "organisations"].sum()
        )
        description = (
            f"Bars by date: {int(rows['organisations'].sum())} organisations designated, "
            f"{latin} of them based in Latin America and the Caribbean."
        )
    return (
        alt.Chart(rows, title=title, description=description, width=560, height=220)
        .mark_bar(size=10, stroke="#FFFFFF", strokeWidth=0.5)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
            y=alt.Y("sum(organisations):Q", title="Organisations", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "region:N",
                title="Based in",
                scale=alt.Scale(domain=list(REGION_COLORS), range=list(REGION_COLORS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("basis:N", title="Date marks"),
                alt.Tooltip("name:N", title="Organisation"),
                alt.Tooltip("organisations:Q", title="Organisations"),
                alt.Tooltip("region:N", title="Based in"),
            ],
        )
    )


# --- Figures and who claims them ----------------------------------------------------

CLAIM_COLORS = {
    "official claim": OKABE_ITO["vermilion"],
    "official statistic": OKABE_ITO["orange"],
    "official estimate": OKABE_ITO["yellow"],
    "independent estimate": OKABE_ITO["blue"],
    "poll": OKABE_ITO["reddish purple"],
}


def claims_chart(
    indicators: pd.DataFrame, *, title: str, description: str | None = None, unit: str | None = None
) -> alt.LayerChart:
    """Figures side by side: a bar from zero for a single value, a bar from low to high for a
    range, coloured by the kind of claim, with the claimant and period in the tooltip."""
    rows = pd.DataFrame(
        {
            "indicator": indicators["indicator"],
            "claimant": indicators["claimant"],
            "kind": indicators["claim_kind"].astype(str),
            "start": indicators["low"]
            .fillna(0)
            .astype(float)
            .where(indicators["qualifier"] == "range", 0.0),
            "end": indicators["high"]
            .fillna(indicators["value"])
            .astype(float)
            .where(indicators["qualifier"] == "range", indicators["value"].astype(float)),
            "figure": [
                f"from {format_number(row.low)} to {format_number(row.high)}"
                if row.qualifier == "range"
                else f"{row.qualifier} {format_number(row.value)}".replace("exactly ", "")
                for row in indicators.itertuples()
            ],
            "period": [
                f"{row.period_start} to {row.period_end}"
                if row.period_end and row.period_end != row.period_start
                else row.period_start
                for row in indicators.itertuples()
            ],
        }
    )
    unit = unit or indicators["unit"].iloc[0]
    kinds = [kind for kind in CLAIM_COLORS if kind in set(rows["kind"])]
    if description is None:
        description = (
            "Horizontal bars comparing: "
            + "; ".join(
                f"{i} ({c}): {f}"
                for i, c, f in zip(rows["indicator"], rows["claimant"], rows["figure"], strict=True)
            )
            + "."
        )
    base = alt.Chart(rows).encode(
        y=alt.Y("indicator:N", title=None, sort=None, axis=alt.Axis(labelLimit=320))
    )
    bars = base.mark_bar(height=16).encode(
        x=alt.X("start:Q", title=unit),
        x2="end:Q",
        color=alt.Color(
            "kind:N",
            title="Kind of claim",
            legend=alt.Legend(orient="bottom"),
            scale=alt.Scale(domain=kinds, range=[CLAIM_COLORS[k] for k in kinds]),
        ),
        tooltip=[
            alt.Tooltip("indicator:N", title="Figure"),
            alt.Tooltip("figure:N", title="Value"),
            alt.Tooltip("claimant:N", title="Whose figure"),
            alt.Tooltip("kind:N", title="Kind"),
            alt.Tooltip("period:N", title="Period"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333333").encode(x="x:Q")
    return alt.layer(bars, zero).properties(
        title=title, description=description, width=400, height=alt.Step(28)
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

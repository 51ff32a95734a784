"""The map of the hemisphere: one layer per theme, chosen from a picker, with small states marked."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data as _data
from .palette import NO_DATA, OKABE_ITO

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
    from .. import geo

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

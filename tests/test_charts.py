"""Chart specs: what a reader would see once Vega draws them."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from hemisphere import charts
from hemisphere.charts import (
    ALL_INSTRUMENTS,
    ALL_LABEL,
    CATEGORY_COLORS,
    MAP_LAYERS,
    NO_DATA,
    OKABE_ITO,
    corollary_comparison,
    era_spans,
    hemisphere_map,
    map_layers,
    timeline,
    timeline_chart,
)
from hemisphere.data import comparison_dimensions, load_corollaries, load_countries, load_events


def _rows(spec: dict, name_contains: str | None = None) -> list[dict]:
    """The rows of the first dataset (or the one whose rows have the given column)."""
    for rows in spec["datasets"].values():
        if name_contains is None or (rows and name_contains in rows[0]):
            return rows
    raise AssertionError(f"no dataset with column {name_contains!r}")


def _params(spec: dict) -> dict[str, dict]:
    return {param["name"]: param for param in spec.get("params", [])}


# --- The compact timeline of a chapter --------------------------------------------


def test_timeline_has_one_point_per_event_with_title_and_description():
    events = load_events()
    spec = timeline_chart(events, title="All events").to_dict()
    assert len(_rows(spec)) == len(events)
    assert spec["mark"]["type"] == "point"
    assert spec["title"] == "All events"
    assert str(len(events)) in spec["description"]


def test_the_roosevelt_corollary_timeline_draws_its_whole_arc():
    """Chapter 3's timeline: every event from the Venezuela crisis to the OAS Charter, in its era."""
    events = load_events()
    arc = events[(events["date"] >= "1902-01-01") & (events["date"] <= "1948-12-31")]
    spec = timeline_chart(arc, title="The Roosevelt Corollary, 1902-1948").to_dict()
    rows = _rows(spec, "id")
    assert len(rows) == len(arc) == 23
    assert {row["id"] for row in rows} == set(arc["id"])
    assert {"venezuela-blockade", "drago-note", "clark-memorandum", "montevideo-convention"} <= set(
        arc["id"]
    )
    eras = set(arc["era"].astype(str))
    assert eras == {"Roosevelt and Taft", "Wilson to Hoover", "Franklin Roosevelt", "Cold War"}
    assert eras <= {
        row["era"] for rows in spec["datasets"].values() for row in rows if "era" in row
    }


def test_timeline_dropdowns_offer_the_categories_and_instruments_present():
    events = load_events()
    second_term = events[events["era"] == "Trump's second term"]
    spec = timeline_chart(second_term).to_dict()
    params = _params(spec)
    categories = params["category_filter"]["bind"]["options"]
    assert categories[0] == ALL_LABEL
    assert set(categories[1:]) == set(second_term["category"].astype(str))
    instruments = params["instrument_filter"]["bind"]["options"]
    assert instruments[0] == ALL_INSTRUMENTS
    assert "dollar diplomacy" not in instruments, "no 2025 event used dollar diplomacy"
    (keep,) = spec["transform"]
    assert "category_filter" in keep["filter"] and "instrument_filter" in keep["filter"]


def test_timeline_tooltip_names_sources_and_points_link_to_them():
    spec = timeline_chart(load_events()).to_dict()
    titles = [t["title"] for t in spec["encoding"]["tooltip"]]
    assert {"Date", "Event", "Sources", "Link"} <= set(titles)
    assert spec["encoding"]["href"]["field"] == "url"
    rows = {row["id"]: row for row in _rows(spec)}
    assert rows["fentanyl-wmd"]["url"].startswith("https://www.whitehouse.gov/")
    assert "The White House 2025" in rows["fentanyl-wmd"]["sources"]
    # An event with no online source has no link, and its tooltip says so.
    assert rows["monroe-message"]["url"] == ""
    assert "references" in rows["monroe-message"]["click"]


def test_category_colours_and_shapes_come_from_one_place():
    assert set(CATEGORY_COLORS.values()) <= set(OKABE_ITO.values())
    spec = timeline_chart(load_events()).to_dict()
    assert set(spec["encoding"]["color"]["scale"]["range"]) <= set(OKABE_ITO.values())
    assert set(spec["encoding"]["shape"]["scale"]["range"]) <= set(
        charts.INSTRUMENT_SHAPES.values()
    )


def test_book_defaults_open_clicked_sources_in_a_new_tab():
    charts.use_book_defaults()
    options = alt.renderers.options["embed_options"]
    assert options["loader"] == {"target": "_blank"}
    assert options["actions"]["editor"] is False


# --- The full timeline --------------------------------------------------------------


def test_full_timeline_is_a_detail_view_zoomed_by_an_overview_brush():
    events = load_events()
    spec = timeline(events).to_dict()
    detail, overview = spec["vconcat"]
    params = _params(spec) | {
        p["name"]: p for layer in overview["layer"] for p in layer.get("params", [])
    }
    brush = params["period"]
    assert brush["select"]["type"] == "interval" and brush["select"]["encodings"] == ["x"]
    assert brush["value"]["x"][0]["year"] == 2024
    points = detail["layer"][-1]
    assert points["encoding"]["x"]["scale"]["domain"] == {"param": "period", "encoding": "x"}
    assert points["mark"]["clip"] is True
    assert len(_rows(spec, "title")) == len(events)
    assert {"category_filter", "instrument_filter", "subregion_filter"} <= set(params)


def test_full_timeline_subregion_filter_matches_the_events_countries():
    spec = timeline(load_events()).to_dict()
    subregions = _params(spec)["subregion_filter"]["bind"]["options"][1:]
    assert {"Central America", "Caribbean", "Andean", "Southern South America"} <= set(subregions)
    rows = {row["id"]: row for row in _rows(spec, "title")}
    assert "|Central America|" in rows["rubio-first-trip"]["subregions"]
    assert "|Caribbean|" in rows["rubio-first-trip"]["subregions"]


def test_eras_span_their_events():
    events = load_events()
    spans = era_spans(events).set_index("era")
    assert list(spans.index) == [e for e in events["era"].cat.categories]
    assert (spans["start"] < spans["end"]).all()
    assert (
        spans.loc["Trump's second term", "start"]
        < "2025-01-20"
        < spans.loc["Trump's second term", "end"]
    )


# --- The map ------------------------------------------------------------------------


def test_map_layers_classify_every_country_of_the_hemisphere_on_every_layer():
    layers = map_layers()
    hemisphere = load_countries().query("scope != 'outside the hemisphere'")
    assert len(layers) == len(hemisphere) * len(MAP_LAYERS)
    palette = set(OKABE_ITO.values()) | {NO_DATA}
    assert set(layers["colour"]) <= palette
    for layer, (_, classes) in MAP_LAYERS.items():
        assert set(layers.loc[layers["layer"] == layer, "value"]) <= set(classes)


@pytest.mark.parametrize(
    "layer, value, count",
    [
        ("rubio", "Visited", 5),
        ("majors", "Failed demonstrably", 3),
        ("bri", "Member", 22),
        ("bri", "Left in 2025", 1),
        ("tariffs", "Imposed", 2),
        ("fto", "Three or more groups", 1),
    ],
)
def test_map_layer_counts_follow_the_data(layer, value, count):
    layers = map_layers()
    chosen = layers[(layers["layer"] == layer) & (layers["value"] == value)]
    assert len(chosen) == count


def test_map_tooltips_say_why_a_country_is_coloured():
    layers = map_layers().set_index(["iso3", "layer"])
    assert layers.loc[("MEX", "fto"), "detail"].count(",") == 5, "six Mexican groups named"
    assert (
        "2017" in layers.loc[("PAN", "bri"), "detail"]
        and "2025" in layers.loc[("PAN", "bri"), "detail"]
    )
    assert layers.loc[("BRA", "tariffs"), "detail"].startswith("50% tariff ordered on Brazil")


def test_map_has_a_layer_picker_a_legend_and_markers_for_small_states():
    spec = hemisphere_map().to_dict()
    picker = _params(spec)["map_layer"]
    assert picker["bind"]["options"] == list(MAP_LAYERS)
    assert picker["bind"]["labels"] == [title for title, _ in MAP_LAYERS.values()]
    the_map, legend = spec["hconcat"]
    shapes, markers = the_map["layer"]
    assert shapes["mark"]["type"] == "geoshape"
    assert markers["mark"]["type"] == "circle"
    small = {row["name_en"] for row in _rows(spec, "lon")}
    assert {"Saint Kitts and Nevis", "Grenada", "Barbados", "Dominica"} <= small
    assert "Brazil" not in small
    legend_rows = _rows(spec, "order")
    assert len(legend_rows) == sum(len(classes) for _, classes in MAP_LAYERS.values())
    assert legend["transform"] == [{"filter": "datum.layer == map_layer"}]


def test_an_unknown_map_layer_is_named():
    with pytest.raises(ValueError, match="unknown map layer 'tarifs'"):
        hemisphere_map("tarifs")


# --- The comparison -----------------------------------------------------------------


def test_corollary_comparison_has_a_cell_per_dimension_and_corollary():
    spec = corollary_comparison().to_dict()
    rows = _rows(spec)
    assert len(rows) == len(load_corollaries()) == 22
    cells, text = spec["layer"]
    assert cells["mark"]["type"] == "rect" and text["mark"]["type"] == "text"
    assert all(max(map(len, row["lines"])) <= charts.WRAP for row in rows)
    assert "11 dimensions" in spec["description"]
    # The rows follow the one list of dimensions, in teaching order.
    assert cells["encoding"]["y"]["sort"] == comparison_dimensions()
    assert spec["description"].endswith(", ".join(comparison_dimensions()) + ".")


def test_bri_chart_counts_every_celac_state_once():
    from hemisphere.charts import bri_membership_chart

    spec = bri_membership_chart().to_dict()
    rows = _rows(spec)
    assert sum(row["states"] for row in rows) == 33
    assert sum(row["states"] for row in rows if row["status"] == "member") == 22
    assert "22 of the 33" in spec["description"]
    assert any(row["status"] == "left" and row["names"] == "Panama" for row in rows)


def test_designations_chart_counts_26_organisations_15_latin_american():
    from hemisphere.charts import designations_chart

    spec = designations_chart().to_dict()
    rows = _rows(spec)
    assert sum(row["organisations"] for row in rows) == 26
    assert sum(row["organisations"] for row in rows if row["region"].startswith("Latin")) == 15
    assert "TRF" not in {row["name"] for row in rows}
    assert "26 organisations" in spec["description"] and "15 of them" in spec["description"]


def test_claims_chart_draws_ranges_from_low_to_high_and_values_from_zero():
    from hemisphere.charts import claims_chart
    from hemisphere.data import load_indicators

    net = load_indicators().query("category == 'net migration'")
    spec = claims_chart(net, title="Net migration").to_dict()
    rows = {row["claimant"]: row for row in _rows(spec)}
    assert (rows["Brookings"]["start"], rows["Brookings"]["end"]) == (-295000, -10000)
    assert (rows["CBO"]["start"], rows["CBO"]["end"]) == (0, 400000)
    assert rows["Census Bureau"]["figure"] == "about 1,300,000"
    assert rows["Brookings"]["figure"] == "from -295,000 to -10,000"
    assert "Brookings" in spec["description"] and "CBO" in spec["description"]


def test_book_build_numbers_chart_ids_in_display_order(monkeypatch):
    """Random ids would make two builds of a page differ; the book build numbers them."""
    import re

    from hemisphere.book import BOOK_BUILD_FLAG

    monkeypatch.setenv(BOOK_BUILD_FLAG, "1")
    previous = alt.renderers.active
    try:
        charts.use_book_defaults()
        chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x")
        ids = [re.search(r'id="(altair-viz-[^"]+)"', _html_of(chart)).group(1) for _ in range(2)]
        number = int(ids[0].rsplit("-", 1)[1])
        assert ids == [f"altair-viz-{number}", f"altair-viz-{number + 1}"]
    finally:
        alt.renderers.enable(previous)


def test_live_chart_libraries_are_the_pinned_bundle_with_the_versions_altair_checks():
    from hemisphere import vega

    html = vega.chart_libraries_html()
    assert html.count("<script") == 1 and html.count("</script>") == 1
    for key, version in vega.vega_debug_flags().items():
        assert f'"{key}": "{version}"' in html
    assert len(html) > 500_000  # the libraries themselves, not a link to a CDN
    assert "https://cdn" not in html.split("<script", 1)[1][:200]


def _html_of(chart) -> str:
    bundle = chart._repr_mimebundle_()
    return (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]

"""Chart specs: what a reader would see once Vega draws them."""

from __future__ import annotations

from hemisphere.charts import ALL_LABEL, CATEGORY_COLORS, OKABE_ITO, timeline_chart
from hemisphere.data import load_events


def test_timeline_has_one_point_per_event_with_title_and_description():
    events = load_events()
    spec = timeline_chart(events, title="All events").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == len(events)
    assert spec["mark"]["type"] == "point"
    assert spec["title"] == "All events"
    assert str(len(events)) in spec["description"]


def test_timeline_dropdown_offers_each_category_present_and_filters_on_it():
    events = load_events()
    spec = timeline_chart(events).to_dict()
    (param,) = spec["params"]
    options = param["bind"]["options"]
    assert options[0] == ALL_LABEL
    assert set(options[1:]) == set(events["category"].astype(str))
    (filter_transform,) = spec["transform"]
    assert param["name"] in filter_transform["filter"]


def test_timeline_tooltip_carries_the_sources():
    spec = timeline_chart(load_events()).to_dict()
    titles = [t["title"] for t in spec["encoding"]["tooltip"]]
    assert "Sources" in titles and "Date" in titles


def test_category_colours_come_from_the_one_palette():
    assert set(CATEGORY_COLORS.values()) <= set(OKABE_ITO.values())
    spec = timeline_chart(load_events()).to_dict()
    assert set(spec["encoding"]["color"]["scale"]["range"]) <= set(OKABE_ITO.values())

"""Helpers that put facts from data/ into the prose."""

from __future__ import annotations

import pytest

from hemisphere import facts
from hemisphere.data import load_countries, load_events, load_indicators


def test_country_names_read_as_a_sentence():
    countries = load_countries()
    assert facts.country_names(countries, ["PAN"]) == "Panama"
    assert facts.country_names(countries, ["PAN", "SLV", "DOM"]) == (
        "Panama, El Salvador and the Dominican Republic"
    )


def test_an_unknown_country_code_is_named():
    with pytest.raises(KeyError, match=r"\['XXX'\] not in data/countries.csv"):
        facts.country_names(load_countries(), ["PAN", "XXX"])


def test_lookups_name_the_missing_id_and_file():
    with pytest.raises(KeyError, match="no event with id 'nope' in data/events.csv"):
        facts.event(load_events(), "nope")
    with pytest.raises(KeyError, match="no indicator with id 'nope' in data/indicators.csv"):
        facts.indicator(load_indicators(), "nope")


def test_indicator_values_are_numbers():
    pages = facts.indicator(load_indicators(), "nss-2025-hemisphere-pages")["value"]
    assert pages == 4


@pytest.mark.parametrize(
    "value, text", [(237565, "237,565"), (4.0, "4"), (46.5, "46.5"), (-87, "-87")]
)
def test_numbers_print_as_prose_prints_them(value, text):
    assert facts.format_number(value) == text

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


# --- The lookups chapters and exercises repeat --------------------------------------------------


def test_the_events_of_an_era_are_those_and_only_those():
    events = load_events()
    second_term = facts.events_of_era(events, facts.SECOND_TERM)
    assert len(second_term) > 0
    assert set(second_term["era"].astype(str)) == {facts.SECOND_TERM}
    assert len(second_term) == int((events["era"].astype(str) == facts.SECOND_TERM).sum())
    assert list(second_term["date"]) == sorted(second_term["date"])


def test_an_unknown_era_is_named_with_the_eras_there_are():
    with pytest.raises(ValueError, match=r"no era \"Trump's third term\".*Roosevelt and Taft"):
        facts.events_of_era(load_events(), "Trump's third term")


def test_picked_rows_keep_the_data_order_and_every_id_must_be_there():
    events = load_events()
    picked = facts.pick_events(events, ["panama-leaves-bri", "panama-joins-bri"])
    assert list(picked["id"]) == ["panama-joins-bri", "panama-leaves-bri"]  # by date
    with pytest.raises(
        KeyError, match=r"no event with id\(s\) \['panama-leaves-brl'\] in data/events.csv"
    ):
        facts.pick_events(events, ["panama-joins-bri", "panama-leaves-brl"])
    with pytest.raises(
        KeyError, match=r"no indicator with id\(s\) \['nope'\] in data/indicators.csv"
    ):
        facts.pick_indicators(load_indicators(), ["nope"])


def test_a_facts_date_year_and_figure_read_as_the_prose_prints_them():
    events, indicators = load_events(), load_indicators()
    rubio = facts.event(events, "rubio-first-trip")
    assert facts.day("rubio-first-trip") == rubio["date_label"]
    assert facts.year("rubio-first-trip") == rubio["date"].year == 2025
    threat = facts.indicator(indicators, "tariff-colombia-threat")
    assert facts.figure("tariff-colombia-threat", "high") == facts.format_number(threat["high"])
    assert facts.figure("nss-2025-hemisphere-pages") == "4"
    with pytest.raises(KeyError, match="no event with id 'nope' in data/events.csv"):
        facts.day("nope")


def test_a_missing_figure_is_an_error_not_nan():
    with pytest.raises(ValueError, match="'removals-dhs-2025' in data/indicators.csv has no low"):
        facts.figure("removals-dhs-2025", "low")


def test_the_claim_columns_are_columns_of_the_indicators():
    assert set(facts.CLAIM_COLUMNS) <= set(load_indicators().columns)


# --- Live notebooks: the glued names are variables of the notebook -------------------------------


class _Shell:
    """What glue_facts needs of IPython's shell: its user namespace and push()."""

    def __init__(self, **user_ns):
        self.user_ns = dict(user_ns)

    def push(self, variables):
        self.user_ns.update(variables)


@pytest.fixture
def glued(monkeypatch):
    values = {}
    monkeypatch.setattr(facts, "_glue", lambda name, value: values.update({name: value}))
    return values


def test_our_glue_writes_the_output_myst_nb_reads(monkeypatch):
    """The package glues without importing myst-nb (students' kernels need not have it); the
    output must stay the one myst-nb's own glue(..., display=False) writes, or the book loses
    its numbers."""
    import IPython.display
    import myst_nb
    import myst_nb.ext.glue as myst_glue
    from IPython.display import Markdown

    outputs = []
    capture = lambda data, raw, metadata: outputs.append((data, raw, metadata))  # noqa: E731
    monkeypatch.setattr(myst_glue, "ipy_display", capture)
    monkeypatch.setattr(IPython.display, "display", capture)
    value = Markdown("53 *states*")
    myst_nb.glue("count", value, display=False)
    facts._glue("count", value)
    assert outputs[0] == outputs[1]
    assert facts.GLUE_PREFIX == myst_glue.GLUE_PREFIX


def test_the_glue_cell_shows_nothing_under_it_live():
    from IPython.core.formatters import format_display_data

    glued = facts.GluedFacts({"count": "3"})
    assert glued == {"count": "3"}
    assert hasattr(glued, "_ipython_display_") and glued._ipython_display_() is None
    assert format_display_data(glued) == ({}, {})


def test_glued_facts_are_defined_in_the_notebook_as_plain_text(monkeypatch, glued):
    from IPython.lib.pretty import pretty

    shell = _Shell()
    monkeypatch.setattr(facts, "_ipython", lambda: shell)
    facts.glue_facts(when="6 Feb 2025", count=53, name="Côte d'Ivoire <b>")
    assert set(glued) == {"when", "count", "name"}
    # jupyterlab-myst shows {eval}`name` as its text/plain form: the text, no quotes, no markup.
    assert [pretty(shell.user_ns[key]) for key in ("when", "count", "name")] == [
        "6 Feb 2025",
        "53",
        "Côte d'Ivoire <b>",
    ]
    assert repr(shell.user_ns["name"]) == "Côte d'Ivoire <b>"
    # Run again (a live reader re-runs a cell): the names are replaced, not an error.
    facts.glue_facts(when="7 Feb 2025")
    assert shell.user_ns["when"] == "7 Feb 2025"


def test_a_glued_name_never_replaces_a_variable_of_the_notebook(monkeypatch, glued):
    shell = _Shell(designations=load_events())
    monkeypatch.setattr(facts, "_ipython", lambda: shell)
    with pytest.raises(ValueError, match=r"\{'designations': 'DataFrame'\} already name variables"):
        facts.glue_facts(designations=26, other=1)
    assert glued == {} and "other" not in shell.user_ns


def test_outside_a_kernel_glue_facts_only_glues(monkeypatch, glued):
    monkeypatch.setattr(facts, "_ipython", lambda: None)
    assert facts.glue_facts(count=3) == {"count": "3"}
    assert "count" in glued

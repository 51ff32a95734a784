"""Every exercise check against wrong work that must fail and right work, in several forms,
that must pass; no check passes on the untouched placeholder or on an arbitrary object."""

from __future__ import annotations

import inspect

import altair as alt
import numpy as np
import pandas as pd
import pytest

from hemisphere import checking, checks
from hemisphere.data import load_countries, load_designations, load_events

EVENTS = load_events()
COUNTRIES = load_countries()
SECOND = EVENTS[EVENTS["era"] == "Trump's second term"]
DEALS = SECOND[SECOND["instrument"].astype(str).str.startswith("deal diplomacy")]
CELAC = COUNTRIES[COUNTRIES["celac"]]

CHECKS = [
    f
    for name, f in inspect.getmembers(checks, inspect.isfunction)
    if f.__module__ == checks.__name__ and not name.startswith("_") and name != "show"
]


def verdict(feedback: checks.Feedback) -> str:
    assert isinstance(feedback, checks.Feedback)
    assert feedback.message.strip()
    return feedback.status


def test_every_check_is_covered_here():
    covered = {case[0] for case in RIGHT} | {case[0] for case in WRONG}
    assert {f.__name__ for f in CHECKS} == covered


ARBITRARY = [
    object(),
    "text",
    0,
    0.5,
    True,
    [],
    {},
    (),
    pd.DataFrame(),
    pd.Series(dtype=float),
    alt.Chart(),
    checks.Feedback("correct", "x"),
    np.array([0.5]),
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__)
def test_no_check_passes_on_the_placeholder_or_an_arbitrary_object(check):
    assert verdict(check(...)) == "not answered"
    assert verdict(check(None)) == "not answered"
    for thing in ARBITRARY:
        assert verdict(check(thing)) == "incorrect", (check.__name__, thing)


def counts_of(frame, column):
    return frame[column].astype(str).value_counts()


CATEGORY = counts_of(SECOND, "category")
MEMBERS = counts_of(CELAC[CELAC["bri_status"] == "member"], "subregion")
HEMISPHERE = COUNTRIES[COUNTRIES["scope"] != "outside the hemisphere"]
CORE = counts_of(HEMISPHERE, "core_hemisphere")
SOUTH = set(COUNTRIES.loc[COUNTRIES["subregion"] == "Southern South America", "iso3"])
INVOLVED = SECOND[SECOND["countries"].map(lambda codes: bool(set(codes) & SOUTH))]
SOUTH_COUNTS = counts_of(INVOLVED, "instrument")
STICK = float((DEALS["instrument"] == "deal diplomacy (stick)").mean())
BRI = float((CELAC["bri_status"] == "member").mean())
DESIGNATIONS = load_designations()
NEW = DESIGNATIONS[DESIGNATIONS["entry_type"] == "new organisation"]
LATIN = float(
    NEW.loc[NEW["home_region"] == "Latin America and the Caribbean", "organisations"].sum()
    / NEW["organisations"].sum()
)
USED = EVENTS[EVENTS["instrument"] != "none"]
TABLE = pd.crosstab(USED["era"].astype(str), USED["instrument"].astype(str))


def bar(table, x="events:Q", y="category:N", title="Events by field"):
    chart = alt.Chart(table).mark_bar().encode(x=x, y=y)
    return chart.properties(title=title) if title else chart


def count_forms(counts: pd.Series, label: str):
    """A right Series of counts, in the forms a student might give it."""
    return [
        counts,
        counts.sort_index(),  # another order
        counts.astype(float),  # 22.0 rather than 22
        counts.to_dict(),
        counts.to_frame(),
        counts.rename_axis(label).reset_index(name="n"),
        pd.concat([counts, pd.Series({"unused label": 0})]),  # a zero row changes nothing
    ]


def count_wrongs(counts: pd.Series):
    first = counts.index[0]
    off_by_one = counts.copy()
    off_by_one[first] += 1
    halves = counts.astype(float)
    halves[first] += 0.5
    return [
        off_by_one,
        counts.drop(first),  # a label missing
        pd.concat([counts, pd.Series({"made up": 1})]),  # a label too many
        halves,  # not whole numbers
        counts.astype(str),  # wrong type
        list(counts.values),  # no labels
        pd.concat([counts, counts.iloc[:1]]),  # a label twice
        counts.rename_axis("x").reset_index().assign(extra=1),  # wrong shape
        -counts,
    ]


RIGHT = [("events_per_category", f) for f in count_forms(CATEGORY, "category")] + [
    ("category_bar_chart", bar(CATEGORY.rename_axis("category").reset_index(name="events"))),
    (
        "category_bar_chart",
        bar(
            CATEGORY.rename_axis("category").reset_index(name="events"),
            x="category:N",
            y="events:Q",
            title=alt.TitleParams("Second term"),
        ),
    ),
    ("category_bar_chart", bar(SECOND[["category"]].astype(str), x="count():Q")),
    ("deal_events", DEALS),
    ("deal_events", DEALS.iloc[::-1]),
    ("deal_events", DEALS[["id"]]),
    ("deal_events", list(DEALS["id"])),
    ("deal_events", DEALS.set_index("id")),
    ("stick_share", STICK),
    ("stick_share", np.float64(STICK)),
    ("stick_share", (DEALS["instrument"] == "deal diplomacy (stick)").sum() / len(DEALS)),
    ("bri_members_by_subregion", MEMBERS),
    ("bri_members_by_subregion", MEMBERS.astype(float)),
    ("bri_members_by_subregion", MEMBERS.to_dict()),
    ("bri_share", BRI),
    ("latin_american_share", LATIN),
    ("core_counts", CORE),
    ("core_counts", CORE.rename_axis("core").reset_index()),
    ("south_instruments", SOUTH_COUNTS),
    ("south_instruments", SOUTH_COUNTS.to_dict()),
    ("instruments_by_era", TABLE),
    ("instruments_by_era", TABLE.iloc[::-1, ::-1]),  # rows and columns reordered
    ("instruments_by_era", TABLE.astype(float)),
    ("instruments_by_era", TABLE.replace(0, np.nan)),  # unstack leaves NaN for no events
    ("instruments_by_era", USED.groupby(["era", "instrument"]).size().unstack()),
]


def truncated(x: float) -> float:
    cut = int(x * 100) / 100
    assert cut != x, "a share that two decimals hold exactly tests no truncation"
    return cut


CATEGORY_TABLE = CATEGORY.rename_axis("category").reset_index(name="events")
WRONG_CATEGORY = counts_of(EVENTS, "category").rename_axis("category").reset_index(name="events")
WRONG = (
    [("events_per_category", w) for w in count_wrongs(CATEGORY)]
    + [("events_per_category", counts_of(EVENTS, "category"))]  # every era, not the second term
    + [
        ("category_bar_chart", bar(WRONG_CATEGORY)),  # the wrong data
        ("category_bar_chart", bar(CATEGORY_TABLE, title=None)),  # no title
        ("category_bar_chart", bar(CATEGORY_TABLE, title="  ")),  # an empty title
        (
            "category_bar_chart",
            alt.Chart(CATEGORY_TABLE)
            .mark_line()
            .encode(x="events", y="category")
            .properties(title="t"),
        ),
        ("category_bar_chart", bar(CATEGORY_TABLE, x="events:Q", y="events:N")),  # no category
        ("category_bar_chart", bar(CATEGORY_TABLE) + bar(CATEGORY_TABLE)),  # a layer, not a chart
        ("category_bar_chart", bar(EVENTS[["category"]].astype(str), x="count():Q")),
        ("category_bar_chart", bar(CATEGORY_TABLE).transform_filter("datum.events > 1")),
        ("category_bar_chart", bar(CATEGORY_TABLE.iloc[1:])),  # a bar missing
        ("deal_events", SECOND),
        ("deal_events", DEALS.iloc[1:]),
        ("deal_events", pd.concat([DEALS, DEALS.iloc[:1]])),  # an event twice
        ("deal_events", pd.concat([DEALS, SECOND[SECOND["instrument"] == "big stick"].iloc[:1]])),
        ("deal_events", DEALS.drop(columns="id")),
        ("deal_events", DEALS[DEALS["instrument"] == "deal diplomacy (stick)"]),
        ("stick_share", len(DEALS[DEALS["instrument"] == "deal diplomacy (stick)"])),  # a count
        ("stick_share", STICK * 100),
        ("stick_share", 1 - STICK),
        ("stick_share", str(STICK)),
        ("stick_share", [STICK]),
        ("bri_members_by_subregion", counts_of(CELAC, "subregion")),
        ("bri_share", truncated(BRI)),
        ("bri_share", float((COUNTRIES["bri_status"] == "member").mean())),
        ("bri_share", str(BRI)),
        ("latin_american_share", truncated(LATIN)),
        ("latin_american_share", 15 / 27),  # the alias counted
        (
            "latin_american_share",
            len(NEW[NEW["home_region"] == "Latin America and the Caribbean"]) / len(NEW),
        ),
        ("south_instruments", counts_of(SECOND, "instrument")),
        ("instruments_by_era", TABLE.T),  # the wrong way round
        ("instruments_by_era", TABLE.iloc[1:]),  # the wrong shape
        ("instruments_by_era", pd.crosstab(EVENTS["era"], EVENTS["instrument"])),  # with 'none'
        ("instruments_by_era", pd.crosstab(USED["era"], USED["instrument"], margins=True)),
        ("instruments_by_era", TABLE + 0.5),
        ("instruments_by_era", TABLE.astype(str)),
        ("instruments_by_era", TABLE.iloc[:, 0]),
    ]
    + [("core_counts", w) for w in count_wrongs(CORE)]
    + [("bri_members_by_subregion", w) for w in count_wrongs(MEMBERS)]
    + [("south_instruments", w) for w in count_wrongs(SOUTH_COUNTS)]
)


@pytest.mark.parametrize("name, value", RIGHT, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RIGHT)])
def test_right_answers_in_different_forms_pass(name, value):
    feedback = getattr(checks, name)(value)
    assert verdict(feedback) == "correct", feedback


@pytest.mark.parametrize("name, value", WRONG, ids=[f"{n}-{i}" for i, (n, _) in enumerate(WRONG)])
def test_wrong_answers_fail(name, value):
    feedback = getattr(checks, name)(value)
    assert verdict(feedback) == "incorrect", feedback


def test_hints_come_in_steps_and_never_state_the_answer():
    checking._attempts.clear()
    first = checks.stick_share(0.99)
    second = checks.stick_share(0.98)
    assert "**Nudge:**" in first.message and "**Method:**" not in first.message
    assert "**Nudge:**" in second.message and "**Method:**" in second.message
    assert checks.stick_share(STICK).passed
    assert "**Method:**" not in checks.stick_share(0.97).message, "a right answer resets the steps"
    for value in (f"{STICK:g}", f"{STICK:.2f}", f"{STICK:.3f}", f"{STICK * 100:.0f}"):
        assert value not in first.message + second.message


def test_feedback_never_states_an_expected_count():
    checking._attempts.clear()
    checks.deal_events(SECOND.iloc[:2])
    feedback = checks.deal_events(SECOND.iloc[:2])
    assert str(len(DEALS)) not in feedback.message


def test_no_public_function_returns_an_expected_value():
    """Everything public in the checks is a check (returns Feedback), `show`, or a type; their
    machinery (hemisphere.checking) offers the type alone."""

    def public(module) -> set[str]:
        return {
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and callable(value)
            and getattr(value, "__module__", "").startswith("hemisphere")
        }

    assert public(checks) == {f.__name__ for f in CHECKS} | {"show", "Feedback"}
    assert public(checking) == {"Feedback"}


def test_a_number_may_be_an_int_or_a_float_but_not_text():
    hints = checking._Hints(nudge="n", method="m")
    for value in (22, 22.0, np.int64(22), np.float64(22.0)):
        assert checking._number(value, 22.0, task="t", name="n", hints=hints).passed, value
    for value in ("22", 22.4, True, [22], None):
        assert not checking._number(value, 22.0, task="t", name="n", hints=hints).passed, value

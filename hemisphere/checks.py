"""Checks for the exercises: feedback a student can act on, never a bare traceback.

Each task has one check function. It computes the expected result from data/
(so the answer is never typed anywhere), compares the student's value and
returns a :class:`Feedback` that says what is right and what is wrong. A value
left as ``...`` (the placeholder in the student version) gets "not answered
yet", so the student notebook runs top to bottom before any answer is written.

Hints come in steps: the first wrong attempt at a task gets a nudge (what to
look at again); from the second on, the method too (which columns, which
operation). No hint gives the code or the value.

What the checks do not hand over: no public function returns or prints an
expected value, and the feedback never states one. The limit, said plainly: the
module is open source and runs in the student's own kernel, so a determined
student can read how a check computes its expectation (and could compute it
the same way, which is the task). The real protection of graded work is the
grading path (``hemisphere.grade`` executes each submission afresh) and the
student edition, which holds no solution (``hemisphere.release``).

The machinery every check shares (:class:`Feedback`, the hints in steps, comparing a number,
counts or a chart with the data) is in :mod:`hemisphere.checking`.
"""

from __future__ import annotations

import pandas as pd

from . import data as _data
from .checking import (
    NOT_YET,
    Feedback,
    _as_table,
    _chart,
    _counts,
    _Hints,
    _ids,
    _number,
    _right,
    _unanswered,
    _wrong,
)

# --- Chapter 1 ------------------------------------------------------------------------


def _second_term() -> pd.DataFrame:
    events = _data.load_events()
    return events[events["era"] == "Trump's second term"]


_CATEGORY_HINTS = _Hints(
    nudge="`second_term` already holds the right events; which column names the policy field?",
    method="count how often each value of `category` occurs (pandas has a method that counts "
    "the values of a column).",
)


def events_per_category(counts) -> Feedback:
    return _counts(
        counts,
        _second_term()["category"].astype(str).value_counts(),
        task="events_per_category",
        name="counts",
        hints=_CATEGORY_HINTS,
    )


def category_bar_chart(chart) -> Feedback:
    return _chart(
        chart,
        _second_term()["category"].astype(str).value_counts(),
        mark="bar",
        field="category",
        task="category_bar_chart",
        hints=_Hints(
            nudge="a bar chart of your `counts` from task 1, one bar per category, with a title.",
            method="turn the Series into a table with a column `category` and a column of counts "
            "(`rename_axis` and `reset_index`), then `alt.Chart(table).mark_bar()` with the counts "
            "on one axis and `category` on the other, and `.properties(title=...)`.",
        ),
    )


# --- Chapter 2 ------------------------------------------------------------------------

_DEALS = ("deal diplomacy (stick)", "deal diplomacy (carrot)")


def deal_events(deals) -> Feedback:
    task = "deal_events"
    hints = _Hints(
        nudge="which column codes how the administration acted? Both kinds of deal count, "
        "and only the second term's events.",
        method="keep the rows of `second_term` whose `instrument` is one of the two "
        "deal-diplomacy codes (a boolean mask, e.g. with `.isin` or `.str.startswith`).",
    )
    if _unanswered(deals):
        return Feedback("not answered", NOT_YET)
    got = _ids(deals)
    if isinstance(got, str):
        return _wrong(task, f"`deals` should be a DataFrame of events: {got}.", hints)
    events = _second_term()
    expected = set(events.loc[events["instrument"].isin(_DEALS), "id"])
    got = set(got)
    if got == expected:
        return _right(task, "All the deal-diplomacy events of the second term, and no others.")
    return _wrong(
        task,
        f"`deals` has {len(got & expected)} events that belong, {len(got - expected)} that "
        f"don't, and {'misses some' if expected - got else 'misses none'}.",
        hints,
    )


def stick_share(share) -> Feedback:
    events = _second_term()
    deals = events[events["instrument"].isin(_DEALS)]
    return _number(
        share,
        float((deals["instrument"] == _DEALS[0]).mean()),
        task="stick_share",
        name="share",
        hints=_Hints(
            nudge="a share of your `deals`: the part that used the stick, out of all of them.",
            method="divide the number of rows of `deals` coded 'deal diplomacy (stick)' by the "
            "number of rows of `deals` (the mean of a True/False column does both at once).",
        ),
    )


# --- Chapter 3 ------------------------------------------------------------------------


def _celac() -> pd.DataFrame:
    countries = _data.load_countries()
    return countries[countries["celac"]]


def bri_members_by_subregion(table) -> Feedback:
    celac = _celac()
    return _counts(
        table,
        celac[celac["bri_status"] == "member"]["subregion"].astype(str).value_counts(),
        task="bri_members_by_subregion",
        name="members",
        hints=_Hints(
            nudge="only CELAC states count, and only those that are members now (a state that "
            "left is not a member).",
            method="keep the rows where `celac` is true and `bri_status` is 'member', then count "
            "the values of `subregion`.",
        ),
    )


def bri_share(share) -> Feedback:
    celac = _celac()
    return _number(
        share,
        float((celac["bri_status"] == "member").mean()),
        task="bri_share",
        name="share",
        hints=_Hints(
            nudge="out of all CELAC states, not out of every row of `countries`.",
            method="members among the CELAC states divided by the number of CELAC states.",
        ),
    )


# --- Chapter 4 ------------------------------------------------------------------------


def latin_american_share(share) -> Feedback:
    counts = _data.teaching_counts()
    return _number(
        share,
        counts["designations_latin_america"] / counts["designations"],
        task="latin_american_share",
        name="share",
        hints=_Hints(
            nudge="count organisations, not rows, and leave out the entry that only adds a "
            "name to a group already designated.",
            method="keep the rows whose `entry_type` is 'new organisation'; sum `organisations` "
            "for those based in 'Latin America and the Caribbean' and divide by the sum for all.",
        ),
    )


def core_counts(counts) -> Feedback:
    countries = _data.load_countries()
    hemisphere = countries[countries["scope"] != "outside the hemisphere"]
    return _counts(
        counts,
        hemisphere["core_hemisphere"].astype(str).value_counts(),
        task="core_counts",
        name="counts",
        hints=_Hints(
            nudge="the hemisphere only: some rows of `countries` are outside it.",
            method="drop the rows whose `scope` is 'outside the hemisphere', then count the values "
            "of `core_hemisphere`.",
        ),
    )


# --- Chapter 5 ------------------------------------------------------------------------

SOUTH = "Southern South America"


def south_instruments(counts) -> Feedback:
    countries = _data.load_countries()
    south = set(countries.loc[countries["subregion"] == SOUTH, "iso3"])
    events = _second_term()
    involved = events[events["countries"].map(lambda codes: bool(set(codes) & south))]
    return _counts(
        counts,
        involved["instrument"].astype(str).value_counts(),
        task="south_instruments",
        name="counts",
        hints=_Hints(
            nudge="an event involves the south when any of its `countries` is a state of "
            "southern South America; events with several countries count once.",
            method="collect the codes (`iso3`) of the states whose `subregion` is 'Southern South "
            "America'; keep the second-term events whose list of `countries` shares a code with "
            "them; count the values of `instrument`.",
        ),
    )


# --- Capstone -------------------------------------------------------------------------


def instruments_by_era(table) -> Feedback:
    task = "instruments_by_era"
    hints = _Hints(
        nudge="one row per era, one column per instrument; events with no instrument "
        "('none') stay out, and so do totals.",
        method="drop the rows whose `instrument` is 'none', then cross-tabulate `era` against "
        "`instrument` (pandas has a function for a table of counts of two columns).",
    )
    if _unanswered(table):
        return Feedback("not answered", NOT_YET)
    if not isinstance(table, pd.DataFrame):
        return _wrong(
            task,
            f"`table` should be a DataFrame (one row per era, one column per instrument), "
            f"but it is a {type(table).__name__}.",
            hints,
        )
    events = _data.load_events()
    used = events[events["instrument"] != "none"]
    expected = pd.crosstab(used["era"].astype(str), used["instrument"].astype(str)).astype(float)
    got = _as_table(table)
    if isinstance(got, str):
        return _wrong(task, f"`table` should hold counts: {got}.", hints)
    if set(got.index) <= set(expected.columns) and set(got.columns) <= set(expected.index):
        return _wrong(task, "The table is the wrong way round: eras go in the rows.", hints)
    same = (
        set(got.index) == set(expected.index)
        and set(got.columns) == set(expected.columns)
        and got.loc[expected.index, expected.columns].equals(expected)
    )
    if same:
        return _right(task, "The table counts each era's events by instrument, leaving out 'none'.")
    return _wrong(task, "The table does not match the data.", hints)


def show(chart):
    """Display a chart once it exists; until then, say where it will appear."""
    from IPython.display import Markdown

    if _unanswered(chart):
        return Markdown("*Your chart will appear here once you have built it.*")
    return chart

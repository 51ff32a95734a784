"""Checks for the exercises: feedback a student can act on, never a bare traceback.

Each task has one check function. It computes the expected result from data/
(so the answer is never typed anywhere), compares the student's value and
returns a :class:`Feedback` that says what is right, what is wrong and gives a
hint. A value left as ``...`` (the placeholder in the student version) gets
"not answered yet", so the student notebook runs top to bottom before any
answer is written.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import data as _data


@dataclass
class Feedback:
    status: str  # "correct", "incorrect" or "not answered"
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def _repr_markdown_(self) -> str:
        mark = {"correct": "✅", "incorrect": "❌", "not answered": "✏️"}[self.status]
        return f"{mark} **{self.status.capitalize()}.** {self.message}"

    def __repr__(self) -> str:
        return f"{self.status}: {self.message}"


def _unanswered(value) -> bool:
    return value is ... or value is None


NOT_YET = "Not answered yet: replace the `...` with your answer and run the cell again."


def _number(value, expected: float, *, name: str, hint: str, tolerance: float = 1e-6) -> Feedback:
    if _unanswered(value):
        return Feedback("not answered", NOT_YET)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return Feedback(
            "incorrect", f"`{name}` should be a number, but it is a {type(value).__name__}. {hint}"
        )
    if abs(number - expected) <= tolerance:
        return Feedback("correct", f"`{name}` = {number:g}.")
    return Feedback("incorrect", f"`{name}` is {number:g}, which is not what the data give. {hint}")


def _counts(value, expected: pd.Series, *, name: str, hint: str) -> Feedback:
    if _unanswered(value):
        return Feedback("not answered", NOT_YET)
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if not isinstance(value, pd.Series):
        return Feedback(
            "incorrect",
            f"`{name}` should be a pandas Series (one count per label), "
            f"but it is a {type(value).__name__}. {hint}",
        )
    got = {str(k): int(v) for k, v in value.items() if v}
    want = {str(k): int(v) for k, v in expected.items() if v}
    if got == want:
        return Feedback(
            "correct", f"`{name}` has the right count for each of its {len(want)} labels."
        )
    missing = sorted(set(want) - set(got))
    wrong = sorted(k for k in set(got) & set(want) if got[k] != want[k])
    extra = sorted(set(got) - set(want))
    parts = []
    if missing:
        parts.append(f"missing: {', '.join(missing)}")
    if wrong:
        parts.append(f"wrong count for: {', '.join(wrong)}")
    if extra:
        parts.append(f"not expected: {', '.join(extra)}")
    return Feedback("incorrect", f"`{name}` does not match the data ({'; '.join(parts)}). {hint}")


def _chart(chart, *, mark: str, fields: set[str], name: str = "chart") -> Feedback:
    import altair as alt

    if _unanswered(chart):
        return Feedback("not answered", NOT_YET)
    if not isinstance(chart, alt.TopLevelMixin):
        return Feedback(
            "incorrect", f"`{name}` should be an altair chart, but it is a {type(chart).__name__}."
        )
    spec = chart.to_dict()
    got_mark = spec.get("mark", {})
    got_mark = got_mark.get("type") if isinstance(got_mark, dict) else got_mark
    if got_mark != mark:
        return Feedback(
            "incorrect", f"Use `mark_{mark}()` for this chart (yours uses {got_mark!r})."
        )
    encoded = {
        channel.get("field")
        for channel in spec.get("encoding", {}).values()
        if isinstance(channel, dict)
    }
    missing = fields - encoded
    if missing:
        return Feedback(
            "incorrect",
            f"Encode the column(s) {', '.join(sorted(missing))} (for example on x, y or color).",
        )
    if "title" not in spec:
        return Feedback("incorrect", "Give the chart a title: `.properties(title=...)`.")
    return Feedback("correct", "The chart uses the right mark and columns, and has a title.")


# --- Chapter 1 ------------------------------------------------------------------------


def _second_term() -> pd.DataFrame:
    events = _data.load_events()
    return events[events["era"] == "Trump's second term"]


def events_per_category(counts) -> Feedback:
    expected = _second_term()["category"].astype(str).value_counts()
    return _counts(
        counts,
        expected,
        name="counts",
        hint='Hint: keep the rows whose `era` is "Trump\'s second term", then count `category`.',
    )


def category_bar_chart(chart) -> Feedback:
    return _chart(chart, mark="bar", fields={"category"})


# --- Chapter 2 ------------------------------------------------------------------------


def _deals() -> pd.DataFrame:
    events = _second_term()
    return events[events["instrument"].astype(str).str.startswith("deal diplomacy")]


def deal_events(deals) -> Feedback:
    if _unanswered(deals):
        return Feedback("not answered", NOT_YET)
    if not isinstance(deals, pd.DataFrame) or "id" not in getattr(deals, "columns", []):
        return Feedback(
            "incorrect", "`deals` should be a DataFrame of events (with their `id` column)."
        )
    expected = set(_deals()["id"])
    got = set(deals["id"])
    if got == expected:
        return Feedback(
            "correct",
            f"All {len(expected)} deal-diplomacy events of the second term, and no others.",
        )
    return Feedback(
        "incorrect",
        f"`deals` has {len(got & expected)} of the {len(expected)} events and "
        f"{len(got - expected)} that don't belong. Hint: the instrument starts with "
        "'deal diplomacy' (stick or carrot); keep only Trump's second term.",
    )


def stick_share(share) -> Feedback:
    deals = _deals()
    expected = float((deals["instrument"] == "deal diplomacy (stick)").mean())
    return _number(
        share,
        expected,
        name="share",
        tolerance=0.005,
        hint="Hint: the share is the number of 'stick' events divided by all deal-diplomacy events "
        "(a number between 0 and 1).",
    )


# --- Chapter 3 ------------------------------------------------------------------------


def _celac() -> pd.DataFrame:
    countries = _data.load_countries()
    return countries[countries["celac"]]


def bri_members_by_subregion(table) -> Feedback:
    celac = _celac()
    expected = celac[celac["bri_status"] == "member"]["subregion"].astype(str).value_counts()
    return _counts(
        table,
        expected,
        name="members",
        hint="Hint: keep the CELAC states whose `bri_status` is 'member', then count `subregion`.",
    )


def bri_share(share) -> Feedback:
    celac = _celac()
    expected = float((celac["bri_status"] == "member").mean())
    return _number(
        share,
        expected,
        name="share",
        tolerance=0.005,
        hint="Hint: members divided by all CELAC states, a number between 0 and 1.",
    )


# --- Chapter 4 ------------------------------------------------------------------------


def latin_american_share(share) -> Feedback:
    counts = _data.teaching_counts()
    expected = counts["designations_latin_america"] / counts["designations"]
    return _number(
        share,
        expected,
        name="share",
        tolerance=0.005,
        hint="Hint: sum `organisations` for the new organisations based in Latin America and the "
        "Caribbean, and divide by the sum for all new organisations (leave out the alias).",
    )


def core_counts(counts) -> Feedback:
    countries = _data.load_countries()
    hemisphere = countries[countries["scope"] != "outside the hemisphere"]
    expected = hemisphere["core_hemisphere"].astype(str).value_counts()
    return _counts(
        counts,
        expected,
        name="counts",
        hint="Hint: leave out the rows 'outside the hemisphere', then count `core_hemisphere`.",
    )


# --- Chapter 5 ------------------------------------------------------------------------

SOUTH = "Southern South America"


def south_instruments(counts) -> Feedback:
    countries = _data.load_countries()
    south = set(countries.loc[countries["subregion"] == SOUTH, "iso3"])
    events = _second_term()
    involved = events[events["countries"].map(lambda codes: bool(set(codes) & south))]
    expected = involved["instrument"].astype(str).value_counts()
    return _counts(
        counts,
        expected,
        name="counts",
        hint="Hint: keep second-term events whose `countries` include a state of southern South "
        "America, then count `instrument`.",
    )


# --- Capstone -------------------------------------------------------------------------


def instruments_by_era(table) -> Feedback:
    if _unanswered(table):
        return Feedback("not answered", NOT_YET)
    if not isinstance(table, pd.DataFrame):
        return Feedback(
            "incorrect",
            "`table` should be a DataFrame: one row per era, one column per instrument.",
        )
    events = _data.load_events()
    used = events[events["instrument"] != "none"]
    expected = pd.crosstab(used["era"].astype(str), used["instrument"].astype(str))
    got = table.copy()
    got.index = got.index.astype(str)
    got.columns = got.columns.astype(str)
    got = got.loc[:, (got != 0).any()].loc[(got != 0).any(axis=1)]
    try:
        same = (
            got.sort_index()
            .sort_index(axis=1)
            .astype(int)
            .equals(expected.sort_index().sort_index(axis=1))
        )
    except (ValueError, TypeError):
        same = False
    if same:
        return Feedback(
            "correct", "The table counts each era's events by instrument, leaving out 'none'."
        )
    return Feedback(
        "incorrect",
        "The table does not match the data. Hint: leave out events whose instrument is "
        "'none', then `pd.crosstab(era, instrument)`.",
    )


def show(chart):
    """Display a chart once it exists; until then, say where it will appear."""
    from IPython.display import Markdown

    if _unanswered(chart):
        return Markdown("*Your chart will appear here once you have built it.*")
    return chart

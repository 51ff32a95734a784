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
"""

from __future__ import annotations

import math
import numbers
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

# Wrong attempts per task in this kernel: the first gets a nudge, later ones the method too.
_attempts: dict[str, int] = {}


@dataclass(frozen=True)
class _Hints:
    nudge: str  # what to look at again
    method: str  # how to compute it, without the code or the value


def _wrong(task: str, message: str, hints: _Hints) -> Feedback:
    _attempts[task] = _attempts.get(task, 0) + 1
    text = f"{message} **Nudge:** {hints.nudge}"
    if _attempts[task] > 1:
        text += f" **Method:** {hints.method}"
    else:
        text += " (Run the check again after a change; a second try also shows the method.)"
    return Feedback("incorrect", text)


def _right(task: str, message: str) -> Feedback:
    _attempts.pop(task, None)
    return Feedback("correct", message)


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _number(value, expected: float, *, task: str, name: str, hints: _Hints) -> Feedback:
    """A share computed from the data: exact up to floating point, never typed or rounded."""
    if _unanswered(value):
        return Feedback("not answered", NOT_YET)
    if not _is_number(value):
        return _wrong(
            task, f"`{name}` should be a number, but it is a {type(value).__name__}.", hints
        )
    number = float(value)
    if math.isclose(number, expected, rel_tol=1e-9, abs_tol=1e-12):
        return _right(task, f"`{name}` is right.")
    if math.isclose(number, expected * 100, rel_tol=1e-9):
        return _wrong(
            task, f"`{name}` looks like a percentage; give a share between 0 and 1.", hints
        )
    if abs(number - expected) < 0.01:
        return _wrong(
            task,
            f"`{name}` is close but not exact: compute it from the data rather than typing or "
            "rounding it.",
            hints,
        )
    return _wrong(task, f"`{name}` is not what the data give.", hints)


def _as_counts(value) -> dict[str, float] | str:
    """Label → count from a Series, a dict, or a table of labels and counts; or why not."""
    if isinstance(value, dict):
        value = pd.Series(value, dtype=object)
    elif isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            value = value.iloc[:, 0]
        elif value.shape[1] == 2:
            numeric = [c for c in value.columns if pd.api.types.is_numeric_dtype(value[c])]
            if len(numeric) != 1:
                return "a table of two columns needs one column of labels and one of counts"
            label = next(c for c in value.columns if c != numeric[0])
            value = value.set_index(label)[numeric[0]]
        else:
            return f"a table of {value.shape[1]} columns is not one count per label"
    if not isinstance(value, pd.Series):
        return f"it is a {type(value).__name__}, not a Series with one count per label"
    if value.index.has_duplicates:
        return "some labels appear more than once"
    counts = {}
    for label, count in value.items():
        if not _is_number(count) or not float(count).is_integer() or count < 0:
            return f"the value for {label!r} is not a count (a whole number)"
        counts[str(label)] = float(count)
    return counts


def _counts(value, expected: pd.Series, *, task: str, name: str, hints: _Hints) -> Feedback:
    if _unanswered(value):
        return Feedback("not answered", NOT_YET)
    got = _as_counts(value)
    if isinstance(got, str):
        return _wrong(
            task, f"`{name}` should be a pandas Series of counts, one per label: {got}.", hints
        )
    got = {k: v for k, v in got.items() if v}
    want = {str(k): float(v) for k, v in expected.items() if v}
    if got == want:
        return _right(task, f"`{name}` has the right count for each of its labels.")
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
    return _wrong(task, f"`{name}` does not match the data ({'; '.join(parts)}).", hints)


def _chart_counts(chart, field: str) -> dict[str, float] | str:
    """What a bar chart shows per value of ``field``, read from its data and encoding."""
    spec = chart.to_dict()
    if spec.get("transform"):
        return (
            "it filters or computes inside altair (a transform); compute the counts in pandas "
            "and chart that table"
        )
    table = chart.data
    if not isinstance(table, pd.DataFrame):
        return "its data is not a pandas DataFrame"
    channels = [c for c in spec.get("encoding", {}).values() if isinstance(c, dict)]
    measures = [c for c in channels if c.get("field") != field and c.get("type") == "quantitative"]
    if len(measures) != 1:
        return "it needs one quantitative channel for the bar lengths"
    measure = measures[0]
    if field not in table.columns:
        return f"its data has no column `{field}`"
    aggregate = measure.get("aggregate")
    if aggregate == "count":
        counts = table[field].astype(str).value_counts()
    elif aggregate in (None, "sum") and measure.get("field") in table.columns:
        lengths = table[measure["field"]]
        if not pd.api.types.is_numeric_dtype(lengths):
            return f"its column `{measure['field']}` is not numeric"
        counts = lengths.groupby(table[field].astype(str)).sum()
    else:
        return "the check reads bar lengths given as a column of counts or as `count()`"
    return {str(k): float(v) for k, v in counts.items() if v}


def _title(spec: dict) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title).strip()


def _chart(
    chart, expected: pd.Series, *, mark: str, field: str, task: str, hints: _Hints
) -> Feedback:
    import altair as alt

    if _unanswered(chart):
        return Feedback("not answered", NOT_YET)
    if not isinstance(chart, alt.Chart):
        return _wrong(
            task,
            f"`chart` should be one altair chart (`alt.Chart(...)`), but it is a "
            f"{type(chart).__name__}.",
            hints,
        )
    try:
        spec = chart.to_dict()
    except Exception as err:  # altair's schema errors are long; the first line says enough
        reason = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        return _wrong(task, f"The chart is not complete yet ({reason}).", hints)
    got_mark = spec.get("mark", {})
    got_mark = got_mark.get("type") if isinstance(got_mark, dict) else got_mark
    if got_mark != mark:
        return _wrong(task, f"Use `mark_{mark}()` for this chart (yours uses {got_mark!r}).", hints)
    encoded = {c.get("field") for c in spec.get("encoding", {}).values() if isinstance(c, dict)}
    if field not in encoded:
        return _wrong(task, f"Encode the column `{field}` (on x or y).", hints)
    shown = _chart_counts(chart, field)
    if isinstance(shown, str):
        return _wrong(task, f"The check cannot read the chart's bars: {shown}.", hints)
    want = {str(k): float(v) for k, v in expected.items() if v}
    if shown != want:
        return _wrong(task, "The bars do not show the counts of the task's events.", hints)
    if not _title(spec):
        return _wrong(task, "Give the chart a title: `.properties(title=...)`.", hints)
    return _right(task, "The chart shows the right counts with the right mark, and has a title.")


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


def _ids(value) -> list[str] | str:
    """Event ids from a table of events, a Series or a list of ids; or why not."""
    if isinstance(value, pd.DataFrame):
        if "id" in value.columns:
            ids = value["id"]
        elif value.index.name == "id":
            ids = value.index.to_series()
        else:
            return "a table of events needs their `id` column"
    elif isinstance(value, (pd.Series, pd.Index, list, tuple, set)):
        ids = pd.Series(list(value), dtype=object)
    else:
        return f"it is a {type(value).__name__}, not a table of events"
    if not all(isinstance(i, str) for i in ids):
        return "its ids are not event ids"
    ids = list(ids)
    if len(ids) != len(set(ids)):
        return "some events appear more than once"
    return ids


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


def _as_table(table) -> pd.DataFrame | str:
    try:
        table = table.fillna(0)  # a combination no event has may be missing (NaN) or 0
        if not all(pd.api.types.is_numeric_dtype(t) for t in table.dtypes):
            return "its cells are not all counts"
        if not (table.map(lambda v: float(v).is_integer() and v >= 0)).all().all():
            return "its cells are not all whole numbers"
    except (TypeError, ValueError):
        return "its cells are not all counts"
    table = table.copy()
    table.index = table.index.astype(str)
    table.columns = table.columns.astype(str)
    if table.index.has_duplicates or table.columns.has_duplicates:
        return "an era or an instrument appears more than once"
    return table.loc[(table != 0).any(axis=1), (table != 0).any()].astype(float)


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

"""The machinery behind :mod:`hemisphere.checks`: what a check returns and how it judges.

- :class:`Feedback`, the verdict a check returns ("correct", "incorrect", "not answered") and
  how a notebook shows it;
- hints in steps: the first wrong attempt at a task gets a nudge, later ones the method too
  (counted per task in this kernel; a right answer starts the count again);
- the comparisons of a student's value with what the data give: a number (a share), counts
  per label, a bar chart, a set of event ids, a table of counts; each says what is wrong
  in words a student can act on, and none states the expected value.

The checks themselves, one per task, are in :mod:`hemisphere.checks`; like them, nothing here
returns or prints an expected value.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import pandas as pd


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


def _as_table(table) -> pd.DataFrame | str:
    """A table of counts (rows and columns of zeros dropped, labels as text); or why not."""
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

"""Glue helpers: the facts a chapter states, looked up in data/ and glued for its prose.

A chapter glues each number or date it mentions, computed from data/, and its text refers
to the glued name, so prose and data cannot disagree. The lookups chapters and exercises
repeat live here too (an event's date, a figure as prose prints it, the events of an era,
rows picked by id), so a chapter holds narrative and one call per figure. The build
helpers (flags, the table of contents, reading chapters' Markdown) live in
:mod:`hemisphere.book`.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from .data import load_events, load_indicators, row_by_id

#: The era most chapters and exercises look at (a value of events.csv's ``era`` column).
SECOND_TERM = "Trump's second term"

#: The columns a claims chart's table shows under it (chapter 1, twice).
CLAIM_COLUMNS = [
    "indicator",
    "low",
    "high",
    "value",
    "unit",
    "period_start",
    "period_end",
    "claimant",
    "claim_kind",
]


class LiveText(str):
    """A glued value as a live notebook shows it: its text, without the quotes of a str's repr.

    jupyterlab-myst shows ``{eval}`name``` as the text/plain form of ``name``; this keeps it
    plain text (never Markdown or HTML), so nothing in a data file becomes markup there either."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str.__str__(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str.__str__(self))


def glue_facts(**facts) -> GluedFacts:
    """Glue each value under its name for the page's prose (``{eval}`name```), and define the
    name in the notebook, so the same role reads it in the book and in a live notebook.

    The book resolves ``{eval}`name``` from the glued value (:mod:`hemisphere.liveglue`, so the
    build keeps its cache and parallel execution); JupyterLab with jupyterlab-myst evaluates
    the name in the kernel once this cell has run. Glued values are parsed as MyST Markdown,
    which passes raw HTML through and runs roles and directives: a value from data/ is glued
    escaped, so the page shows its characters and nothing in a data file can become markup
    (see :mod:`hemisphere.safetext`). A name that is already a variable of the notebook (a
    table, say) is an error rather than overwritten. Returns the values as plain text."""
    from .safetext import markdown_text

    texts = {name: str(value) for name, value in facts.items()}
    shell = _ipython()
    if shell is not None:
        taken = {
            name: type(shell.user_ns[name]).__name__
            for name in texts
            if name in shell.user_ns and not isinstance(shell.user_ns[name], LiveText)
        }
        if taken:
            raise ValueError(
                f"glue_facts: {taken} already name variables of this notebook; "
                "glue these facts under other names"
            )
    for name, text in texts.items():
        _glue(name, Markdown(markdown_text(text)))
    if shell is not None:
        shell.push({name: LiveText(text) for name, text in texts.items()})
    return GluedFacts(texts)


class GluedFacts(dict):
    """The glued values by name. A live notebook's glue cell ends with the call, and the values
    are already in the prose above it, so the cell shows nothing rather than the dictionary."""

    def _ipython_display_(self) -> None:
        pass


#: The MIME prefix under which myst-nb looks for a value glued without displaying it.
GLUE_PREFIX = "application/papermill.record/"


def _glue(name: str, value) -> None:
    """Glue a value the way myst-nb's ``glue(..., display=False)`` does: a display output whose
    MIME types carry myst-nb's prefix, named in the output's ``scrapbook`` metadata. Written out
    here so the package needs myst-nb only to build the book, not in a student's kernel."""
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": name, "mime_prefix": GLUE_PREFIX}
    display(
        {GLUE_PREFIX + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata
    )


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the package's dependencies
        return None
    return get_ipython()


def events_of_era(events: pd.DataFrame, era: str) -> pd.DataFrame:
    """The events of one era, in the frame's order; an era the data do not know is an error
    that lists the eras there are (a typo would otherwise give an empty chart)."""
    eras = list(events["era"].cat.categories) if hasattr(events["era"], "cat") else []
    eras = eras or sorted(set(events["era"].astype(str)))
    if era not in eras:
        raise ValueError(f"no era {era!r} in data/events.csv; its eras are {eras}")
    return events[events["era"] == era]


def _pick(frame: pd.DataFrame, ids, what: str, table: str) -> pd.DataFrame:
    ids, known = list(ids), set(frame["id"])
    missing = [row_id for row_id in ids if row_id not in known]
    if missing:
        raise KeyError(f"no {what} with id(s) {missing} in data/{table}.csv")
    return frame[frame["id"].isin(ids)]


def pick_events(events: pd.DataFrame, ids) -> pd.DataFrame:
    """The events with these ids, in the frame's (date) order; every id must be there."""
    return _pick(events, ids, "event", "events")


def pick_indicators(indicators: pd.DataFrame, ids) -> pd.DataFrame:
    """The figures with these ids, in the frame's order; every id must be there."""
    return _pick(indicators, ids, "indicator", "indicators")


def day(event_id: str) -> str:
    """An event's date as the prose prints it (at the precision its source gives)."""
    return event(load_events(), event_id)["date_label"]


def year(event_id: str) -> int:
    """The year of an event."""
    return int(event(load_events(), event_id)["date"].year)


def figure(indicator_id: str, field: str = "value") -> str:
    """A figure from data/indicators.csv as the prose prints it (``field``: value, low or high)."""
    value = indicator(load_indicators(), indicator_id)[field]
    if pd.isna(value):
        raise ValueError(f"indicator {indicator_id!r} in data/indicators.csv has no {field}")
    return format_number(value)


def event(events: pd.DataFrame, event_id: str) -> pd.Series:
    """One event by its id, with a clear error naming the id when it is not in the data."""
    return row_by_id(events, event_id, "event", "events")


def indicator(indicators: pd.DataFrame, indicator_id: str) -> pd.Series:
    """One figure by its id, with a clear error naming the id when it is not in the data."""
    return row_by_id(indicators, indicator_id, "indicator", "indicators")


def format_number(value: float) -> str:
    """A figure as prose prints it: thousands separated, no trailing '.0'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


#: Country names that take "the" in a sentence.
NAMES_WITH_ARTICLE = ("United States", "Dominican Republic", "Bahamas")


def country_names(countries: pd.DataFrame, codes) -> str:
    """ISO codes as an English list in the given order: 'Panama, Chile and the Bahamas'."""
    names = countries.set_index("iso3")["name_en"]
    unknown = [code for code in codes if code not in names.index]
    if unknown:
        raise KeyError(f"country code(s) {unknown} not in data/countries.csv")
    words = [
        f"the {names[code]}" if names[code] in NAMES_WITH_ARTICLE else names[code] for code in codes
    ]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"

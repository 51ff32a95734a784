"""Glue helpers: the facts a chapter states, looked up in data/ and glued for its prose.

A chapter glues each number or date it mentions, computed from data/, and its text refers
to the glued name, so prose and data cannot disagree. The build helpers (flags, the table
of contents, reading chapters' Markdown) live in :mod:`hemisphere.book`.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from .data import row_by_id


def glue_facts(**facts) -> dict[str, str]:
    """Glue each value under its name for the page's prose (``{glue:md}`name```).

    ``{glue:md}`` parses its value as MyST Markdown, which passes raw HTML through and runs
    roles and directives: a value from data/ is glued escaped, so the page shows its
    characters and nothing in a data file can become markup (see :mod:`hemisphere.safetext`).
    Returns the values as plain text."""
    from myst_nb import glue

    from .safetext import markdown_text

    texts = {name: str(value) for name, value in facts.items()}
    for name, text in texts.items():
        glue(name, Markdown(markdown_text(text)), display=False)
    return texts


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

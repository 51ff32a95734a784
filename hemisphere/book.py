"""Helpers that notebooks use to put facts from data/ into their prose.

A chapter glues each number or date it mentions, computed from data/, and its
text refers to the glued name (``{glue:md}`name```), so prose and data cannot
disagree.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown


def glue_facts(**facts) -> dict[str, str]:
    """Glue each value, as Markdown text, under its name for the page's prose."""
    from myst_nb import glue

    texts = {name: str(value) for name, value in facts.items()}
    for name, text in texts.items():
        glue(name, Markdown(text), display=False)
    return texts


def event(events: pd.DataFrame, event_id: str) -> pd.Series:
    """One event by its id, with a clear error naming the id when it is not in the data."""
    match = events[events["id"] == event_id]
    if match.empty:
        raise KeyError(f"no event with id {event_id!r} in data/events.csv")
    return match.iloc[0]


def indicator(indicators: pd.DataFrame, indicator_id: str) -> pd.Series:
    """One figure by its id, with a clear error naming the id when it is not in the data."""
    match = indicators[indicators["id"] == indicator_id]
    if match.empty:
        raise KeyError(f"no indicator with id {indicator_id!r} in data/indicators.csv")
    return match.iloc[0]


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
    words = [f"the {names[code]}" if names[code] in NAMES_WITH_ARTICLE else names[code]
             for code in codes]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


#: The flags of every build: Sphinx warnings are errors, every reference must
#: resolve, and all problems are reported at once. The Makefile's JB_ARGS match.
STRICT_BUILD_FLAGS = ("-W", "-n", "--keep-going")


def build_command(root, path_output=None) -> list[str]:
    """The `jupyter-book build` command line for the book at ``root``, from this environment."""
    import sys
    from pathlib import Path

    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
               *STRICT_BUILD_FLAGS]
    if path_output is not None:
        command += ["--path-output", str(path_output)]
    return command


def toc_docnames(toc_path) -> list[str]:
    """Every page of the book, in order, as Sphinx docnames (paths without suffix)."""
    from pathlib import Path

    import yaml

    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", [{"chapters": toc.get("chapters")}]):
        walk(part.get("chapters"))
    return [name.rsplit(".", 1)[0] if name.endswith((".md", ".ipynb")) else name for name in names]

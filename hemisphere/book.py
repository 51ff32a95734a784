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

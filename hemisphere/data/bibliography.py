"""The bibliography, data/references.bib: its keys, a short label and a URL for each source."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pybtex.database import parse_string as parse_bibtex

from .. import paths
from .errors import DataError
from .errors import read_text as _read_text


@cache
def _reference_keys(directory: Path) -> frozenset[str]:
    path = directory / "references.bib"
    text = _read_text(path)
    try:
        return frozenset(parse_bibtex(text, "bibtex").entries.keys())
    except Exception as err:  # pybtex raises several unrelated types
        raise DataError(path, f"cannot be parsed as BibTeX: {err}") from None


def reference_keys() -> frozenset[str]:
    """Every citation key in data/references.bib."""
    return _reference_keys(paths.data_dir())


#: How much of a title a source label keeps.
TITLE_CHARS = 60


@cache
def _references(directory: Path) -> dict[str, dict[str, str]]:
    _reference_keys(directory)  # reports an unreadable file in our words first
    _check_reference_urls(directory)  # a link is built from every url: only http(s)
    entries = parse_bibtex(_read_text(directory / "references.bib"), "bibtex").entries
    references = {}
    for key, entry in entries.items():
        people = [
            " ".join(person.last_names or person.first_names).strip("{}")
            for person in entry.persons.get("author", [])
        ]
        names = (
            people[0]
            if len(people) == 1
            else f"{people[0]} and {people[1]}"
            if len(people) == 2
            else f"{people[0]} et al."
        )
        title = entry.fields.get("title", "")
        for latex, plain in (("{", ""), ("}", ""), ("``", "“"), ("''", "”"), ("\\", "")):
            title = title.replace(latex, plain)
        # A Japanese title carries its English translation in [brackets]: show that.
        translated = re.search(r"\[([^\]]+)\]", title)
        if translated and not title.isascii():
            title = translated.group(1)
        short = title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
        references[key] = {
            "label": f"{names} {entry.fields.get('year', 'n.d.')}, {short}",
            "url": entry.fields.get("url", ""),
        }
    return references


def reference_label(key: str) -> str:
    """'Author year, first words of the title': a source as tooltips name it."""
    return _references(paths.data_dir())[key]["label"]


def reference_url(key: str) -> str:
    """The source's URL, or '' when the entry has none (a book, a printed article)."""
    return _references(paths.data_dir())[key]["url"]


# --- Links built from data accept only http(s) addresses ---------------------------------

#: Fields of a .bib entry that become links in the book.
BIB_URL_FIELDS = ("url",)


def check_reference_urls() -> None:
    """Every url in data/references.bib is an http:// or https:// address (else DataError)."""
    _check_reference_urls(paths.data_dir())


@cache
def _check_reference_urls(directory: Path) -> None:
    from ..safetext import is_http_url

    path = directory / "references.bib"
    _reference_keys(directory)
    text = _read_text(path)
    for key, entry in parse_bibtex(text, "bibtex").entries.items():
        for name in BIB_URL_FIELDS:
            url = entry.fields.get(name)
            if url is not None and not is_http_url(url):
                raise DataError(
                    path,
                    f"{url!r} is not an http:// or https:// address; a link must be one",
                    line=_bib_entry_line(text, key),
                    row_id=key,
                    column=name,
                )


def _bib_entry_line(text: str, key: str) -> int | None:
    match = re.search(r"@\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text)
    return text.count("\n", 0, match.start()) + 1 if match else None

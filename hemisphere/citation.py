"""How to cite the module, read from CITATION.cff (so the book and the file cannot disagree).

:func:`load` reads the file and checks the few fields the book shows; :func:`module_citation`,
:func:`reference_citation` and :func:`module_bibtex` turn it into plain text, which the
``{how-to-cite}`` directive (:mod:`hemisphere.findability`) puts into the page as text nodes,
so nothing in the file can become markup.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

FILE_NAME = "CITATION.cff"
MONTHS = (
    "January February March April May June July August September October November December"
).split()


class CitationError(ValueError):
    """CITATION.cff is missing or lacks a field the book shows (the message names both)."""


def load(root: Path) -> dict:
    path = Path(root) / FILE_NAME
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CitationError(
            f"{path}: the file is missing (the book's 'How to cite' reads it)"
        ) from None
    except yaml.YAMLError as err:
        raise CitationError(f"{path}: not valid YAML ({err})") from None
    if not isinstance(cff, dict):
        raise CitationError(f"{path}: expected a mapping of CFF fields")
    for field in ("cff-version", "message", "title", "authors"):
        if not cff.get(field):
            raise CitationError(f"{path}: the field {field!r} is missing or empty")
    for number, reference in enumerate(cff.get("references") or [], start=1):
        for field in ("type", "title", "authors"):
            if not reference.get(field):
                raise CitationError(f"{path}: references[{number}]: {field!r} is missing or empty")
    return cff


def person(entry: dict) -> str:
    """An author as a reader writes the name: an entity's name, or family and given names
    (family first for a name written in Japanese or Chinese script, as it is written there),
    with the alias (the name in Latin script) after it."""
    if entry.get("name"):
        return str(entry["name"])
    family = str(entry.get("family-names", "")).strip()
    given = str(entry.get("given-names", "")).strip()
    particle = str(entry.get("name-particle", "")).strip()
    if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", family + given):
        name = f"{family}{given}"
    else:
        name = " ".join(part for part in (given, particle, family) if part)
    alias = str(entry.get("alias", "")).strip()
    return f"{name} ({alias})" if alias else name


def authors(entries: list) -> str:
    names = [person(entry) for entry in entries]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _date(entry: dict) -> str:
    released = str(entry.get("date-released") or entry.get("date-published") or "")
    if released:
        return released
    year, month = entry.get("year"), entry.get("month")
    if year and month:
        return f"{MONTHS[int(month) - 1]} {year}"
    return str(year or "")


def _sentence(parts: list[str]) -> str:
    return " ".join(part.rstrip(".") + "." for part in parts if part)


def module_citation(cff: dict, url: str = "") -> str:
    """The module as one line: authors, title, version, date, address."""
    title = str(cff["title"])
    if cff.get("version"):
        title += f" (version {cff['version']})"
    date = _date(cff)
    address = str(cff.get("url") or cff.get("repository-code") or url or "")
    return _sentence([authors(cff["authors"]), title, date, address])


def reference_citation(reference: dict) -> str:
    """One of the file's references as one line: authors, date, title, language, notes."""
    languages = {"ja": "In Japanese", "en": ""}
    language = " ".join(
        languages.get(code, f"Language: {code}") for code in reference.get("languages", [])
    )
    date = _date(reference)
    head = authors(reference["authors"]) + (f" ({date})" if date else "")
    return _sentence(
        [head, str(reference["title"]), language, str(reference.get("notes", "")).strip()]
    )


_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}
_BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_^~]")


def _bibtex_text(text) -> str:
    """Text with BibTeX's and LaTeX's special characters escaped."""
    return _BIBTEX_SPECIAL.sub(
        lambda match: _BIBTEX_ESCAPES.get(match.group(0), "\\" + match.group(0)), str(text)
    )


def module_bibtex(cff: dict, url: str = "") -> str:
    """A BibTeX entry for the module (``@software``, as biblatex names it). Each author is
    braced whole, so BibTeX does not split a team's name into given and family names."""
    fields = {
        "author": " and ".join("{" + _bibtex_text(person(entry)) + "}" for entry in cff["authors"]),
        "title": _bibtex_text(cff["title"]),
    }
    if cff.get("version"):
        fields["version"] = _bibtex_text(cff["version"])
    date = str(cff.get("date-released") or "")
    if date:
        fields["year"] = date[:4]
    address = str(cff.get("url") or cff.get("repository-code") or url or "")
    if address:
        # biblatex reads a url verbatim: only braces need keeping out.
        fields["url"] = address.replace("{", "%7B").replace("}", "%7D")
    key = re.sub(r"[^a-z0-9]+", "-", str(cff["title"]).lower()).strip("-") or "module"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@software{{{key},\n{body}\n}}"

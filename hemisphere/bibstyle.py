"""The bibliography's pybtex style: every entry shows what a student needs to find the work.

pybtex's ``plain`` style, which sphinxcontrib-bibtex used before, puts titles in sentence case
(so "Trump" and "US" lose their capitals), shows no publisher, organization or institution for
``@online`` and ``@misc`` entries, and leaves out the day of a dated release. This style keeps
``plain``'s order of entries and its labels (the in-text author-year labels come from
sphinxcontrib-bibtex's reference style and are not touched) and changes what an entry shows:

- titles exactly as the .bib gives them (Japanese ones included);
- the author or issuing body, the title, the container (journal, book or volume, site,
  organization, institution, publisher), the date (day and month where the .bib has them), the
  note, and the URL or DOI as a link, for every entry type the .bib uses, ``@report`` included;
  a container whose text the author or an earlier container already shows is not repeated;
- two LaTeX spellings that pybtex leaves raw are turned into text: ``\\$`` and single quotes
  written `like this'.

:func:`setup` registers the style as the pybtex plugin ``hemisphere`` (the way
sphinxcontrib-bibtex documents for custom styles); ``_config.yml`` selects it with
``bibtex_default_style``. It also makes an incremental build read the bibliography page again
when the style changes (see :func:`_reread_bibliographies`).
"""

from __future__ import annotations

import calendar
import hashlib
import re
from pathlib import Path

from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.plugin import register_plugin
from pybtex.richtext import Tag, Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import dashify
from pybtex.style.template import (
    FieldIsMissing,
    field,
    first_of,
    join,
    node,
    optional,
    sentence,
    tag,
    words,
)

#: The name ``bibtex_default_style`` uses.
STYLE_NAME = "hemisphere"

# `a phrase' (LaTeX single quotes): an opening backquote that is not part of ``, up to the
# first ' that is not an apostrophe inside a word (President's) and not part of ''.
_SINGLE_QUOTED = re.compile(r"(?<!`)`(?!`)(.+?)'(?![\w'])")


def tidy_latex(value: str) -> str:
    """The LaTeX source of a field, with what pybtex's decoder leaves raw made plain."""
    value = value.replace(r"\$", "$")
    return _SINGLE_QUOTED.sub("\u2018\\1\u2019", value)


# One plain-text backend for the whole build: Text.render_as("text") looks the backend up
# among the installed entry points on every call (20 ms each, 30 s a build with this .bib).
_PLAIN = PlaintextBackend()


def _plain(value: Text) -> str:
    return value.render(_PLAIN)


def _rich(value: str) -> Text:
    return Text.from_latex(tidy_latex(value))


def text(name: str):
    """A field as rich text, exactly as the .bib spells it (no change of case)."""
    return field(name, raw=True, apply_func=_rich)


def optional_text(name: str):
    return optional[text(name)]


def _shown_in(value: str, shown: list[str]) -> bool:
    pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
    return any(pattern.search(text) for text in shown)


@node
def containers(children, context, names, emphasise=()):
    """Where the work appeared and who issued it: the fields ``names`` that the entry has, in
    that order, joined with commas. A field whose text the author or an earlier field already
    shows is left out: "Reuters. Title. 4 March 2025", not "Reuters. Title. Reuters, 4 March
    2025" (the APA rule for a work whose author is its publisher)."""
    if children:
        raise ValueError(children)
    try:
        author = context["style"].format_names("author", as_sentence=False).format_data(context)
        shown = [_plain(author)]
    except FieldIsMissing:
        shown = []
    parts = []
    for name in names:
        try:
            value = text(name).format_data(context)
        except FieldIsMissing:
            continue
        plain = _plain(value)
        if not plain.strip() or _shown_in(plain, shown):
            continue
        shown.append(plain)
        parts.append(Tag("em", value) if name in emphasise else value)
    return Text(", ").join(parts)


def _pages(value: str) -> Text:
    label = "pp." if re.search(r"[-,–]", value) else "p."
    return words[label, dashify(_rich(value))].format()


@node
def date(children, context):
    """Day month year, from the fields year, month and day, or else a biblatex ``date``
    (YYYY, YYYY-MM or YYYY-MM-DD). Raises FieldIsMissing when there is no year."""
    if children:
        raise ValueError(children)
    entry = context["entry"]
    fields = entry.fields
    if "year" in fields:
        parts = [fields.get("day", ""), fields.get("month", ""), fields["year"]]
    elif "date" in fields:
        year, _, rest = fields["date"].strip().partition("-")
        month, _, day = rest.partition("-")
        month_name = calendar.month_name[int(month)] if month.isdigit() else month
        parts = [day.lstrip("0"), month_name, year]
    else:
        raise FieldIsMissing("year", entry)
    return Text(" ".join(_plain(_rich(p)) for p in parts if p.strip()))


class Style(PlainStyle):
    """``plain``'s sorting and labels; titles as given; containers, dates and notes shown."""

    # Titles: as given; the title of a whole work (book, journal) in italics, as plain does.
    def format_title(self, e, which_field, as_sentence=True):
        title = text(which_field)
        return sentence[title] if as_sentence else title

    def format_btitle(self, e, which_field, as_sentence=True):
        title = tag("em")[text(which_field)]
        return sentence[title] if as_sentence else title

    def format_note(self, e):
        return sentence[optional_text("note")]

    def format_containers(self, e):
        """Where the work appeared and who issued it, in that order."""
        return containers(
            names=(
                "howpublished",
                "booktitle",
                "journal",
                "journaltitle",
                "organization",
                "institution",
                "publisher",
                "address",
            ),
            emphasise=("booktitle", "journal", "journaltitle"),
        )

    def get_article_template(self, e):
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[
                tag("em")[first_of[optional_text("journal"), text("journaltitle")]],
                optional[words["vol.", text("volume")]],
                optional[words["no.", text("number")]],
                optional[field("pages", raw=True, apply_func=_pages)],
                date,
            ],
            self.format_note(e),
            self.format_web_refs(e),
        ]

    def _published_by(self, e):
        """The tail a book and a chapter in a book share: publisher, edition and date; ISBN;
        note; link."""
        return (
            sentence[
                containers(names=("publisher", "address")),
                self.format_edition(e),
                date,
            ],
            optional[sentence[self.format_isbn(e)]],
            self.format_note(e),
            self.format_web_refs(e),
        )

    def get_book_template(self, e):
        return toplevel[
            self.format_author_or_editor(e),
            self.format_btitle(e, "title"),
            self.format_volume_and_series(e),
            *self._published_by(e),
        ]

    def get_incollection_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            words[
                "In",
                sentence[
                    optional[self.format_editor(e, as_sentence=False)],
                    self.format_btitle(e, "booktitle", as_sentence=False),
                    self.format_volume_and_series(e, as_sentence=False),
                    self.format_chapter_and_pages(e),
                ],
            ],
            *self._published_by(e),
        ]

    def get_misc_template(self, e):
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[self.format_containers(e), optional[date]],
            self.format_note(e),
            self.format_web_refs(e),
        ]

    get_online_template = get_misc_template  # @online entries show as @misc ones do

    def _report_template(self, e, default_type: str):
        return toplevel[
            optional[sentence[self.format_names("author")]],
            self.format_title(e, "title"),
            sentence[
                optional[
                    words[first_of[optional_text("type"), default_type], optional_text("number")]
                ],
                self.format_containers(e),
                date,
            ],
            self.format_note(e),
            self.format_web_refs(e),
        ]

    def get_techreport_template(self, e):
        return self._report_template(e, "Technical report")

    def get_report_template(self, e):
        # biblatex's @report (pybtex's own styles know only @techreport)
        return self._report_template(e, "Report")

    def format_chapter_and_pages(self, e):
        return join(sep=", ")[
            optional[words["chapter", text("chapter")]],
            optional[field("pages", raw=True, apply_func=_pages)],
        ]


def register() -> None:
    register_plugin("pybtex.style.formatting", STYLE_NAME, Style, force=True)


def style_stamp(config) -> tuple[str, str]:
    """The style the book uses: its name in the config and a digest of this module's code."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return (config.bibtex_default_style, code)


def _reread_bibliographies(app, env, added, changed, removed) -> list[str]:
    """Re-read the pages with a bibliography when the style changed since the last build.

    sphinxcontrib-bibtex stores the style's name with each bibliography when it reads the
    page, and a change of ``bibtex_default_style`` does not make Sphinx read it again: without
    this, an incremental build keeps formatting with the old style."""
    stamp = style_stamp(app.config)
    app.hemisphere_bibstyle_changed = getattr(env, "hemisphere_bibstyle", None) != stamp
    env.hemisphere_bibstyle = stamp
    if not app.hemisphere_bibstyle_changed:
        return []
    return sorted({key.docname for key in env.get_domain("cite").bibliographies})


def _rewrite_citing_pages(app, env) -> list[str]:
    """After a style change, write again the pages that cite: their tooltips show the entry."""
    if not getattr(app, "hemisphere_bibstyle_changed", False):
        return []
    return sorted({ref.docname for ref in env.get_domain("cite").citation_refs})


def setup(app) -> dict:
    register()
    app.connect("env-get-outdated", _reread_bibliographies)
    app.connect("env-updated", _rewrite_citing_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

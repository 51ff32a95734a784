"""The "Check the claim" boxes, generated from data/claims.csv.

A chapter shows a box with ``claim_box("claim-id")`` in a code cell tagged
``remove-input``; the claims page shows them all with ``claims_page()``. Both return
HTML that the built book styles as the theme's tip admonition and that a live
notebook shows the same way (a small style sheet scoped to JupyterLab's output
area comes with it). A correction is made once, in the table.

Every value from the table or the bibliography is escaped with ``html.escape``:
text is never markup, so a row cannot add a tag, a script or a link of its own.
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd
from IPython.display import HTML

from . import data
from .book import chapter_title, in_book_build

#: The essay's own key in references.bib: the claims it makes are cited to it.
ESSAY_KEY = "osawa2026essay"

#: Only these schemes become links; anything else in a .bib url is shown as text.
LINK_SCHEMES = ("https://", "http://")

#: For a live notebook: the book's theme styles `.admonition.tip`; JupyterLab does not.
#: The first two rules apply only inside JupyterLab's output area, so the book keeps its theme.
LIVE_STYLE = """<style>
.jp-RenderedHTMLCommon .hemisphere-claim { border-left: 4px solid #009E73;
  background: rgba(0, 158, 115, 0.07); padding: 0.2em 1em; margin: 1em 0; }
.jp-RenderedHTMLCommon .hemisphere-claim .admonition-title { font-weight: bold; }
.hemisphere-claims-chapter a { color: inherit; text-decoration: underline; }
</style>"""
# The last rule is for the book too: in dark mode the theme gives an HTML output a light
# background, on which its link colour fails contrast; a chapter link outside a box
# takes the text colour instead (underlined, so it still reads as a link).

VERDICT_WORDS = {
    "confirmed": "Confirmed",
    "partly true": "Partly true",
    "imprecise": "Imprecise",
    "contested": "Contested: the sources disagree",
    "unsupported": "Not supported by the sources",
    "contradicted": "Contradicted by the record",
}


#: Runs of Japanese script (kana, kanji, CJK punctuation and full-width forms).
JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def _text(value) -> str:
    """Text for the page: escaped, and any Japanese in it marked as Japanese for screen readers.

    Escaping comes first; the spans wrap only runs of Japanese characters, which never
    contain markup characters, so no text from data can become markup."""
    return JAPANESE.sub(lambda m: f'<span lang="ja">{m.group(0)}</span>', escape(str(value)))


def _source_html(key: str) -> str:
    """A source as its author-year label, linked to its URL where the entry has one."""
    label = _text(data.reference_label(key))
    url = data.reference_url(key)
    if url.startswith(LINK_SCHEMES):
        return f'<a href="{escape(url, quote=True)}">{label}</a>'
    return label


def _whose(row: pd.Series) -> str:
    """Who makes the claim and where the essay stands: the essay's own words, in Japanese."""
    # The essay's words are all Japanese: one span, so a screen reader keeps one voice.
    words = f'<span lang="ja">「{escape(row["essay_words"])}」</span>'
    where = _text(row["essay_location"])
    if row["claim_by"] == "the essay":
        return f"The essay, {where}: {words} ({_source_html(ESSAY_KEY)})."
    return (
        f"Whose claim: {_text(row['claim_by'])}, not the essay's. "
        f"The essay, {where}, says {words} ({_source_html(ESSAY_KEY)})."
    )


def box_html(row: pd.Series) -> str:
    """One claim as a tip admonition: the claim, the record, why it matters, the sources."""
    sources = "; ".join(_source_html(key) for key in row["sources"])
    verdict = VERDICT_WORDS[str(row["verdict"])]
    parts = [
        f'<div class="admonition tip hemisphere-claim" id="claim-{escape(row["id"], quote=True)}" '
        f'role="note" aria-label="Check the claim">',
        f'<p class="admonition-title">Check the claim: {_text(row["question"])}</p>',
        f"<p><strong>The claim.</strong> {_text(row['claim'])} {_whose(row)}</p>",
        f'<p><strong>The record.</strong> <span class="hemisphere-claim-verdict">'
        f"Verdict: {_text(verdict)}.</span> {_text(row['record_text'])}</p>",
        f"<p><strong>Why it matters.</strong> {_text(row['why_it_matters'])}</p>",
    ]
    if row["note"]:
        parts.append(f"<p><strong>Note.</strong> {_text(row['note'])}</p>")
    parts.append(f'<p class="hemisphere-claim-sources"><strong>Sources:</strong> {sources}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def claim_box(*claim_ids: str) -> HTML:
    """The boxes for one or more claims, by id, in the order given."""
    if not claim_ids:
        raise ValueError("name at least one claim id from data/claims.csv")
    boxes = [box_html(data.claim(claim_id)) for claim_id in claim_ids]
    return HTML(LIVE_STYLE + "\n" + "\n".join(boxes))


def _chapter_link(docname: str) -> str:
    """A link to the chapter: its built page in the book, its notebook in a live session."""
    title = _text(chapter_title(f"book/{docname}"))
    suffix = ".html" if in_book_build() else ".ipynb"
    return f'<a href="{escape(docname + suffix, quote=True)}">{title}</a>'


def claims_page_html(claims: pd.DataFrame | None = None) -> str:
    """Every claim, grouped by the chapter whose box shows it (in book order), then the rest."""
    claims = data.load_claims() if claims is None else claims
    chapters = data.table_schema("claims")["schema"]["fields"]
    order = next(field for field in chapters if field["name"] == "chapter")["constraints"]["enum"]
    sections = []
    for docname in [*order, ""]:
        group = claims[claims["chapter"] == docname]
        if group.empty:
            continue
        heading = f"In {_chapter_link(docname)}" if docname else "Shown on this page only"
        sections.append(f'<p class="hemisphere-claims-chapter"><strong>{heading}</strong></p>')
        sections.extend(box_html(row) for _, row in group.iterrows())
    return LIVE_STYLE + "\n" + "\n".join(sections)


def claims_page(claims: pd.DataFrame | None = None) -> HTML:
    """The claims page's body: every box, grouped by chapter."""
    return HTML(claims_page_html(claims))


def claims_summary(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """A table of the claims: what is checked, whose claim, where, the verdict and the chapter."""
    claims = data.load_claims() if claims is None else claims
    titles = {
        docname: chapter_title(f"book/{docname}") for docname in set(claims["chapter"]) if docname
    }
    return pd.DataFrame(
        {
            "Check the claim": claims["question"],
            "Whose claim": claims["claim_by"].astype(str),
            "Where in the essay": claims["essay_location"],
            "Verdict": claims["verdict"].astype(str),
            "Shown in": [titles.get(docname, "this page only") for docname in claims["chapter"]],
        }
    )


def claims_table(claims: pd.DataFrame | None = None) -> HTML:
    """The summary as an HTML table with escaped cells, for the claims page."""
    frame = claims_summary(claims)
    table = frame.to_html(index=False, escape=True, border=0, classes="hemisphere-data")
    return HTML(table.replace("<table", '<table aria-label="The claims at a glance"', 1))

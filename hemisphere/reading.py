"""Primary sources set side by side for close reading.

The passages live once in ``data/primary_sources.csv``; this module turns them into
a page's HTML. Every piece of text from the data is escaped with :func:`html.escape`,
so a passage is always shown as text and never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from IPython.display import HTML

from hemisphere import data as _data

#: Two columns where the page is wide enough, one on a phone. The theme's own colours, because
#: myst-nb paints HTML outputs light in dark mode while links keep the dark theme's light blue.
GRID_STYLE = (
    "display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem;"
    "padding:0.5rem;background:var(--pst-color-background,#fff);"
    "color:var(--pst-color-text-base,#222832)"
)


def passage_html(row) -> str:
    """One passage as a figure: its title and date, the words themselves, and its source."""
    date = row["date"].strftime("%-d %B %Y")
    links = []
    for key in row["sources"]:
        label = escape(_data.reference_label(key))
        url = _data.reference_url(key)
        links.append(
            f'<a href="{escape(url, quote=True)}">{label}</a>'
            if url.startswith("https://")
            else label
        )
    note = f'<p class="hemisphere-source-note">{escape(row["note"])}</p>' if row["note"] else ""
    anchor = escape(f"source-{row['id']}", quote=True)
    # A div with the figure role, not <figure>: in dark mode the theme gives <figure> a light
    # background (for transparent images), which the text would lose its contrast against.
    return (
        f'<div class="hemisphere-source" role="figure" id="{anchor}" '
        f'aria-labelledby="{anchor}-caption">'
        f'<p class="hemisphere-source-caption" id="{anchor}-caption">'
        f"<strong>{escape(row['corollary'])}</strong>: {escape(row['title'])}. "
        f"{escape(row['issuer'])}, {escape(date)}.</p>"
        f"<blockquote><p>{escape(row['text'])}</p></blockquote>"
        f'<p class="hemisphere-source-cite">Source: {"; ".join(links)}. '
        f"Wording checked against: {escape(row['checked_at'])}.</p>"
        f"{note}</div>"
    )


def side_by_side(ids: Sequence[str] | None = None) -> HTML:
    """The passages (all of them, or those named, in that order) next to each other."""
    frame = _data.load_primary_sources()
    if ids is not None:
        rows = [_data.primary_source(source_id) for source_id in ids]
    else:
        rows = [row for _, row in frame.iterrows()]
    figures = "".join(passage_html(row) for row in rows)
    return HTML(
        f'<div class="hemisphere-sources" role="group" '
        f'aria-label="Primary sources side by side" style="{GRID_STYLE}">{figures}</div>'
    )

"""The directives ``{how-to-cite}`` (from CITATION.cff) and ``{errata}`` (from data/errata.csv)."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .site import site_url


class HowToCiteDirective(SphinxDirective):
    """``{how-to-cite}``: the module and the works it teaches, as CITATION.cff gives them."""

    def run(self):
        from .. import citation

        root = Path(self.env.app.srcdir)
        self.env.note_dependency(str(root / citation.FILE_NAME))
        try:
            cff = citation.load(root)
        except citation.CitationError as err:
            raise self.error(str(err)) from None
        url = site_url(self.env.app)
        items = nodes.bullet_list()
        for text in [
            citation.module_citation(cff, url),
            *(citation.reference_citation(ref) for ref in cff.get("references") or []),
        ]:
            items += nodes.list_item("", nodes.paragraph(text=text))
        bibtex = citation.module_bibtex(cff, url)
        block = nodes.literal_block(bibtex, bibtex, language="bibtex")
        return [
            nodes.paragraph(text=" ".join(str(cff["message"]).split())),
            items,
            nodes.paragraph(text="The module in BibTeX:"),
            block,
        ]


def errata_markdown(rows: list[dict[str, str]]) -> str:
    """The corrections as a Markdown table (every cell from the data escaped), or a sentence
    saying there are none yet."""
    from ..safetext import markdown_text

    if not rows:
        return "There are no corrections yet: nothing has been corrected since the first release.\n"
    lines = ["| Date | Page | What changed | Sources |", "|---|---|---|---|"]
    for row in rows:
        # page and sources are checked against their patterns: a path and bib keys only.
        page = f"{{doc}}`/{row['page']}`"
        sources = "; ".join(f"{{cite:t}}`{key}`" for key in row["sources"].split(";"))
        lines.append(
            f"| {markdown_text(row['date'])} | {page} | {markdown_text(row['correction'])} "
            f"| {sources} |"
        )
    return "\n".join(lines) + "\n"


class ErrataDirective(SphinxDirective):
    """``{errata}``: the corrections in data/errata.csv."""

    def run(self):
        from .. import data, errata

        path = data.data_dir() / data.table_schema(errata.NAME)["path"]
        self.env.note_dependency(str(path))
        try:
            rows = errata.rows()
        except data.DataError as err:
            raise self.error(str(err)) from None
        return self.parse_text_to_nodes(errata_markdown(rows))

"""The ``{build-figures}`` directive: the appendix's tables of what `make bench` measured.

``{build-figures} summary``, ``pages`` or ``lighthouse`` reads book/build-figures.json (see
:mod:`hemisphere.buildfigures`); a missing or malformed file stops the build
with a message naming it and the field.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class BuildFiguresDirective(SphinxDirective):
    """``{build-figures} summary``, ``pages`` or ``lighthouse``: the appendix's tables."""

    required_arguments = 1

    def run(self):
        from .. import buildfigures, paths

        # The book's own figures file (a copy of the book reads its copy).
        path = Path(self.env.srcdir) / buildfigures.FIGURES.relative_to(paths.ROOT)
        self.env.note_dependency(str(path))
        tables = {
            "summary": buildfigures.summary_markdown,
            "pages": buildfigures.pages_markdown,
            "lighthouse": buildfigures.lighthouse_markdown,
        }
        if self.arguments[0] not in tables:
            raise self.error(f"build-figures: {self.arguments[0]!r} is not one of {sorted(tables)}")
        try:
            figures = buildfigures.load(path)
        except buildfigures.FiguresError as error:
            raise self.error(str(error)) from None
        return self.parse_text_to_nodes(tables[self.arguments[0]](figures))


def setup(app: Sphinx) -> None:
    app.add_directive("build-figures", BuildFiguresDirective)

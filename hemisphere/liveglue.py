"""The book's ``{eval}`` role: one name a chapter glued, pasted from the notebook's outputs.

Chapters write each fact in their prose as ``{eval}`name```, where ``name`` is a plain
Python name that :func:`hemisphere.facts.glue_facts` both glues and defines in the kernel.

- In JupyterLab, jupyterlab-myst evaluates ``name`` in the kernel once the cells have run
  (it shows the name itself before), so a live chapter shows the book's numbers, no markup.
- myst-nb's own ``{eval}`` asks a running kernel, which only its inline execution mode has:
  that mode gives up the execution cache and parallel execution. This role replaces it and
  pastes the value glued under the same name, exactly as ``{glue:md}`` would, so the book's
  output stays the same and an unchanged notebook is not run again.

Only a plain name is accepted: an expression (``{eval}`len(x)```) would run live but could not
be read from the glued outputs, so the build reports it, naming the page and line.
"""

from __future__ import annotations

import re

from myst_nb.ext.glue.roles import PasteMarkdownRole
from myst_nb.ext.glue.utils import glue_warning

#: What a glued name looks like (the same as myst-nb's own eval_name_regex).
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class GluedEvalRole(PasteMarkdownRole):
    """``{eval}`name```: the Markdown glued under ``name`` in this notebook."""

    def run(self):
        if not NAME.match(self.text):
            message = (
                f"{{eval}}`{self.text}` is not a glued name: in this book {{eval}} takes one name "
                "that the notebook's glue_facts() call defines"
            )
            return [], [glue_warning(message, self.document, self.line)]
        return super().run()


def setup(app):
    # After myst-nb, whose own eval role this replaces.
    app.setup_extension("myst_nb")
    app.add_role("eval", GluedEvalRole(), override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

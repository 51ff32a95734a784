"""The book's {eval} role (hemisphere.liveglue) on a small book: one notebook whose glue
outputs are stored, built by Sphinx with myst-nb and execution off (no kernel, so nothing but
the stored outputs can give the role its value)."""

from __future__ import annotations

import io
import re

import nbformat
import pytest
from myst_nb.ext.glue import GLUE_PREFIX

from hemisphere.paths import ROOT
from hemisphere.safetext import markdown_text

# Text from data/ as glue_facts glues it: escaped Markdown.
VALUE = "6 Feb 2025 & <b>not bold</b> *not em*"


def _glue_output(name: str, markdown: str):
    return nbformat.v4.new_output(
        "display_data",
        data={
            GLUE_PREFIX + "text/markdown": markdown,
            GLUE_PREFIX + "text/plain": "<IPython.core.display.Markdown object>",
        },
        metadata={"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}},
    )


def _build(tmp_path, markdown: str) -> tuple[str, str]:
    from sphinx.application import Sphinx

    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["myst_nb", "hemisphere.liveglue"]\nnb_execution_mode = "off"\n'
    )
    code = nbformat.v4.new_code_cell("glue_facts(when=...)")
    code.outputs = [_glue_output("when", markdown_text(VALUE))]
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Page"),
            code,
            nbformat.v4.new_markdown_cell(markdown),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    nbformat.write(notebook, source / "index.ipynb")
    warnings = io.StringIO()
    app = Sphinx(
        str(source),
        str(source),
        str(tmp_path / "html"),
        str(tmp_path / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    html = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    return html, re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())


def _paragraph(html: str, marker: str) -> str:
    return re.search(rf"<p>{marker}(.*?){marker}</p>", html, re.S).group(1)


def test_eval_of_a_glued_name_renders_as_glue_md_does(tmp_path):
    html, warnings = _build(tmp_path, "EVAL {eval}`when` EVAL\n\nGLUE {glue:md}`when` GLUE\n")
    assert warnings == ""
    shown = _paragraph(html, "EVAL")
    assert shown == _paragraph(html, "GLUE")
    # Data text stays text: escaped, never markup.
    assert "&lt;b&gt;not bold&lt;/b&gt;" in shown and "<em>" not in shown and "6 Feb 2025" in shown


@pytest.mark.parametrize("text", ["len(when)", "when.upper()", "nope"])
def test_an_expression_or_an_unknown_name_is_a_build_warning_naming_the_page(tmp_path, text):
    html, warnings = _build(tmp_path, f"Before {{eval}}`{text}` after.\n")
    assert "index.ipynb" in warnings
    if text == "nope":
        assert "No key 'nope' found in glue data" in warnings
    else:
        assert f"{{eval}}`{text}` is not a glued name" in warnings


# --- The chapters use it: one role for every fact, over a name their glue_facts call defines ----

ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")


def _chapter_roles_and_glued_names(path):
    import ast

    notebook = nbformat.read(path, as_version=4)
    roles = [
        match.groups()
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for match in ROLE.finditer(cell.source)
    ]
    glued = set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "glue_facts":
                glued |= {keyword.arg for keyword in node.keywords}
    return roles, glued


@pytest.mark.parametrize(
    "path", sorted((ROOT / "book").glob("*.ipynb")), ids=lambda path: path.stem
)
def test_every_fact_in_a_chapters_prose_is_an_eval_of_a_glued_name(path):
    roles, glued = _chapter_roles_and_glued_names(path)
    # {glue:md} shows its key name in JupyterLab: a chapter writes {eval} instead.
    assert [text for role, text in roles if role.startswith("glue")] == []
    unknown = sorted({text for role, text in roles if role == "eval"} - glued)
    assert unknown == [], f"{path.name}: {{eval}} of names no glue_facts call defines: {unknown}"

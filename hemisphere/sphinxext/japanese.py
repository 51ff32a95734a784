"""The book build's half of the Japanese-text marking (:mod:`hemisphere.lang` has the rest).

After every page's references are resolved, each text node's Japanese runs go into an inline
element written as ``<span lang="ja">``; raw HTML (notebook outputs, the quizzes) and the page's
final HTML go through :func:`hemisphere.lang.mark_html`; pages whose text is partly made in the
browser get ``static/lang.js``. Kept apart from :mod:`hemisphere.lang` because it needs docutils,
which a student's kernel does not have (the charts' data tables and the quiz widgets use the
marking functions live).
"""

from __future__ import annotations

from html import escape

from docutils import nodes

from .. import paths
from ..lang import JAPANESE, mark_html, split_runs


class language(nodes.inline):
    """Inline text in another language than the page's; in HTML, ``<span lang="...">``."""


def setup(app) -> dict:
    """Registered from :func:`hemisphere.sphinxext.setup`."""

    def visit_html(translator, node) -> None:
        translator.body.append(f'<span lang="{escape(node["lang"])}">')

    def depart_html(translator, node) -> None:
        translator.body.append("</span>")

    def passthrough(translator, node) -> None:
        pass

    others = {
        builder: (passthrough, passthrough) for builder in ("latex", "text", "man", "texinfo")
    }
    app.add_node(language, html=(visit_html, depart_html), **others)

    skip = (nodes.raw, nodes.literal_block, nodes.comment, nodes.math, nodes.math_block, language)

    def mark_doctree(app, doctree, docname) -> None:
        for text in list(doctree.findall(nodes.Text)):
            parent = text.parent
            if parent is None or any(isinstance(a, skip) for a in _ancestors(text)):
                continue
            pieces = split_runs(str(text))
            if not any(japanese for _, japanese in pieces):
                continue
            parent.replace(
                text,
                [
                    language("", piece, lang=JAPANESE) if japanese else nodes.Text(piece)
                    for piece, japanese in pieces
                ],
            )
        for raw in list(doctree.findall(nodes.raw)):
            if "html" in raw.get("format", "").split():
                marked = mark_html(raw.astext())
                if marked != raw.astext():
                    raw.replace_self(nodes.raw("", marked, **raw.attributes))

    app.connect("doctree-resolved", mark_doctree)
    app.connect("builder-inited", _copy_script)
    app.connect("html-page-context", _on_page_context)
    # A new env_version makes an existing build directory write every page again.
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


SCRIPT = "lang.js"
#: Pages whose text is partly made in the browser: charts (vega's tooltips and labels)
#: and quizzes (their feedback).
LIVE_TEXT_MARKERS = ('id="altair-viz-', 'class="hemisphere-quiz"')


def _copy_script(app) -> None:
    import shutil
    from pathlib import Path

    if app.builder.format == "html":
        target = Path(app.outdir) / "_static" / "hemisphere"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.STATIC / SCRIPT, target / SCRIPT)


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    # What the doctree pass cannot reach: code blocks, highlighted from their source text.
    context["body"] = mark_html(body)
    if any(marker in body for marker in LIVE_TEXT_MARKERS):
        # Before quiz.js (priority 500), which uses it to write its feedback.
        app.add_js_file(f"hemisphere/{SCRIPT}", priority=499)

"""The quiz as HTML for the book's pages (the ``{quiz}`` directive writes it)."""

from __future__ import annotations

from .model import Bank
from .shuffling import shuffles


def to_html(bank: Bank, source_href, page_id: str | None = None, *, shuffle: bool = True) -> str:
    """A bank as accessible HTML: a form per question (fieldset and legend, a label for every
    control), a feedback region announced to screen readers, a score and a reset button.

    Every text from the bank is escaped, so nothing in a bank can run as HTML or script.
    ``source_href(key)`` gives the link for a source key. The answer key travels as JSON
    for the page's script (``static/quiz.js``), which checks answers in the browser.
    Choices are written in the bank's order; with ``shuffle`` the script reorders them for
    each reader (see :func:`shuffled`), so without the script, or in print, the file order shows.
    """
    from html import escape

    from .. import data as data_module
    from ..lang import html_text as text  # escaped, Japanese runs marked lang="ja"

    quiz_id = page_id or bank.name
    parts = [
        f'<section class="hemisphere-quiz" data-quiz="{escape(quiz_id)}" '
        f'data-shuffle="{"on" if shuffle else "off"}" aria-label="{escape(bank.title)}">',
        f'<p class="hq-intro">{text(bank.title)}: {len(bank.questions)} questions. Your answers '
        "stay in this browser until you reset them.</p>",
        f'<p class="hq-score" aria-live="polite">0 of {len(bank.questions)} answered correctly.</p>',
    ]
    for number, q in enumerate(bank.questions, start=1):
        base = f"hq-{escape(quiz_id)}-{escape(q.id)}"
        parts.append(
            f'<form class="hq-question" data-question="{escape(q.id)}" data-type="{q.type}" '
            f'novalidate><fieldset><legend><span class="hq-number">{number}.</span> '
            f"{text(q.prompt)}</legend>"
        )
        if q.type != "numeric":
            parts.append('<div class="hq-options"' + (" data-shuffle" if shuffles(q) else "") + ">")
        if q.type in ("single", "multiple", "truefalse"):
            kind = "checkbox" if q.type == "multiple" else "radio"
            choices = (
                [(o.id, o.text) for o in q.options]
                if q.type != "truefalse"
                else [("true", "True"), ("false", "False")]
            )
            for oid, label in choices:
                parts.append(
                    f'<div class="hq-choice"><input type="{kind}" name="{base}" id="{base}-{escape(oid)}" '
                    f'value="{escape(oid)}"><label for="{base}-{escape(oid)}">{text(label)}</label></div>'
                )
        elif q.type in ("classify", "order"):
            rows = q.statements if q.type == "classify" else q.options
            values = (
                q.categories
                if q.type == "classify"
                else [str(i) for i in range(1, len(q.options) + 1)]
            )
            prompt = "Choose…" if q.type == "classify" else "Position…"
            for row in rows:
                options = "".join(
                    f'<option value="{escape(v)}">{escape(v)}</option>' for v in values
                )
                parts.append(
                    f'<div class="hq-row"><label for="{base}-{escape(row.id)}">{text(row.text)}</label>'
                    f'<select id="{base}-{escape(row.id)}" data-key="{escape(row.id)}">'
                    f'<option value="">{prompt}</option>{options}</select></div>'
                )
        if q.type != "numeric":
            parts.append("</div>")
        if q.type == "numeric":
            unit = f" ({escape(q.unit)})" if q.unit else ""
            parts.append(
                f'<div class="hq-row"><label for="{base}-value">Your answer{unit}</label>'
                f'<input type="text" inputmode="decimal" autocomplete="off" id="{base}-value"></div>'
            )
        links = "; ".join(
            f'<a href="{escape(source_href(key))}">{text(data_module.reference_label(key))}</a>'
            for key in q.sources
        )
        parts.append(
            '</fieldset><div class="hq-actions"><button type="submit">Check</button></div>'
            '<div class="hq-feedback" role="status" aria-live="polite"></div>'
            f'<p class="hq-sources" hidden>Sources: {links}</p></form>'
        )
    from ..safetext import script_json

    # Inside a <script> element "</script" ends it and "<!--" confuses it: <, > and & are escaped.
    key = script_json({q.id: q.to_json() for q in bank.questions}, ensure_ascii=False)
    parts.append(
        '<div class="hq-footer"><button type="button" class="hq-reset">Reset my answers</button></div>'
        f'<script type="application/json" class="hq-key">{key}</script></section>'
    )
    return "\n".join(parts)

"""Japanese text marked as Japanese, so screen readers read it with a Japanese voice.

WCAG 3.1.2 (language of parts): a run of Japanese inside English text needs its own
``lang="ja"``. Nothing in the sources needs markup for it (a live notebook would show
the markup raw): the book build wraps every run of Japanese characters itself.

- In the book (:mod:`hemisphere.sphinxext.japanese`, apart because it needs docutils, which
  a student's kernel lacks), after every page's references are resolved (``doctree-resolved``), each
  text node's Japanese runs go into an inline element written as ``<span lang="ja">``;
  raw HTML in the page (notebook outputs, the quizzes) gets the same through
  :func:`mark_html`, which leaves tags, attributes, scripts and styles alone. The page's
  final HTML goes through :func:`mark_html` once more for what the doctree cannot
  reach (code blocks are highlighted from their source text).
- Where the package writes HTML itself it escapes a text and wraps it in one step with
  :func:`html_text`.
- Text made in the browser (vega's tooltips, chart labels, the quiz feedback) is marked
  by ``static/lang.js``, which uses the same character classes (a test keeps them equal).

Spanish cannot be told from English by its characters. A Spanish quotation goes in
``<span lang="es">…</span>`` in the chapter's Markdown itself: inline HTML that MyST passes
to the page and JupyterLab renders too (its sanitizer keeps ``lang``), so nothing shows
raw in a live notebook. (Today the book's Spanish is names of people, places and groups,
which WCAG 3.1.2 does not ask to mark.)
"""

from __future__ import annotations

import re
from html import escape

#: Japanese script: CJK symbols and punctuation, hiragana, katakana (and its phonetic
#: extensions), CJK ideographs (extension A, the unified block, compatibility ideographs)
#: and full-width forms (（）、： and half-width katakana).
JAPANESE_CHARS = (
    "\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
)
#: What may sit between two Japanese runs without ending the Japanese part: spaces,
#: digits and common punctuation (so トランプ2.0が描く is one run, read in one voice).
JOINERS = "0-9 \t\n.,:;!?()\\[\\]/\\-\u2010-\u2015\u2018\u2019\u201c\u201d\u2026\u30fb%"

JAPANESE_RUN = re.compile(f"[{JAPANESE_CHARS}]+(?:[{JOINERS}]+[{JAPANESE_CHARS}]+)*")

JAPANESE = "ja"


def has_japanese(text: str) -> bool:
    return JAPANESE_RUN.search(text) is not None


def split_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each with whether it is a run of Japanese."""
    pieces, at = [], 0
    for match in JAPANESE_RUN.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], False))
        pieces.append((match.group(), True))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def html_text(text) -> str:
    """``text`` escaped for HTML, each Japanese run in ``<span lang="ja">``."""
    return "".join(
        f'<span lang="{JAPANESE}">{escape(piece)}</span>' if japanese else escape(piece)
        for piece, japanese in split_runs(str(text))
    )


# --- HTML that is already written -----------------------------------------------------

_TOKENS = re.compile(
    r"<!--.*?-->|<(script|style|textarea|option|title)\b[^>]*>.*?</\1\s*>|<![^>]*>|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^>]*?)(/?)>", re.DOTALL)
_LANG = re.compile(r"""\blang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip


def mark_html(html: str) -> str:
    """Wrap the Japanese runs in the text of an HTML fragment in ``<span lang="ja">``.

    Tags and attribute values, comments, scripts, styles and text already inside an
    element whose language is Japanese are left as they are, so marking twice changes
    nothing. The text between tags is already HTML, so it is not escaped again."""
    if not has_japanese(html):
        return html
    out, at = [], 0
    stack: list[tuple[str, str | None]] = []  # open elements and their lang, if any

    def current_lang() -> str:
        for _, lang in reversed(stack):
            if lang is not None:
                return lang
        return ""

    def text(chunk: str) -> str:
        if not chunk or current_lang().lower().startswith(JAPANESE):
            return chunk
        return "".join(
            f'<span lang="{JAPANESE}">{piece}</span>' if japanese else piece
            for piece, japanese in split_runs(chunk)
        )

    for token in _TOKENS.finditer(html):
        out.append(text(html[at : token.start()]))
        out.append(token.group())
        at = token.end()
        tag = _TAG.fullmatch(token.group())
        if not tag:
            continue
        closing, name, attributes, self_closing = tag.groups()
        name = name.lower()
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    del stack[index:]
                    break
        elif name not in _VOID and not self_closing:
            lang = _LANG.search(attributes)
            stack.append(
                (name, next((g for g in lang.groups() if g is not None), "") if lang else None)
            )
    out.append(text(html[at:]))
    return "".join(out)

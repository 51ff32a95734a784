"""Japanese text marked lang="ja": the wrapping helpers, and the browser script's character
classes kept equal to Python's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hemisphere import lang, quiz

STATIC = Path(lang.__file__).resolve().parent / "static"


def test_html_text_escapes_first_then_wraps_each_japanese_run():
    assert lang.html_text("<b>西半球</b> & (ドンロー主義)") == (
        '&lt;b&gt;<span lang="ja">西半球</span>&lt;/b&gt; &amp; (<span lang="ja">ドンロー主義</span>)'
    )


def test_mixed_text_keeps_digits_inside_a_japanese_run_but_not_latin_words():
    assert lang.split_runs("大澤傑 2026b, トランプ2.0が描く西半球 [x]") == [
        ("大澤傑", True),
        (" 2026b, ", False),
        ("トランプ2.0が描く西半球", True),
        (" [x]", False),
    ]
    # Full-width punctuation belongs to the run; a Latin acronym ends it.
    assert lang.split_runs("NSS（以下、NSS2025）") == [
        ("NSS", False),
        ("（以下、", True),
        ("NSS2025", False),
        ("）", True),
    ]


@pytest.mark.parametrize(
    "text", ["", "Plain English, 1904 & 2025.", "Cártel de Sinaloa", "<i>x</i>"]
)
def test_text_without_japanese_is_only_escaped(text):
    from html import escape

    assert lang.html_text(text) == escape(text)
    assert lang.mark_html(text) == text
    assert not lang.has_japanese(text)


def test_mark_html_leaves_tags_attributes_and_scripts_alone():
    html = (
        '<p title="西半球">西半球 &amp; <a href="#x">大澤傑, 2026b</a></p>'
        '<script>var label = "西半球";</script><style>p::after { content: "西"; }</style>'
        "<!-- 西半球 --><td>見せしめ</td>"
    )
    assert lang.mark_html(html) == (
        '<p title="西半球"><span lang="ja">西半球</span> &amp; '
        '<a href="#x"><span lang="ja">大澤傑</span>, 2026b</a></p>'
        '<script>var label = "西半球";</script><style>p::after { content: "西"; }</style>'
        '<!-- 西半球 --><td><span lang="ja">見せしめ</span></td>'
    )


def test_mark_html_is_idempotent_and_respects_a_japanese_parent():
    once = lang.mark_html("<p>棍棒外交 and ディール外交</p>")
    assert once == '<p><span lang="ja">棍棒外交</span> and <span lang="ja">ディール外交</span></p>'
    assert lang.mark_html(once) == once
    inside = '<div lang="ja"><p>西半球<br>の範囲</p></div>'
    assert lang.mark_html(inside) == inside
    # An English element inside a Japanese one is marked again.
    assert lang.mark_html('<div lang="ja"><p lang="en">西</p></div>') == (
        '<div lang="ja"><p lang="en"><span lang="ja">西</span></p></div>'
    )


def test_quiz_html_marks_the_japanese_of_a_prompt_and_escapes_the_rest(tmp_path, monkeypatch):
    (tmp_path / "mixed.yml").write_text(
        """chapter: mixed
title: "Mixed <b>bank</b> 西半球"
questions:
  - id: q-mixed
    type: single
    objective: 1
    level: recall
    prompt: "<i>Which</i> reading of 見せしめ?"
    options:
      - {id: a, text: "A warning (見せしめ) to others", feedback: "Yes, this is the reading the essay gives."}
      - {id: b, text: Second, feedback: "No, the essay does not read the term this way."}
    answer: a
    feedback: "見せしめ"
    sources: [osawa2026essay]
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("HEMISPHERE_QUIZZES", str(tmp_path))
    quiz.clear_cache()
    try:
        html = quiz.to_html(quiz.load_bank("mixed"), lambda key: "references.html")
    finally:
        quiz.clear_cache()
    assert '&lt;i&gt;Which&lt;/i&gt; reading of <span lang="ja">見せしめ</span>?</legend>' in html
    assert 'A warning (<span lang="ja">見せしめ</span>) to others</label>' in html
    assert '<span lang="ja">大澤傑</span> 2026b' in html  # the source link's label
    assert 'aria-label="Mixed &lt;b&gt;bank&lt;/b&gt; 西半球"' in html  # attributes: plain
    # The answer key for the page's script is JSON, not marked up.
    key = re.search(r'<script type="application/json" class="hq-key">(.*?)</script>', html, re.S)
    assert json.loads(key.group(1))["q-mixed"]["feedback"] == "見せしめ"


def _js_string(source: str, name: str) -> str:
    literal = re.search(rf'var {name} = ("(?:[^"\\]|\\.)*");', source)
    assert literal, f"static/lang.js has no {name}"
    return json.loads(literal.group(1))


def test_the_browser_script_uses_the_same_character_classes():
    source = (STATIC / "lang.js").read_text(encoding="utf-8")
    assert _js_string(source, "JAPANESE_CHARS") == lang.JAPANESE_CHARS
    assert _js_string(source, "JOINERS") == lang.JOINERS


def _build(tmp_path, builder: str) -> Path:
    """A two-line project built with only the Japanese marking (rST: no MyST needed)."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        "extensions = ['hemisphere.sphinxext.japanese']\n", encoding="utf-8"
    )
    (source / "index.rst").write_text(
        "Terms\n=====\n\n"
        "The essay's 棍棒外交 and ``ドンロー主義`` & <more>.\n\n"
        ".. raw:: html\n\n   <p title=\"西半球\">西半球</p><script>var s = '西';</script>\n\n"
        "::\n\n   code = '西半球'\n",
        encoding="utf-8",
    )
    out = tmp_path / builder
    with docutils_namespace():  # each build registers its nodes afresh
        app = Sphinx(
            source, source, out, tmp_path / "doctrees", builder, status=None, warningiserror=True
        )
        app.build()
    return out


def test_a_sphinx_build_marks_text_inline_code_and_raw_html(tmp_path):
    page = (_build(tmp_path, "html") / "index.html").read_text(encoding="utf-8")
    assert 'The essay’s <span lang="ja">棍棒外交</span> and' in page
    assert '<span lang="ja"><span class="pre">ドンロー主義</span></span></code>' in page
    assert "&amp; &lt;more&gt;." in page
    assert (
        '<p title="西半球"><span lang="ja">西半球</span></p><script>var s = \'西\';</script>'
        in page
    )
    # A code block, highlighted from its source text, is marked in the page's final HTML.
    # (Pygments writes the quotes as ' or &#39; depending on its version.)
    assert re.search(r"""<span class="s1">('|&#39;)<span lang="ja">西半球</span>\1</span>""", page)


def test_other_builders_get_the_text_unmarked(tmp_path):
    text = (_build(tmp_path, "text") / "index.txt").read_text(encoding="utf-8")
    assert 'The essay\'s 棍棒外交 and "ドンロー主義" & <more>.' in text

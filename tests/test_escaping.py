"""Text from data/, the .bib and the quiz banks stays text wherever it lands (issue 15):
each escaping helper, each writer that uses one, the URL checks and the page policy.
The whole book with hostile data in a browser: tests/test_hostile_input.py."""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hemisphere import answers, data, pagesecurity, quiz, vega
from hemisphere.quiz import lms
from hemisphere.safetext import is_http_url, markdown_code, markdown_text, script_json

ROOT = Path(__file__).resolve().parent.parent

#: The forms the issue names; tests/test_hostile_input.py puts the same into a whole book.
HOSTILE = [
    "<script>alert('script')</script>",
    "<img src=x onerror=\"alert('img')\">",
    "javascript:alert('js')",
    "</script><script>alert('close')</script>",
    "[a link](javascript:alert('md')) and <b onmouseover=alert('b')>raw</b>",
    "{raw}`html` <!-- ```{raw} html",
    "right\u202eto-left and zero\u200bwidth\u200d and line\u2028separator\u2029",
    "long " + "x" * 5000,
]


# --- The helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_script_json_never_closes_or_confuses_a_script_element(text):
    encoded = script_json({"title": text, "list": [text]}, ensure_ascii=False)
    assert not re.search("[<>&\u2028\u2029]", encoded)
    assert json.loads(encoded) == {"title": text, "list": [text]}


def _myst_html(markdown: str) -> str:
    """Markdown rendered by MyST's own parser, with the book's extensions."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(enable_extensions={"colon_fence", "deflist", "substitution"})
    return create_md_parser(config, RendererHTML).render(markdown)


def _shown_text(rendered: str) -> str:
    """The text of a one-paragraph rendering, which must hold no element but the paragraph."""
    match = re.fullmatch(r"<p>([^<]*)</p>\n", rendered)
    assert match, rendered[:300]
    return html.unescape(match.group(1))


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_renders_as_exactly_its_characters(text):
    shown = " ".join(re.sub("[\u2028\u2029]", " ", text).split())
    assert _shown_text(_myst_html(markdown_text(text))) == shown


def test_markdown_code_is_one_literal_code_span():
    for text in ["a`b", "``", "<b>x</b>", "{raw}`html`"]:
        assert _myst_html(markdown_code(text)) == (
            f"<p><code>{html.escape(text, quote=False)}</code></p>\n"
        )


def test_only_http_and_https_urls_are_links():
    assert is_http_url("https://www.federalregister.gov/d/2025-01234")
    assert is_http_url("http://example.org/a?b=1#c")
    for url in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example",
        "/relative",
        "https://",
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/<script>",
        "https://example.org/a b",
    ]:
        assert not is_http_url(url), url


# --- Glue, charts and tables ------------------------------------------------------------------


def test_glue_facts_glues_data_text_escaped(monkeypatch):
    from hemisphere import facts
    from hemisphere.facts import glue_facts

    glued = {}
    monkeypatch.setattr(facts, "_glue", lambda name, value: glued.update({name: value}))
    texts = glue_facts(note=HOSTILE[1], count=3)
    assert texts == {"note": HOSTILE[1], "count": "3"}
    assert _shown_text(_myst_html(glued["note"].data)) == HOSTILE[1]
    assert glued["count"].data == "3"


def test_the_book_renderer_writes_a_chart_as_data_not_script():
    spec = {"title": HOSTILE[3], "description": HOSTILE[1], "data": {"values": [{"a": HOSTILE[0]}]}}
    renderer = vega.NumberedHTMLRenderer()
    page = renderer(spec, embed_options={"actions": {"export": True, "source": True}})["text/html"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert len(scripts) == 1 and page.count("<script") == 1 and page.count("</script") == 1
    attributes, body = scripts[0]
    assert (
        'type="application/json"' in attributes and 'data-hemisphere-chart="altair-viz-1"' in page
    )
    chart = json.loads(body)
    assert chart["spec"] == spec
    # Vega's interpreter (no eval) and no View Source action (it writes the spec unescaped).
    assert chart["embedOptions"]["ast"] is True
    assert chart["embedOptions"]["actions"]["source"] is False
    assert 'id="altair-viz-2"' in renderer(spec)["text/html"]


def test_live_notebook_charts_write_the_spec_script_safe():
    """In JupyterLab the output of an executed cell is trusted: the spec must not break out."""
    from altair.vegalite.v6.display import html_renderer

    spec = {"title": HOSTILE[3], "data": {"values": [{"a": HOSTILE[0], "b": HOSTILE[6]}]}}
    page = vega.LiveHTMLRenderer(**html_renderer.kwargs)(spec)["text/html"]
    template = vega.HTMLRenderer(**html_renderer.kwargs)({"title": "x"})["text/html"]
    assert page.count("<script") == template.count("<script")
    assert page.count("</script") == template.count("</script")
    assert "\\u003c/script\\u003e" in page and "\u2028" not in page


def test_data_behind_a_chart_shows_cell_text_as_text():
    import pandas as pd

    from hemisphere.charts import data_behind

    table = data_behind(pd.DataFrame({"title": HOSTILE[:5]}), summary=HOSTILE[1]).data
    assert "<script" not in table and "<img" not in table and "<b " not in table
    assert html.escape(HOSTILE[0], quote=False) in table


# --- Links from data --------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    shutil.copytree(data.data_dir(), tmp_path / "data")
    monkeypatch.setenv("HEMISPHERE_DATA", str(tmp_path / "data"))
    data.clear_cache()
    yield tmp_path / "data"
    monkeypatch.undo()
    data.clear_cache()


def test_a_javascript_url_in_the_bibliography_is_refused_with_its_place(data_copy):
    bib = data_copy / "references.bib"
    text = bib.read_text(encoding="utf-8")
    match = re.search(r"@\w+\{([^,]+),(?:(?!\n@).)*?url\s*=\s*\{([^}]*)\}", text, re.S)
    key, url = match.group(1), match.group(2)
    bib.write_text(text.replace(url, "javascript:alert(1)", 1), encoding="utf-8")
    line = text[: match.start()].count("\n") + 1
    with pytest.raises(data.DataError) as caught:
        data.reference_url(key)
    assert str(caught.value) == (
        f"data/references.bib, line {line}, id {key!r}, column 'url': 'javascript:alert(1)' "
        "is not an http:// or https:// address; a link must be one"
    )


def test_a_url_column_accepts_only_http_addresses():
    field = {"name": "source_url", "type": "string"}
    data._check_url_cell(Path("x.csv"), 3, "row", field, "https://example.org/")
    with pytest.raises(data.DataError, match=r"data/x.csv, line 3, id 'row', column 'source_url'"):
        data._check_url_cell(Path("x.csv"), 3, "row", field, "javascript:alert(1)")


def test_a_line_separator_inside_a_cell_does_not_split_the_row(data_copy):
    path = data_copy / "events.csv"
    rows = path.read_text(encoding="utf-8").split("\n")
    header = rows[0].split(",")
    import csv
    import io

    cells = next(csv.reader(io.StringIO(rows[1])))
    cells[header.index("note")] = "before\u2028after\u2029end"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    rows[1] = buffer.getvalue().rstrip("\n")
    path.write_text("\n".join(rows), encoding="utf-8")
    events = data.load_events().set_index("id")
    assert events.loc[cells[0], "note"] == "before\u2028after\u2029end"


# --- The quiz bank's exports and saved answers ----------------------------------------------


def _hostile_bank() -> quiz.Bank:
    source = sorted(data.reference_keys())[0]
    options = [quiz.Option("a", HOSTILE[0], HOSTILE[1]), quiz.Option("b", HOSTILE[4], "")]
    questions = [
        quiz.Question("q-one", "single", HOSTILE[3], 1, [source], HOSTILE[2], options=options),
        quiz.Question("q-two", "truefalse", HOSTILE[1], 1, [source], HOSTILE[0], answer=True),
    ]
    questions[0].answer = "a"
    return quiz.Bank("hostile", Path("hostile.yml"), "book/intro", HOSTILE[0], questions)


def test_moodle_xml_carries_bank_text_as_escaped_html():
    root = ET.fromstring(lms.to_moodle_xml([_hostile_bank()]).split("\n", 1)[1])
    for element in root.iter("text"):
        shown = element.text or ""
        assert "<script" not in shown and "<img" not in shown and "<b " not in shown
    prompts = [q.findtext("questiontext/text") for q in root.iter("question")][1:]
    assert prompts[0] == f"<p>{html.escape(HOSTILE[3])}</p>"


def test_gift_marks_text_as_html_and_escapes_it():
    gift = lms.to_gift([_hostile_bank()])
    assert "<script" not in gift and "<img" not in gift and "<b " not in gift
    assert "::q-one::[html]&lt;/script&gt;&lt;script&gt;alert('close')&lt;/script&gt; {" in gift


def test_the_quiz_key_in_a_page_is_script_safe():
    page = quiz.to_html(_hostile_bank(), lambda key: "https://example.org/")
    key = re.search(r'<script type="application/json" class="hq-key">(.*?)</script>', page, re.S)
    assert page.count("</script") == 1 and not re.search("[<>&]", key.group(1))
    assert json.loads(key.group(1))["q-one"]["feedback"] == HOSTILE[2]


def _saved(tmp_path, record) -> Path:
    path = tmp_path / "quiz-answers-x.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def test_saved_answers_are_read_back_as_data_only(tmp_path):
    record = {
        "quiz": "01-policy",
        "title": HOSTILE[0],
        "saved": "__import__('os').system('echo pwned')",
        "correct": 1,
        "questions": 2,
        "answers": {"q-one": {"response": HOSTILE[1], "status": "incorrect"}},
    }
    saved = answers.read_saved_answers(_saved(tmp_path, record))
    assert saved.saved == record["saved"] and saved.answers == record["answers"]
    table = answers.summary_html([saved])
    assert "<script" not in table and html.escape(HOSTILE[0]) in table


@pytest.mark.parametrize(
    "change, message",
    [
        ({"quiz": "<script>"}, "field 'quiz': '<script>' is not allowed here"),
        ({"correct": "1"}, "field 'correct': must be int, not str"),
        ({"answers": {"q-one": {"response": {"a": 1}, "status": "correct"}}}, "answers.q-one"),
        ({"answers": {"q-one": {"response": "x", "status": "eval"}}}, "status must be one of"),
    ],
)
def test_a_malformed_answers_file_is_refused_by_field(tmp_path, change, message):
    record = {"quiz": "q", "title": "t", "saved": "s", "correct": 0, "questions": 1}
    record |= {"answers": {}} | change
    with pytest.raises(answers.AnswersError, match=re.escape(message)):
        answers.read_saved_answers(_saved(tmp_path, record))


# --- The page policy --------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head>
<meta charset="utf-8" />
<script data-cfasync="false">document.documentElement.dataset.mode = "auto";</script>
<script src="_static/x.js"></script>
</head><body><button onclick="toggleFullScreen()">full</button>
{begin}<p>text</p><script>alert('injected')</script><script type="application/json">{{"a": 1}}</script>{end}
<script>DOCUMENTATION_OPTIONS.pagename = 'x';</script></body></html>"""


def test_the_policy_hashes_only_the_scripts_outside_the_content():
    begin, end = pagesecurity.content_markers("token")
    secured, problems = pagesecurity.secure_page(PAGE.format(begin=begin, end=end), "token")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)" />', secured)
    assert secured.index(meta.group(0)) < secured.index("<script")  # before every script
    policy = dict(part.split(" ", 1) for part in meta.group(1).split("; "))
    expected = [
        pagesecurity.script_hash('document.documentElement.dataset.mode = "auto";'),
        pagesecurity.script_hash("DOCUMENTATION_OPTIONS.pagename = 'x';"),
    ]
    assert policy["script-src"] == " ".join(["'self'", *expected])
    assert pagesecurity.script_hash("alert('injected')") not in meta.group(1)
    assert "unsafe" not in policy["script-src"] and "unsafe-eval" not in meta.group(1)
    assert policy["object-src"] == "'none'" and policy["default-src"] == "'self'"
    assert problems and "alert('injected')" in problems[0]
    assert "hemisphere-content" not in secured
    assert 'data-hemisphere-action="fullscreen"' in secured and "onclick" not in secured
    # An already secured page is left alone; its content cannot be told apart any more.
    assert pagesecurity.secure_page(secured, "other") == (secured, [])


def test_a_script_hash_is_the_browsers():
    # The example of the CSP specification: sha256 of "alert('Hello, world.');".
    assert pagesecurity.script_hash("alert('Hello, world.');") == (
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    )

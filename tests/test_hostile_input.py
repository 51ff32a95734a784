"""Issue 15: nothing in data/, the .bib or the quiz banks can run in a reader's browser.

- The whole book is built once in a temporary copy whose every free-text column, every
  free-text field of every bank and one bibliography entry carry script-bearing strings;
  every page is opened in chromium: nothing runs, no `javascript:` link exists, no policy
  violation is reported (the escaping kept everything out), and the strings are shown as text.
- Foreign keys, ids, enumerations and other structural fields refuse the strings, naming the
  file, line or question, and field.
- A bad table, bank or .bib entry ends the build with its message alone.
- With the escaping switched off (a test-only switch), a one-page book shows that the pages'
  Content-Security-Policy blocks an injected inline script on its own.

Content checks (word counts, chapter prose) do not apply to the hostile copy.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import build_copy, copy_sources, draw_every_chart, serve

from hemisphere.book import toc_docnames
from hemisphere.safetext import TEST_ONLY_UNESCAPED_GLUE

ROOT = Path(__file__).resolve().parent.parent

#: Each form the issue names. A payload that ran would open a dialog, set window.__xss or
#: request a "xss-beacon" address, all of which the browser test watches for.
PAYLOADS = [
    "<script>window.__xss='script';alert('xss')</script>",
    "<img src=x onerror=\"window.__xss='img';alert('xss')\">",
    "javascript:alert('xss-js')",
    "</script><script>window.__xss='close';alert('xss')</script>",
    "[click me](javascript:alert('xss-md')) and <b onmouseover=alert('xss')>raw</b>"
    '<img src="/xss-beacon.png">',
    "{raw}`html` <!-- ```{raw} html",
    "right\u202eto-left, zero\u200bwidth\u200d and line\u2028separator",
    "long " + "x" * 1500,
]
#: Braces, backslashes and LaTeX's specials have meanings in BibTeX: the entry gets these.
BIB_PAYLOAD = (
    "<script>window.__xss='bib';alert('xss')</script> <img src=x onerror=\"alert('xss')\"> "
    "</script><script>alert('xss')</script>"
)
SHOWN = "<script>window.__xss='script';alert('xss')</script>"

BANK_TEXT_FIELDS = ("prompt", "feedback", "unit")
BANK_LIST_FIELDS = ("options", "statements", "items")


def free_text_columns(package: dict) -> dict[str, list[str]]:
    """Per table: string columns with no enum or pattern that are no key (the rest are
    structural: ids, enumerations, keys, dates, source keys, country codes)."""
    columns = {}
    for resource in package["resources"]:
        schema = resource.get("schema")
        if not schema:
            continue
        keys = {key["fields"] for key in schema.get("foreignKeys", [])} | set(schema["primaryKey"])
        columns[resource["path"]] = [
            field["name"]
            for field in schema["fields"]
            if field.get("type", "string") == "string"
            and not {"enum", "pattern"} & set(field.get("constraints", {}))
            and field["name"] not in keys
        ]
    return columns


#: A valid row for each table that may hold only its header (data/errata.csv until a
#: correction is made), so that its cells can carry payloads too.
EMPTY_TABLE_ROWS = {
    "errata.csv": ["fix-1", "2026-03-01", "book/glossary", "A correction.", "osawa2026essay"]
}


def _table_rows(path: Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    if len(rows) == 1 and path.name in EMPTY_TABLE_ROWS:
        rows.append(list(EMPTY_TABLE_ROWS[path.name]))
    return rows


def inject_tables(data_dir: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Append a payload to every free-text cell (filling empty ones); return the new cells."""
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    written = {}
    for path, columns in free_text_columns(package).items():
        rows = _table_rows(data_dir / path)
        header = rows[0]
        written[path] = {}
        for number, row in enumerate(rows[1:]):
            if not row:
                continue
            for offset, column in enumerate(columns):
                index = header.index(column)
                payload = PAYLOADS[(number + offset) % len(PAYLOADS)]
                row[index] = f"{row[index]} {payload}" if row[index] else payload
                written[path].setdefault(row[0], {})[column] = row[index]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        (data_dir / path).write_text(buffer.getvalue(), encoding="utf-8")
    return written


def inject_banks(bank_dir: Path) -> dict[str, dict]:
    """Append a payload to every free-text field of every bank; return the banks as written."""
    written = {}
    for path in sorted(bank_dir.glob("*.yml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        count = 0

        def hostile(text: str) -> str:
            nonlocal count
            count += 1
            # In front, so feedback still ends as the sentence the loader asks for.
            return f"{PAYLOADS[count % len(PAYLOADS)]} {text}" if text else PAYLOADS[0]

        bank["title"] = hostile(bank["title"])
        for question in bank["questions"]:
            for field in BANK_TEXT_FIELDS:
                if field in question:
                    question[field] = hostile(question[field])
            for field in BANK_LIST_FIELDS:
                for entry in question.get(field, []):
                    for key in ("text", "feedback"):
                        if key in entry or key == "text":
                            entry[key] = hostile(entry.get(key, ""))
        path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written[path.stem] = bank
    return written


def inject_bibliography(bib: Path) -> str:
    """The payload appended to the title of the first entry; returns its key."""
    text = bib.read_text(encoding="utf-8")
    match = re.search(r"@\w+\{([^,\s]+),(?:(?!\n@).)*?\btitle\s*=\s*\{", text, re.S)
    bib.write_text(text[: match.end()] + BIB_PAYLOAD + " " + text[match.end() :], encoding="utf-8")
    return match.group(1)


WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    {directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample || ''}));
"""
JAVASCRIPT_LINKS = """() => Array.from(document.querySelectorAll('*')).flatMap(e =>
    ['href', 'xlink:href', 'src', 'action', 'formaction'].map(a => e.getAttribute(a) || ''))
    .filter(v => /^\\s*javascript:/i.test(v.replace(/[\\u0000-\\u0020]/g, '')))"""
INJECTED_ELEMENTS = """() => document.querySelectorAll(
    'article img[src="x"], article b[onmouseover], article iframe, article script:not([type])' +
    ':not([src])').length"""


class Watched:
    """A page opened with everything a payload could do recorded."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.beacons: list[str] = []
        self.page.on("dialog", self._on_dialog)
        self.page.on("request", lambda r: "xss-beacon" in r.url and self.beacons.append(r.url))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def ran(self) -> dict:
        return {
            "dialogs": self.dialogs,
            "beacons": self.beacons,
            "global": self.page.evaluate(
                "typeof window.__xss === 'undefined' ? null : window.__xss"
            ),
        }

    def violations(self) -> list[dict]:
        return self.page.evaluate("window.__violations")

    def close(self):
        self.context.close()


# --- The whole book with hostile data --------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    copy = copy_sources(tmp_path_factory.mktemp("hostile"))
    cells = inject_tables(copy / "data")
    banks = inject_banks(copy / "exercises" / "quizzes")
    bib_key = inject_bibliography(copy / "data" / "references.bib")
    result = build_copy(copy)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-6000:]
    server, url = serve(copy / "_build" / "html")
    yield {"copy": copy, "url": url, "cells": cells, "banks": banks, "bib": bib_key, "log": log}
    server.shutdown()


#: Sphinx's smartquotes set prose in typographic quotes and dashes; the text is the same.
TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _normal(text: str) -> str:
    text = text.translate(TYPOGRAPHY).replace("\u2013", "--").replace("\u2014", "---")
    return " ".join(re.sub("[\u2028\u2029]", " ", text).split())


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.slow
def test_hostile_data_never_runs_and_is_shown_as_text(hostile_book, browser):
    copy, url = hostile_book["copy"], hostile_book["url"]
    pages = [*toc_docnames(copy / "_toc.yml"), "search", "genindex"]
    texts, problems = {}, {}
    for docname in pages:
        watched = Watched(browser, f"{url}/{docname}.html")
        try:
            page = watched.page
            draw_every_chart(page)  # a chart is drawn (and its text written) when scrolled near
            if docname == "book/01_policy_at_a_glance":
                # A tooltip shows data text too: hover a point of the timeline.
                point = page.locator('[id^="altair-viz"] svg g.mark-symbol.role-mark > path').first
                point.hover(force=True)
                tooltip = page.locator("#vg-tooltip-element")
                tooltip.wait_for(state="visible")
                texts["tooltip"] = _normal(tooltip.inner_text())
                assert tooltip.locator("img, script, b, a").count() == 0
            found = {
                **watched.ran(),
                "violations": watched.violations(),
                "javascript links": page.evaluate(JAVASCRIPT_LINKS),
                "injected elements": page.evaluate(INJECTED_ELEMENTS),
            }
            if any(found.values()):
                problems[docname] = found
            texts[docname] = _normal(
                page.evaluate("(document.querySelector('article') || document.body).textContent")
            )
            texts[docname + " svg"] = _normal(
                " ".join(page.locator('[id^="altair-viz"] svg text').all_text_contents())
            )
        finally:
            watched.close()
    assert problems == {}

    # Shown as text where shown: glued names (countries.csv, Rubio's first trip), a table of
    # events (title), the comparison's cells drawn in a chart (corollaries.csv summary), a
    # quiz's prompt, and the bibliography entry on the references page.
    name = hostile_book["cells"]["countries.csv"]["PAN"]["name_en"]
    assert _normal(name) in texts["book/01_policy_at_a_glance"]
    for event in ("rubio-first-trip", "nss-2025"):
        title = hostile_book["cells"]["events.csv"][event]["title"]
        assert _normal(title) in texts["book/01_policy_at_a_glance"], event
    assert (
        "<script>" in texts["book/03_donroe_doctrine svg"]
        or "<img" in texts["book/03_donroe_doctrine svg"]
    )
    prompt = hostile_book["banks"]["01_policy_at_a_glance"]["questions"][0]["prompt"]
    assert _normal(prompt) in texts["book/01_policy_at_a_glance"]
    assert "<script>window.__xss='bib';alert('xss')</script>" in texts["book/references"]
    assert any(p in texts["tooltip"] for p in ("<script>", "<img", "javascript:", "{raw}")) or (
        "xxxxxxxx" in texts["tooltip"] or "\u202e" in texts["tooltip"]
    )
    every = " ".join(texts.values())
    for payload in PAYLOADS[:5]:
        assert _normal(payload) in every, payload


# --- Structural fields refuse the strings ------------------------------------------------------


def _structural_columns(package: dict) -> list[tuple[str, str]]:
    free = free_text_columns(package)
    return [
        (resource["path"], field["name"])
        for resource in package["resources"]
        if resource.get("schema")
        for field in resource["schema"]["fields"]
        if field["name"] not in free[resource["path"]]
    ]


STRUCTURAL = _structural_columns(json.loads((ROOT / "data" / "datapackage.json").read_text()))


@pytest.mark.parametrize("path, column", STRUCTURAL, ids=[f"{p}:{c}" for p, c in STRUCTURAL])
def test_a_structural_column_refuses_a_payload_naming_file_line_and_column(
    tmp_path, monkeypatch, path, column
):
    from hemisphere import data

    shutil.copytree(ROOT / "data", tmp_path / "data")
    target = tmp_path / "data" / path
    rows = _table_rows(target)
    rows[1][rows[0].index(column)] = PAYLOADS[1]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    target.write_text(buffer.getvalue(), encoding="utf-8")
    monkeypatch.setenv("HEMISPHERE_DATA", str(tmp_path / "data"))
    data.clear_cache()
    try:
        with pytest.raises(data.DataError) as caught:
            for resource in data._package(data.data_dir())["resources"]:
                if resource.get("schema"):
                    data.read_table(resource["name"])
            data.load_countries()
    finally:
        monkeypatch.undo()
        data.clear_cache()
    message = str(caught.value)
    assert message.startswith(f"data/{path}, line 2"), message
    assert f"column {column!r}" in message or "column" not in message and column == "id"


@pytest.mark.parametrize(
    "field, where",
    [
        ("id", "field 'id'"),
        ("type", "field 'type'"),
        ("answer", "field 'answer'"),
        ("objective", "field 'objective'"),
        ("sources", "field 'sources'"),
    ],
)
def test_a_banks_structural_field_refuses_a_payload(tmp_path, monkeypatch, field, where):
    from hemisphere import quiz

    bank = yaml.safe_load(
        (ROOT / "exercises" / "quizzes" / "01_policy_at_a_glance.yml").read_text(encoding="utf-8")
    )
    question = bank["questions"][0]
    question[field] = [PAYLOADS[0]] if field == "sources" else PAYLOADS[0]
    (tmp_path / "hostile.yml").write_text(yaml.safe_dump(bank), encoding="utf-8")
    monkeypatch.setenv("HEMISPHERE_QUIZZES", str(tmp_path))
    quiz.clear_cache()
    try:
        with pytest.raises(quiz.QuizError) as caught:
            quiz.load_bank("hostile")
    finally:
        monkeypatch.undo()
        quiz.clear_cache()
    message = str(caught.value)
    assert message.startswith("exercises/quizzes/hostile.yml"), message
    assert where in message
    if field != "id":
        assert f"question {question['id']!r}" in message


# --- A bad input ends the build with its message alone --------------------------------------


def _break_csv(copy: Path) -> str:
    path = copy / "data" / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",day,", ",<script>,", 1), encoding="utf-8")
    return "data/events.csv, line 2, id "


def _break_bank(copy: Path) -> str:
    path = copy / "exercises" / "quizzes" / "01_policy_at_a_glance.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  type: multiple\n", "  type: <script>\n", 1), encoding="utf-8")
    return "exercises/quizzes/01_policy_at_a_glance.yml, question 'c1-three-aims', field 'type'"


def _break_bib(copy: Path) -> str:
    path = copy / "data" / "references.bib"
    text = path.read_text(encoding="utf-8")
    url = re.search(r"\burl\s*=\s*\{([^}]*)\}", text).group(1)
    path.write_text(text.replace(url, "javascript:alert(1)", 1), encoding="utf-8")
    return "data/references.bib, line "


@pytest.mark.build
@pytest.mark.parametrize("breaker", [_break_csv, _break_bank, _break_bib])
def test_a_bad_input_ends_the_build_with_its_message_alone(tmp_path, breaker):
    copy = copy_sources(tmp_path)
    where = breaker(copy)
    result = build_copy(copy)
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert result.returncode != 0
    assert where in log, log[-3000:]
    assert "Traceback" not in log and "RuntimeError" not in log, log[-3000:]
    assert "The book was not built" in log
    assert not (copy / "_build" / ".jupyter_cache").exists(), "no notebook was executed"


# --- The policy on its own, with the escaping off ---------------------------------------------


@pytest.mark.build
@pytest.mark.browser
def test_the_policy_blocks_an_injected_script_with_the_escaping_off(tmp_path, browser):
    """The test-only switch glues data text unescaped: the script reaches the page as an
    element, and the Content-Security-Policy alone keeps it from running."""
    copy = copy_sources(tmp_path)
    (copy / "_toc.yml").write_text("format: jb-book\nroot: book/01_policy_at_a_glance\n")
    # Panama's name is glued into chapter 1's prose (the countries of Rubio's first trip).
    countries = copy / "data" / "countries.csv"
    rows = list(csv.reader(io.StringIO(countries.read_text(encoding="utf-8"), newline="")))
    name = rows[0].index("name_en")
    row = next(row for row in rows if row and row[0] == "PAN")
    row[name] = (
        "<script>window.__xss='script';alert('xss')</script>"
        "<img src=x onerror=\"window.__xss='img';alert('xss')\">"
    )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    countries.write_text(buffer.getvalue(), encoding="utf-8")
    result = build_copy(copy, strict=False, **{TEST_ONLY_UNESCAPED_GLUE: "1"})
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert result.returncode == 0, log[-4000:]
    # The build saw the script in the page's content and said it will be blocked.
    assert "an inline script in the page's content is blocked" in log

    server, url = serve(copy / "_build" / "html")
    watched = Watched(browser, f"{url}/book/01_policy_at_a_glance.html")
    try:
        page = watched.page
        # The escaping was off: the payload is in the page as elements...
        assert page.locator("article script:not([type]):not([src])").count() >= 1
        assert page.locator('article img[src="x"]').count() >= 1
        # ...and nothing ran: the policy blocked both, and said so.
        assert watched.ran() == {"dialogs": [], "beacons": [], "global": None}
        directives = {v["directive"] for v in watched.violations()}
        assert {"script-src-elem", "script-src-attr"} <= directives, watched.violations()
        # The rest of the page still works under the same policy: its charts draw.
        page.locator('[id^="altair-viz"]').first.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => document.querySelectorAll('[id^=\"altair-viz\"] svg').length > 0"
        )
    finally:
        watched.close()
        server.shutdown()

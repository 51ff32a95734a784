"""The LMS exports of the quiz bank (Moodle XML, GIFT, QTI 1.2): their structure, their
escaping, the same ids in every format, and marking: each export, scored by its format's
documented rules, gives full marks exactly where the book's own checker says right."""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET

import pytest
import quiz_cases
from quiz_cases import CASES, GOOD

from hemisphere import quiz
from hemisphere.lang import html_text
from hemisphere.quiz import lms


@pytest.fixture
def bank_folder(tmp_path, monkeypatch):
    yield from quiz_cases.bank_folder(tmp_path, monkeypatch)


QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


# --- Bank text in the exports ----------------------------------------------------------


def test_hostile_text_is_escaped_in_the_qti_package(bank_folder):
    hostile = GOOD.replace("prompt: Which?", "prompt: '<script>alert(1)</script>'").replace(
        "{id: b, text: Second,", "{id: b, text: '<img src=x onerror=alert(2)>',"
    )
    (bank_folder / "hostile.yml").write_text(hostile, encoding="utf-8")
    root = ET.fromstring(lms.to_qti_assessment(quiz.load_bank("hostile")))
    texts = [m.text for m in root.iter(f"{QTI}mattext")]
    assert all(m.get("texttype") == "text/html" for m in root.iter(f"{QTI}mattext"))
    assert not any("<script" in t or "<img" in t for t in texts)
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in texts


def test_japanese_in_the_lms_exports_is_marked_as_japanese(bank_folder):
    marked = GOOD.replace("prompt: Which?", "prompt: Which reading of 見せしめ?")
    (bank_folder / "marked.yml").write_text(marked, encoding="utf-8")
    bank = quiz.load_bank("marked")
    qti_texts = [m.text for m in ET.fromstring(lms.to_qti_assessment(bank)).iter(f"{QTI}mattext")]
    moodle_texts = [t.text or "" for t in ET.fromstring(lms.to_moodle_xml([bank])).iter("text")]
    for texts in (qti_texts, moodle_texts):
        assert any('<span lang="ja">見せしめ</span>' in t for t in texts), texts


# --- The exports' structure -----------------------------------------------------------


def test_moodle_xml_has_the_structure_moodle_imports():
    banks = quiz.load_banks()
    root = ET.fromstring(lms.to_moodle_xml(banks))
    assert root.tag == "quiz"
    questions = root.findall("question")
    categories = [q for q in questions if q.get("type") == "category"]
    assert len(categories) == len(banks)
    assert categories[0].find("category/text").text.startswith("$course$/Western Hemisphere/")
    real = [q for q in questions if q.get("type") != "category"]
    assert len(real) == sum(len(b.questions) for b in banks)
    allowed = {"multichoice", "truefalse", "matching", "numerical"}
    for element in real:
        assert element.get("type") in allowed
        assert element.find("name/text").text
        assert element.find("questiontext").get("format") == "html"
        assert element.find("generalfeedback/text").text.startswith("<p>")
        if element.get("type") == "multichoice":
            fractions = [float(a.get("fraction")) for a in element.findall("answer")]
            assert abs(sum(f for f in fractions if f > 0) - 100) < 0.01
        if element.get("type") == "matching":
            subs = element.findall("subquestion")
            assert len(subs) >= 3, "Moodle needs at least three answers in a matching question"
        if element.get("type") == "numerical":
            assert element.find("answer/tolerance") is not None


def test_gift_export_parses_with_a_gift_parser():
    from pygiftparser import parser

    banks = quiz.load_banks()
    text = lms.to_gift(banks)
    gift = parser.parse(text)
    assert len(gift.questions) == sum(len(b.questions) for b in banks)
    names = {q.name for q in gift.questions}
    assert {"c1-three-aims", "c4-designations-latin", "c6-ports-order"} <= names
    kinds = {type(q.answer).__name__ for q in gift.questions}
    assert {
        "MultipleChoiceRadio",
        "MultipleChoiceCheckbox",
        "TrueFalse",
        "Matching",
        "Numerical",
    } <= kinds


def test_gift_escapes_special_characters():
    assert lms.gift_escape("a: b = {c} ~d #e") == "a\\: b \\= \\{c\\} \\~d \\#e"


def test_the_export_command_writes_every_format(tmp_path):
    written = lms.export(tmp_path)
    assert sorted(p.name for p in written) == [
        "quiz-bank.gift",
        "quiz-bank.moodle.xml",
        "quiz-bank.qti.zip",
    ]
    assert all(p.stat().st_size > 1000 for p in written)


# QTI 1.2: the package's structure, and its response processing run by a small evaluator.


@functools.cache
def _qti_package() -> dict[str, ET.Element]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(lms.to_qti_zip(quiz.load_banks()))) as package:
        return {name: ET.fromstring(package.read(name)) for name in package.namelist()}


def test_qti_package_has_a_manifest_and_one_quiz_per_chapter():
    package = _qti_package()
    banks = quiz.load_banks()
    manifest = package.pop("imsmanifest.xml")
    namespace = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
    hrefs = [r.get("href") for r in manifest.iter(f"{namespace}resource")]
    assert all(r.get("type") == "imsqti_xmlv1p2" for r in manifest.iter(f"{namespace}resource"))
    assert sorted(hrefs) == sorted(package), "the manifest lists exactly the files in the package"
    assert len(package) == len(banks)
    items = [item for root in package.values() for item in root.iter(f"{QTI}item")]
    assert len(items) == sum(len(b.questions) for b in banks)
    assert len({item.get("ident") for item in items}) == len(items)
    kinds = {
        field.findtext(f"{QTI}fieldentry")
        for field in package[hrefs[0]].iter(f"{QTI}qtimetadatafield")
        if field.findtext(f"{QTI}fieldlabel") == "question_type"
    }
    assert kinds <= set(lms.QTI_TYPES.values())


def _qti_item(bank_name: str, question_id: str) -> ET.Element:
    ident = f"hemisphere-{bank_name}"
    root = _qti_package()[f"{ident}/{ident}.xml"]
    return next(i for i in root.iter(f"{QTI}item") if i.get("ident") == question_id)


def _holds(condition: ET.Element, responses: dict[str, list[str]]) -> bool:
    tag = condition.tag.removeprefix(QTI)
    given = responses.get(condition.get("respident"), [])
    if tag == "varequal":
        return condition.text in given
    if tag in ("vargte", "varlte"):
        numbers = [float(v) for v in given if re.fullmatch(r"-?\d+(\.\d+)?", v)]
        bound = float(condition.text)
        return any(n >= bound if tag == "vargte" else n <= bound for n in numbers)
    children = [_holds(child, responses) for child in condition]
    return {
        "conditionvar": all,
        "and": all,
        "or": any,
        "not": lambda c: not c[0],
        "other": lambda c: True,
    }[tag](children)


def qti_score(item: ET.Element, responses: dict[str, list[str]]) -> float:
    """Run an item's resprocessing as QTI 1.2 defines it: Set and Add on SCORE, stop at continue=No."""
    score = 0.0
    for condition in item.iter(f"{QTI}respcondition"):
        if not _holds(condition.find(f"{QTI}conditionvar"), responses):
            continue
        for setvar in condition.findall(f"{QTI}setvar"):
            value = float(setvar.text)
            score = value if setvar.get("action") == "Set" else score + value
        if condition.get("continue") == "No":
            break
    return score


def _qti_responses(question, item: ET.Element, response) -> dict[str, list[str]]:
    """A response as quiz.check takes it, as the idents a QTI player would send."""
    if question.type == "truefalse":
        return {"response1": ["true" if response else "false"]}
    if question.type in ("single", "numeric"):
        return {"response1": [str(response).strip()]}
    if question.type == "multiple":
        return {"response1": list(response)}
    labels = {}  # for each list (statement or item), the ident of each match by its text
    for lid in item.iter(f"{QTI}response_lid"):
        labels[lid.get("ident")] = {
            html.unescape(label.findtext(f".//{QTI}mattext")): label.get("ident")
            for label in lid.iter(f"{QTI}response_label")
        }
    if question.type == "classify":
        chosen = [response[s.id] for s in question.statements]
    else:  # order: each item, in the key's order, gets the position the student gave it
        chosen = [lms.POSITIONS[response.index(oid)] for oid in question.answer]
    return {f"response{i}": [labels[f"response{i}"][match]] for i, match in enumerate(chosen, 1)}


@pytest.mark.parametrize(
    "bank_name, question_id, response, status, _message",
    [case for case in CASES if case[3] != "invalid"],
)
def test_qti_marks_like_python(bank_name, question_id, response, status, _message):
    question = next(q for q in quiz.load_bank(bank_name).questions if q.id == question_id)
    assert quiz.check(question, response).status == status
    item = _qti_item(bank_name, question_id)
    score = qti_score(item, _qti_responses(question, item, response))
    assert (abs(score - 100) < 0.01) == (status == "correct"), score


def test_every_qti_item_gives_full_marks_to_its_key():
    for bank in quiz.load_banks():
        for question in bank.questions:
            key = f"{question.answer:g}" if question.type == "numeric" else question.answer
            item = _qti_item(bank.name, question.id)
            assert abs(qti_score(item, _qti_responses(question, item, key)) - 100) < 0.01, (
                question.id
            )
            assert "Sources:" in item.find(f"{QTI}itemfeedback").findtext(f".//{QTI}mattext")


# --- The three exports mark as the book does --------------------------------------------
# No LMS runs here: each export is marked by its format's documented rules. Moodle
# (XML and GIFT): a multichoice question scores the sum of the chosen answers' fractions,
# kept between 0 and 100; a matching question gives credit per subquestion (one with no
# text is an extra answer, never scored); a numerical answer scores within its tolerance.
# QTI: the item's resprocessing (qti_score above).


def _response_texts(question, response) -> dict:
    """A response as the texts a student would pick: option texts, or statement → match."""
    if question.type in ("single", "multiple"):
        chosen = [response] if question.type == "single" else list(response)
        return {"options": [o.text for o in question.options if o.id in chosen]}
    if question.type == "classify":
        return {"pairs": {s.text: response[s.id] for s in question.statements}}
    if question.type == "order":
        texts = {o.id: o.text for o in question.options}
        return {"pairs": {texts[oid]: lms.POSITIONS[i] for i, oid in enumerate(response)}}
    return {"value": response}


@functools.cache
def _moodle_questions() -> dict[str, ET.Element]:
    root = ET.fromstring(lms.to_moodle_xml(quiz.load_banks()))
    return {
        q.findtext("idnumber"): q for q in root.findall("question") if q.get("type") != "category"
    }


def moodle_score(element: ET.Element, question, response) -> float:
    given = _response_texts(question, response)
    kind = element.get("type")
    if kind == "multichoice":
        fractions = {
            html.unescape(a.findtext("text")): float(a.get("fraction"))
            for a in element.findall("answer")
        }
        return min(max(sum(fractions[text] for text in given["options"]), 0), 100)
    if kind == "truefalse":
        word = "true" if response else "false"
        return next(
            float(a.get("fraction"))
            for a in element.findall("answer")
            if a.findtext("text") == word
        )
    if kind == "matching":
        scored = [s for s in element.findall("subquestion") if s.findtext("text")]
        right = sum(
            given["pairs"][html.unescape(s.findtext("text"))] == s.findtext("answer/text")
            for s in scored
        )
        return 100 * right / len(scored)
    value, _ = quiz.parse_number(given["value"])
    answer = element.find("answer")
    ok = abs(value - float(answer.findtext("text"))) <= float(answer.findtext("tolerance"))
    return 100.0 if ok else 0.0


def _gift_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.strip())


@functools.cache
def _gift_questions() -> dict:
    from pygiftparser import parser

    return {q.name: q for q in parser.parse(lms.to_gift(quiz.load_banks())).questions}


def gift_score(parsed, question, response) -> float:
    given = _response_texts(question, response)
    kind = type(parsed.answer).__name__
    options = parsed.answer.options
    if kind in ("MultipleChoiceRadio", "MultipleChoiceCheckbox"):
        weights = {}
        for option in options:
            # The parser drops decimal weights (%33.33333%), which Moodle reads: parse them here.
            mark, weight, text = re.fullmatch(
                r"([~=])(?:%(-?[\d.]+)%)?(.*)", option.raw_text
            ).groups()
            default = 1.0 if mark == "=" else 0.0
            weights[_gift_unescape(text)] = float(weight) / 100 if weight else default
        return 100 * min(max(sum(weights[text] for text in given["options"]), 0), 1)
    if kind == "TrueFalse":
        return 100.0 if (options[0].text.lower() == "true") == response else 0.0
    if kind == "Matching":
        pairs = [option.text.split(" -> ", 1) for option in options]
        scored = [(left, right) for left, right in pairs if left.strip()]
        right = sum(
            given["pairs"][_gift_unescape(left)] == _gift_unescape(match) for left, match in scored
        )
        return 100 * right / len(scored)
    value, _ = quiz.parse_number(given["value"])
    answer, tolerance = options[0].text.split(":")
    return 100.0 if abs(value - float(answer)) <= float(tolerance) else 0.0


MARKED_CASES = [case for case in CASES if case[3] != "invalid"]


@pytest.mark.parametrize("bank_name, question_id, response, status, _message", MARKED_CASES)
def test_the_three_exports_give_full_marks_exactly_where_the_book_says_right(
    bank_name, question_id, response, status, _message
):
    question = next(q for q in quiz.load_bank(bank_name).questions if q.id == question_id)
    assert quiz.check(question, response).status == status
    scores = {
        "Moodle XML": moodle_score(_moodle_questions()[question_id], question, response),
        "GIFT": gift_score(_gift_questions()[question_id], question, response),
    }
    item = _qti_item(bank_name, question_id)
    scores["QTI"] = qti_score(item, _qti_responses(question, item, response))
    for export, score in scores.items():
        assert (abs(score - 100) < 0.01) == (status == "correct"), (export, score)
    if question.type in ("classify", "order"):
        # Documented difference: matching gives credit per pair, the book all or nothing.
        rows = question.statements or question.options
        given = response if question.type == "classify" else None
        right = (
            sum(given[s.id] == question.answer[s.id] for s in rows)
            if given is not None
            else sum(a == b for a, b in zip(response, question.answer, strict=True))
        )
        for export, score in scores.items():
            assert abs(score - 100 * right / len(rows)) < 0.01, (export, score)


def test_every_export_gives_full_marks_to_every_key():
    for bank in quiz.load_banks():
        for question in bank.questions:
            key = f"{question.answer:g}" if question.type == "numeric" else question.answer
            if question.type == "classify":
                key = dict(question.answer)
            # Moodle stores fractions to five decimals: three answers at 33.33333 make 99.99999.
            assert (
                abs(moodle_score(_moodle_questions()[question.id], question, key) - 100) < 0.01
            ), question.id
            assert abs(gift_score(_gift_questions()[question.id], question, key) - 100) < 0.01, (
                question.id
            )


def test_ids_are_the_same_in_every_export_and_from_one_export_to_the_next():
    banks = quiz.load_banks()
    ids = [q.id for bank in banks for q in bank.questions]
    moodle = [
        q.findtext("idnumber")
        for q in ET.fromstring(lms.to_moodle_xml(banks)).findall("question")
        if q.get("type") != "category"
    ]
    gift = [q.name for q in parser_questions(lms.to_gift(banks))]
    qti = [
        item.get("ident") for root in _qti_package().values() for item in root.iter(f"{QTI}item")
    ]
    assert moodle == gift == ids and sorted(qti) == sorted(ids) and len(set(ids)) == len(ids)
    categories = [
        q.findtext("idnumber")
        for q in ET.fromstring(lms.to_moodle_xml(banks)).findall("question")
        if q.get("type") == "category"
    ]
    assert categories == [lms.assessment_ident(bank) for bank in banks]
    assert lms.to_moodle_xml(banks) == lms.to_moodle_xml(quiz.load_banks())
    assert lms.to_gift(banks) == lms.to_gift(quiz.load_banks())
    assert lms.to_qti_zip(banks) == lms.to_qti_zip(quiz.load_banks())


def parser_questions(text: str):
    from pygiftparser import parser

    return parser.parse(text).questions


def test_every_category_survives_in_every_export_even_one_no_statement_has():
    unused = []
    for bank in quiz.load_banks():
        for question in bank.questions:
            if question.type != "classify":
                continue
            element = _moodle_questions()[question.id]
            offered = {s.findtext("answer/text") for s in element.findall("subquestion")}
            assert offered == set(question.categories), ("Moodle XML", question.id)
            parsed = _gift_questions()[question.id]
            offered = {_gift_unescape(o.text.split(" -> ", 1)[1]) for o in parsed.answer.options}
            assert offered == set(question.categories), ("GIFT", question.id)
            item = _qti_item(bank.name, question.id)
            for lid in item.iter(f"{QTI}response_lid"):
                offered = {
                    html.unescape(label.findtext(f".//{QTI}mattext"))
                    for label in lid.iter(f"{QTI}response_label")
                }
                assert offered == set(question.categories), ("QTI", question.id)
            unused += [c for c in question.categories if c not in question.answer.values()]
    assert "Neither" in unused, "no bank tests a category that no statement belongs to"


def test_per_statement_feedback_moves_into_the_general_feedback():
    question = next(q for q in quiz.load_bank("03_donroe_doctrine").questions if q.id == "c3-scope")
    note = next(s for s in question.statements if s.feedback)
    general = lms.general_feedback(question)
    assert f"“{note.text}”: {note.feedback}" in general
    assert html_text(f"“{note.text}”: {note.feedback}") in _moodle_questions()["c3-scope"].findtext(
        "generalfeedback/text"
    )
    assert "On each statement" in lms.to_gift(quiz.load_banks())
    qti_general = _qti_item("03_donroe_doctrine", "c3-scope").find(f"{QTI}itemfeedback")
    assert qti_general.findtext(f".//{QTI}mattext") == f"<p>{html_text(general)}</p>"


def test_qti_shows_each_options_own_feedback_when_chosen():
    question = next(
        q for q in quiz.load_bank("04_western_hemisphere").questions if q.id == "c4-homeland"
    )
    item = _qti_item("04_western_hemisphere", "c4-homeland")
    feedback = {
        f.get("ident"): f.findtext(f".//{QTI}mattext") for f in item.iter(f"{QTI}itemfeedback")
    }
    for option in question.options:
        if option.feedback:
            assert feedback[f"{option.id}_fb"] == f"<p>{html_text(option.feedback)}</p>"
            shown = [
                c
                for c in item.iter(f"{QTI}respcondition")
                if c.find(f"{QTI}displayfeedback") is not None
                and c.find(f"{QTI}displayfeedback").get("linkrefid") == f"{option.id}_fb"
            ]
            assert shown and _holds(shown[0].find(f"{QTI}conditionvar"), {"response1": [option.id]})


def test_every_chosen_option_shows_its_own_feedback_in_the_book_the_widget_and_the_exports(
    tmp_path,
):
    moodle = _moodle_questions()
    gift = lms.to_gift(quiz.load_banks())
    for bank in quiz.load_banks():
        page_key = quiz.to_html(bank, lambda key: "references.html").split('class="hq-key">', 1)[1]
        live = quiz.LiveQuiz(bank, tmp_path)
        qti = {
            i.get("ident"): i
            for i in _qti_package()[f"hemisphere-{bank.name}/hemisphere-{bank.name}.xml"].iter(
                f"{QTI}item"
            )
        }
        for question in bank.questions:
            if question.type not in ("single", "multiple"):
                continue
            answers = {
                a.findtext("text"): a.findtext("feedback/text")
                for a in moodle[question.id].findall("answer")
            }
            shown_in_qti = {
                f.get("ident"): f.findtext(f".//{QTI}mattext")
                for f in qti[question.id].iter(f"{QTI}itemfeedback")
            }
            for option in question.options:
                response = option.id if question.type == "single" else [option.id]
                assert option.feedback in quiz.check(question, response).details, option.id
                assert json_text(option.feedback) in page_key, (question.id, option.id)
                live.read[question.id] = lambda response=response: response  # as if ticked
                live.check(question.id)
                assert html_text(option.feedback) in live.feedback[question.id].value
                assert answers[html_text(option.text)] == html_text(option.feedback)
                assert f"#{lms.gift_escape(option.feedback)}" in gift
                assert shown_in_qti[f"{option.id}_fb"] == f"<p>{html_text(option.feedback)}</p>"


def json_text(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False).replace("</", "<\\/")

"""Export the quiz bank for a learning management system: Moodle XML, GIFT and QTI 1.2.

    python -m hemisphere.lms [--out DIR]      (or: make lms)

writes ``quiz-bank.moodle.xml`` and ``quiz-bank.gift`` with one category per
chapter, and ``quiz-bank.qti.zip`` (QTI 1.2, for Canvas Classic Quizzes) with one
quiz per chapter. Question types map onto Moodle's core types: single and multiple choice
to ``multichoice``, true/false to ``truefalse``, classification to ``matching``,
ordering to ``matching`` (each item matched to its position, since the ordering
question type is not in every Moodle), numeric to ``numerical``. Feedback goes
with each answer and as general feedback; sources are appended to the general
feedback.

Every question carries the same id in every format (Moodle XML ``idnumber``, GIFT
``::title::``, QTI item ``ident``): the bank's question id, so a re-import can be
matched to the question it replaces. Every category of a classify question is offered,
including one no statement belongs to (an extra answer in Moodle and GIFT, a choice in
QTI). Marking differs from the book's where the formats cannot follow it: matching
questions give credit per pair and hold no feedback per statement, so that feedback is
moved into the general feedback (see :func:`general_feedback`), and Moodle gives partial
credit on multiple-answer questions. Full marks go exactly to the answers the book marks
right; a test runs the book's cases through all three exports.
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from pathlib import Path

from . import data as _data
from .quiz import Bank, Question, load_banks

COURSE_CATEGORY = "Western Hemisphere"
POSITIONS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]


def category_path(bank: Bank) -> str:
    """Moodle's category for a bank. Moodle shows category names as HTML, so the bank's title
    is escaped; a '/' in it would start a subcategory, so it is doubled (Moodle's escape)."""
    from html import escape

    title = " ".join(escape(bank.title, quote=False).split()).replace("/", "//")
    return f"$course$/{COURSE_CATEGORY}/{title}"


def moodle_fraction(value: float) -> str:
    """A grade fraction as Moodle lists them (e.g. 33.33333, -50): five decimals at most."""
    return f"{round(value, 5):.5f}".rstrip("0").rstrip(".")


def question_ident(question: Question) -> str:
    """The id a question carries in every export; ids are unique across the banks."""
    return question.id


def general_feedback(question: Question) -> str:
    """The question's feedback, then (for classify and order, whose LMS form, matching, has no
    feedback per statement) each statement's own feedback, then the sources."""
    parts = [question.feedback]
    rows = question.statements if question.type == "classify" else []
    if question.type == "order":
        rows = question.options
    notes = [f"“{row.text}”: {row.feedback}" for row in rows if row.feedback]
    if notes:
        parts.append("On each statement: " + " ".join(notes))
    sources = "; ".join(_data.reference_label(key) for key in question.sources)
    return " ".join(parts) + f" Sources: {sources}."


def matching_pairs(question: Question) -> list[tuple[str, str]]:
    """A classify or order question as (prompt, right match) pairs: each statement to its
    category, or each item to its position (1st, 2nd, ...)."""
    if question.type == "classify":
        return [(s.text, question.answer[s.id]) for s in question.statements]
    return [
        (next(o.text for o in question.options if o.id == oid), POSITIONS[i])
        for i, oid in enumerate(question.answer)
    ]


def matching_choices(question: Question) -> list[str]:
    """Every answer a classify or order question offers: all its categories, including any
    that no statement belongs to (e.g. 'Neither'), or every position."""
    if question.type == "classify":
        return list(question.categories)
    return POSITIONS[: len(question.options)]


def _xml_document(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- Moodle XML ------------------------------------------------------------------------


def _text(parent: ET.Element, tag: str, value: str, *, html: bool = False) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = value
    return element


def _answer(parent, fraction: float, text: str, feedback: str = "") -> None:
    answer = ET.SubElement(
        parent, "answer", {"fraction": moodle_fraction(fraction), "format": "html"}
    )
    ET.SubElement(answer, "text").text = text
    fb = ET.SubElement(answer, "feedback", {"format": "html"})
    ET.SubElement(fb, "text").text = feedback


def _moodle_question(quiz: ET.Element, question: Question) -> None:
    # Moodle shows these fields as HTML: escaped, Japanese runs marked lang="ja".
    from .lang import html_text as escape

    kinds = {
        "single": "multichoice",
        "multiple": "multichoice",
        "truefalse": "truefalse",
        "classify": "matching",
        "order": "matching",
        "numeric": "numerical",
    }
    element = ET.SubElement(quiz, "question", {"type": kinds[question.type]})
    _text(element, "name", question.id)
    # Moodle's ID number: the same on every export, so an instructor can match a re-import.
    ET.SubElement(element, "idnumber").text = question_ident(question)
    # Moodle reads question text as HTML: escape it, so a bank's text is shown, never run.
    _text(element, "questiontext", f"<p>{escape(question.prompt)}</p>", html=True)
    _text(element, "generalfeedback", f"<p>{escape(general_feedback(question))}</p>", html=True)
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    if question.type in ("single", "multiple"):
        ET.SubElement(element, "single").text = "true" if question.type == "single" else "false"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "abc"
        right = [question.answer] if question.type == "single" else question.answer
        wrong_count = len(question.options) - len(right)
        for option in question.options:
            if option.id in right:
                fraction = 100 if question.type == "single" else 100 / len(right)
            else:
                fraction = 0 if question.type == "single" else -100 / max(wrong_count, 1)
            _answer(element, fraction, escape(option.text), escape(option.feedback))
    elif question.type == "truefalse":
        for value, word in ((True, "true"), (False, "false")):
            _answer(element, 100 if question.answer is value else 0, word)
    elif question.type in ("classify", "order"):
        ET.SubElement(element, "shuffleanswers").text = "true"
        pairs = matching_pairs(question)
        for prompt, answer in pairs:
            sub = ET.SubElement(element, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = escape(prompt)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = answer
        # A category no statement belongs to is an extra answer: a subquestion with no text.
        for extra in unused_choices(question, pairs):
            sub = ET.SubElement(element, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = ""
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = extra
    elif question.type == "numeric":
        answer = ET.SubElement(element, "answer", {"fraction": "100"})
        ET.SubElement(answer, "text").text = f"{question.answer:g}"
        ET.SubElement(answer, "tolerance").text = f"{question.tolerance:g}"
        fb = ET.SubElement(answer, "feedback", {"format": "html"})
        ET.SubElement(fb, "text").text = ""


def unused_choices(question: Question, pairs: list[tuple[str, str]]) -> list[str]:
    used = {match for _, match in pairs}
    return [choice for choice in matching_choices(question) if choice not in used]


def to_moodle_xml(banks: list[Bank]) -> str:
    quiz = ET.Element("quiz")
    for bank in banks:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        _text(category, "category", category_path(bank))
        ET.SubElement(category, "idnumber").text = assessment_ident(bank)
        for question in bank.questions:
            _moodle_question(quiz, question)
    return _xml_document(quiz)


# --- GIFT ------------------------------------------------------------------------------

GIFT_SPECIAL = "~=#{}:\\"


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters, and flatten newlines."""
    text = " ".join(str(text).split())
    return "".join(f"\\{char}" if char in GIFT_SPECIAL else char for char in text)


def gift_text(text: str) -> str:
    """Bank text for a GIFT question marked ``[html]``: HTML-escaped, then GIFT-escaped.

    Moodle's default GIFT text format lets HTML through; the question is marked as HTML and
    its text escaped, so a bank's text is shown, never run (escaped text reads the same in
    Moodle's own format, should an importer ignore the mark). ``->`` becomes ``-&gt;``, so
    a matching pair cannot be split inside a statement."""
    from html import escape

    return gift_escape(escape(str(text), quote=False))


def _gift_question(question: Question) -> str:
    name = f"::{gift_escape(question_ident(question))}::"
    prompt = "[html]" + gift_text(question.prompt)
    general = f"####{gift_text(general_feedback(question))}"
    if question.type in ("single", "multiple"):
        right = [question.answer] if question.type == "single" else question.answer
        lines = []
        for option in question.options:
            feedback = f"#{gift_text(option.feedback)}" if option.feedback else ""
            if question.type == "single":
                mark = "=" if option.id in right else "~"
            else:
                weight = (
                    100 / len(right)
                    if option.id in right
                    else -100 / max(len(question.options) - len(right), 1)
                )
                mark = f"~%{moodle_fraction(weight)}%"
            lines.append(f"\t{mark}{gift_text(option.text)}{feedback}")
        return f"{name}{prompt} {{\n" + "\n".join(lines) + f"\n\t{general}\n}}"
    if question.type == "truefalse":
        return f"{name}{prompt} {{{'TRUE' if question.answer else 'FALSE'}{general}}}"
    if question.type in ("classify", "order"):
        pairs = matching_pairs(question)
        lines = [f"\t={gift_text(a)} -> {gift_text(b)}" for a, b in pairs]
        # An extra answer (a category no statement belongs to) has no left-hand side.
        lines += [f"\t= -> {gift_text(extra)}" for extra in unused_choices(question, pairs)]
        return f"{name}{prompt} {{\n" + "\n".join(lines) + f"\n\t{general}\n}}"
    tolerance = f":{question.tolerance:g}"
    return f"{name}{prompt} {{#{question.answer:g}{tolerance}{general}}}"


def to_gift(banks: list[Bank]) -> str:
    blocks = ["// The Western Hemisphere quiz bank, exported by hemisphere.lms (GIFT format)."]
    for bank in banks:
        blocks.append(f"$CATEGORY: {category_path(bank)}")
        blocks += [_gift_question(question) for question in bank.questions]
    return "\n\n".join(blocks) + "\n"


# --- QTI 1.2 (Canvas Classic Quizzes) ----------------------------------------------------
# An IMS content package: imsmanifest.xml plus one QTI 1.2 assessment per chapter. Canvas reads
# the question type and points from each item's metadata; scores run from 0 to 100.

QTI_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "truefalse": "true_false_question",
    "numeric": "numerical_question",
    "classify": "matching_question",
    "order": "matching_question",
}
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"


def assessment_ident(bank: Bank) -> str:
    return f"hemisphere-{bank.name}"


def _mattext(parent: ET.Element, text: str, *, paragraph: bool = False) -> None:
    """Text as Canvas shows it: HTML, escaped (shown, never run), Japanese marked lang="ja"."""
    from .lang import html_text as escape

    html = f"<p>{escape(text)}</p>" if paragraph else escape(text)
    ET.SubElement(
        ET.SubElement(parent, "material"), "mattext", {"texttype": "text/html"}
    ).text = html


def _choices(
    parent: ET.Element, ident: str, cardinality: str, labels: list[tuple[str, str]]
) -> None:
    response = ET.SubElement(parent, "response_lid", {"ident": ident, "rcardinality": cardinality})
    render = ET.SubElement(response, "render_choice")
    for label_id, text in labels:
        _mattext(ET.SubElement(render, "response_label", {"ident": label_id}), text)


def _score_when(
    resprocessing: ET.Element, condition: ET.Element, points: float, action: str = "Set"
) -> None:
    respcondition = ET.SubElement(
        resprocessing, "respcondition", {"continue": "Yes" if action == "Add" else "No"}
    )
    respcondition.append(condition)
    ET.SubElement(
        respcondition, "setvar", {"action": action, "varname": "SCORE"}
    ).text = f"{points:g}"


def _equal(respident: str, value: str) -> ET.Element:
    element = ET.Element("varequal", {"respident": respident})
    element.text = value
    return element


def _qti_item(section: ET.Element, bank: Bank, question: Question) -> None:
    item = ET.SubElement(section, "item", {"ident": question_ident(question), "title": question.id})
    metadata = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", QTI_TYPES[question.type]), ("points_possible", "1")):
        field = ET.SubElement(metadata, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry
    presentation = ET.SubElement(item, "presentation")
    _mattext(presentation, question.prompt, paragraph=True)
    processing = ET.SubElement(item, "resprocessing")
    ET.SubElement(
        ET.SubElement(processing, "outcomes"),
        "decvar",
        {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"},
    )
    # Whatever the answer, show the general feedback (with the sources) after marking.
    always = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    ET.SubElement(ET.SubElement(always, "conditionvar"), "other")
    ET.SubElement(
        always, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"}
    )
    if question.type in ("single", "multiple", "truefalse"):
        if question.type == "truefalse":
            labels, right = (
                [("true", "True"), ("false", "False")],
                ["true" if question.answer else "false"],
            )
        else:
            labels = [(o.id, o.text) for o in question.options]
            right = [question.answer] if question.type == "single" else list(question.answer)
        _choices(
            presentation,
            "response1",
            "Multiple" if question.type == "multiple" else "Single",
            labels,
        )
        # Each option's own feedback, shown when it is chosen (as Canvas exports answer comments).
        for option in question.options:
            if option.feedback:
                shown = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
                ET.SubElement(shown, "conditionvar").append(_equal("response1", option.id))
                ET.SubElement(
                    shown,
                    "displayfeedback",
                    {"feedbacktype": "Response", "linkrefid": f"{option.id}_fb"},
                )
        condition = ET.Element("conditionvar")
        if question.type == "multiple":  # all the right ones ticked, none of the others
            both = ET.SubElement(condition, "and")
            for label_id, _ in labels:
                test = _equal("response1", label_id)
                if label_id in right:
                    both.append(test)
                else:
                    ET.SubElement(both, "not").append(test)
        else:
            condition.append(_equal("response1", right[0]))
        _score_when(processing, condition, 100)
    elif question.type == "numeric":
        response = ET.SubElement(
            presentation, "response_str", {"ident": "response1", "rcardinality": "Single"}
        )
        ET.SubElement(
            ET.SubElement(response, "render_fib", {"fibtype": "Decimal"}),
            "response_label",
            {"ident": "answer1"},
        )
        condition = ET.Element("conditionvar")
        either = ET.SubElement(condition, "or")
        either.append(_equal("response1", f"{question.answer:g}"))
        within = ET.SubElement(either, "and")
        ET.SubElement(
            within, "vargte", {"respident": "response1"}
        ).text = f"{question.answer - question.tolerance:g}"
        ET.SubElement(
            within, "varlte", {"respident": "response1"}
        ).text = f"{question.answer + question.tolerance:g}"
        _score_when(processing, condition, 100)
    else:  # classify, order: one list per statement or item, the same matches in each
        pairs = matching_pairs(question)
        matches = matching_choices(question)  # every category, even one no statement has
        match_ids = {match: f"match{index}" for index, match in enumerate(matches, 1)}
        for index, (prompt, match) in enumerate(pairs, 1):
            response = ET.SubElement(presentation, "response_lid", {"ident": f"response{index}"})
            _mattext(response, prompt)
            render = ET.SubElement(response, "render_choice")
            for other in matches:
                _mattext(
                    ET.SubElement(render, "response_label", {"ident": match_ids[other]}), other
                )
            condition = ET.Element("conditionvar")
            condition.append(_equal(f"response{index}", match_ids[match]))
            _score_when(processing, condition, round(100 / len(pairs), 4), action="Add")
    feedback = ET.SubElement(item, "itemfeedback", {"ident": "general_fb"})
    _mattext(ET.SubElement(feedback, "flow_mat"), general_feedback(question), paragraph=True)
    if question.type in ("single", "multiple"):
        for option in question.options:
            if option.feedback:
                own = ET.SubElement(item, "itemfeedback", {"ident": f"{option.id}_fb"})
                _mattext(ET.SubElement(own, "flow_mat"), option.feedback, paragraph=True)


def to_qti_assessment(bank: Bank) -> str:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    assessment = ET.SubElement(
        root, "assessment", {"ident": assessment_ident(bank), "title": bank.title}
    )
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for question in bank.questions:
        _qti_item(section, bank, question)
    return _xml_document(root)


def to_qti_manifest(banks: list[Bank]) -> str:
    manifest = ET.Element("manifest", {"identifier": "hemisphere-quiz-bank", "xmlns": MANIFEST_NS})
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for bank in banks:
        ident = assessment_ident(bank)
        resource = ET.SubElement(
            resources,
            "resource",
            {"identifier": ident, "type": "imsqti_xmlv1p2", "href": f"{ident}/{ident}.xml"},
        )
        ET.SubElement(resource, "file", {"href": f"{ident}/{ident}.xml"})
    return _xml_document(manifest)


def to_qti_zip(banks: list[Bank]) -> bytes:
    """The package Canvas imports (Settings → Import course content → QTI .zip file)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        # A fixed date keeps the package the same from one export to the next.
        def add(name: str, text: str) -> None:
            package.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)

        add("imsmanifest.xml", to_qti_manifest(banks))
        for bank in banks:
            ident = assessment_ident(bank)
            add(f"{ident}/{ident}.xml", to_qti_assessment(bank))
    return buffer.getvalue()


def export(out: Path) -> list[Path]:
    banks = load_banks()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("quiz-bank.moodle.xml", to_moodle_xml(banks)),
        ("quiz-bank.gift", to_gift(banks)),
    ):
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    path = out / "quiz-bank.qti.zip"
    path.write_bytes(to_qti_zip(banks))
    return [*written, path]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Export the quiz bank as Moodle XML, GIFT and QTI 1.2 (Canvas)."
    )
    parser.add_argument("--out", type=Path, default=Path("_build/lms"), help="folder to write to")
    parser.add_argument(
        "--banks",
        type=Path,
        help="a folder of your own banks in the same format (e.g. for graded quizzes, kept "
        "outside the public repository); default: the book's exercises/quizzes/",
    )
    args = parser.parse_args(argv)
    if args.banks is not None:
        if not sorted(args.banks.glob("*.yml")):
            parser.error(f"--banks {args.banks}: no .yml bank files in that folder")
        import os

        os.environ["HEMISPHERE_QUIZZES"] = str(args.banks.resolve())  # read by quiz.bank_dir()
    for path in export(args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

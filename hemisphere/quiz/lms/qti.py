"""QTI 1.2 for Canvas Classic Quizzes: one assessment per chapter in an IMS content package."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model import Bank, Question
from .common import (
    assessment_ident,
    general_feedback,
    matching_choices,
    matching_pairs,
    question_ident,
    xml_document,
)

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


def _mattext(parent: ET.Element, text: str, *, paragraph: bool = False) -> None:
    """Text as Canvas shows it: HTML, escaped (shown, never run), Japanese marked lang="ja"."""
    from ...lang import html_text as escape

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
    return xml_document(root)


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
    return xml_document(manifest)


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

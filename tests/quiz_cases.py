"""What the quiz tests share (test_quiz, test_lms, test_quiz_browser): a small valid bank,
a scratch folder of banks, and responses with the status each must get."""

from __future__ import annotations

from hemisphere import quiz

#: A one-question bank that loads; tests break or extend it with str.replace.
GOOD = """chapter: 01_policy_at_a_glance
title: Test bank
questions:
  - id: q-one
    type: single
    objective: 1
    level: recall
    prompt: Which?
    options:
      - {id: a, text: First, feedback: 'Right: the first answer is the key, as essay §1 says.'}
      - {id: b, text: Second, feedback: 'Wrong: the second answer is not the key, as essay §1 says.'}
    answer: a
    feedback: Because.
    sources: [osawa2026essay]
"""


def bank_folder(tmp_path, monkeypatch):
    """Point the loader at ``tmp_path`` (write banks there); each test module wraps this in a
    ``bank_folder`` fixture."""
    monkeypatch.setenv("HEMISPHERE_QUIZZES", str(tmp_path))
    quiz.clear_cache()
    yield tmp_path
    quiz.clear_cache()


#: Responses and the status each must get, run through both checkers (Python and the page's
#: script) so the two can't drift apart: (bank, question id, response, status, message start).
CASES = [
    ("04_western_hemisphere", "c4-homeland", "homeland", "correct", "Right."),
    ("04_western_hemisphere", "c4-homeland", "americas", "incorrect", "Not quite."),
    ("04_western_hemisphere", "c4-homeland", None, "invalid", "Choose an answer first."),
    (
        "04_western_hemisphere",
        "c4-homeland",
        "made-up",
        "invalid",
        "Choose one of the answers shown.",
    ),
    (
        "04_western_hemisphere",
        "c4-four-kinds",
        ["north-central", "caribbean", "sea", "greenland"],
        "correct",
        "Right.",
    ),
    (
        "04_western_hemisphere",
        "c4-four-kinds",
        ["north-central", "south"],
        "incorrect",
        "Not quite.",
    ),
    ("04_western_hemisphere", "c4-four-kinds", [], "invalid", "Tick at least one answer first."),
    ("04_western_hemisphere", "c4-pressure-neighbours", False, "correct", "Right."),
    ("04_western_hemisphere", "c4-pressure-neighbours", True, "incorrect", "Not quite."),
    (
        "04_western_hemisphere",
        "c4-pressure-neighbours",
        None,
        "invalid",
        "Choose true or false first.",
    ),
    ("04_western_hemisphere", "c4-designations-latin", "15", "correct", "Right."),
    ("04_western_hemisphere", "c4-designations-latin", " 15 ", "correct", "Right."),
    ("04_western_hemisphere", "c4-designations-latin", "15.0", "correct", "Right."),
    ("04_western_hemisphere", "c4-designations-latin", "16", "incorrect", "Not quite."),
    ("04_western_hemisphere", "c4-designations-latin", "", "invalid", "Type a number first."),
    (
        "04_western_hemisphere",
        "c4-designations-latin",
        "15 groups",
        "invalid",
        "Type only the number",
    ),
    (
        "04_western_hemisphere",
        "c4-designations-latin",
        "1,5",
        "invalid",
        "Use a point, not a comma",
    ),
    (
        "04_western_hemisphere",
        "c4-designations-latin",
        "fifteen",
        "invalid",
        "That is not a number",
    ),
    ("01_policy_at_a_glance", "c1-rubio-stops", "5", "correct", "Right."),
    (
        "04_western_hemisphere",
        "c4-map-core",
        {
            "mexico": "In the core",
            "panama": "In the core",
            "brazil": "Outside the core",
            "ecuador": "Unclear",
            "greenland": "In the core",
        },
        "correct",
        "Right.",
    ),
    (
        "04_western_hemisphere",
        "c4-map-core",
        {
            "mexico": "In the core",
            "panama": "In the core",
            "brazil": "In the core",
            "ecuador": "Unclear",
            "greenland": "In the core",
        },
        "incorrect",
        "Not quite.",
    ),
    (
        "04_western_hemisphere",
        "c4-map-core",
        {"mexico": "In the core"},
        "invalid",
        "Sort every statement first (4 left).",
    ),
    (
        "01_policy_at_a_glance",
        "c1-order-year",
        ["rubio", "budget", "strikes", "nss"],
        "correct",
        "Right.",
    ),
    (
        "01_policy_at_a_glance",
        "c1-order-year",
        ["budget", "rubio", "strikes", "nss"],
        "incorrect",
        "Not quite.",
    ),
    # A classify question with a category no statement belongs to ("Neither"): choosing it
    # must be possible, and wrong, in the page and in every export.
    (
        "02_big_sticks_and_deals",
        "c2-then-now",
        {
            "canal": "Roosevelt Corollary",
            "capture": "Trump Corollary",
            "tariffs": "Trump Corollary",
            "debt": "Roosevelt Corollary",
            "both": "Both",
        },
        "correct",
        "Right.",
    ),
    (
        "02_big_sticks_and_deals",
        "c2-then-now",
        {
            "canal": "Roosevelt Corollary",
            "capture": "Neither",
            "tariffs": "Trump Corollary",
            "debt": "Roosevelt Corollary",
            "both": "Neither",
        },
        "incorrect",
        "Not quite.",
    ),
    (
        "02_big_sticks_and_deals",
        "c2-warning-effect",
        ["rodriguez", "nicaragua", "petro"],
        "incorrect",
        "Not quite.",
    ),
    (
        "02_big_sticks_and_deals",
        "c2-warning-effect",
        ["rodriguez", "nicaragua", "petro", "sheinbaum", "brazil"],
        "incorrect",
        "Not quite.",
    ),
    (
        "01_policy_at_a_glance",
        "c1-order-year",
        ["rubio", "budget"],
        "invalid",
        "Give every item its own position first.",
    ),
]

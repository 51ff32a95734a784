"""The quiz bank: loaded and checked from YAML against its schema, marking rules, coverage of
the chapters' objectives, broken banks named precisely, the page's HTML and the live widgets.
(The LMS exports: tests/test_lms.py.)"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
import quiz_cases
from quiz_cases import CASES, GOOD

from hemisphere import quiz
from hemisphere.data import reference_keys, teaching_counts

ROOT = Path(__file__).resolve().parent.parent
BANKS = quiz.bank_names()


def objectives(chapter: str) -> int:
    notebook = nbformat.read(ROOT / "book" / f"{chapter}.ipynb", as_version=4)
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    block = text.split("## Learning objectives", 1)[1].split("\n## ", 1)[0]
    return len(re.findall(r"^\d+\. \*\*", block, re.M))


# --- The bank as a whole ---------------------------------------------------------------


def test_a_bank_for_every_chapter_and_enough_questions():
    banks = quiz.load_banks()
    chapters = sorted(p.stem for p in (ROOT / "book").glob("0[1-5]_*.ipynb")) + ["conclusion"]
    assert sorted(bank.chapter for bank in banks) == sorted(chapters)
    assert sum(len(bank.questions) for bank in banks) >= 60
    assert all(len(bank.questions) >= 8 for bank in banks)
    assert sum(q.compares for bank in banks for q in bank.questions) >= 20


def test_every_type_is_used():
    used = {q.type for bank in quiz.load_banks() for q in bank.questions}
    assert used == set(quiz.TYPES)


@pytest.mark.parametrize("name", BANKS)
def test_every_learning_objective_is_assessed_at_least_twice(name):
    bank = quiz.load_bank(name)
    count = objectives(bank.chapter)
    assert 3 <= count <= 5
    per_objective = {i: sum(q.objective == i for q in bank.questions) for i in range(1, count + 1)}
    assert all(n >= 2 for n in per_objective.values()), per_objective
    assert max(q.objective for q in bank.questions) <= count


def test_every_question_cites_known_sources_and_ids_are_unique():
    keys = reference_keys()
    ids = [q.id for bank in quiz.load_banks() for q in bank.questions]
    assert len(ids) == len(set(ids))
    for bank in quiz.load_banks():
        for q in bank.questions:
            assert set(q.sources) <= keys


def test_numeric_answers_and_placeholders_come_from_data():
    counts = teaching_counts()
    question = next(
        q
        for q in quiz.load_bank("04_western_hemisphere").questions
        if q.id == "c4-designations-latin"
    )
    assert question.answer == counts["designations_latin_america"]
    for bank in quiz.load_banks():
        for q in bank.questions:
            texts = [q.prompt, q.feedback] + [o.text for o in q.options + q.statements]
            assert not any("{{" in text for text in texts), q.id


def test_a_changed_data_row_changes_the_numeric_answer(tmp_path, monkeypatch):
    from hemisphere import data

    shutil.copytree(ROOT / "data", tmp_path / "data")
    with open(tmp_path / "data" / "designations.csv", "a", encoding="utf-8") as handle:
        handle.write(
            "test-group,Test group,new organisation,1,2026-01-20,announced,"
            "Latin America and the Caribbean,MEX,crs2025ftos,\n"
        )
    monkeypatch.setenv("HEMISPHERE_DATA", str(tmp_path / "data"))
    data.clear_cache()
    quiz.clear_cache()
    try:
        question = next(
            q
            for q in quiz.load_bank("04_western_hemisphere").questions
            if q.id == "c4-designations-latin"
        )
        assert question.answer == 16
    finally:
        data.clear_cache()
        quiz.clear_cache()


# --- Position, length and level carry no hint ----------------------------------------


def key_shares(banks) -> dict[str, float]:
    """In the banks' file order: how often the key of a single-choice question is the first
    option and how often the longest (a tie for longest counts as longest), and the share of
    true/false questions whose answer is true."""
    single = [q for bank in banks for q in bank.questions if q.type == "single"]
    truefalse = [q for bank in banks for q in bank.questions if q.type == "truefalse"]

    def key_is_longest(q):
        key = next(o for o in q.options if o.id == q.answer)
        return len(key.text) == max(len(o.text) for o in q.options)

    return {
        "first": sum(q.options[0].id == q.answer for q in single) / max(len(single), 1),
        "longest": sum(map(key_is_longest, single)) / max(len(single), 1),
        "true": sum(q.answer is True for q in truefalse) / max(len(truefalse), 1),
    }


def test_the_key_is_not_given_away_by_position_or_length():
    shares = key_shares(quiz.load_banks())
    assert shares["first"] <= 1 / 3, (
        f"key first in {shares['first']:.0%} of single-choice questions"
    )
    assert shares["longest"] <= 0.40, f"key longest in {shares['longest']:.0%}"
    assert 0.40 <= shares["true"] <= 0.60, f"true/false keys {shares['true']:.0%} true"


@pytest.mark.parametrize("name", BANKS)
def test_no_bank_puts_its_keys_first(name):
    assert key_shares([quiz.load_bank(name)])["first"] <= 1 / 3


def test_key_shares_are_measured_as_a_reader_would(bank_folder):
    (bank_folder / "lopsided.yml").write_text(GOOD, encoding="utf-8")
    shares = key_shares([quiz.load_bank("lopsided")])
    # GOOD's key 'First' is first, and shorter than 'Second'.
    assert shares["first"] == 1 and shares["longest"] == 0
    longer = GOOD.replace("text: First,", "text: The first answer,")
    (bank_folder / "lopsided.yml").write_text(longer, encoding="utf-8")
    quiz.clear_cache()
    assert key_shares([quiz.load_bank("lopsided")])["longest"] == 1


def level_shares(questions) -> dict[str, float]:
    levels = [q.level for q in questions]
    return {
        "recall": levels.count("recall") / len(levels),
        "higher": sum(level in quiz.HIGHER_LEVELS for level in levels) / len(levels),
    }


def test_levels_overall():
    shares = level_shares([q for bank in quiz.load_banks() for q in bank.questions])
    assert shares["recall"] <= 0.40, shares
    assert shares["higher"] >= 0.25, shares


@pytest.mark.parametrize("name", BANKS)
def test_levels_per_bank(name):
    shares = level_shares(quiz.load_bank(name).questions)
    assert shares["recall"] <= 0.40, shares
    assert shares["higher"] >= 0.25, shares


# --- The comparison dimension by dimension, and objectives at their level --------------------

#: Words that place a question's text in Roosevelt's corollary or in Trump's. A question that
#: compares must name both (in its prompt, options, statements or categories); "both corollaries"
#: names both at once.
ROOSEVELT_WORDS = re.compile(r"\b(Roosevelt|190[24]|Europe|then)\b|both corollaries", re.I)
TRUMP_WORDS = re.compile(r"\b(Trump|202[56]|China|strategy|now)\b|both corollaries", re.I)


def dimension_counts(banks, dimensions) -> dict[str, int]:
    """For each dimension of the comparison grid, the compare-tagged questions tagged with it."""
    counts = dict.fromkeys(dimensions, 0)
    for bank in banks:
        for q in bank.questions:
            if q.compares and q.dimension:
                counts[q.dimension] = counts.get(q.dimension, 0) + 1
    return counts


def test_every_dimension_of_the_grid_has_two_comparison_questions():
    from hemisphere.data import comparison_dimensions

    dimensions = comparison_dimensions()
    assert len(dimensions) == 11, dimensions
    counts = dimension_counts(quiz.load_banks(), dimensions)
    thin = {d: n for d, n in counts.items() if n < 2}
    assert not thin, (
        f"dimensions of data/corollaries.csv with fewer than two comparison questions: {thin}"
    )


def test_a_dimension_with_one_question_is_reported(bank_folder):
    from hemisphere.data import comparison_dimensions

    tagged = GOOD.replace(
        "    level: recall\n", "    level: recall\n    compares: true\n    dimension: legality\n"
    )
    (bank_folder / "one.yml").write_text(tagged, encoding="utf-8")
    counts = dimension_counts([quiz.load_bank("one")], comparison_dimensions())
    assert counts["legality"] == 1 and counts["scope"] == 0


def test_comparison_tags_and_dimensions_go_together_and_name_both_corollaries():
    problems = []
    for bank in quiz.load_banks():
        for q in bank.questions:
            if q.compares != bool(q.dimension):
                problems.append(
                    f"{bank.name}: {q.id} has compares={q.compares}, dimension={q.dimension!r}"
                )
            if q.compares:
                text = " ".join(
                    [q.prompt, *q.categories] + [o.text for o in q.options + q.statements]
                )
                if not (ROOSEVELT_WORDS.search(text) and TRUMP_WORDS.search(text)):
                    problems.append(
                        f"{bank.name}: {q.id} is tagged as a comparison but names one corollary"
                    )
    assert problems == [], "\n".join(problems)


#: The level a learning objective's verb names (revised Bloom). An objective is met by a question
#: at that level or higher, or by a written task of an exercise tied to it.
VERB_LEVELS = {
    "identify": "recall",
    "describe": "recall",
    "define": "recall",
    "name": "recall",
    "explain": "understand",
    "summarise": "understand",
    "classify": "understand",
    "apply": "apply",
    "use": "apply",
    "read": "apply",
    "interpret": "apply",
    "compare": "analyse",
    "analyse": "analyse",
    "distinguish": "analyse",
    "relate": "analyse",
    "evaluate": "evaluate",
    "assess": "evaluate",
    "judge": "evaluate",
    "check": "evaluate",
    "argue": "evaluate",
}


def objective_gaps(banks, exercises) -> list[str]:
    """Objectives that no question reaches at their verb's level and no written task covers."""
    from hemisphere.book import learning_objectives

    gaps = []
    for bank in banks:
        docname = f"book/{bank.chapter}"
        written = {
            number
            for exercise in exercises
            if exercise["chapter"] == docname and exercise["rubrics"]
            for number in exercise["objectives"]
        }
        for number, objective in enumerate(learning_objectives(docname, ROOT), start=1):
            verb = objective.split()[0].lower()
            if verb not in VERB_LEVELS:
                gaps.append(f"{bank.chapter} objective {number}: no level for the verb {verb!r}")
                continue
            wanted = quiz.LEVELS.index(VERB_LEVELS[verb])
            reached = [
                q.id
                for q in bank.questions
                if q.objective == number and quiz.LEVELS.index(q.level) >= wanted
            ]
            if not reached and number not in written:
                gaps.append(
                    f"{bank.chapter} objective {number} ({verb} → {VERB_LEVELS[verb]}): "
                    "no question at that level or higher, and no written task"
                )
    return gaps


def test_every_learning_objective_is_assessed_at_the_level_its_verb_names():
    from hemisphere import guide

    gaps = objective_gaps(quiz.load_banks(), guide._exercises())
    assert gaps == [], "\n".join(gaps)


def test_an_objective_below_its_level_is_reported(bank_folder):
    # GOOD asks one recall question on chapter 1's objective 1 ("Identify"): that one is met;
    # the others ("Explain", "Use", "Evaluate") are not, unless a written task covers them.
    (bank_folder / "thin.yml").write_text(GOOD, encoding="utf-8")
    gaps = objective_gaps([quiz.load_bank("thin")], [])
    assert [g.split(" (")[0] for g in gaps] == [
        f"01_policy_at_a_glance objective {n}" for n in (2, 3, 4)
    ], gaps
    exercise = {"chapter": "book/01_policy_at_a_glance", "rubrics": ["rubric"], "objectives": [4]}
    assert len(objective_gaps([quiz.load_bank("thin")], [exercise])) == 2


def test_questions_that_read_the_data_still_have_the_right_key():
    """Two apply questions ask the reader to read a table the chapter builds from data/:
    if the data change, their keys must still be what the table shows."""
    from hemisphere.data import load_countries, load_events

    events = load_events()
    second_term = events[
        (events["era"] == "Trump's second term") & (events["instrument"] != "none")
    ]
    counts = second_term.groupby("instrument", observed=True).size()
    instrument_ids = {
        "big stick": "big-stick",
        "deal diplomacy (stick)": "stick",
        "deal diplomacy (carrot)": "carrot",
    }
    table = next(
        q
        for q in quiz.load_bank("02_big_sticks_and_deals").questions
        if q.id == "c2-instrument-table"
    )
    assert table.answer == instrument_ids[counts.idxmin()]
    assert sorted(counts)[0] < sorted(counts)[1], "the least frequent instrument must be unique"
    south = set(load_countries().query("subregion == 'Southern South America'")["iso3"])
    involves_south = events["countries"].map(lambda codes: bool(set(codes) & south))
    shown = set(events[involves_south & (events["era"] == "Trump's second term")]["instrument"])
    absent = [oid for name, oid in instrument_ids.items() if name not in shown]
    table = next(
        q
        for q in quiz.load_bank("05_view_from_latin_america").questions
        if q.id == "c5-south-table"
    )
    assert absent == [table.answer]


# --- Marking ---------------------------------------------------------------------------


@pytest.mark.parametrize("bank, question_id, response, status, message", CASES)
def test_check_marks_responses_and_explains_odd_ones(bank, question_id, response, status, message):
    question = next(q for q in quiz.load_bank(bank).questions if q.id == question_id)
    result = quiz.check(question, response)
    assert result.status == status
    assert result.message.startswith(message)


@pytest.mark.parametrize(
    "text, number",
    [("15", 15), ("-87", -87), ("1,300,000", 1300000), ("2.5", 2.5), ("\u221287", -87)],
)
def test_numbers_are_read_as_people_write_them(text, number):
    assert quiz.parse_number(text) == (number, "")


# --- Broken banks ----------------------------------------------------------------------


@pytest.fixture
def bank_folder(tmp_path, monkeypatch):
    yield from quiz_cases.bank_folder(tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "answer: a",
            "answer: c",
            "question 'q-one', field 'answer': 'c' is not among the options (a, b)",
        ),
        (
            "type: single",
            "type: essay",
            "question 'q-one', field 'type': 'essay' is not one of: single, multiple, truefalse, classify, order, numeric",
        ),
        (
            "sources: [osawa2026essay]",
            "sources: [nobody2020]",
            "question 'q-one', field 'sources': source key 'nobody2020' is not in data/references.bib",
        ),
        ("    prompt: Which?\n", "", "question 'q-one', field 'prompt': is missing but required"),
        (
            "objective: 1",
            "objective: 9",
            "question 'q-one', field 'objective': must be the number (1 to 5) of a learning objective",
        ),
        (
            "      - {id: b, text: Second,",
            "      - {id: a, text: Second,",
            "question 'q-one', field 'options[2].id': id 'a' is used twice",
        ),
        (
            "    feedback: Because.",
            "    feedback: Because.\n    hint: try harder",
            "question 'q-one', field 'hint': unknown field(s) hint for a single question",
        ),
        ("prompt: Which?", "prompt: [unclosed", "is not valid YAML"),
        (
            "answer: a",
            "answer: a\n    tolerance: 1",
            "question 'q-one', field 'tolerance': unknown field(s) tolerance for a single question",
        ),
        (
            "prompt: Which?",
            "prompt: 'Worth {{count:no_such_count}}'",
            "question 'q-one', field 'prompt': {{count:no_such_count}} names no figure in data/",
        ),
        (
            "    level: recall\n",
            "",
            "question 'q-one', field 'level': is missing but required: the cognitive level the "
            "question asks for (one of: recall, understand, apply, analyse, evaluate)",
        ),
        (
            "level: recall",
            "level: remember",
            "question 'q-one', field 'level': 'remember' is not one of: recall, understand",
        ),
        (
            ", feedback: 'Wrong: the second answer is not the key, as essay §1 says.'}",
            "}",
            "question 'q-one', field 'options[2].feedback': is missing but required: say why this "
            "choice is right or wrong, with its source",
        ),
        (
            "'Wrong: the second answer is not the key, as essay §1 says.'",
            "'No.'",
            "question 'q-one', field 'options[2].feedback': 'No.' is too short to teach",
        ),
        (
            "'Wrong: the second answer is not the key, as essay §1 says.'",
            "'Wrong: the second answer is not the key'",
            "question 'q-one', field 'options[2].feedback': 'Wrong: the second answer is not the "
            "key' is too short to teach: write at least one full sentence",
        ),
        (
            "level: recall",
            "level: recall\n    dimension: vibes",
            "question 'q-one', field 'dimension': 'vibes' is not a dimension of data/corollaries.csv",
        ),
        (
            "level: recall",
            "level: recall\n    dimension: ''",
            "question 'q-one', field 'dimension': '' is not a dimension of data/corollaries.csv",
        ),
    ],
)
def test_a_broken_bank_names_file_question_and_field(bank_folder, old, new, message):
    assert old in GOOD
    (bank_folder / "broken.yml").write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(quiz.QuizError) as raised:
        quiz.load_bank("broken")
    assert str(raised.value).startswith("exercises/quizzes/broken.yml")
    assert message in str(raised.value)


def test_a_duplicate_question_id_is_named(bank_folder):
    second = GOOD.split("questions:\n", 1)[1]
    (bank_folder / "twice.yml").write_text(GOOD + second, encoding="utf-8")
    with pytest.raises(
        quiz.QuizError, match="question 'q-one', field 'id': the id 'q-one' is used twice"
    ):
        quiz.load_bank("twice")


def test_a_question_id_is_unique_across_the_banks(bank_folder):
    (bank_folder / "first.yml").write_text(GOOD, encoding="utf-8")
    (bank_folder / "second.yml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(quiz.QuizError) as raised:
        quiz.load_banks()
    assert str(raised.value) == (
        "exercises/quizzes/second.yml, question 'q-one', field 'id': "
        "the id 'q-one' is used in exercises/quizzes/first.yml too"
    )


# --- The schema: the one statement of the format, its errors told as the loader tells them ---

SCHEMA = ROOT / "exercises" / "quizzes" / "quiz-bank.schema.json"


def test_the_schema_is_a_json_schema_and_states_the_types_and_levels():
    import json

    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    question = schema["$defs"]["question"]["properties"]
    assert quiz.TYPES == tuple(question["type"]["enum"])
    assert quiz.LEVELS == ("recall", "understand", "apply", "analyse", "evaluate")
    assert quiz.HIGHER_LEVELS == ("apply", "analyse", "evaluate")


@pytest.mark.parametrize(
    "old, new, question, field, problem",
    [
        # A wrong type, in a question and deeper down.
        (
            "level: recall",
            "level: recall\n    compares: 'yes'",
            "q-one",
            "compares",
            "must be true or false, not text",
        ),
        ("prompt: Which?", "prompt: 42", "q-one", "prompt", "must be text, not a number"),
        (
            "prompt: Which?",
            "prompt: 2026-01-03",
            "q-one",
            "prompt",
            "must be text, not a date or time (put it in quotes to make it text)",
        ),
        (
            "{id: a, text: First,",
            "{id: a, txt: First,",
            "q-one",
            "options[1].txt",
            "unknown field(s) txt (the fields: feedback, id, text)",
        ),
        (
            "      - {id: a, text: First,",
            "      - just text\n      - {id: a, text: First,",
            "q-one",
            "options[1]",
            "must be a mapping, not text",
        ),
        (
            "objective: 1",
            "objective: first",
            "q-one",
            "objective",
            "must be the number (1 to 5) of a learning objective of the chapter",
        ),
        # A missing field, with what it should hold.
        (
            "    sources: [osawa2026essay]\n",
            "",
            "q-one",
            "sources",
            "is missing but required: keys of data/references.bib",
        ),
        ("    answer: a\n", "", "q-one", "answer", "is missing but required: the id of one option"),
        (
            "{id: a, text: First, ",
            "{id: a, ",
            "q-one",
            "options[1].text",
            "is missing but required",
        ),
        # A value outside its enumeration or pattern.
        (
            "level: recall",
            "level: Recall",
            "q-one",
            "level",
            "'Recall' is not one of: recall, understand, apply, analyse, evaluate",
        ),
        (
            "answer: a",
            "answer: Option A",
            "q-one",
            "answer",
            "'Option A' is not an id: use lower-case letters, digits and hyphens (e.g. c4-homeland)",
        ),
        ("prompt: Which?", "prompt: '   '", "q-one", "prompt", "'   ' is empty but required"),
        # Counts and repeats.
        (
            "sources: [osawa2026essay]",
            "sources: [osawa2026essay, osawa2026essay]",
            "q-one",
            "sources",
            "lists 'osawa2026essay' twice",
        ),
        (
            "      - {id: b, text: Second, feedback: 'Wrong: the second answer is not the key, as "
            "essay §1 says.'}\n",
            "",
            "q-one",
            "options",
            "needs a list of at least 2 entries",
        ),
    ],
)
def test_a_schema_error_names_file_question_and_field(
    bank_folder, old, new, question, field, problem
):
    assert old in GOOD
    (bank_folder / "broken.yml").write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(quiz.QuizError) as raised:
        quiz.load_bank("broken")
    assert str(raised.value) == (
        f"exercises/quizzes/broken.yml, question {question!r}, field {field!r}: {problem}"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "[]\n",
            "exercises/quizzes/broken.yml: must be a mapping with 'chapter', 'title' and 'questions'",
        ),
        (
            GOOD.replace("chapter: 01_policy_at_a_glance\n", ""),
            "exercises/quizzes/broken.yml, field 'chapter': is missing but required",
        ),
        (
            GOOD.replace("title: Test bank", "title: Test bank\nauthor: me"),
            "exercises/quizzes/broken.yml, field 'author': unknown field(s) author",
        ),
        (
            "chapter: x\ntitle: y\nquestions: []\n",
            "exercises/quizzes/broken.yml, field 'questions': needs a list of at least 1 entry",
        ),
        (
            GOOD.replace("  - id: q-one", "  - id: Q One"),
            "exercises/quizzes/broken.yml, question number 1, field 'id': 'Q One' is not an id",
        ),
        (
            GOOD + "  - just a line\n",
            "exercises/quizzes/broken.yml, question number 2: must be a mapping",
        ),
    ],
)
def test_a_schema_error_outside_a_question_names_the_file_and_the_place(bank_folder, text, message):
    (bank_folder / "broken.yml").write_text(text, encoding="utf-8")
    with pytest.raises(quiz.QuizError) as raised:
        quiz.load_bank("broken")
    assert str(raised.value).startswith(message), str(raised.value)


def test_the_first_mistake_is_reported_and_a_failing_type_rule_adds_no_unknown_fields(bank_folder):
    # Two mistakes in q-one (answer and level) and one before them in file order (the id of q-two
    # comes later): q-one's first field in file order, after its id and type, is reported.
    second = GOOD.split("questions:\n", 1)[1].replace("q-one", "Q Two")
    text = GOOD.replace("level: recall", "level: high").replace("answer: a", "answer: A") + second
    (bank_folder / "broken.yml").write_text(text, encoding="utf-8")
    with pytest.raises(quiz.QuizError) as raised:
        quiz.load_bank("broken")
    message = str(raised.value)
    # The single-choice rule fails on its answer; its fields are not "unknown" for that.
    assert "unknown" not in message
    assert message.startswith("exercises/quizzes/broken.yml, question 'q-one', field 'level'")


def test_a_field_of_another_type_is_unknown_and_an_unknown_type_is_named_first(bank_folder):
    text = GOOD.replace("answer: a", "answer: a\n    categories: [one, two]")
    (bank_folder / "broken.yml").write_text(text, encoding="utf-8")
    with pytest.raises(
        quiz.QuizError, match="field 'categories': unknown field.s. categories for a single"
    ):
        quiz.load_bank("broken")
    (bank_folder / "broken.yml").write_text(
        text.replace("type: single", "type: essay"), encoding="utf-8"
    )
    quiz.clear_cache()
    with pytest.raises(quiz.QuizError, match="field 'type': 'essay' is not one of"):
        quiz.load_bank("broken")


def test_the_validator_is_compiled_once_not_per_bank(monkeypatch):
    import jsonschema

    quiz.load_banks()  # the validator exists from here on
    built, real = [], jsonschema.Draft202012Validator

    def counted(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(jsonschema, "Draft202012Validator", counted)
    quiz.clear_cache()
    try:
        assert len(quiz.load_banks()) == len(BANKS)
    finally:
        quiz.clear_cache()
    assert built == []


@pytest.mark.parametrize(
    "question, message",
    [
        (
            """  - id: q-sort
    type: classify
    objective: 1
    level: understand
    prompt: Sort.
    categories: [Roosevelt Corollary, Trump Corollary]
    statements:
      - {id: a, text: One, answer: Roosevelt Corollary, feedback: 'Roosevelt: essay §3 says his counterpart was Europe.'}
      - {id: b, text: Two, answer: Wilson Corollary, feedback: 'Wilson: no corollary of that name is in the essay.'}
    feedback: Because.
    sources: [osawa2026essay]
""",
            "question 'q-sort', field 'statements[2].answer': answer 'Wilson Corollary' is not among the categories",
        ),
        (
            """  - id: q-sort
    type: classify
    objective: 1
    level: understand
    prompt: Sort.
    categories: [Roosevelt Corollary, Trump Corollary]
    statements:
      - {id: a, text: One, answer: Roosevelt Corollary, feedback: 'Roosevelt: essay §3 says his counterpart was Europe.'}
      - {id: b, text: Two, answer: Trump Corollary, feedback: Trump.}
    feedback: Because.
    sources: [osawa2026essay]
""",
            "question 'q-sort', field 'statements[2].feedback': 'Trump.' is too short to teach",
        ),
        (
            """  - id: q-order
    type: order
    objective: 1
    level: understand
    prompt: Order.
    items:
      - {id: a, text: One}
      - {id: b, text: Two}
    answer: [a, c]
    feedback: Because.
    sources: [osawa2026essay]
""",
            "question 'q-order', field 'answer': must list every item id once",
        ),
        (
            """  - id: q-number
    type: numeric
    objective: 1
    level: understand
    prompt: How many?
    answer: 15
    feedback: Because.
    sources: [osawa2026essay]
""",
            "question 'q-number', field 'answer': must name one figure in data/",
        ),
    ],
)
def test_broken_questions_of_other_types_are_named(bank_folder, question, message):
    text = GOOD.split("questions:\n")[0] + "questions:\n" + question
    (bank_folder / "other.yml").write_text(text, encoding="utf-8")
    with pytest.raises(quiz.QuizError) as raised:
        quiz.load_bank("other")
    assert message in str(raised.value)


def test_order_items_need_no_feedback_but_classify_statements_keep_theirs(bank_folder):
    question = """  - id: q-order
    type: order
    objective: 1
    level: understand
    prompt: Order.
    items:
      - {id: a, text: One}
      - {id: b, text: Two}
    answer: [a, b]
    feedback: Because.
    sources: [osawa2026essay]
  - id: q-sort
    type: classify
    objective: 1
    level: understand
    prompt: Sort.
    categories: [Roosevelt Corollary, Trump Corollary]
    statements:
      - {id: a, text: One, answer: Roosevelt Corollary, feedback: 'Roosevelt: essay §3 says his counterpart was Europe.'}
      - {id: b, text: Two, answer: Trump Corollary, feedback: 'Trump: essay §3 says his counterpart is China.'}
    feedback: Because.
    sources: [osawa2026essay]
"""
    (bank_folder / "fine.yml").write_text(GOOD + question, encoding="utf-8")
    bank = quiz.load_bank("fine")
    assert [s.feedback for s in bank.questions[2].statements][1].startswith("Trump: essay §3")
    assert bank.questions[0].options[1].feedback.startswith("Wrong: the second answer")


def test_every_option_and_statement_in_the_banks_teaches():
    """What a reader sees after choosing: a reason of a full sentence, for every option of a
    selected-response question and every statement of a classify question."""
    for bank in quiz.load_banks():
        for q in bank.questions:
            rows = q.options + q.statements if q.type in ("single", "multiple", "classify") else []
            for row in rows:  # counted here, not with the schema's own pattern
                assert len(row.feedback.split()) >= 6, (q.id, row.id)
                assert re.search(r"[.!?][)\"'\u201d\u2019]*$", row.feedback), (q.id, row.id)
            assert "factsheet2026" not in q.sources, q.id


def test_a_dimension_of_the_grid_is_accepted(bank_folder):
    from hemisphere.data import load_corollaries

    dimension = str(load_corollaries()["dimension"].iloc[0])
    (bank_folder / "tagged.yml").write_text(
        GOOD.replace("level: recall", f"level: recall\n    dimension: {dimension}"),
        encoding="utf-8",
    )
    assert quiz.load_bank("tagged").questions[0].dimension == dimension


def test_hostile_text_is_escaped_in_the_html(bank_folder):
    hostile = GOOD.replace("prompt: Which?", "prompt: '<script>alert(1)</script>'").replace(
        "{id: b, text: Second,", "{id: b, text: '<img src=x onerror=alert(2)>',"
    )
    (bank_folder / "hostile.yml").write_text(hostile, encoding="utf-8")
    html = quiz.to_html(quiz.load_bank("hostile"), lambda key: "references.html")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "</script>" not in html.split('class="hq-key">', 1)[1].rsplit("</script>", 1)[0]


def test_the_html_is_accessible_by_construction():
    html = quiz.to_html(quiz.load_bank("04_western_hemisphere"), lambda key: "references.html")
    assert (
        html.count("<fieldset>")
        == html.count("<legend>")
        == len(quiz.load_bank("04_western_hemisphere").questions)
    )
    for control_id in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html):
        assert f'for="{control_id}"' in html, control_id
    assert 'role="status"' in html and 'aria-live="polite"' in html


# --- Shuffling -------------------------------------------------------------------------


def test_the_page_writes_choices_in_file_order_and_marks_the_groups_to_shuffle():
    bank = quiz.load_bank("04_western_hemisphere")
    page = quiz.to_html(bank, lambda key: "references.html")
    assert 'data-shuffle="on"' in page
    homeland = page.split('data-question="c4-homeland"', 1)[1].split("</form>", 1)[0]
    assert '<div class="hq-options" data-shuffle>' in homeland
    values = re.findall(r'<input type="radio"[^>]* value="([^"]+)"', homeland)
    assert values == [
        o.id for o in next(q for q in bank.questions if q.id == "c4-homeland").options
    ]
    truefalse = page.split('data-question="c4-pressure-neighbours"', 1)[1].split("</form>", 1)[0]
    assert '<div class="hq-options">' in truefalse  # True, False: never shuffled
    assert 'data-shuffle="off"' in quiz.to_html(bank, lambda key: "", shuffle=False)


def _orders(live: quiz.LiveQuiz) -> dict[str, list]:
    return {
        q.id: [o.id for o in live.order(q, q.options or q.statements)]
        for q in live.bank.questions
        if quiz.shuffles(q)
    }


def test_the_live_quiz_shuffles_per_student_and_keeps_the_order(tmp_path):
    bank = quiz.load_bank("04_western_hemisphere")
    one = quiz.LiveQuiz(bank, tmp_path / "one", shuffle=True)
    other = quiz.LiveQuiz(bank, tmp_path / "other", shuffle=True)
    assert one.seed != other.seed
    assert _orders(one) != _orders(other), "two students should not see the same order"
    file_order = {q.id: [o.id for o in q.options or q.statements] for q in bank.questions}
    assert any(_orders(one)[qid] != file_order[qid] for qid in _orders(one))
    # What the student sees follows the order: the radio buttons of c4-homeland.
    shown = [value for _, value in one.controls["c4-homeland"].options]
    assert shown == _orders(one)["c4-homeland"]
    # The seed is saved with the answers, and reopening the quiz gives the same order.
    one.controls["c4-homeland"].value = "homeland"
    assert one.check("c4-homeland").correct  # marking goes by id, whatever the order
    one.save()
    reopened = quiz.LiveQuiz(bank, tmp_path / "one", shuffle=True)
    assert reopened.seed == one.seed and _orders(reopened) == _orders(one)


def test_the_live_quiz_keeps_file_order_when_shuffling_is_off(tmp_path):
    bank = quiz.load_bank("04_western_hemisphere")
    live = quiz.LiveQuiz(bank, tmp_path, shuffle=False)
    for q in bank.questions:
        if quiz.shuffles(q):
            assert _orders(live)[q.id] == [o.id for o in q.options or q.statements]


def test_the_shuffle_setting_is_read_from_config(tmp_path):
    assert quiz.shuffle_setting() is True  # the module's own _config.yml: on
    config = tmp_path / "_config.yml"
    config.write_text("sphinx:\n  config:\n    hemisphere_quiz_shuffle: false\n", encoding="utf-8")
    assert quiz.shuffle_setting(config) is False
    config.write_text("title: x\n", encoding="utf-8")
    assert quiz.shuffle_setting(config) is True
    config.write_text("sphinx:\n  config:\n    hemisphere_quiz_shuffle: 'no'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="hemisphere_quiz_shuffle must be true or false"):
        quiz.shuffle_setting(config)


# --- The live quiz ---------------------------------------------------------------------


def test_the_live_quiz_checks_and_saves_answers(tmp_path):
    import json

    live = quiz.LiveQuiz(quiz.load_bank("04_western_hemisphere"), tmp_path)
    live.controls["c4-homeland"].value = "homeland"
    assert live.check("c4-homeland").correct
    live.controls["c4-designations-latin"].value = "15 groups"
    assert live.check("c4-designations-latin").status == "invalid"
    assert "without units" in live.feedback["c4-designations-latin"].value
    assert "1 of 11" in live.score.value
    saved = json.loads(live.save().read_text(encoding="utf-8"))
    assert saved["answers"]["c4-homeland"] == {"response": "homeland", "status": "correct"}
    assert saved["answers"]["c4-map-core"]["status"] == "not checked"


def test_in_the_book_build_the_live_quiz_is_a_note(monkeypatch):
    from hemisphere.book import BOOK_BUILD_FLAG

    monkeypatch.setenv(BOOK_BUILD_FLAG, "1")
    assert "In the book, the quiz is above" in quiz.render_quiz("04_western_hemisphere").data

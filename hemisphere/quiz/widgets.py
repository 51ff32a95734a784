"""The quiz in a live notebook: ipywidgets, marked by :func:`.marking.check`, answers saved
as a file to hand in."""

from __future__ import annotations

from pathlib import Path

from .. import data as _data
from .loading import load_bank
from .marking import Result, check
from .model import Bank, Question
from .shuffling import shuffle_setting, shuffled, shuffles

LIVE_ONLY_NOTE = (
    "*In a live notebook this cell shows the quiz as widgets, with a button that saves your "
    "answers to a file you can hand in. In the book, the quiz is above.*"
)


class LiveQuiz:
    """A bank as ipywidgets: a control and a Check button per question, feedback from
    :func:`check`, and a button that saves the answers (``save()``) as JSON.

    Choices are shuffled (unless ``shuffle`` is false or _config.yml switches it off) in an
    order fixed by a random seed that is saved with the answers and reused from the saved file,
    so the order stays the same for the student who reopens the quiz."""

    def __init__(
        self,
        bank: Bank,
        save_dir: Path | str = ".",
        *,
        shuffle: bool | None = None,
        seed: str | None = None,
    ):
        import ipywidgets as widgets

        self.bank, self.save_dir = bank, Path(save_dir)
        self.shuffle = shuffle_setting() if shuffle is None else shuffle
        self.seed = seed or self._saved_seed() or _new_seed()
        self.read: dict[str, callable] = {}
        self.results: dict[str, Result] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        self.controls: dict[str, object] = {}
        boxes = [widgets.HTML(f"<b>{_escape(bank.title)}</b>")]
        for number, question in enumerate(bank.questions, start=1):
            control, read = self._control(question)
            self.controls[question.id], self.read[question.id] = control, read
            self.feedback[question.id] = widgets.HTML()
            button = widgets.Button(description="Check", tooltip=f"Check question {number}")
            button.on_click(lambda _button, q=question: self.check(q.id))
            boxes.append(
                widgets.VBox(
                    [
                        widgets.HTML(f"<p><b>{number}.</b> {_escape(question.prompt)}</p>"),
                        control,
                        button,
                        self.feedback[question.id],
                    ]
                )
            )
        self.score = widgets.HTML()
        self.saved = widgets.HTML()
        save = widgets.Button(description="Save my answers", icon="save")
        save.on_click(lambda _button: self.save())
        self.widget = widgets.VBox([*boxes, self.score, widgets.HBox([save, self.saved])])
        self._update_score()

    @property
    def path(self) -> Path:
        return self.save_dir / f"quiz-answers-{self.bank.name}.json"

    def _saved_seed(self) -> str | None:
        import json

        try:
            seed = json.loads(self.path.read_text(encoding="utf-8")).get("seed")
        except (OSError, ValueError, AttributeError):
            return None
        return seed if isinstance(seed, str) and seed else None

    def order(self, question: Question, choices: list) -> list:
        """The choices as this student sees them."""
        if not (self.shuffle and shuffles(question)):
            return list(choices)
        return shuffled(choices, self.seed, self.bank.name, question.id)

    def _control(self, question: Question):
        import ipywidgets as widgets

        if question.type in ("single", "truefalse"):
            choices = (
                [(o.text, o.id) for o in self.order(question, question.options)]
                if question.type == "single"
                else [("True", True), ("False", False)]
            )
            control = widgets.RadioButtons(
                options=choices, value=None, layout={"width": "max-content"}
            )
            return control, lambda: control.value
        if question.type == "multiple":
            ticks = {
                o.id: widgets.Checkbox(description=o.text, value=False, indent=False)
                for o in self.order(question, question.options)
            }
            return widgets.VBox(list(ticks.values())), lambda: [
                i for i, box in ticks.items() if box.value
            ]
        if question.type == "classify":
            pickers = {
                s.id: widgets.Dropdown(
                    options=[("Choose…", "")] + [(c, c) for c in question.categories],
                    value="",
                    description=s.text,
                    style={"description_width": "initial"},
                )
                for s in self.order(question, question.statements)
            }
            return (
                widgets.VBox(list(pickers.values())),
                lambda: {sid: p.value for sid, p in pickers.items() if p.value},
            )
        if question.type == "order":
            positions = [("Position…", 0)] + [
                (str(i), i) for i in range(1, len(question.options) + 1)
            ]
            pickers = {
                o.id: widgets.Dropdown(
                    options=positions,
                    value=0,
                    description=o.text,
                    style={"description_width": "initial"},
                )
                for o in self.order(question, question.options)
            }

            def read_order():
                chosen = {p.value: oid for oid, p in pickers.items() if p.value}
                return [chosen[i] for i in sorted(chosen)] if len(chosen) == len(pickers) else []

            return widgets.VBox(list(pickers.values())), read_order
        control = widgets.Text(
            placeholder=f"a number{f' ({question.unit})' if question.unit else ''}"
        )
        return control, lambda: control.value

    def check(self, question_id: str) -> Result:
        question = next(q for q in self.bank.questions if q.id == question_id)
        result = check(question, self.read[question_id]())
        self.results[question_id] = result
        lines = [f"<b>{_escape(result.message)}</b>"]
        if result.status != "invalid":
            lines.append(_escape(question.feedback))
            lines += [f"• {_escape(detail)}" for detail in result.details]
            lines.append(
                "Sources: " + "; ".join(_escape(_data.reference_label(k)) for k in question.sources)
            )
        self.feedback[question_id].value = "<br>".join(lines)
        self._update_score()
        return result

    def _update_score(self) -> None:
        right = sum(result.correct for result in self.results.values())
        self.score.value = f"<b>{right} of {len(self.bank.questions)} answered correctly.</b>"

    def save(self) -> Path:
        """Write the answers and their marks to quiz-answers-<bank>.json and return its path."""
        import datetime
        import json

        answers = {
            q.id: {
                "response": self.read[q.id](),
                "status": self.results[q.id].status if q.id in self.results else "not checked",
            }
            for q in self.bank.questions
        }
        record = {
            "quiz": self.bank.name,
            "title": self.bank.title,
            "saved": datetime.datetime.now().isoformat(timespec="seconds"),
            "correct": sum(r.correct for r in self.results.values()),
            "questions": len(self.bank.questions),
            "answers": answers,
            # A random seed, not a person: it keeps the order of the choices when reopened.
            "seed": self.seed,
            "shuffled": self.shuffle,
        }
        self.save_dir.mkdir(parents=True, exist_ok=True)
        path = self.path
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
        self.saved.value = f"Saved to <code>{_escape(str(path))}</code>: hand in this file."
        return path


def _new_seed() -> str:
    import secrets

    return secrets.token_hex(8)


def _escape(text: str) -> str:
    """Escaped for HTML, Japanese runs marked lang="ja" (the widgets show it as HTML)."""
    from ..lang import html_text

    return html_text(text)


def render_quiz(name: str, save_dir: Path | str = "."):
    """The chapter's quiz as widgets in a live notebook; in the book's pages, a note
    (the page shows the same bank as HTML through the ``{quiz}`` directive)."""
    from IPython.display import Markdown

    from ..book import in_book_build

    if in_book_build():
        return Markdown(LIVE_ONLY_NOTE)
    return LiveQuiz(load_bank(name), save_dir).widget

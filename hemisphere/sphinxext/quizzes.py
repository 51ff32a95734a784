"""The ``{quiz} <bank>`` directive: a chapter's quiz in its page.

The bank exercises/quizzes/<bank>.yml becomes HTML checked by
``static/quiz.js`` (added to the page by :mod:`.assets`); a malformed bank stops
the build with a message naming the file, the question and the field. The
script shuffles each reader's options unless ``hemisphere_quiz_shuffle: false``
is set under ``sphinx: config:`` in _config.yml.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective

from . import dependencies


class QuizBankError(SphinxError):
    category = "Quiz bank error"


class QuizDirective(SphinxDirective):
    """``{quiz} <bank>``: the bank exercises/quizzes/<bank>.yml as an in-page quiz."""

    required_arguments = 1

    def run(self):
        from docutils import nodes

        from .. import data, quiz

        try:
            bank = quiz.load_bank(self.arguments[0])
        except quiz.QuizError as err:
            raise QuizBankError(str(err)) from None
        dependencies.note(self.env, [bank.path, *dependencies.module_files(quiz)])
        references = self.env.app.builder.get_relative_uri(self.env.docname, "book/references")

        def source_href(key: str) -> str:
            return data.reference_url(key) or references

        shuffle = self.env.app.config[quiz.SHUFFLE_SETTING]
        if not isinstance(shuffle, bool):
            raise QuizBankError(
                f"_config.yml: sphinx.config.{quiz.SHUFFLE_SETTING} must be true or false, "
                f"not {shuffle!r}"
            )
        html = quiz.to_html(bank, source_href, shuffle=shuffle)
        return [nodes.raw("", html, format="html")]


def setup(app: Sphinx) -> None:
    # Shuffle each reader's quiz options (true) or show the bank's order (false); "env" so that
    # changing it rebuilds the quiz pages.
    app.add_config_value("hemisphere_quiz_shuffle", True, "env", types=[bool])
    app.add_directive("quiz", QuizDirective)

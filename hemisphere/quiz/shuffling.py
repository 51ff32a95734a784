"""Shuffling the options."""

from __future__ import annotations

from pathlib import Path

import yaml

from .. import paths
from .model import Question

#: The _config.yml setting (under ``sphinx: config:``) that turns shuffling of options off.
SHUFFLE_SETTING = "hemisphere_quiz_shuffle"

# Position must carry no information, so the page (static/quiz.js) and the live widgets show
# options, statements and items in an order of their own, fixed for one reader by a random
# seed (kept in the browser's localStorage, or saved with the live answers: no personal data).
# Marking goes by option id, so the order never changes a mark. Without the script, or with
# shuffling switched off in _config.yml, the bank's file order shows.

CONFIG_FILE = paths.CONFIG


def shuffle_setting(config_file: Path | None = None) -> bool:
    """Whether quizzes shuffle their options: ``sphinx: config: hemisphere_quiz_shuffle`` in
    _config.yml (default true). The book's extension reads the same setting through Sphinx."""
    path = Path(config_file or CONFIG_FILE)
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return True
    value = ((config.get("sphinx") or {}).get("config") or {}).get(SHUFFLE_SETTING, True)
    if not isinstance(value, bool):
        raise ValueError(
            f"{path.name}: sphinx.config.{SHUFFLE_SETTING} must be true or false, not {value!r}"
        )
    return value


def shuffled(items: list, seed: str, *keys: str) -> list:
    """``items`` in an order fixed by the seed and the keys (e.g. bank and question id)."""
    import random

    order = list(items)
    random.Random("|".join([str(seed), *keys])).shuffle(order)
    return order


def shuffles(question: Question) -> bool:
    """Whether a question's choices are shown shuffled (true/false keeps True, False)."""
    return question.type in ("single", "multiple", "classify", "order")

"""Quizzes in a built book: a malformed bank stops the build, naming the file, the question and the
field. (The quiz directive on a small book: test_directives.py; the page's script: test_quiz_browser.py.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from helpers import (
    ROOT,
)

from hemisphere.book import build_command

pytestmark = pytest.mark.build


def test_a_malformed_quiz_bank_stops_the_build_with_a_clear_message(tmp_path):
    """A one-page book with a broken bank: the build fails and says which file, question and field."""
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "images").mkdir()
    shutil.copy(
        ROOT / "book" / "images" / "favicon.svg", tmp_path / "book" / "images" / "favicon.svg"
    )
    (tmp_path / "book" / "page.md").write_text(
        "# A page\n\n```{quiz} broken\n```\n", encoding="utf-8"
    )
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/page\n", encoding="utf-8")
    banks = tmp_path / "quizzes"
    banks.mkdir()
    good = (ROOT / "exercises" / "quizzes" / "04_western_hemisphere.yml").read_text(
        encoding="utf-8"
    )
    assert "  answer: homeland\n" in good
    (banks / "broken.yml").write_text(
        good.replace("  answer: homeland\n", "  answer: everywhere\n"), encoding="utf-8"
    )
    env = {**os.environ, "HEMISPHERE_QUIZZES": str(banks)}
    result = subprocess.run(
        build_command(tmp_path, path_output=tmp_path),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert result.returncode != 0
    assert "Quiz bank error:" in log
    assert (
        "exercises/quizzes/broken.yml, question 'c4-homeland', field 'answer': "
        "'everywhere' is not among the options (americas, china, homeland)"
    ) in log

"""Where the module's files live: the one place that knows the repository's layout.

Everything else asks here instead of walking up from its own ``__file__``, so a
moved module or an installed copy of the package changes one file, not six.
``HEMISPHERE_DATA`` and ``HEMISPHERE_QUIZZES`` point the loaders elsewhere (the
tests use them for broken copies of the data and the banks).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The package's own folder (its static files live beside it).
PACKAGE = Path(__file__).resolve().parent
#: The repository's top level, in a checkout or an editable install.
ROOT = PACKAGE.parent
#: Scripts and stylesheets the Sphinx extension copies into the built site.
STATIC = PACKAGE / "static"

DATA = ROOT / "data"
BANKS = ROOT / "exercises" / "quizzes"
EXERCISES = ROOT / "exercises"
CONFIG = ROOT / "_config.yml"
TOC = ROOT / "_toc.yml"
INSTRUCTOR_TOC = ROOT / "_toc.instructor.yml"
BUILD_FIGURES = ROOT / "book" / "build-figures.json"


def data_dir() -> Path:
    """The data package in use: ``HEMISPHERE_DATA`` when set, else the repository's ``data/``."""
    return Path(os.environ.get("HEMISPHERE_DATA", DATA))


def bank_dir() -> Path:
    """The quiz banks in use: ``HEMISPHERE_QUIZZES`` when set, else ``exercises/quizzes/``."""
    return Path(os.environ.get("HEMISPHERE_QUIZZES", BANKS))

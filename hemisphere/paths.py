"""Where the module's files live: the one place that knows the repository's layout.

Everything else asks here instead of walking up from its own ``__file__``, so a
moved module or an installed copy of the package changes one file, not six.
``HEMISPHERE_DATA`` and ``HEMISPHERE_QUIZZES`` point the loaders elsewhere (the
tests use them for broken copies of the data and the banks).

Two layouts, one set of names:

- a checkout, or an editable install of one (``pip install -e .``): the package sits in
  the repository, and ``ROOT`` is the repository's top level, where contributors edit
  ``data/`` and the quiz banks;
- an install from a wheel (``pip install <wheel>`` or ``pip install git+<repository URL>``):
  the wheel carries a copy of what notebooks read (see ``BUNDLED`` and setup.py), in the
  package's folder ``_bundle/``, and ``ROOT`` is that copy, found through
  :mod:`importlib.resources`. A notebook then runs in any folder, alone.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: The package's own folder (its static files live beside it).
PACKAGE = Path(__file__).resolve().parent
#: Scripts and stylesheets the Sphinx extension copies into the built site.
STATIC = PACKAGE / "static"

#: The folder of the package that holds the wheel's copy (setup.py writes it into a wheel only).
BUNDLE_NAME = "_bundle"
#: What a wheel carries, relative to the repository's top level: what the notebooks read (the
#: data, the quiz banks, the quiz setting in _config.yml, the chapters whose titles the claims
#: page links to). setup.py copies these; nothing here is read at build time only.
BUNDLED = (
    "data",
    "exercises/quizzes",
    "book/*.ipynb",
    "_config.yml",
    "_toc.yml",
)


def _bundle() -> Path | None:
    """The wheel's copy, or None in a checkout (where the folder does not exist)."""
    folder = resources.files(__package__) / BUNDLE_NAME
    if not folder.is_dir():
        return None
    if isinstance(folder, Path):  # pip installs wheels unpacked: a real folder
        return folder
    return _extracted(folder)


def _extracted(folder) -> Path:
    """A zipped install (a zipapp, an egg): copy the bundle out once, to a temporary folder."""
    import atexit
    import shutil
    import tempfile

    target = Path(tempfile.mkdtemp(prefix="hemisphere-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)

    def copy(node, to: Path) -> None:
        for child in node.iterdir():
            if child.is_dir():
                (to / child.name).mkdir()
                copy(child, to / child.name)
            else:
                (to / child.name).write_bytes(child.read_bytes())

    copy(folder, target)
    return target


#: The folder that holds data/, exercises/quizzes/, _config.yml ...: the repository's top level
#: in a checkout or an editable install, the wheel's copy in an installed package.
ROOT = _bundle() or PACKAGE.parent
#: True when the package runs from a wheel's install (its files are the wheel's copy).
INSTALLED = ROOT != PACKAGE.parent

DATA = ROOT / "data"
BANKS = ROOT / "exercises" / "quizzes"
EXERCISES = ROOT / "exercises"
CONFIG = ROOT / "_config.yml"
TOC = ROOT / "_toc.yml"
INSTRUCTOR_TOC = ROOT / "_toc.instructor.yml"
BUILD_FIGURES = ROOT / "book" / "build-figures.json"


def data_dir() -> Path:
    """The data package in use: ``HEMISPHERE_DATA`` when set, else ``DATA``."""
    return Path(os.environ.get("HEMISPHERE_DATA", DATA))


def bank_dir() -> Path:
    """The quiz banks in use: ``HEMISPHERE_QUIZZES`` when set, else ``BANKS``."""
    return Path(os.environ.get("HEMISPHERE_QUIZZES", BANKS))

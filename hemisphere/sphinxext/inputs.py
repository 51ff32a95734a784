"""What the notebooks read besides their own code, and a build that notices when it changes.

The execution cache keys a notebook on its own code only, so a changed data
table or package module would leave stale figures and glued numbers. This
module keeps a digest of data/ and hemisphere/; when it changes, the cache is
emptied and every notebook is read (and so executed) again (see
:mod:`.execution` for the pages Sphinx is told to read). It also tells the
notebooks' kernels that a book is being built.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: What the notebooks read besides their own code: a change here must re-execute them.
EXECUTION_INPUTS = ("data", "hemisphere")
INPUTS_STAMP = "hemisphere-inputs.sha256"


def inputs_digest(root: Path) -> str:
    """A digest of every file under data/ and hemisphere/ (names and contents)."""
    digest = hashlib.sha256()
    for folder in EXECUTION_INPUTS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def execution_cache_path(app: Sphinx) -> Path:
    """myst-nb's execution cache (a book without myst-nb has none: an empty path's default)."""
    configured = getattr(app.config, "nb_execution_cache_path", "")
    return Path(configured or Path(app.outdir).parent / ".jupyter_cache")


def _mark_book_build(app: Sphinx, config) -> None:
    """Tell the notebooks' kernels (which inherit the environment) that a book is being built,
    so explorers that need a live kernel leave a note instead of frozen widgets."""
    from ..book import BOOK_BUILD_FLAG

    os.environ[BOOK_BUILD_FLAG] = "1"


def _drop_stale_execution_cache(app: Sphinx, config) -> None:
    stamp = Path(app.doctreedir) / INPUTS_STAMP
    app.hemisphere_inputs_digest = inputs_digest(Path(app.confdir))
    app.hemisphere_inputs_changed = (
        not stamp.exists() or stamp.read_text() != app.hemisphere_inputs_digest
    )
    if not app.hemisphere_inputs_changed:
        return
    cache = execution_cache_path(app)
    if cache.exists():
        shutil.rmtree(cache)
        logger.info("hemisphere: data/ or hemisphere/ changed; notebooks will be executed again")


def _record_inputs(app: Sphinx, exception) -> None:
    """Remember the inputs only after a build that finished, so a failed one is redone."""
    if exception is None and getattr(app, "hemisphere_inputs_changed", False):
        stamp = Path(app.doctreedir) / INPUTS_STAMP
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(app.hemisphere_inputs_digest)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _mark_book_build)
    app.connect("config-inited", _drop_stale_execution_cache)
    app.connect("build-finished", _record_inputs)

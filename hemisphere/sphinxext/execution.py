"""Notebooks executed before Sphinx reads them: in parallel, and again when their inputs change.

- Notebooks about to be read that the execution cache lacks are executed first,
  one per core, with jupyter-cache's parallel executor; myst-nb then finds them
  in the cache.
- When :mod:`.inputs` found data/ or hemisphere/ changed, every notebook page is
  read again (Sphinx alone would skip sources that did not change).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .inputs import execution_cache_path

logger = logging.getLogger(__name__)


def _execute_notebooks_in_parallel(app: Sphinx, env, docnames: list[str]) -> None:
    """Execute the notebooks about to be read that the cache lacks, one per core.

    myst-nb executes notebooks one at a time as it reads them; most of a clean build is spent
    waiting on kernels. jupyter-cache's parallel executor fills the same cache first, so
    myst-nb finds every notebook there. A notebook that fails here is left out of the cache:
    myst-nb then executes it again and reports the error as the build would anyway."""
    if app.builder.format != "html" or getattr(app.config, "nb_execution_mode", "") != "cache":
        return
    notebooks = [
        str(env.doc2path(name)) for name in docnames if str(env.doc2path(name)).endswith(".ipynb")
    ]
    if len(notebooks) < 2:
        return  # nothing to share out (and a no-change rebuild imports nothing)
    import logging as std_logging

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    config = app.config
    cache = get_cache(execution_cache_path(app))
    missing = []
    for path in notebooks:
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            missing.append(path)
    if len(missing) < 2:
        return
    for uri in missing:
        cache.add_nb_to_project(uri)
    logger.info(f"hemisphere: executing {len(missing)} notebooks in parallel")
    # The workers' own reports (why a notebook failed) go to the build's log as plain lines.
    workers = std_logging.getLogger("hemisphere.execute")
    if not workers.handlers:
        workers.addHandler(std_logging.StreamHandler())
        workers.setLevel(std_logging.WARNING)
    result = load_executor("local-parallel", cache=cache, logger=workers).run_and_cache(
        filter_uris=missing,
        timeout=config.nb_execution_timeout,
        allow_errors=config.nb_execution_allow_errors,
    )
    left = sorted(
        Path(uri).relative_to(app.srcdir).as_posix() for uri in result.excepted + result.errored
    )
    if left:
        logger.info(f"hemisphere: left to myst-nb (not cached in parallel): {', '.join(left)}")


def _outdated_notebooks(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Every notebook page, when the inputs changed (Sphinx would skip unchanged sources)."""
    if not getattr(app, "hemisphere_inputs_changed", False):
        return []
    return [
        docname
        for docname in env.found_docs
        if str(env.doc2path(docname)).endswith(".ipynb") and docname not in added | changed
    ]


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _execute_notebooks_in_parallel)
    app.connect("env-get-outdated", _outdated_notebooks)

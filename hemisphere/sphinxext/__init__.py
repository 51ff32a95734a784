"""The book's Sphinx extension (``hemisphere.sphinxext`` in _config.yml), one module per job.

- :mod:`.assets`: the offline chart libraries, the quiz script and stylesheet,
  added only to the pages that need them; page fixes (thebe's inline script,
  the bibliography's list role).
- :mod:`.repository`: launch buttons and the errata link from the repository
  addresses in _config.yml, or left out with one line each.
- :mod:`.inputs`: a digest of data/ and hemisphere/ that empties the execution
  cache when they change; the book-build mark the kernels see.
- :mod:`.execution`: notebooks the cache lacks executed in parallel first;
  every notebook read again when the inputs changed.
- :mod:`.generated`: the data page's and the instructor guide's directives,
  Markdown generated from data/, the chapters, banks and exercises.
- :mod:`.quizzes`: the ``{quiz}`` directive.
- :mod:`.figures`: the ``{build-figures}`` directive.

Beside these, :func:`setup` loads the bibliography's style (:mod:`hemisphere.bibstyle`),
the Japanese-text marking (:mod:`hemisphere.sphinxext.japanese`) and the inputs check and page
security (:mod:`hemisphere.pagesecurity`).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import assets, execution, figures, generated, inputs, quizzes, repository


def setup(app: Sphinx) -> dict:
    app.setup_extension("hemisphere.bibstyle")  # the bibliography's pybtex style
    quizzes.setup(app)
    generated.setup(app)
    figures.setup(app)
    inputs.setup(app)
    execution.setup(app)
    repository.setup(app)
    assets.setup(app)
    app.setup_extension("hemisphere.sphinxext.japanese")  # Japanese marked lang="ja" (WCAG 3.1.2)
    from .. import pagesecurity  # inputs checked first; a Content-Security-Policy on every page

    pagesecurity.setup(app)
    from .. import pageload  # scripts deferred, search and icons lightened, charts loaded lazily

    pageload.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

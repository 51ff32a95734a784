"""A small Sphinx extension that keeps the built book self-contained.

- Altair's chart loader fetches vega, vega-lite and vega-embed from a CDN. This
  extension writes the three libraries, bundled by the pinned vl-convert
  package, into the site's ``_static``; on pages that hold a chart,
  ``static/charts-embed.js`` loads them when a chart comes near the screen (see
  :mod:`hemisphere.pageload`). Pages without charts load nothing extra.
- Launch buttons need the student repository's URL, the errata link the source
  repository's: both come from _config.yml (see :mod:`hemisphere.addresses`:
  ``repository.student_url``, ``repository.source_url``, each falling back on
  ``repository.url`` and then the git remote ``origin``). A feature whose
  address is empty is left out and the build says so in one line.
- The execution cache keys a notebook on its own code only, so a changed data
  table or package module would leave stale figures and glued numbers. The
  extension keeps a digest of data/ and hemisphere/; when it changes, the cache
  is emptied and every notebook is read (and so executed) again.
- The directives ``{datapackage}`` and ``{datapackage-citation}`` write the data
  page from data/datapackage.json (see :mod:`hemisphere.datadoc`).
- Notebooks about to be read that the execution cache lacks are executed first,
  one per core, with jupyter-cache's parallel executor; myst-nb then finds them
  in the cache.
- The directive ``{build-figures}`` shows the figures `make bench` wrote (see
  :mod:`hemisphere.buildfigures`).
- The directive ``{quiz} <bank>`` puts a chapter's quiz in its page as HTML checked
  by ``static/quiz.js``; a malformed bank stops the build with a message naming
  the file, the question and the field. The script and its stylesheet are added
  only to pages with a quiz. The script shuffles each reader's options unless
  ``hemisphere_quiz_shuffle: false`` is set under ``sphinx: config:`` in _config.yml.
- sphinx-thebe's inline configuration declares ``const THEBE_JS_URL`` in a way
  that is logged as a redeclaration error; the book runs no thebe, so the
  extension drops that script (and the CDN address inside it).
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import addresses, paths
from .addresses import repository_url_from_git  # noqa: F401  (kept where the tests import it)
from .vega import vega_bundle_name, vega_bundle_script, vega_debug_flags  # noqa: F401

logger = logging.getLogger(__name__)

STATIC_SUBDIR = "hemisphere"
CHART_MARKER = 'id="altair-viz-'
QUIZ_MARKER = 'class="hemisphere-quiz"'
PACKAGE_STATIC = paths.STATIC
QUIZ_ASSETS = ("quiz.js", "quiz.css")
CHART_ASSETS = ("charts-a11y.js",)


def write_vega_bundle(static_dir: Path) -> Path:
    """Write vega, vega-lite and vega-embed as one classic script, once per version."""
    target = static_dir / STATIC_SUBDIR / vega_bundle_name()
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(vega_bundle_script(), encoding="utf-8")
    return target


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format == "html":
        write_vega_bundle(Path(app.outdir) / "_static")
        target = Path(app.outdir) / "_static" / STATIC_SUBDIR
        target.mkdir(parents=True, exist_ok=True)
        for name in QUIZ_ASSETS + CHART_ASSETS:
            shutil.copyfile(PACKAGE_STATIC / name, target / name)


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if CHART_MARKER in context.get("body", ""):
        # The libraries themselves are loaded by charts-embed.js when a chart is near (pageload).
        app.add_js_file(f"{STATIC_SUBDIR}/charts-a11y.js")
    if QUIZ_MARKER in context.get("body", ""):
        app.add_js_file(f"{STATIC_SUBDIR}/quiz.js")
        app.add_css_file(f"{STATIC_SUBDIR}/quiz.css")
    body = context.get("body", "")
    if 'role="list" class="citation-list"' in body:
        # sphinxcontrib-bibtex marks the bibliography as a list whose entries are not list
        # items, which assistive technology reports as broken (axe-core: aria-required-children).
        context["body"] = body.replace(
            '<div role="list" class="citation-list">', '<div class="citation-list">'
        )
    scripts = context.get("script_files")
    if scripts:
        # In place: the builder keeps adding to this same list after us.
        scripts[:] = [s for s in scripts if "THEBE_JS_URL" not in _script_body(s)]


def _script_body(script) -> str:
    return getattr(script, "attributes", {}).get("body", "") or ""


def _addresses(app: Sphinx, config) -> addresses.Addresses:
    """The addresses in the book's _config.yml; the theme's ``repository_url`` (which Jupyter
    Book takes from ``repository.url``) wins over the file, the git remote comes last."""
    import yaml

    root = Path(app.srcdir)
    path = root / "_config.yml"
    raw = dict((yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None) or {})
    repository = dict(raw.get("repository") or {})
    if config.html_theme_options.get("repository_url"):
        repository["url"] = config.html_theme_options["repository_url"]
    raw["repository"] = repository
    return addresses.from_config(raw, root)


def _on_config_inited(app: Sphinx, config) -> None:
    options = config.html_theme_options
    found = _addresses(app, config)
    app.hemisphere_addresses = found
    for line in found.missing():
        logger.info(f"hemisphere: {line}")
    if found.source:
        # Issues and errata go to the source repository, whichever repository the buttons open.
        link = html.escape(f"{found.source.rstrip('/')}/issues", quote=True)
        footer = options.get("extra_footer", "")
        options["extra_footer"] = f'{footer} <a href="{link}">Report an error</a>.'.strip()
    if found.student:
        # The launch buttons (and the theme's repository button, which shares its setting)
        # open the repository students use.
        options["repository_url"] = found.student
        options["repository_branch"] = found.student_branch
        options["use_repository_button"] = True
        return
    options["launch_buttons"] = {}
    for button in (
        "use_repository_button",
        "use_edit_page_button",
        "use_issues_button",
        "use_source_button",
    ):
        options[button] = False


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


def _mark_book_build(app: Sphinx, config) -> None:
    """Tell the notebooks' kernels (which inherit the environment) that a book is being built,
    so explorers that need a live kernel leave a note instead of frozen widgets."""
    from .book import BOOK_BUILD_FLAG

    os.environ[BOOK_BUILD_FLAG] = "1"


def _drop_stale_execution_cache(app: Sphinx, config) -> None:
    stamp = Path(app.doctreedir) / INPUTS_STAMP
    app.hemisphere_inputs_digest = inputs_digest(Path(app.confdir))
    app.hemisphere_inputs_changed = (
        not stamp.exists() or stamp.read_text() != app.hemisphere_inputs_digest
    )
    if not app.hemisphere_inputs_changed:
        return
    cache = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    if cache.exists():
        shutil.rmtree(cache)
        logger.info("hemisphere: data/ or hemisphere/ changed; notebooks will be executed again")


def _record_inputs(app: Sphinx, exception) -> None:
    """Remember the inputs only after a build that finished, so a failed one is redone."""
    if exception is None and getattr(app, "hemisphere_inputs_changed", False):
        stamp = Path(app.doctreedir) / INPUTS_STAMP
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(app.hemisphere_inputs_digest)


def _execute_notebooks_in_parallel(app: Sphinx, env, docnames: list[str]) -> None:
    """Execute the notebooks about to be read that the cache lacks, one per core.

    myst-nb executes notebooks one at a time as it reads them; most of a clean build is spent
    waiting on kernels. jupyter-cache's parallel executor fills the same cache first, so
    myst-nb finds every notebook there. A notebook that fails here is left out of the cache:
    myst-nb then executes it again and reports the error as the build would anyway."""
    if app.builder.format != "html" or app.config.nb_execution_mode != "cache":
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
    cache = get_cache(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
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


class _GeneratedMarkdown(SphinxDirective):
    """Parse Markdown made by :mod:`hemisphere.datadoc`; the page depends on data/."""

    def markdown(self) -> str:
        raise NotImplementedError

    def run(self):
        from . import data, datadoc

        # Sphinx re-reads the page when any of these files is newer than the last build.
        for path in [
            *sorted(data.data_dir().glob("*")),
            Path(data.__file__),
            Path(datadoc.__file__),
        ]:
            if path.is_file():
                self.env.note_dependency(str(path))
        return self.parse_text_to_nodes(self.markdown())


class DataPackageDirective(_GeneratedMarkdown):
    def markdown(self) -> str:
        from . import datadoc

        return datadoc.package_markdown()


class _GuideMarkdown(_GeneratedMarkdown):
    """A generated part of the instructor guide; the page depends on the chapters,
    the quiz banks and the exercise sources."""

    def run(self):
        from . import assignments, quiz

        root = Path(self.env.app.confdir)
        for path in [
            *sorted((root / "book").glob("*.ipynb")),
            *sorted(quiz.bank_dir().glob("*.yml")),
            *sorted(assignments.SOURCE_DIR.glob("*.ipynb")),
        ]:
            self.env.note_dependency(str(path))
        return super().run()


class OutcomesDirective(_GuideMarkdown):
    def markdown(self) -> str:
        from . import guide

        folder = (
            "solutions"
            if "exercises/solutions/01_policy_at_a_glance" in self.env.found_docs
            else "student"
        )
        return guide.outcomes_markdown(folder)


class WorkloadDirective(_GuideMarkdown):
    def markdown(self) -> str:
        from . import guide

        return guide.workload_markdown()


class RubricsDirective(_GuideMarkdown):
    def markdown(self) -> str:
        from . import guide

        return guide.rubrics_markdown()


class ExerciseLinksDirective(_GuideMarkdown):
    def markdown(self) -> str:
        from . import guide

        options = self.env.app.config.html_theme_options
        return guide.links_markdown(
            options.get("repository_url", ""), options.get("repository_branch", "main")
        )


class DataCitationDirective(_GeneratedMarkdown):
    def markdown(self) -> str:
        from . import datadoc

        return datadoc.citation_markdown()


class QuizBankError(SphinxError):
    category = "Quiz bank error"


class QuizDirective(SphinxDirective):
    """``{quiz} <bank>``: the bank exercises/quizzes/<bank>.yml as an in-page quiz."""

    required_arguments = 1

    def run(self):
        from docutils import nodes

        from . import data, quiz

        try:
            bank = quiz.load_bank(self.arguments[0])
        except quiz.QuizError as err:
            raise QuizBankError(str(err)) from None
        self.env.note_dependency(str(bank.path))
        self.env.note_dependency(str(Path(quiz.__file__)))
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


class BuildFiguresDirective(SphinxDirective):
    """``{build-figures} summary``, ``pages`` or ``lighthouse``: the appendix's tables from
    book/build-figures.json."""

    required_arguments = 1

    def run(self):
        from . import buildfigures

        self.env.note_dependency(str(buildfigures.FIGURES))
        tables = {
            "summary": buildfigures.summary_markdown,
            "pages": buildfigures.pages_markdown,
            "lighthouse": buildfigures.lighthouse_markdown,
        }
        if self.arguments[0] not in tables:
            raise self.error(f"build-figures: {self.arguments[0]!r} is not one of {sorted(tables)}")
        try:
            figures = buildfigures.load()
        except buildfigures.FiguresError as error:
            raise self.error(str(error)) from None
        return self.parse_text_to_nodes(tables[self.arguments[0]](figures))


def setup(app: Sphinx) -> dict:
    app.setup_extension("hemisphere.bibstyle")  # the bibliography's pybtex style
    # Shuffle each reader's quiz options (true) or show the bank's order (false); "env" so that
    # changing it rebuilds the quiz pages.
    app.add_config_value("hemisphere_quiz_shuffle", True, "env", types=[bool])
    app.add_directive("quiz", QuizDirective)
    app.add_directive("outcomes-map", OutcomesDirective)
    app.add_directive("course-workload", WorkloadDirective)
    app.add_directive("exercise-rubrics", RubricsDirective)
    app.add_directive("exercise-links", ExerciseLinksDirective)
    app.add_directive("datapackage", DataPackageDirective)
    app.add_directive("build-figures", BuildFiguresDirective)
    app.add_directive("datapackage-citation", DataCitationDirective)
    app.connect("config-inited", _mark_book_build)
    app.connect("config-inited", _drop_stale_execution_cache)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect("build-finished", _record_inputs)
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-before-read-docs", _execute_notebooks_in_parallel)
    app.connect("html-page-context", _on_page_context)
    app.setup_extension("hemisphere.lang")  # Japanese text marked lang="ja" (WCAG 3.1.2)
    from . import pagesecurity  # inputs checked first; a Content-Security-Policy on every page

    pagesecurity.setup(app)
    from . import pageload  # scripts deferred, search and icons lightened, charts loaded lazily

    pageload.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Directives whose Markdown is generated from the sources, so pages never restate them.

- ``{datapackage}`` and ``{datapackage-citation}`` write the data page from
  data/datapackage.json (see :mod:`hemisphere.datadoc`).
- ``{outcomes-map}``, ``{course-workload}``, ``{exercise-rubrics}`` and
  ``{exercise-links}`` write the instructor guide's tables from the chapters,
  the quiz banks and the exercise sources (see :mod:`hemisphere.guide`).

Each page depends on the files its Markdown is made from: Sphinx reads it again
when one of them changes.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import paths
from . import dependencies


class _GeneratedMarkdown(SphinxDirective):
    """Parse Markdown made by :mod:`hemisphere.datadoc`; the page depends on data/."""

    #: What the Markdown is made from, for a message about a field it lacks.
    source = "data/datapackage.json"

    def markdown(self) -> str:
        raise NotImplementedError

    def run(self):
        from .. import data, datadoc

        dependencies.note(
            self.env,
            [*sorted(paths.data_dir().glob("*")), *dependencies.module_files(data, datadoc)],
        )
        try:
            markdown = self.markdown()
        except ValueError as error:  # the sources' own messages (file, row, field), at this page
            raise self.error(f"{self.name}: {error}") from None
        except KeyError as error:
            raise self.error(f"{self.name}: {self.source} has no {error.args[0]!r}") from None
        return self.parse_text_to_nodes(markdown)


class DataPackageDirective(_GeneratedMarkdown):
    def markdown(self) -> str:
        from .. import datadoc

        return datadoc.package_markdown()


class DataCitationDirective(_GeneratedMarkdown):
    def markdown(self) -> str:
        from .. import datadoc

        return datadoc.citation_markdown()


class _GuideMarkdown(_GeneratedMarkdown):
    """A generated part of the instructor guide; the page depends on the chapters,
    the quiz banks and the exercise sources."""

    source = "a chapter, quiz bank or exercise's metadata"

    def run(self):
        from .. import guide

        root = Path(self.env.app.confdir)
        dependencies.note(
            self.env,
            [
                *sorted((root / "book").glob("*.ipynb")),
                *sorted(paths.bank_dir().glob("*.yml")),
                *sorted((paths.EXERCISES / "source").glob("*.ipynb")),
                # What the guide reads in the student edition, which ships no sources.
                *sorted((paths.EXERCISES / "student").glob("*.ipynb")),
                *dependencies.module_files(guide),
            ],
        )
        return super().run()


class OutcomesDirective(_GuideMarkdown):
    def markdown(self) -> str:
        from .. import guide

        folder = (
            "solutions"
            if "exercises/solutions/01_policy_at_a_glance" in self.env.found_docs
            else "student"
        )
        return guide.outcomes_markdown(folder)


class WorkloadDirective(_GuideMarkdown):
    def markdown(self) -> str:
        from .. import guide

        return guide.workload_markdown()


class RubricsDirective(_GuideMarkdown):
    def markdown(self) -> str:
        from .. import guide

        return guide.rubrics_markdown()


class ExerciseLinksDirective(_GuideMarkdown):
    def markdown(self) -> str:
        from .. import guide

        options = self.env.app.config.html_theme_options
        return guide.links_markdown(
            options.get("repository_url", ""), options.get("repository_branch", "main")
        )


def setup(app: Sphinx) -> None:
    app.add_directive("datapackage", DataPackageDirective)
    app.add_directive("datapackage-citation", DataCitationDirective)
    app.add_directive("outcomes-map", OutcomesDirective)
    app.add_directive("course-workload", WorkloadDirective)
    app.add_directive("exercise-rubrics", RubricsDirective)
    app.add_directive("exercise-links", ExerciseLinksDirective)

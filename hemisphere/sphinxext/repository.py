"""The repository's addresses, settled when the configuration is read.

Launch buttons need the student repository's URL, the errata link the source
repository's: both come from _config.yml (see :mod:`hemisphere.addresses`:
``repository.student_url``, ``repository.source_url``, each falling back on
``repository.url`` and then the git remote ``origin``). A feature whose address
is empty is left out and the build says so in one line.
"""

from __future__ import annotations

import html
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import addresses

logger = logging.getLogger(__name__)

#: The theme's switches that need a repository address.
REPOSITORY_BUTTONS = (
    "use_repository_button",
    "use_edit_page_button",
    "use_issues_button",
    "use_source_button",
)


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
    for button in REPOSITORY_BUTTONS:
        options[button] = False


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited)

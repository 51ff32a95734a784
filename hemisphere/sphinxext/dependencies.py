"""The files a generated page is built from, so that Sphinx re-reads the page when one changes."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType


def module_files(*modules: ModuleType) -> list[Path]:
    """Each module's source file; every file of a package (its code may live in any of them)."""
    files = []
    for module in modules:
        path = Path(module.__file__)
        files += sorted(path.parent.rglob("*.py")) if path.name == "__init__.py" else [path]
    return files


def note(env, paths) -> None:
    """Make the page being read depend on each file in ``paths`` (folders and gaps are skipped)."""
    for path in paths:
        if Path(path).is_file():
            env.note_dependency(str(path))


def pages_lacking(app, env, added, changed, mark: str) -> list[str]:
    """For ``env-get-outdated``: pages an earlier build wrote without ``mark`` (written under
    older rules), so this build writes them again; their content can no longer be told from
    the theme's. Only HTML builds have pages on disk to read."""
    if app.builder.format != "html":
        return []
    stale = []
    for docname in sorted(env.found_docs - added - changed):
        path = Path(app.outdir) / f"{docname}.html"
        if path.exists() and mark not in path.read_text(encoding="utf-8"):
            stale.append(docname)
    return stale

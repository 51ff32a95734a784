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

"""The wheel carries a copy of what the notebooks read, so a notebook runs outside the repository.

Everything else about the package is in pyproject.toml. A wheel (``pip wheel .``, ``python -m
build``, ``pip install git+<repository URL>``) gets, in ``hemisphere/_bundle/``, a copy of the
folders and files ``hemisphere.paths.BUNDLED`` lists (data/, the quiz banks, ...), which the
installed package reads through importlib.resources. An editable install (``pip install -e .``)
copies nothing: it reads the repository's own top-level folders, where contributors edit them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def bundled() -> tuple[str, ...]:
    """hemisphere.paths.BUNDLED, read without importing the package (its imports need pandas)."""
    namespace: dict = {}
    source = (ROOT / "hemisphere" / "paths.py").read_text(encoding="utf-8")
    start = source.index("BUNDLED = (")
    exec(source[start : source.index(")", start) + 1], namespace)
    return namespace["BUNDLED"]


class BuildWithBundle(build_py):
    """build_py, then the copy of the notebooks' files into the built package."""

    def run(self):
        super().run()
        if self.editable_mode:
            return
        bundle = Path(self.build_lib) / "hemisphere" / "_bundle"
        shutil.rmtree(bundle, ignore_errors=True)
        for pattern in bundled():
            matches = sorted(ROOT.glob(pattern))
            if not matches:
                raise FileNotFoundError(
                    f"setup.py: nothing matches {pattern!r} to put in the wheel"
                )
            for path in matches:
                target = bundle / path.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                if path.is_dir():
                    shutil.copytree(
                        path, target, ignore=shutil.ignore_patterns(".*", "__pycache__")
                    )
                else:
                    shutil.copy2(path, target)


setup(cmdclass={"build_py": BuildWithBundle})

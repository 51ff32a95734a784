"""The book's addresses, settled once in _config.yml; each is optional.

``repository`` in _config.yml:

- ``url``: the repository this tree is. In the source repository that is the
  source; in the student edition that ``make release`` writes, the student
  repository. Empty: the git remote ``origin``.
- ``source_url``: where the book is developed (issues, errata). Empty: ``url``.
- ``student_url``: the student repository (launch buttons, nbgitpuller links,
  Colab, installing). Empty: ``url``.
- ``branch`` (and ``student_branch``, empty: ``branch``).

``html.baseurl`` is the site's own address (Jupyter Book passes it to Sphinx).

A feature whose address is empty is left out of the build, which says so in one
line (see :mod:`hemisphere.sphinxext`).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml


def repository_url_from_git(srcdir: Path) -> str:
    """The https URL of the git remote ``origin``, or '' when there is none."""
    try:
        url = subprocess.run(
            ["git", "-C", str(srcdir), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    if url.startswith("git@"):
        host, _, path = url[len("git@") :].partition(":")
        url = f"https://{host}/{path}"
    return url.removesuffix(".git") if url.startswith("https://") else ""


@dataclass(frozen=True)
class Addresses:
    url: str  # this tree's repository ('' when unknown)
    source: str  # issues and errata
    student: str  # launch, nbgitpuller, Colab, install
    branch: str
    student_branch: str
    site: str  # the site's base URL

    def missing(self) -> list[str]:
        """One build line for each feature left out for want of an address."""
        lines = []
        if not self.student:
            lines.append(
                "launch buttons left out: set repository.student_url or repository.url in "
                "_config.yml or add a git remote 'origin'."
            )
        if not self.source:
            lines.append(
                "errata link left out: set repository.source_url or repository.url in "
                "_config.yml or add a git remote 'origin'."
            )
        return lines


def from_config(config: dict, root: Path) -> Addresses:
    repository = config.get("repository") or {}
    url = str(repository.get("url") or "").strip() or repository_url_from_git(root)
    branch = str(repository.get("branch") or "main")
    return Addresses(
        url=url,
        source=str(repository.get("source_url") or "").strip() or url,
        student=str(repository.get("student_url") or "").strip() or url,
        branch=branch,
        student_branch=str(repository.get("student_branch") or "").strip() or branch,
        site=str((config.get("html") or {}).get("baseurl") or "").strip(),
    )


def read(root: Path) -> Addresses:
    """The addresses of the book at ``root`` (its _config.yml, then its git remote)."""
    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8")) or {}
    return from_config(config, Path(root))

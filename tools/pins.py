"""The pinned sets and Binder's base environment, read the same way by `make lock`, `make bench`
and the tests.

- The runtime set (requirements.in -> requirements.txt) is what students get: `postBuild` installs
  it and nothing else. `make lock` compiles it with Binder's base versions as constraints
  (`binder-constraints`), so a package Binder already holds is pinned at Binder's version and
  `postBuild` leaves it alone.
- The development set (requirements-dev.in -> requirements-dev.txt) goes on top of it, compiled
  with the runtime pins as constraints (`dev-constraints`), save a pin that requirements-dev.in
  itself excludes (each such override says why there).

Run as a script: `python tools/pins.py binder-constraints | dev-constraints | sizes`.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_IN = ROOT / "requirements.in"
RUNTIME_LOCK = ROOT / "requirements.txt"
DEV_IN = ROOT / "requirements-dev.in"
DEV_LOCK = ROOT / "requirements-dev.txt"
BINDER_BASE = ROOT / "tools" / "binder-base" / "repo2docker-py3.11-packages.txt"

# Conda packages with no PyPI counterpart in a virtual environment: the interpreter and system
# libraries, and conda metapackages whose content other lines of the list already give.
CONDA_ONLY = {
    *("libgcc-mutex", "openmp-mutex", "bzip2", "ca-certificates", "icu", "keyutils", "krb5"),
    *("ld-impl-linux-64", "libedit", "libexpat", "libffi", "libgcc", "libgcc-ng", "libgomp"),
    *("liblzma", "libnsl", "libsodium", "libsqlite", "libstdcxx", "libstdcxx-ng", "libuuid"),
    *("libuv", "libxcrypt", "libzlib", "ncurses", "nodejs", "openssl", "python", "python-abi"),
    *("readline", "tk", "yaml", "zeromq", "zlib", "zstd"),
    "tzdata",  # conda's is the system time-zone database; PyPI's tzdata is conda's python-tzdata
    "bleach-with-css",  # = bleach + tinycss2, both listed
    "jsonschema-with-format-nongpl",  # = jsonschema + its format checkers, all listed
    "jupyterhub-singleuser",  # = jupyterhub-base (PyPI jupyterhub) + jupyterlab, both listed
}
# Conda names that differ from the PyPI name (after PEP 503 normalisation).
CONDA_TO_PYPI = {
    "brotli-python": "brotli",
    "jupyterhub-base": "jupyterhub",
    "nbconvert-core": "nbconvert",
    "python-fastjsonschema": "fastjsonschema",
}


def normalized(name: str) -> str:
    """A distribution's name as pip compares them (PEP 503): ruamel.yaml is ruamel-yaml."""
    return re.sub(r"[-_.]+", "-", name).lower()


def marker_environment(python: str) -> dict[str, str]:
    """What an environment marker sees on Linux with Python ``python`` ("3.12")."""
    return {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": "x86_64",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }


def read_lock(path: Path = RUNTIME_LOCK, python: str = "3.11") -> dict[str, str]:
    """A lock file's pins that apply on ``python``: {normalized name: version}.

    A universal lock may pin a package only for some Pythons (`name==1.0 ; python_version >= ...`)."""
    pins = {}
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        requirement, _, marker = line.partition(";")
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s]+)", requirement.strip())
        if not match:
            raise ValueError(f"{path.name}, line {number}: {line!r} is not pinned with ==")
        if marker.strip() and not Marker(marker.strip()).evaluate(marker_environment(python)):
            continue
        pins[normalized(match.group(1))] = match.group(3)
    return pins


def lock_parents(path: Path = RUNTIME_LOCK) -> dict[str, set[str]]:
    """Who asks for each package, from uv's `# via` notes: {package: {parent, ...}}, where a
    parent named `-r ...` is a requirements file (a direct requirement)."""
    parents: dict[str, set[str]] = {}
    current = None
    for raw in path.read_text().splitlines():
        if raw and not raw.startswith((" ", "#")):
            current = normalized(raw.split("==")[0].split("[")[0].strip())
            parents.setdefault(current, set())
            continue
        note = raw.strip().removeprefix("#").strip()
        if current is None or not note:
            continue
        if note.startswith("via"):
            note = note.removeprefix("via").strip()
        if note.startswith("-c"):
            continue  # a constraints file pins a package, it does not ask for it
        if note:
            parents[current].add(note if note.startswith("-") else normalized(note))
    return parents


def direct_requirements(path: Path) -> list[Requirement]:
    """The requirements a .in file lists itself (not its `-r`/`-c` lines)."""
    requirements = []
    for raw in path.read_text().splitlines():
        line = raw.split("#")[0].strip()
        if line and not line.startswith("-"):
            requirements.append(Requirement(line))
    return requirements


def binder_base(path: Path = BINDER_BASE) -> dict[str, str]:
    """Binder's base environment as PyPI distributions: {PyPI name: version}."""
    packages = {}
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        if not sep:
            raise ValueError(f"{path.name}, line {number}: {line!r} is not name==version")
        name = normalized(name.lstrip("_"))  # _libgcc_mutex, _openmp_mutex
        if name in CONDA_ONLY:
            continue
        name = CONDA_TO_PYPI.get(name, name)
        if packages.get(name, version) != version:
            raise ValueError(f"{path.name}: {name} is listed at {packages[name]} and {version}")
        packages[name] = version
    return packages


def binder_constraints() -> str:
    """Binder's base versions as a constraints file for `uv pip compile -c`."""
    return "".join(f"{name}=={version}\n" for name, version in sorted(binder_base().items()))


def dev_overrides() -> dict[str, Requirement]:
    """The development set's own requirements that exclude the runtime pin of the same package."""
    runtime = read_lock(RUNTIME_LOCK)
    return {
        normalized(r.name): r
        for r in direct_requirements(DEV_IN)
        if normalized(r.name) in runtime
        and not r.specifier.contains(runtime[normalized(r.name)], prereleases=True)
    }


def dev_constraints() -> str:
    """The runtime pins as constraints for the development set, save its declared overrides."""
    overridden = dev_overrides()
    lines = []
    for raw in RUNTIME_LOCK.read_text().splitlines():
        if not raw or raw.startswith((" ", "#")):
            continue
        if normalized(raw.split("==")[0].split("[")[0].strip()) not in overridden:
            lines.append(raw.strip() + "\n")
    return "".join(lines)


def installed_sizes(paths: list[str] | None = None) -> dict[str, int]:
    """Bytes on disk of each installed distribution (from its RECORD): {normalized name: bytes}."""
    sizes: dict[str, int] = {}
    for dist in metadata.distributions(path=paths if paths is not None else sys.path):
        name = normalized(dist.metadata["Name"] or "")
        if not name or name in sizes:
            continue
        total = 0
        for file in dist.files or ():
            located = Path(dist.locate_file(file))
            if located.is_file():
                total += located.stat().st_size
        sizes[name] = total
    return sizes


def set_sizes() -> dict[str, float]:
    """The runtime set's installed size beside the whole development environment's (MB), as
    measured in the environment running this (`.venv`, which holds both)."""
    sizes = installed_sizes()
    runtime = set(read_lock(RUNTIME_LOCK)) & set(sizes)
    added_on_binder = runtime - set(binder_base())
    mb = 1024 * 1024
    return {
        "runtime set, installed (MB)": round(sum(sizes[n] for n in runtime) / mb, 1),
        "of which Binder's base lacks (MB)": round(sum(sizes[n] for n in added_on_binder) / mb, 1),
        "full set, installed (MB)": round(sum(sizes.values()) / mb, 1),
    }


def main(argv: list[str]) -> int:
    commands = {
        "binder-constraints": lambda: print(binder_constraints(), end=""),
        "dev-constraints": lambda: print(dev_constraints(), end=""),
        "sizes": lambda: [print(f"{k:32} {v:8}") for k, v in set_sizes().items()],
    }
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: python tools/pins.py {' | '.join(commands)}", file=sys.stderr)
        return 2
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

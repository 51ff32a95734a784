"""Each notebook alone: copied into an empty folder of a fresh environment that has the runtime
set and the package (from its wheel, or installed by the notebook's own first cell from a
``git+file://`` URL of a clone), and run there with nbval. No repository around it, no
PYTHONPATH: the package reads the data, the banks and the chapter titles its wheel carries.

One environment and one wheel serve every case (the cases uninstall the package first)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import NBVAL_AT_ONCE

from hemisphere import installcell

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow
KERNEL = "hemisphere-alone"
FOLDERS = ("book", "exercises/student", "exercises/solutions")
#: Not copied to build the wheel: environments, builds, git's own files.
SKIP = shutil.ignore_patterns(".venv", ".git", "_build", ".bench", "__pycache__", "*.egg-info")


class Alone:
    """The fresh environment, the wheel, and a Jupyter kernel that runs in the environment."""

    def __init__(self, base: Path):
        self.base = base
        self.venv = base / "env"
        self.python = self.venv / "bin" / "python"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH", "JUPYTER_DATA_DIR"}
            and not key.startswith("HEMISPHERE_")
        }
        self.env["HOME"] = str(base)  # a new user's kernels, config and caches
        self.env.pop("XDG_CACHE_HOME", None)
        # pip's download cache stays the machine's: the same files, not fetched twice.
        self.env["PIP_CACHE_DIR"] = os.environ.get(
            "PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")
        )
        self.env["JUPYTER_PATH"] = str(base / "jupyter")

    def run(self, *command, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(part) for part in command],
            env=self.env,
            cwd=kwargs.pop("cwd", self.base),
            capture_output=True,
            text=True,
            **kwargs,
        )
        assert result.returncode == 0, (
            f"{command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
        return result

    def pip(self, *args) -> subprocess.CompletedProcess:
        return self.run(self.python, "-m", "pip", "--disable-pip-version-check", *args)

    def where(self) -> dict:
        """Where the environment's package reads its files from."""
        code = (
            "import json; from hemisphere import paths; "
            "print(json.dumps({'installed': paths.INSTALLED, 'data': str(paths.DATA), "
            "'package': str(paths.PACKAGE)}))"
        )
        return json.loads(self.run(self.python, "-c", code).stdout)

    def nbval(self, notebooks: list[Path], folder: Path) -> subprocess.Popen:
        """nbval over ``notebooks``, each copied alone into an empty folder of its own."""
        folder.mkdir()
        (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not the repo's
        copies = []
        for path in notebooks:
            alone = folder / f"{path.parent.name}-{path.stem}"
            alone.mkdir()
            shutil.copy(path, alone / path.name)
            copies.append(alone / path.name)
        command = [*NBVAL_AT_ONCE, "-c", folder / "pytest.ini", "--rootdir", folder, "--nbval-lax"]
        command += ["--nbval-kernel-name", KERNEL, *copies]
        return subprocess.Popen(
            [str(part) for part in command],
            cwd=folder,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )


def _code_cells(paths: list[Path]) -> int:
    return sum(
        sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)
        for path in paths
    )


def _passed(run: subprocess.Popen, what: str) -> int:
    output, _ = run.communicate(timeout=900)
    assert run.returncode == 0, f"nbval over {what}, each notebook alone:\n{output[-6000:]}"
    return int(re.search(r"(\d+) passed", output.strip().splitlines()[-1]).group(1))


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> Alone:
    base = tmp_path_factory.mktemp("alone")
    env = Alone(base)
    # The wheel, built from a copy (a build writes build/ and *.egg-info beside its sources).
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    env.run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
            "-w", base / "dist", source)  # fmt: skip
    env.wheel = next((base / "dist").glob("hemisphere-*.whl"))
    # The environment: the runtime set, as a hub or Binder has it, plus a kernel for nbval.
    env.run(sys.base_prefix + "/bin/python3", "-m", "venv", env.venv)
    env.pip("install", "--quiet", "-r", ROOT / "requirements.txt")
    if subprocess.run([env.python, "-c", "import ipykernel"], env=env.env).returncode:
        import ipykernel  # the hub's kernel: the development set's version

        env.pip("install", "--quiet", f"ipykernel=={ipykernel.__version__}")
    spec = base / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [str(env.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": KERNEL, "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    return env


def test_the_install_cell_installs_from_a_git_url(alone):
    """The case of a hub or Colab: the package is missing, and the first cell installs it."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: no clone to install from")
    alone.pip("uninstall", "--yes", "hemisphere")
    clone = alone.base / "clone"
    alone.run("git", "clone", "--quiet", ROOT, clone)
    commit = alone.run("git", "-C", clone, "rev-parse", "HEAD").stdout.strip()
    url = f"git+{clone.as_uri()}@{commit}"
    notebook = nbformat.read(ROOT / "book" / "intro.ipynb", as_version=4)
    folder = alone.base / "from-git"
    folder.mkdir()
    nbformat.write(installcell.with_install_cell(notebook, url), folder / "intro.ipynb")
    passed = _passed(alone.nbval([folder / "intro.ipynb"], alone.base / "run-git"), "intro")
    assert passed == _code_cells([folder / "intro.ipynb"])
    where = alone.where()
    assert where["installed"] and "site-packages" in where["data"], where
    shown = alone.pip("show", "--files", "hemisphere").stdout
    assert "hemisphere/_bundle/data/events.csv" in shown


def test_an_editable_install_reads_the_clones_own_data(alone):
    alone.pip("uninstall", "--yes", "hemisphere")
    clone = alone.base / "editable"
    shutil.copytree(ROOT, clone, ignore=SKIP)
    alone.pip("install", "--quiet", "--no-deps", "-e", clone)
    where = alone.where()
    assert (where["installed"], where["data"]) == (False, str(clone / "data")), where
    alone.pip("uninstall", "--yes", "hemisphere")


def test_every_notebook_runs_alone_with_the_wheel(alone):
    alone.pip("uninstall", "--yes", "hemisphere")
    alone.pip("install", "--quiet", "--no-deps", alone.wheel)
    where = alone.where()
    assert where["installed"] and where["data"].startswith(str(alone.venv)), where
    chapters = sorted((ROOT / "book").glob("*.ipynb"))
    exercises = [path for folder in FOLDERS[1:] for path in sorted((ROOT / folder).glob("*.ipynb"))]
    assert len(chapters) >= 8 and len(exercises) >= 12
    # Two groups at once, one per core: the chapters, and the exercises.
    groups = [chapters, exercises]
    runs = [alone.nbval(group, alone.base / f"run-{i}") for i, group in enumerate(groups)]
    for group, run in zip(groups, runs, strict=True):
        names = ", ".join(path.name for path in group)
        assert _passed(run, names) == _code_cells(group), names

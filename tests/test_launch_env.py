"""The launch environment, built as Binder builds it and used as a Binder user uses it.

repo2docker gives Python from environment.yml, then runs postBuild from the repository's root.
This test does the same into a fresh virtual environment (no cache of ours, nothing from .venv),
checks that what got installed is exactly the pinned set, and runs every notebook there with
nbval: the chapters, the student exercises and their solutions.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_environment import pinned

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow
# Packages a virtual environment starts with, which requirements.txt need not pin.
VENV_SEED = {"pip"}


def _run(command: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def launch_env(tmp_path_factory) -> dict[str, str]:
    """A fresh virtual environment with postBuild run in it; its environment variables."""
    venv = tmp_path_factory.mktemp("binder") / "env"
    subprocess.run([sys.base_prefix + "/bin/python3", "-m", "venv", str(venv)], check=True)
    env = {key: value for key, value in os.environ.items()
           if key not in {"VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH", "JUPYTER_DATA_DIR"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(venv)
    # Kernels and caches are looked up under HOME: a new one, as a new Binder user has.
    env["HOME"] = str(venv.parent)
    env.pop("XDG_CACHE_HOME", None)
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    result = _run(["bash", "postBuild"], env)
    assert result.returncode == 0, f"postBuild failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return env


def test_the_python_is_the_one_environment_yml_asks_for(launch_env):
    wanted = next(d for d in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
                  if d.startswith("python="))
    result = _run(["python", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], launch_env)
    assert wanted == f"python={result.stdout.strip()}"


def test_exactly_the_pinned_set_is_installed(launch_env):
    result = _run(["python", "-m", "pip", "list", "--format", "json"], launch_env, check=True)
    installed = {item["name"].lower().replace("_", "-"): item["version"]
                 for item in json.loads(result.stdout)}
    assert installed.pop("hemisphere") == "0.1.0"
    wanted = pinned()
    missing = {name: version for name, version in wanted.items() if installed.get(name) != version}
    assert not missing, f"not installed at the pinned version: {missing}"
    extra = set(installed) - set(wanted) - VENV_SEED
    assert not extra, f"installed but not in requirements.txt: {sorted(extra)}"


def test_the_package_is_this_checkout(launch_env):
    result = _run(["python", "-c", "import hemisphere; print(hemisphere.__file__)"], launch_env,
                  check=True)
    assert Path(result.stdout.strip()).parent == ROOT / "hemisphere"


def test_every_notebook_runs_in_the_launch_environment(launch_env):
    """nbval (lax: every cell must run without error) over every notebook, in that environment.
    The chapters and the exercises run at once, one pytest each (one per core)."""
    groups = [["book"], ["exercises/student", "exercises/solutions"]]
    runs = [subprocess.Popen(["python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *folders],
                             cwd=ROOT, env=launch_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
            for folders in groups]
    for folders, run in zip(groups, runs):
        output, _ = run.communicate()
        assert run.returncode == 0, f"nbval over {folders} in the launch environment:\n{output[-6000:]}"
        passed = int(re.search(r"(\d+) passed", output.strip().splitlines()[-1]).group(1))
        code_cells = _count_code_cells(folders)
        assert passed == code_cells, f"nbval ran {passed} cells of {folders}, which have {code_cells}"


def _count_code_cells(folders: list[str]) -> int:
    import nbformat

    return sum(
        sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)
        for folder in folders for path in sorted((ROOT / folder).glob("*.ipynb")))

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
from helpers import pins

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
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH", "JUPYTER_DATA_DIR"}
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(venv)
    # Kernels and caches are looked up under HOME: a new one, as a new Binder user has.
    env["HOME"] = str(venv.parent)
    env.pop("XDG_CACHE_HOME", None)
    # pip's download cache stays the machine's: the same files are installed, only not fetched twice.
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    result = _run(["bash", "postBuild"], env)
    assert result.returncode == 0, (
        f"postBuild failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return env


def test_the_python_is_the_one_environment_yml_asks_for(launch_env):
    wanted = next(
        d
        for d in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
        if d.startswith("python=")
    )
    result = _run(["python", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], launch_env)
    assert wanted == f"python={result.stdout.strip()}"


def test_exactly_the_pinned_set_is_installed(launch_env):
    result = _run(["python", "-m", "pip", "list", "--format", "json"], launch_env, check=True)
    installed = {pins.normalized(item["name"]): item["version"] for item in json.loads(result.stdout)}
    assert installed.pop("hemisphere") == "0.1.0"
    wanted = pins.read_lock(pins.RUNTIME_LOCK)
    missing = {name: version for name, version in wanted.items() if installed.get(name) != version}
    assert not missing, f"not installed at the pinned version: {missing}"
    extra = set(installed) - set(wanted) - VENV_SEED
    assert not extra, f"installed but not in requirements.txt: {sorted(extra)}"


def test_the_package_is_this_checkout(launch_env):
    result = _run(
        ["python", "-c", "import hemisphere; print(hemisphere.__file__)"], launch_env, check=True
    )
    assert Path(result.stdout.strip()).parent == ROOT / "hemisphere"


def test_every_notebook_runs_in_the_launch_environment(launch_env):
    """nbval (lax: every cell must run without error) over every notebook, in that environment.
    The chapters and the exercises run at once, one pytest each (one per core)."""
    groups = [["book"], ["exercises/student", "exercises/solutions"]]
    runs = [
        subprocess.Popen(
            ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *folders],
            cwd=ROOT,
            env=launch_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for folders in groups
    ]
    for folders, run in zip(groups, runs, strict=True):
        output, _ = run.communicate()
        assert run.returncode == 0, (
            f"nbval over {folders} in the launch environment:\n{output[-6000:]}"
        )
        passed = int(re.search(r"(\d+) passed", output.strip().splitlines()[-1]).group(1))
        code_cells = _count_code_cells(folders)
        assert passed == code_cells, (
            f"nbval ran {passed} cells of {folders}, which have {code_cells}"
        )


def _count_code_cells(folders: list[str]) -> int:
    import nbformat

    return sum(
        sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)
        for folder in folders
        for path in sorted((ROOT / folder).glob("*.ipynb"))
    )


# ---------------------------------------------------------------------------------------------
# Live: JupyterLab from the launch environment, headless on localhost, driven through Chromium.

LAB_FLAGS = [
    "--no-browser",
    "--ServerApp.ip=127.0.0.1",
    # window.jupyterapp lets the test run JupyterLab's own commands (Run All Cells).
    "--LabApp.expose_app_in_browser=True",
    # Nothing that would call out: no update check, no news, no extension catalogue.
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.news_url=None",
    "--LabApp.extension_manager=readonly",
]
KERNEL_IDLE = """() => { const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return Boolean(panel && panel.sessionContext.isReady && kernel && kernel.status === 'idle'); }"""
ALL_CELLS_RAN = """() => { const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }"""


@pytest.fixture(scope="module")
def jupyterlab(launch_env, tmp_path_factory):
    """JupyterLab over a copy of the notebooks (so nothing it saves lands in the repository)."""
    import secrets
    import shutil
    import socket
    import time
    import urllib.request

    base = tmp_path_factory.mktemp("lab")
    root, home = base / "root", base / "home"
    for folder in ("book", "exercises/student"):
        shutil.copytree(
            ROOT / folder,
            root / folder,
            ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"),
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(16)
    env = {
        **launch_env,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    command = [
        "python",
        "-m",
        "jupyter",
        "lab",
        *LAB_FLAGS,
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")  # CI runs as root
    log = (base / "server.log").open("w")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(
                    f"JupyterLab did not start:\n{(base / 'server.log').read_text()[-3000:]}"
                )
            time.sleep(0.5)
    yield url, token
    server.terminate()
    server.wait(timeout=20)
    log.close()


@pytest.fixture
def lab(jupyterlab, browser):
    """Open a notebook in JupyterLab, run all its cells; returns the page."""
    url, token = jupyterlab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    context.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((url, "data:", "blob:"))
            else None
        ),
    )

    def open_and_run(path: str):
        page = context.new_page()
        # A workspace per notebook: JupyterLab would otherwise reopen the last one's tabs too.
        workspace = path.removesuffix(".ipynb").replace("/", "-")
        page.goto(f"{url}/lab/workspaces/{workspace}/tree/{path}?token={token}")
        page.wait_for_function(KERNEL_IDLE, timeout=90_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(ALL_CELLS_RAN, timeout=180_000)
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
        errors = page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        assert errors.count() == 0, f"{path}: {errors.all_inner_texts()}"
        return page

    yield open_and_run
    context.close()
    assert outside == [], f"JupyterLab's pages asked for {outside[:5]}"


def _rendered_marks(page) -> int:
    page.wait_for_selector(
        '.jp-OutputArea-output [id^="altair-viz"] svg .role-mark', timeout=30_000
    )
    return page.locator('.jp-OutputArea-output [id^="altair-viz"] svg .role-mark').count()


def test_a_chapter_runs_live_with_charts_and_a_quiz_that_gives_feedback(lab):
    from hemisphere.quiz import check, load_bank

    page = lab("book/01_policy_at_a_glance.ipynb")
    charts = page.locator('.jp-OutputArea-output [id^="altair-viz"]')
    assert charts.count() >= 2
    assert _rendered_marks(page) > 0, "the charts drew no marks (chart libraries not loaded?)"

    bank = load_bank("01_policy_at_a_glance")
    number, question = next((n, q) for n, q in enumerate(bank.questions, 1) if q.type == "single")
    right = next(o for o in question.options if o.id == question.answer)
    # Radio boxes belong to single-choice and true/false questions, in the bank's order.
    first_radio_question = next(q for q in bank.questions if q.type in ("single", "truefalse"))
    assert first_radio_question is question
    page.locator(".widget-radio-box").first.get_by_label(right.text).check()
    page.locator(f'button[title="Check question {number}"]').click()
    feedback = page.get_by_text(question.feedback[:60])
    feedback.wait_for(timeout=15_000)
    assert check(question, question.answer).message in feedback.inner_text()
    assert "1 of" in page.get_by_text("answered correctly").inner_text()


def test_the_live_explorer_responds_to_a_change(lab):
    from hemisphere.data import load_countries, load_events

    page = lab("book/intro.ipynb")
    assert _rendered_marks(page) > 0
    events = load_events()
    summary = page.locator(".widget-html-content", has_text="events match")
    assert summary.inner_text().startswith(f"{len(events)} of {len(events)}")
    names = load_countries().set_index("iso3")["name_en"]
    page.locator(".widget-dropdown select").select_option(label=names["PAN"])
    expected = sum("PAN" in codes for codes in events["countries"])
    page.get_by_text(f"{expected} of {len(events)} events match").wait_for(timeout=15_000)
    assert expected < len(events)


def test_an_exercise_runs_live_and_its_checks_wait_for_an_answer(lab):
    from hemisphere.checks import NOT_YET

    page = lab("exercises/student/01_policy_at_a_glance.ipynb")
    assert page.get_by_text(NOT_YET.split(":")[0]).count() >= 2

"""The launch environments, built as they really are and used as a student uses them.

- Binder: repo2docker's base environment for Python 3.11 (the PyPI packages of tools/binder-base/,
  at the listed versions), then `postBuild` from the repository's root, as repo2docker runs it.
  `pip check` is clean, nothing the base held changes, and the runtime set is what was added;
  nbval runs every notebook on that environment's kernel, and JupyterLab from that environment
  runs chapters live in Chromium (the tests below the line).
- A fresh virtual environment on each Python this machine has (3.11; 3.12, which Colab runs;
  3.13): `postBuild` gives exactly the runtime set for that Python, and nbval runs every notebook
  there (on 3.11 it runs them in Binder's environment). A Python that is missing is skipped, with
  the reason printed.

Each environment is built once and shared by the tests that use it; nbval itself runs from the
development environment, with a kernel from the environment under test.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest
import yaml
from helpers import NBVAL_AT_ONCE, ROOT, pins
from packaging.requirements import Requirement
from packaging.version import Version

from hemisphere.book import BOOK_BUILD_FLAG

pytestmark = pytest.mark.slow
# Packages a virtual environment starts with, which requirements.txt need not pin.
VENV_SEED = {"pip"}
PYTHONS = ("3.11", "3.12", "3.13")
KERNEL = "hemisphere-launch-test"


@dataclasses.dataclass
class LaunchEnv:
    python: str  # "3.11"
    venv: Path
    env: dict[str, str]  # the environment variables a process in it runs with
    before: dict[str, str]  # what was installed before postBuild ran: {name: version}
    after: dict[str, str]  # and after


def _run(command: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)


def find_python(version: str) -> str | None:
    """An interpreter for ``version`` ("3.12"): this one's base for its own version, else pyenv's
    or one on PATH."""
    if version == "{}.{}".format(*sys.version_info[:2]):
        return str(Path(sys.base_prefix) / "bin" / "python3")
    found = sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}"))
    return str(found[-1]) if found else shutil.which(f"python{version}")


def _venv_env(venv: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # BOOK_BUILD_FLAG: a student's kernel is never in a book build (charts would be
        # written for the book's page script, which JupyterLab does not have).
        if key
        not in {"VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH", "JUPYTER_DATA_DIR", BOOK_BUILD_FLAG}
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(venv)
    # Kernels and caches are looked up under HOME: a new one, as a new Binder user has.
    env["HOME"] = str(venv.parent)
    env.pop("XDG_CACHE_HOME", None)
    # pip's download cache stays the machine's: the same files are installed, only not fetched twice.
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    return env


def _installed(env: dict[str, str]) -> dict[str, str]:
    result = _run(["python", "-m", "pip", "list", "--format", "json"], env, check=True)
    return {pins.normalized(item["name"]): item["version"] for item in json.loads(result.stdout)}


def _post_build(python: str, venv: Path, env: dict[str, str]) -> LaunchEnv:
    before = _installed(env)
    result = _run(["bash", "postBuild"], env)
    assert result.returncode == 0, (
        f"postBuild failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return LaunchEnv(python, venv, env, before, _installed(env))


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory) -> LaunchEnv:
    """repo2docker's base environment (its PyPI packages at their versions) with postBuild run."""
    python = find_python("3.11")
    if python is None:
        pytest.skip("no Python 3.11 on this machine: Binder's base cannot be built")
    venv = tmp_path_factory.mktemp("binder") / "env"
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True)
    base = venv.parent / "binder-base.txt"
    base.write_text(pins.binder_constraints())
    # The base as conda resolved it, nothing more (--no-deps); its pip is the base's pip.
    uv = Path(sys.prefix) / "bin" / "uv"
    install = [str(uv), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python")]
    subprocess.run([*install, "--no-deps", "-r", str(base)], check=True)
    env = _venv_env(venv)
    assert _installed(env) == pins.binder_base(), "the base environment was not built as listed"
    return _post_build("3.11", venv, env)


@pytest.fixture(scope="module")
def launch_env(binder_env) -> dict[str, str]:
    """The environment variables of the environment students launch: Binder's."""
    return binder_env.env


@pytest.fixture(scope="module")
def fresh_envs(tmp_path_factory):
    """A fresh virtual environment with postBuild run in it, per Python. The first request starts
    all of them, two at a time (installing is mostly waiting on disk and one core each)."""
    from concurrent.futures import ThreadPoolExecutor

    def build(version: str) -> LaunchEnv | str:
        python = find_python(version)
        if python is None:
            return f"no Python {version} on this machine (looked in ~/.pyenv/versions and on PATH)"
        venv = tmp_path_factory.mktemp(f"fresh-{version}") / "env"
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        return _post_build(version, venv, _venv_env(venv))

    pool = ThreadPoolExecutor(max_workers=2)
    futures = {}

    def get(version: str) -> LaunchEnv:
        if not futures:
            futures.update({v: pool.submit(build, v) for v in PYTHONS})
        built = futures[version].result()
        if isinstance(built, str):
            print(built)
            pytest.skip(built)
        return built

    yield get
    pool.shutdown(cancel_futures=True)


def _pip_check(launch: LaunchEnv) -> None:
    result = _run(["python", "-m", "pip", "check"], launch.env)
    assert result.returncode == 0, f"pip check on Python {launch.python}:\n{result.stdout}"


def test_binder_post_build_changes_nothing_the_base_holds(binder_env):
    changed = {
        name: (version, binder_env.after.get(name))
        for name, version in binder_env.before.items()
        if binder_env.after.get(name) != version
    }
    assert not changed, f"postBuild changed Binder's base (base, after): {changed}"


def test_binder_pip_check_is_clean(binder_env):
    _pip_check(binder_env)


def test_binder_post_build_adds_the_runtime_set_and_the_package(binder_env):
    added = {n: v for n, v in binder_env.after.items() if n not in binder_env.before}
    assert added.pop("hemisphere") == "0.1.0"
    runtime = pins.read_lock(pins.RUNTIME_LOCK, "3.11")
    wanted = {n: v for n, v in runtime.items() if n not in binder_env.before}
    assert added == wanted


def test_the_python_is_the_one_environment_yml_asks_for(binder_env):
    wanted = next(
        d
        for d in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
        if d.startswith("python=")
    )
    result = _run(
        ["python", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], binder_env.env
    )
    assert wanted == f"python={result.stdout.strip()}"


def test_the_package_is_this_checkout(binder_env):
    result = _run(
        ["python", "-c", "import hemisphere; print(hemisphere.__file__)"],
        binder_env.env,
        check=True,
    )
    assert Path(result.stdout.strip()).parent == ROOT / "hemisphere"


@pytest.mark.parametrize("python", PYTHONS)
def test_exactly_the_runtime_set_is_installed_in_a_fresh_environment(fresh_envs, python):
    launch = fresh_envs(python)
    installed = dict(launch.after)
    assert installed.pop("hemisphere") == "0.1.0"
    wanted = pins.read_lock(pins.RUNTIME_LOCK, python)
    missing = {name: version for name, version in wanted.items() if installed.get(name) != version}
    assert not missing, f"Python {python}: not installed at the pinned version: {missing}"
    extra = set(installed) - set(wanted) - VENV_SEED
    assert not extra, f"Python {python}: installed but not in requirements.txt: {sorted(extra)}"
    _pip_check(launch)


# Python 3.11 runs the notebooks in Binder's environment: the same runtime pins on the same
# Python as a fresh 3.11 environment, which is checked for its installed set only (time).
@pytest.mark.parametrize("where", ["binder", *PYTHONS[1:]])
def test_every_notebook_runs_in_the_launch_environment(where, request, tmp_path):
    if where == "binder":
        launch = request.getfixturevalue("binder_env")
    else:
        launch = request.getfixturevalue("fresh_envs")(where)
    _run_every_notebook(launch, where, tmp_path)


def test_every_notebook_runs_on_the_lowest_versions_the_package_allows(tmp_path):
    """`pip install` from the repository's URL or a wheel (a hub, Colab) resolves pyproject.toml's
    ranges, not the lock: with every direct dependency at the lowest version its range allows
    (uv's lowest-direct resolution), on Colab's Python, every notebook runs too."""
    version = "3.12"
    python = find_python(version)
    if python is None:
        print(f"no Python {version} on this machine")
        pytest.skip(f"no Python {version} on this machine")
    venv = tmp_path / "lowest" / "env"
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    env = _venv_env(venv)
    uv = [str(Path(sys.prefix) / "bin" / "uv"), "pip", "install", "--quiet"]
    uv += ["--python", str(venv / "bin" / "python")]
    result = _run([*uv, "--resolution", "lowest-direct", "-e", "."], env)
    assert result.returncode == 0, result.stderr[-3000:]
    kernel = f"ipykernel=={pins.read_lock(pins.RUNTIME_LOCK, version)['ipykernel']}"
    _run([*uv, kernel], env, check=True)  # the kernel a hub or Colab provides
    launch = LaunchEnv(version, venv, env, {}, _installed(env))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in map(Requirement, project["dependencies"]):
        lowest = next(s.version for s in requirement.specifier if s.operator == ">=")
        got = launch.after[pins.normalized(requirement.name)]
        assert Version(got) == Version(lowest), f"{requirement.name}: {got}, not {lowest}"
    _run_every_notebook(launch, "lowest versions", tmp_path)


def _run_every_notebook(launch: LaunchEnv, where: str, tmp_path: Path) -> None:
    """nbval (lax: every cell must run without error) over every notebook, on a kernel of that
    environment. The chapters and the exercises run at once, one pytest each (one per core)."""
    kernel = tmp_path / "jupyter" / "kernels" / KERNEL
    kernel.mkdir(parents=True)
    argv = [str(launch.venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f"]
    spec = {"argv": [*argv, "{connection_file}"], "display_name": KERNEL, "language": "python"}
    (kernel / "kernel.json").write_text(json.dumps(spec))
    env = {**launch.env, "JUPYTER_PATH": str(tmp_path / "jupyter")}
    groups = [["book"], ["exercises/student", "exercises/solutions"]]
    runs = [
        subprocess.Popen(
            [*NBVAL_AT_ONCE, "--nbval-kernel-name", KERNEL, *folders],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for folders in groups
    ]
    for folders, run in zip(groups, runs, strict=True):
        output, _ = run.communicate()
        assert run.returncode == 0, (
            f"nbval over {folders} on Python {launch.python} ({where}):\n{output[-6000:]}"
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
# Live: JupyterLab from Binder's environment (the base's jupyterlab, postBuild's extensions),
# headless on localhost, driven through Chromium.

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
        "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
    }
    # JupyterLab 4.4 (Binder's) renders only the cells in view ("full" windowing): a reader
    # scrolls them in, a test wants every cell of the page in the DOM to check it.
    tracker = home / "lab-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    # No autosave: a notebook opened twice starts clean, with no prompt numbers or {eval} values
    # saved by an earlier run that a wait would take for this run's.
    documents = home / "lab-settings" / "@jupyterlab" / "docmanager-extension"
    documents.mkdir(parents=True)
    (documents / "plugin.jupyterlab-settings").write_text('{"autosave": false}')
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
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        # A workspace per notebook: JupyterLab would otherwise reopen the last one's tabs too.
        workspace = path.removesuffix(".ipynb").replace("/", "-")
        for attempt in (1, 2):
            page = context.new_page()
            page.goto(f"{url}/lab/workspaces/{workspace}/tree/{path}?token={token}")
            try:
                _run_all_and_wait(page)
                break
            except PlaywrightTimeout as error:
                # Seen once in a full run: the kernel went idle, but a reply never reached the
                # page (run-all never settled; {eval} values never came back). A reader would
                # run the cells again; so does the test, once, in a new page, and says so.
                if attempt == 2:
                    raise
                warnings.warn(
                    f"{path}: {error.message.splitlines()[0]}; ran it again in a new page",
                    stacklevel=2,
                )
                page.close()
        errors = page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        assert errors.count() == 0, f"{path}: {errors.all_inner_texts()}"
        return page

    yield open_and_run
    context.close()
    assert outside == [], f"JupyterLab's pages asked for {outside[:5]}"


def _run_all_and_wait(page) -> None:
    """Run every cell of the open notebook; wait until each has run, the kernel is idle and every
    {eval} value is back. Run-all's promise is not awaited: playwright would wait on it with no
    time limit, and every wait here has one."""
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(ALL_CELLS_RAN, timeout=180_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    page.wait_for_function(
        f"() => ({EXPRESSIONS})().every(results => results !== null)", timeout=60_000
    )


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


# ---------------------------------------------------------------------------------------------
# Live chapters read like the book (issue 16.3): with jupyterlab-myst, no MyST markup shows in
# the prose, before or after running, and the glued numbers are the book's.

#: Markup that must never show in a live chapter's prose: roles, directives, fences, and what
#: jupyterlab-myst prints for a directive or role it does not know.
LEFTOVER_MARKUP = re.compile(
    r"\{(?:glue|cite|term|eval|quiz|numref|ref|doc)\b|:::|```|`\{|\}`|Unknown (?:Directive|Role)"
)
#: The prose of the open notebook as a reader sees it: Markdown and raw cells, without code.
PROSE = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell, .jp-NotebookPanel:not(.lm-mod-hidden) .jp-RawCell'
    )].map(cell => cell.innerText).join('\\n')"""
#: Every Markdown cell that writes {eval} has its values back from the kernel (jupyterlab-myst
#: asks when the cell is run and keeps the results in the cell's metadata).
EXPRESSIONS = """() => window.jupyterapp.shell.currentWidget.content.widgets
    .filter(cell => cell.model.type === 'markdown' && cell.model.sharedModel.getSource().includes('{eval}`'))
    .map(cell => (cell.model.getMetadata('user_expressions') || null))"""
MARKDOWN_RENDERED = """() => { const cells = [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell')];
    return cells.length > 0 && cells.every(cell => cell.querySelector('.myst')); }"""
LIVE_CHAPTERS = sorted(
    path.relative_to(ROOT).as_posix() for path in (ROOT / "book").glob("*.ipynb")
)


@pytest.fixture(scope="module")
def every_cell_rendered(jupyterlab):
    """JupyterLab renders only the cells near the viewport by default; the scan needs them all."""
    import urllib.request

    url, token = jupyterlab
    request = urllib.request.Request(
        f"{url}/lab/api/settings/@jupyterlab/notebook-extension:tracker?token={token}",
        data=json.dumps({"raw": json.dumps({"windowingMode": "none"})}).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204
    return jupyterlab


def _leftover(text: str) -> list[str]:
    return sorted({match.group(0) for match in LEFTOVER_MARKUP.finditer(text)})


def _prose_before_running(browser, jupyterlab, path: str) -> str:
    url, token = jupyterlab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        workspace = "before-" + path.removesuffix(".ipynb").replace("/", "-")
        page.goto(f"{url}/lab/workspaces/{workspace}/tree/{path}?token={token}")
        page.wait_for_function(KERNEL_IDLE, timeout=90_000)
        page.wait_for_function(MARKDOWN_RENDERED, timeout=30_000)
        return page.evaluate(PROSE)
    finally:
        context.close()


def _prose_after_running(lab, path: str):
    """Run the chapter (the `lab` fixture), wait for every {eval} value; the page and its prose."""
    page = lab(path)
    failed = [
        f"{item['expression']}: {item['result'].get('ename')} {item['result'].get('evalue')}"
        for results in page.evaluate(EXPRESSIONS)
        for item in results
        if item["result"].get("status") != "ok"
    ]
    assert not failed, f"{path}: {{eval}} values the kernel could not give: {failed}"
    page.wait_for_function(MARKDOWN_RENDERED, timeout=30_000)
    return page, page.evaluate(PROSE)


@pytest.mark.parametrize("path", LIVE_CHAPTERS)
def test_a_live_chapter_shows_no_markup_before_or_after_running(
    every_cell_rendered, browser, lab, path
):
    before = _prose_before_running(browser, every_cell_rendered, path)
    assert "Learning objectives" in before or path.endswith(("intro.ipynb", "claims.ipynb"))
    assert _leftover(before) == [], f"{path} before running shows markup: {_leftover(before)}"
    _, after = _prose_after_running(lab, path)
    assert _leftover(after) == [], f"{path} after running shows markup: {_leftover(after)}"


def test_a_live_chapter_shows_the_numbers_the_book_shows(every_cell_rendered, lab, built_book):
    from hemisphere.data import load_events
    from hemisphere.facts import SECOND_TERM, day, events_of_era

    path = "book/01_policy_at_a_glance.ipynb"
    sentence = re.compile(r"The chart below places the (\S+) events of Trump.s second term")
    _, live = _prose_after_running(lab, path)
    book = re.sub(
        r"<[^>]+>", "", (ROOT / "_build/html/book/01_policy_at_a_glance.html").read_text()
    )
    live_count, book_count = sentence.search(live).group(1), sentence.search(book).group(1)
    assert live_count == book_count == str(len(events_of_era(load_events(), SECOND_TERM)))
    assert f"starting on {day('rubio-first-trip')} he visited" in live
    # Before running, a value shows as its name (no markup); after, the name is gone.
    assert "rubio_trip_date" not in live

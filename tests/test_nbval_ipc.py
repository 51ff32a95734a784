"""The runner for nbval runs that go at once really starts its kernels on IPC sockets (a TCP
port race between two runs killed a kernel at start-up: see tests/nbval_ipc.py)."""

from __future__ import annotations

import subprocess

import nbformat
import pytest
from helpers import NBVAL_AT_ONCE

pytestmark = pytest.mark.slow

CHECK = """\
import json, os
from ipykernel import get_connection_info
info = json.loads(get_connection_info())
assert info["transport"] == "ipc", info
assert len(info["ip"]) < 80 and os.path.exists(f"{info['ip']}-{info['shell_port']}"), info
"""


def test_kernels_listen_on_ipc_sockets(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CHECK)])
    nbformat.write(notebook, tmp_path / "transport.ipynb")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    command = [*NBVAL_AT_ONCE, "-c", tmp_path / "pytest.ini", "--rootdir", tmp_path]
    command += ["--nbval-lax", tmp_path / "transport.ipynb"]
    run = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout, run.stdout[-3000:]

"""Run pytest (for nbval) with its kernels on IPC sockets instead of TCP ports.

Usage: ``python tests/nbval_ipc.py PYTEST-ARGUMENTS...``. The tests run this in a subprocess
when two nbval runs go at once (the chapters and the exercises, one per core).

Why: jupyter_client chooses a kernel's five TCP ports by binding to port 0 and closing the
sockets again, and the kernel binds them a moment later. Two processes starting kernels at the
same time can be handed the same free ports in that window, and the second kernel dies before it
answers ("Kernel died before replying to kernel_info"). IPC sockets are files named per kernel,
so two runs cannot collide. They live in a short folder of their own: a Unix socket's path must
stay under about 100 characters, which a kernel's runtime folder under pytest's tmp does not.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid

import pytest
from jupyter_client.manager import KernelManager
from nbval import kernel as nbval_kernel
from traitlets import CaselessStrEnum, default

SOCKETS = tempfile.mkdtemp(prefix="nbval-", dir="/tmp" if os.path.isdir("/tmp") else None)


class IpcKernelManager(KernelManager):
    """A kernel manager whose kernels listen on IPC sockets in ``SOCKETS``."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("ip")
    def _short_socket_prefix(self) -> str:
        return os.path.join(SOCKETS, uuid.uuid4().hex[:12])


def main(arguments: list[str]) -> int:
    nbval_kernel.KernelManager = IpcKernelManager  # nbval names the class it starts kernels with
    try:
        return pytest.main(arguments)
    finally:
        shutil.rmtree(SOCKETS, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

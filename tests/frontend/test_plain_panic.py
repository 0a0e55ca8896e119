"""The plain front-end after an oops goes on; after a panic it shows the reason and
ends with status 70, whatever else the machine was doing."""

from __future__ import annotations

import io

import pytest

import swapsh.kernel.exit as kexit
from swapsh.frontend.plain import run_plain
from swapsh.kernel.bug import BUG
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.task import TaskStruct
from swapsh.machine import Machine


def test_an_oops_then_a_panic_in_init(monkeypatch: pytest.MonkeyPatch) -> None:
    real = kexit.release_task

    def release_task(k: Kernel, tsk: TaskStruct) -> None:
        if tsk.parent is not None and tsk.parent.pid == 1:  # init reaping a login
            BUG()
        real(k, tsk)

    m = Machine()
    m.kernel.proc.create("bugme", lambda t: BUG())
    monkeypatch.setattr(kexit, "release_task", release_task)
    out, err = io.BytesIO(), io.BytesIO()
    # tty2's login (pid 4) is killed; init panics while tty1's command still sleeps.
    lines = ["cat /proc/bugme", "echo after $?", "kill -9 4; sleep 1; echo never"]
    status = run_plain(m, lines, out, err)
    text = err.getvalue().decode()
    assert status == 70 and out.getvalue() == b"after 139\n"
    assert "Segmentation fault\n" in text and "invalid opcode: 0000 [2] SMP" in text
    assert text.endswith(
        "] Kernel panic - not syncing: Attempted to kill init!\n"
        "swapsh: kernel panic: Attempted to kill init!\n"
    )

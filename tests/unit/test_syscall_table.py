"""The syscall door: the table's numbers and names are x86_64's, every call libc makes
is in it, an unmodelled number is ENOSYS, and mypy rejects a misspelt or mistyped call."""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path

import pytest

import swapsh.syscalls.unistd as unistd
import swapsh.userland.libc as libc
from swapsh.kernel.errno import Errno
from swapsh.kernel.fork import copy_process
from swapsh.syscalls.table import NR, SUPPORTED, SYSCALLS, Syscall, syscall
from swapsh.syscalls.unistd_64 import X86_64_NAMES
from tests.unit.kernel_helpers import boot

ROOT = Path(__file__).resolve().parents[2]


def test_x86_64_list_is_2_6_25s() -> None:
    # spot checks against include/asm-x86/unistd_64.h: the list has no holes, so one
    # slip would shift every later number
    assert len(X86_64_NAMES) == 288
    assert len(set(X86_64_NAMES)) == 288
    for nr, name in [(0, "read"), (56, "clone"), (103, "syslog"), (167, "swapon")]:
        assert X86_64_NAMES[nr] == name
    assert X86_64_NAMES[272] == "unshare" and X86_64_NAMES[287] == "timerfd_gettime"


def test_every_nr_is_its_x86_64_number_and_has_one_handler() -> None:
    for nr in NR:
        assert X86_64_NAMES[nr] == nr.name, f"__NR_{nr.name} is not {int(nr)} on x86_64"
        entry = SYSCALLS.get(int(nr))
        assert entry is not None, f"__NR_{nr.name} has no handler"
        assert (entry.nr, entry.name) == (int(nr), nr.name)
    assert sorted(SYSCALLS) == sorted(int(nr) for nr in NR)


def test_a_number_is_registered_only_once() -> None:
    with pytest.raises(ValueError, match="registered twice"):

        @syscall(NR.read)
        def sys_read_again(k: object, tsk: object) -> int:
            return 0

    assert SYSCALLS[NR.read].fn.__name__ == "sys_read"


def test_unistd_names_every_handle_by_its_own_name() -> None:
    handles = {n: v for n, v in vars(unistd).items() if n.startswith("SYS_")}
    assert set(handles) == {f"SYS_{nr.name}" for nr in NR}
    for name, sc in handles.items():
        assert isinstance(sc, Syscall)
        assert name == f"SYS_{sc.name}" and SYSCALLS[sc.nr] is sc


def _handles_libc_calls() -> dict[str, int]:
    """The first argument of every self._sys(...) and gate.call(...) in libc, by name,
    with how many times it is called."""
    tree = ast.parse(inspect.getsource(libc))
    used: dict[str, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in ("_sys", "call") or not node.args:
            continue
        first = node.args[0]
        if node.func.attr == "call" and not (
            isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "gate"
        ):
            continue
        key = ast.unparse(first)
        used[key] = used.get(key, 0) + 1
    return used


def test_every_call_libc_makes_is_in_the_table() -> None:
    used = _handles_libc_calls()
    assert "SYS_write" in used and "SYS_clone" in used  # the scan finds the calls
    for name in used:
        if name == "sc":  # _sys passing its own argument on to the gate
            continue
        handle = getattr(libc, name, None)
        assert isinstance(handle, Syscall), f"libc calls {name}, which is not a syscall"
        assert SYSCALLS.get(handle.nr) is handle, f"{name} is not in the table"


def test_a_number_with_no_handler_is_enosys() -> None:
    m, k, sh = boot()
    poll = X86_64_NAMES.index("poll")
    assert poll not in SYSCALLS
    unmodelled: Syscall[[], int] = Syscall(poll, "poll", lambda k, t: 0, False, SUPPORTED, "")
    got: list[int] = []

    async def task() -> int:
        got.append(await m.gate.call(unmodelled))
        got.append(await m.gate.call(unistd.SYS_getppid))
        return 0

    copy_process(k, sh, 0, task)
    m.run()
    assert got == [-Errno.ENOSYS, sh.pid]


@pytest.mark.slow
def test_mypy_rejects_a_misspelt_call_and_a_wrong_argument(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    bad = tmp_path / "bad_calls.py"
    bad.write_text(
        textwrap.dedent(
            """
            from swapsh.syscalls.unistd import SYS_read
            from swapsh.userland.libc import Libc

            async def f(libc: Libc) -> None:
                await libc._sys(SYS_read, "3", 10)
                await libc._sys(SYS_read, 3)
                data: str = await libc._sys(SYS_read, 3, 10)
                await libc._sys(SYS_raed, 3, 10)
            """
        )
    )
    out, _err, status = api.run(
        ["--strict", "--no-incremental", "--follow-imports=silent", str(bad)]
    )
    assert status == 1, out
    assert 'Argument 2 to "_sys" of "Libc" has incompatible type "str"; expected "int"' in out
    assert 'Missing positional argument "count"' in out
    assert 'incompatible type "Syscall[[int, int], bytes]"' in out  # the result's type
    assert 'Name "SYS_raed" is not defined' in out

"""Kernel bugs are oopses: the task dies, the machine goes on; panics only where
2.6.25 panics. Texts are 2.6.25's (arch/x86/kernel/traps_64.c, lib/bug.c,
kernel/panic.c); see docs/ARCHITECTURE.md, "Oopses", for what is left out."""

from __future__ import annotations

import re

import pytest

from swapsh.kernel.bug import BUG, KernelBug, bug_on
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.panic import KernelPanic, print_tainted
from swapsh.kernel.task import TaskState, TaskStruct
from swapsh.kernel.timer import Timers
from swapsh.kernel.traps import WARN_ON
from swapsh.machine import STREAM_CONSOLE, Machine
from swapsh.userland import registry
from tests.unit.kernel_helpers import boot

_STAMP = re.compile(r"^<\d>\[ *\d+\.\d{6}\] ", re.M)


def dmesg(m: Machine) -> str:
    """The log as dmesg prints it: no levels, no timestamps."""
    return _STAMP.sub("", m.kernel.log.text)


def run(m: Machine, line: str) -> None:
    m.type_line(line)
    assert m.run()


def output(m: Machine) -> bytes:
    return b"".join(d for _, d in m.take_output())


def inject(m: Machine, name: str, fail: object) -> None:
    """/proc/NAME's show function becomes `fail` (called with the reading task)."""
    m.kernel.proc.create(name, fail)  # type: ignore[arg-type]


def test_bug_records_where_it_was_called() -> None:
    def check_two() -> None:
        bug_on(1 + 1 == 2, "two is two")

    with pytest.raises(KernelBug, match="two is two") as e:
        check_two()
    where = (e.value.file, e.value.line)
    assert where == ("tests/unit/test_oops.py", check_two.__code__.co_firstlineno + 1)
    bug_on(0, "never")  # a false condition is no bug


def test_bug_in_a_syscall_is_an_oops_and_the_machine_goes_on() -> None:
    m, k, sh = boot()
    k.log.clear()

    def show(tsk: object) -> str:
        with k.swap.swap_lock:  # the oops unwinds through a held spinlock
            BUG("proc_swaps_show: injected")

    inject(m, "bugme", show)
    run(m, "cat /proc/bugme")
    log = dmesg(m)
    cat_pid = int(re.search(r"Pid: (\d+), comm: cat ", log).group(1))  # type: ignore[union-attr]
    assert log.startswith(
        "proc_swaps_show: injected\n"
        "------------[ cut here ]------------\n"
        f"kernel BUG at tests/unit/test_oops.py:{show.__code__.co_firstlineno + 2}!\n"
        "invalid opcode: 0000 [1] SMP \n"
        "CPU 0 \n"
        "Modules linked in:\n"
        f"Pid: {cat_pid}, comm: cat Not tainted 2.6.25-swapns #1\n"
        "Call Trace:\n"
    )
    trace = log.split("Call Trace:\n")[1].split("\n\n")[0].split("\n")
    assert trace[-1] == " sys_open" and " filp_open" in trace  # innermost first
    assert re.search(r"\n\n\n---\[ end trace [0-9a-f]{16} \]---\n$", log)
    # The task died as die() kills it; the shell goes on; the lock was let go.
    assert not k.lockdep.held and m.panic is None
    assert b"Segmentation fault\n" in output(m)
    run(m, "echo $?")
    assert b"139\n" in output(m)
    assert print_tainted(k) == "Tainted: G      D "  # the A (ACPI) column is blank
    assert sh.state is not TaskState.ZOMBIE and m.waiting_for_input


def test_a_second_oops_counts_and_shows_the_taint() -> None:
    m, k, _sh = boot()
    inject(m, "bugme", lambda t: BUG())
    run(m, "cat /proc/bugme")
    first = dmesg(m)
    k.log.clear()
    run(m, "cat /proc/bugme")
    second = dmesg(m)
    assert "invalid opcode: 0000 [2] SMP \n" in second
    assert re.search(r"Pid: \d+, comm: cat Tainted: G      D  2\.6\.25-swapns #1\n", second)
    # One end-of-trace id per boot, as 2.6.25 draws it once.
    end = re.compile(r"---\[ end trace ([0-9a-f]{16}) \]---")
    assert end.findall(first) == end.findall(second)
    assert not first.startswith("\n")  # BUG() without a message prints none


def test_a_python_error_in_kernel_code_is_a_general_protection_fault() -> None:
    m, k, _sh = boot()
    k.log.clear()
    inject(m, "gpf", lambda t: {}[5])
    run(m, "cat /proc/gpf")
    log = dmesg(m)
    assert log.startswith(
        "swapsh: internal error in the kernel model: KeyError: 5\n"
        "general protection fault: 0000 [1] SMP \n"
    )
    assert "cut here" not in log and "kernel BUG" not in log
    assert b"Segmentation fault\n" in output(m)


def test_the_oops_reaches_the_console_as_console_verbose_makes_it() -> None:
    m, k, _sh = boot()
    assert k.log.console_loglevel == 4
    inject(m, "bugme", lambda t: BUG())
    m.take_output()
    run(m, "cat /proc/bugme")
    console = b"".join(d for s, d in m.take_output() if s == STREAM_CONSOLE).decode()
    assert "Modules linked in:" in console and "---[ end trace " in console  # level 4
    assert k.log.console_loglevel == 15


def test_an_error_in_userland_code_is_no_oops(monkeypatch: pytest.MonkeyPatch) -> None:
    m, k, _sh = boot()
    k.log.clear()
    paths, _main = registry.PROGRAMS.get("true") or (("/bin/true",), None)

    async def broken(libc: object, argv: list[str]) -> int:
        raise ValueError("userland broke")

    registry._main_of("true")
    monkeypatch.setitem(registry.PROGRAMS, "true", (paths, broken))
    run(m, "/bin/true")
    assert re.fullmatch(
        r"swapsh: true\[\d+\]: internal error: ValueError: userland broke\n", dmesg(m)
    )
    assert print_tainted(k) == "Not tainted" and k.oops.die_counter == 0
    assert b"Segmentation fault\n" in output(m)


def test_an_oops_in_init_panics(monkeypatch: pytest.MonkeyPatch) -> None:
    import swapsh.kernel.exit as kexit

    m, _k, _sh = boot()
    real = kexit.release_task

    def release_task(kk: Kernel, tsk: TaskStruct) -> None:
        if tsk.parent is not None and tsk.parent.pid == 1:  # init's wait4 reaping
            BUG("release_task")
        real(kk, tsk)

    monkeypatch.setattr(kexit, "release_task", release_task)
    run(m, "exit")  # the login shell of tty1 ends; init reaps it
    assert m.panic == "Attempted to kill init!"
    log = dmesg(m)
    assert re.search(r"Pid: 1, comm: init Not tainted 2\.6\.25-swapns #1\n", log)
    assert " do_wait\n sys_wait4\n" in log
    assert log.endswith("]---\nKernel panic - not syncing: Attempted to kill init!\n")


def test_panic_on_oops_panics_with_fatal_exception() -> None:
    m, k, _sh = boot()
    k.oops.panic_on_oops = 1
    inject(m, "bugme", lambda t: BUG())
    run(m, "cat /proc/bugme")
    assert m.panic == "Fatal exception"
    log = dmesg(m)
    assert log.endswith("\n\nKernel panic - not syncing: Fatal exception\n")
    assert "end trace" not in log  # oops_end panics before oops_exit


def test_an_oops_in_a_timer_panics(monkeypatch: pytest.MonkeyPatch) -> None:
    m, _k, _sh = boot()

    def broken(self: Timers, k: object) -> None:
        BUG("timer")

    monkeypatch.setattr(Timers, "run_expired", broken)
    run_result = m.run()
    assert run_result and m.panic == "Aiee, killing interrupt handler!"
    log = dmesg(m)
    assert "Pid: 0, comm: swapper Not tainted 2.6.25-swapns #1\n" in log
    assert log.endswith("Kernel panic - not syncing: Aiee, killing interrupt handler!\n")


def test_an_oops_in_a_kernel_thread_kills_only_it() -> None:
    m, k, _sh = boot()

    async def kbug() -> int:
        BUG("kthread")

    k._start_kthread("kbug", kbug)
    pid = k.last_pid
    m.run()
    log = dmesg(m)
    assert f"Pid: {pid}, comm: kbug Not tainted" in log
    assert "\nCall Trace:\n task_entry\n\n\n---[ end trace" in log
    assert k.tasks[pid].state is TaskState.ZOMBIE and m.panic is None
    run(m, "echo still here")
    assert b"still here\n" in output(m)


def test_an_oops_in_do_exit_leaves_the_task_asleep(monkeypatch: pytest.MonkeyPatch) -> None:
    import swapsh.kernel.exit as kexit

    m, k, _sh = boot()
    real = kexit.exit_files

    def exit_files(kk: object, tsk: object) -> None:
        if getattr(tsk, "comm", "") == "true":
            BUG("exit_files")
        real(kk, tsk)  # type: ignore[arg-type]

    monkeypatch.setattr(kexit, "exit_files", exit_files)
    m.type_line("/bin/true")
    m.run()
    log = dmesg(m)
    assert "Fixing recursive fault but reboot is needed!\n" in log
    stuck = [t for t in k.tasks.values() if t.comm == "true"]
    assert len(stuck) == 1 and stuck[0].sleeping_on is not None and m.panic is None


def test_warn_on_prints_the_warning_and_goes_on() -> None:
    m, k, _sh = boot()
    k.log.clear()
    assert WARN_ON(k, False) is False and k.log.text == ""
    assert WARN_ON(k, 1, "something odd") is True
    line = test_warn_on_prints_the_warning_and_goes_on.__code__.co_firstlineno + 4
    log = dmesg(m)
    assert log.startswith(
        "something odd\n"
        "------------[ cut here ]------------\n"
        f"WARNING: at tests/unit/test_oops.py:{line} "
        "test_warn_on_prints_the_warning_and_goes_on()\n"
        "Modules linked in:\n"
        "Pid: 0, comm: swapper Not tainted 2.6.25-swapns #1\n"
        "\nCall Trace:\n\n---[ end trace "
    )
    assert k.oops.die_counter == 0 and print_tainted(k) == "Not tainted"


def test_kernel_panic_is_not_an_exception_userland_could_catch() -> None:
    assert not issubclass(KernelPanic, Exception)


def test_an_oops_in_keyboard_input_panics(monkeypatch: pytest.MonkeyPatch) -> None:
    from swapsh.kernel.tty import TtyStruct

    m, _k, _sh = boot()

    def broken(self: TtyStruct, k: Kernel, text: str) -> None:
        BUG("n_tty")

    monkeypatch.setattr(TtyStruct, "type_line", broken)
    m.type_line("echo hi")  # no traceback reaches the front-end
    assert m.panic == "Aiee, killing interrupt handler!"
    assert m.run() and "Pid: 0, comm: swapper" in dmesg(m)
    with pytest.raises(ValueError):  # a wrong console number is still the caller's error
        m.type_line("x", tty=99)


def test_oom_with_no_victim_panics(monkeypatch: pytest.MonkeyPatch) -> None:
    import swapsh.kernel.mm.oom_kill as oom

    _m, k, sh = boot()
    monkeypatch.setattr(oom, "select_bad_process", lambda kk: (None, 0))
    with pytest.raises(KernelPanic, match=r"^Out of memory and no killable processes\.\.\.$"):
        oom.out_of_memory(k, sh, 0x200D2)
    # 2.6.25's format ends in "\n" and panic() adds one: an empty line follows.
    log = k.log.text
    end = r"not syncing: Out of memory and no killable processes\.\.\.\n<0>\[[ .\d]+\] \n$"
    assert re.search(end, log)

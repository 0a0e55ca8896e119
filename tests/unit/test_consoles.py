"""Virtual consoles: six logins on one kernel, switching, kernel messages, and the
Machine's console API (the rules of drivers/char/vt.c and vt_ioctl.c)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from swapsh.kernel.cred import Cap
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.printk import KERN_ERR, KERN_INFO
from swapsh.kernel.signal import Sig
from swapsh.kernel.vt import KB_101, KDGKBTYPE, VT_ACTIVATE, VT_GETSTATE, vt_ioctl, vt_waitactive
from swapsh.machine import STREAM_CONSOLE, Machine
from tests.unit.kernel_helpers import boot, drive, spawn


def _shown(m: Machine) -> dict[int, bytes]:
    """Every console's output since the last look, prompts included."""
    return {n: b"".join(d for _s, d in m.take_output(n)) for n in m.consoles}


def test_six_consoles_each_with_its_own_login_on_one_kernel() -> None:
    m, _k, _sh = boot()
    assert m.consoles == [1, 2, 3, 4, 5, 6] and m.active == 1
    shells = [m.kernel.ttys[n - 1].read_wait.tasks for n in m.consoles]
    assert all(len(s) == 1 for s in shells)
    leaders = [s[0] for s in shells]
    assert len({t.session for t in leaders}) == 6  # six sessions
    assert [t.tty.name for t in leaders if t.tty] == [f"tty{n}" for n in range(1, 7)]
    assert {id(t.nsproxy.ipc_ns) for t in leaders} == {id(leaders[0].nsproxy.ipc_ns)}
    assert all(m.waiting_for_input_on(n) and m.has_login_on(n) for n in m.consoles)


def test_kernel_messages_go_to_the_active_console_only() -> None:
    m, k, _sh = boot()
    _shown(m)
    k.printk(KERN_ERR, "on one")
    m.chvt(3)
    k.printk(KERN_ERR, "on three")
    k.printk(KERN_INFO, "below the console level")  # 4 by default: dmesg only
    out = _shown(m)
    assert out[1].endswith(b"on one\n") and b"three" not in out[1]
    assert out[3].endswith(b"on three\n") and b"one" not in out[3]
    assert not any(out[n] for n in (2, 4, 5, 6))
    assert "below the console level" in k.log.text


def test_vt_activate_needs_the_callers_own_terminal_or_cap_sys_tty_config() -> None:
    m, k, sh = boot()
    tty2 = k.ttys[1]
    assert vt_ioctl(k, sh, tty2, VT_ACTIVATE, 2) == 0  # root: CAP_SYS_TTY_CONFIG
    t = spawn(m, sh, 0)
    t.cred = replace(
        t.cred,
        uid=65534,
        euid=65534,
        suid=65534,
        cap_effective=frozenset(),
        cap_permitted=frozenset(),
    )
    assert vt_ioctl(k, t, t.tty, VT_ACTIVATE, 1) == 0  # its own controlling terminal
    with pytest.raises(KernelError) as e:
        vt_ioctl(k, t, tty2, VT_ACTIVATE, 2)  # another console, no capability
    assert e.value.errno == Errno.EPERM
    t.cred = replace(t.cred, cap_effective=frozenset({Cap.CAP_SYS_TTY_CONFIG}))
    assert vt_ioctl(k, t, tty2, VT_ACTIVATE, 2) == 0 and m.active == 2


@pytest.mark.parametrize("n", [0, 64, -1])
def test_vt_activate_outside_1_to_63_is_enxio(n: int) -> None:
    m, k, sh = boot()
    with pytest.raises(KernelError) as e:
        vt_ioctl(k, sh, sh.tty, VT_ACTIVATE, n)
    assert e.value.errno == Errno.ENXIO and m.active == 1


def test_activating_tty7_allocates_an_empty_console_without_a_login() -> None:
    m, k, sh = boot()
    _shown(m)
    assert vt_ioctl(k, sh, sh.tty, VT_ACTIVATE, 9) == 0
    assert m.active == 9 and m.consoles == list(range(1, 10))
    assert not m.has_login_on(9) and not m.logged_out_on(9)
    assert not m.waiting_for_input_on(9) and m.take_output(9) == []
    k.printk(KERN_ERR, "to nine")  # nobody reads it, but it is on that screen
    [(stream, text)] = m.take_output(9)
    assert stream == STREAM_CONSOLE and text.endswith(b"] to nine\n")
    assert vt_ioctl(k, sh, sh.tty, VT_GETSTATE, 0) == 9
    assert vt_ioctl(k, sh, sh.tty, KDGKBTYPE, 0) == KB_101


def test_vt_waitactive_sleeps_until_the_console_is_switched_to() -> None:
    m, k, sh = boot()
    t = spawn(m, sh, 0)
    coro = vt_waitactive(k, t, t.tty, 4)
    k.sched.current = t
    req = coro.send(None)  # it sleeps
    assert req.wq is k.vt_activate_queue and m.active == 1
    m.chvt(4)
    assert not k.vt_activate_queue.tasks or t not in k.vt_activate_queue.tasks
    assert drive(m, t, coro) == 0  # woken, console 4 is active: done


def test_vt_waitactive_is_interrupted_by_a_signal() -> None:
    m, k, sh = boot()
    t = spawn(m, sh, 0)
    t.pending.add(Sig.SIGUSR1)
    with pytest.raises(KernelError) as e:
        drive(m, t, vt_waitactive(k, t, t.tty, 2))
    assert e.value.errno == Errno.EINTR
    assert drive(m, t, vt_waitactive(k, t, t.tty, 1)) == 0  # already active: at once


def test_machine_console_api_defaults_to_the_active_console() -> None:
    m = Machine()
    _shown(m)
    m.type_line("echo one")
    m.type_line("echo two", tty=2)
    m.run()
    assert b"one\n" in b"".join(d for _s, d in m.take_output())
    assert b"two\n" in b"".join(d for _s, d in m.take_output(tty=2))
    m.chvt(2)
    assert m.active == 2
    m.type_line("echo three")
    m.run()
    assert b"three\n" in b"".join(d for _s, d in m.take_output())
    assert m.take_output(1) == []


def test_each_console_has_its_own_foreground_job_for_interrupt() -> None:
    m = Machine()
    m.type_line("sleep 100", tty=2)
    m.type_line("sleep 100", tty=3)
    m.run(max_steps=200)
    m.interrupt(tty=2)  # ^C on tty2 only
    m.run(max_steps=2000)
    assert m.waiting_for_input_on(2)
    m.take_output(3)
    assert not any(b"^C" in d for _s, d in m.take_output(3))
    m.run()  # tty3's sleep ends by itself (the clock jumps to its timer)
    assert m.waiting_for_input_on(3)


def test_a_login_that_ends_leaves_its_console_logged_out() -> None:
    m = Machine()
    m.type_line("exit 5", tty=4)
    m.run()
    assert m.logged_out_on(4) and not m.has_login_on(4) and m.exit_status_on(4) == 5
    assert not m.logged_out and m.exit_status == 0  # tty1 still runs
    m.chvt(4)
    assert m.logged_out and m.exit_status == 5
    assert not m.waiting_for_input_on(4)


@pytest.mark.parametrize("n", [0, 64])
def test_machine_chvt_refuses_numbers_outside_1_to_63(n: int) -> None:
    with pytest.raises(ValueError, match="consoles are 1 to 63"):
        Machine().chvt(n)


def test_naming_a_console_that_is_not_allocated_is_a_value_error() -> None:
    m = Machine()
    for call in (
        lambda: m.type_line("x", tty=7),
        lambda: m.take_output(7),
        lambda: m.waiting_for_input_on(0),
        lambda: m.interrupt(tty=12),
    ):
        with pytest.raises(ValueError, match="no console tty"):
            call()

"""The interactive front-end's virtual consoles, on prompt_toolkit's pipe input: console
keys, screens redrawn, a history and a half-typed line per console, consoles
without a login."""

from __future__ import annotations

import io
from dataclasses import dataclass

from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from swapsh.frontend.interactive import Terminal, run_interactive
from swapsh.frontend.screens import CLEAR
from swapsh.machine import Machine, MachineOptions

ALT_F = {
    1: "\x1b[1;3P",
    2: "\x1b[1;3Q",
    3: "\x1b[1;3R",
    4: "\x1b[1;3S",
    5: "\x1b[15;3~",
    6: "\x1b[17;3~",
}  # xterm
ESC_F2 = "\x1b\x1bOQ"  # Esc, then F2
ALT_LEFT, ALT_RIGHT = "\x1b[1;3D", "\x1b[1;3C"


@dataclass
class Run:
    status: int
    out: str  # what reached the host from the machine and the redraws
    machine: Machine
    history: list[str]  # tty1's

    def after_last_clear(self) -> str:
        return self.out.rsplit(CLEAR.decode(), 1)[-1]


def drive(keys: str, **opts: object) -> Run:
    out, history = io.BytesIO(), InMemoryHistory()
    m = Machine(MachineOptions(**opts))  # type: ignore[arg-type]
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        term = Terminal(
            input=pipe,
            output=PlainTextOutput(io.StringIO()),
            stdout=out,
            stderr=out,
            history=history,
            env={"NO_COLOR": "1"},
        )
        status = run_interactive(m, term)
    return Run(status, out.getvalue().decode(), m, list(history.load_history_strings())[::-1])


def test_alt_f2_switches_and_lines_go_to_tty2() -> None:
    run = drive(f"tty\r{ALT_F[2]}tty\r{ALT_F[1]}exit 3\r")
    assert run.status == 3
    assert run.out.count(CLEAR.decode()) == 2
    assert "/dev/tty1\n" in run.out and "/dev/tty2\n" in run.out
    assert run.machine.active == 1 and run.machine.logged_out_on(1)


def test_every_alt_fn_and_esc_then_fn_reach_their_console() -> None:
    keys = "".join(f"{ALT_F[n]}tty\r" for n in (3, 4, 5, 6, 2)) + f"{ESC_F2}exit\r"
    run = drive(keys)
    for n in (2, 3, 4, 5, 6):
        assert f"/dev/tty{n}\n" in run.out
    assert run.machine.active == 2 and run.machine.logged_out_on(2)


def test_alt_left_and_right_step_through_the_consoles_with_wraparound() -> None:
    run = drive(f"{ALT_LEFT}tty\r{ALT_RIGHT}{ALT_RIGHT}tty\rexit\r")
    assert run.out.index("/dev/tty6") < run.out.index("/dev/tty2")
    assert run.machine.logged_out_on(2)


def test_a_switch_redraws_the_consoles_own_screen() -> None:
    run = drive(f"echo on one\r{ALT_F[2]}echo on two\r{ALT_F[1]}exit\r")
    back_on_one = run.after_last_clear()
    assert back_on_one.startswith("root@swapsh:~# echo on one\non one\n")
    assert "two" not in back_on_one


def test_each_console_keeps_its_own_history() -> None:
    """(Recalling them with the arrows is in the pexpect tests: on a pipe the keys
    come before prompt_toolkit has loaded a history.)"""
    run = drive(f"echo one\r{ALT_F[2]}echo two\r{ALT_F[1]}exit\r")
    assert run.history == ["echo one", "exit"]


def test_a_half_typed_line_waits_on_its_console() -> None:
    run = drive(f"echo ba{ALT_F[2]}tty\r{ALT_F[1]}ck\rexit\r")
    assert "back\n" in run.after_last_clear()
    assert "/dev/tty2\n" in run.out


def test_chvt_from_the_shell_redraws_too() -> None:
    run = drive("chvt 4\rtty\rexit\r")
    assert run.out.count(CLEAR.decode()) == 1
    assert run.after_last_clear().endswith("/dev/tty4\nlogout\n")


def test_a_console_without_a_login_says_so_and_lets_the_person_leave() -> None:
    run = drive(f"chvt 7\rignored\r{ALT_F[1]}tty\rexit\r")
    assert (
        "swapsh: no login on tty7 (logins run on tty1 to tty6); Alt-F1..Alt-F6 switch "
        "consoles, ^D ends swapsh\n"
    ) in run.out
    assert run.after_last_clear().endswith("/dev/tty1\nlogout\n")
    assert run.status == 0


def test_ctrl_d_where_no_login_reads_ends_swapsh() -> None:
    run = drive("chvt 9\r\x04")
    assert run.status == 0 and run.machine.active == 9


def test_a_console_whose_login_ended_is_shown_but_does_not_end_swapsh() -> None:
    run = drive(f"{ALT_F[2]}tty\r{ALT_F[1]}kill -9 4\r{ALT_F[2]}{ALT_F[1]}exit 6\r")
    assert run.status == 6 and run.machine.logged_out_on(2)


def test_kernel_messages_show_on_the_console_on_the_screen() -> None:
    run = drive(f"{ALT_F[2]}memtouch 64M\r{ALT_F[1]}exit\r", mem_bytes=32 << 20)
    on_two = run.out.split(CLEAR.decode())[1]
    assert "Out of memory: kill process" in on_two and "Killed\n" in on_two
    assert "Out of memory" not in run.after_last_clear()

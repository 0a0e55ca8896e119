"""The plain front-end with virtual consoles: lines go to the active console, every
console's output is printed, and the active console's login decides the end."""

from __future__ import annotations

import io

from swapsh.frontend.plain import run_plain
from swapsh.machine import Machine, MachineOptions


def plain(lines: list[str], **opts: object) -> tuple[int, str, str]:
    out, err = io.BytesIO(), io.BytesIO()
    m = Machine(MachineOptions(**opts))  # type: ignore[arg-type]
    status = run_plain(m, lines, out, err)
    return status, out.getvalue().decode(), err.getvalue().decode()


def test_lines_after_chvt_go_to_the_new_console() -> None:
    status, out, err = plain(["tty", "chvt 2", "tty", "chvt 1", "tty"])
    assert (status, out, err) == (0, "/dev/tty1\n/dev/tty2\n/dev/tty1\n", "")


def test_output_of_a_console_that_is_not_active_is_printed_too() -> None:
    status, out, _ = plain(["chvt 2; echo from tty1", "echo from tty2"])
    assert status == 0 and out == "from tty1\nfrom tty2\n"


def test_the_active_consoles_login_decides_the_end_and_the_status() -> None:
    assert plain(["chvt 3", "exit 7", "echo never"])[:2] == (7, "")
    assert plain(["exit 2"]) == (2, "", "")


def test_each_console_keeps_its_own_shell_state() -> None:
    status, out, _ = plain(["cd /tmp", "chvt 2", "pwd", "X=2", "chvt 1", "pwd; echo $X."])
    assert (status, out) == (0, "/root\n/tmp\n.\n")


def test_kernel_messages_come_from_the_active_console_once() -> None:
    status, out, err = plain(["chvt 2", "memtouch 64M"], mem_bytes=32 << 20)
    assert status == 137 and out == "memtouch: 16384 pages, 1 pass\n"  # bash exits with $?
    assert err.count("Out of memory: kill process") == 1 and err.endswith("Killed\n")


def test_a_console_without_a_login_stops_the_run_with_a_message() -> None:
    status, out, err = plain(["chvt 7", "echo lost"])
    assert (status, out) == (1, "")
    assert err == (
        "swapsh: tty7 has no login (swapsh logs in on tty1 to tty6); nothing "
        "reads what would be typed there; stopping\n"
    )


def test_a_console_whose_login_ended_earlier_has_no_login() -> None:
    status, _out, err = plain(["kill -9 5", "chvt 3", "echo lost"])
    assert status == 1 and err.startswith("swapsh: tty3 has no login")

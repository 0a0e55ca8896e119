"""Programs at the virtual consoles: tty (coreutils 9.1), chvt (kbd 2.5.1), dmesg -n
(util-linux 2.38.1), and kernel messages on whichever console is active."""

from __future__ import annotations

import pytest

from swapsh.machine import STREAM_CONSOLE, STREAM_PROMPT, STREAM_STDERR, Machine, MachineOptions

CHVT_USAGE = (
    "Usage: chvt [option...] N\n\nOptions:\n"
    "  -h, --help      print this usage message.\n"
    "  -V, --version   print version number.\n\nReport bugs to authors.\n\n"
)
TTY_HELP = """\
Usage: tty [OPTION]...
Print the file name of the terminal connected to standard input.

  -s, --silent, --quiet   print nothing, only return an exit status
      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/tty>
or available locally via: info '(coreutils) tty invocation'
"""


class Logins:
    """A fresh machine; each call types one line at a console and returns what every
    console showed meanwhile, split into stdout, stderr and console messages."""

    def __init__(self, **opts: object) -> None:
        self.m = Machine(MachineOptions(**opts))  # type: ignore[arg-type]
        self.shown()

    def shown(self) -> dict[int, dict[int, str]]:
        out: dict[int, dict[int, str]] = {}
        for n in self.m.consoles:
            for stream, data in self.m.take_output(n):
                if stream != STREAM_PROMPT:
                    by = out.setdefault(n, {})
                    by[stream] = by.get(stream, "") + data.decode()
        return out

    def type(self, line: str, tty: int | None = None) -> dict[int, dict[int, str]]:
        self.m.type_line(line, tty)
        assert self.m.run() and self.m.panic is None
        return self.shown()

    def run(self, line: str, tty: int = 1) -> tuple[str, str, int]:
        """line at tty, then its status: (stdout, stderr) there, and $?."""
        out = self.type(line, tty).get(tty, {})
        status = self.type("echo $?", tty)[tty][1]
        return out.get(1, ""), out.get(STREAM_STDERR, ""), int(status)


@pytest.fixture
def logins() -> Logins:
    return Logins()


def test_tty_names_each_consoles_terminal(logins: Logins) -> None:
    for n in (1, 2, 6):
        assert logins.run("tty", n) == (f"/dev/tty{n}\n", "", 0)
    assert logins.run("tty -s") == ("", "", 0)
    assert logins.run("tty --quiet < /dev/null") == ("", "", 1)
    assert logins.run("tty < /dev/null") == ("not a tty\n", "", 1)
    assert logins.run("tty < /dev/tty3") == ("/dev/tty3\n", "", 0)
    assert logins.run("tty < /dev/tty") == ("/dev/tty\n", "", 0)


@pytest.mark.parametrize(
    ("cmd", "err"),
    [
        ("tty -x", "tty: invalid option -- 'x'\nTry 'tty --help' for more information.\n"),
        ("tty a b", "tty: extra operand ‘a’\nTry 'tty --help' for more information.\n"),
    ],
)
def test_tty_usage_errors_exit_2(logins: Logins, cmd: str, err: str) -> None:
    assert logins.run(cmd) == ("", err, 2)


def test_tty_help_and_version(logins: Logins) -> None:
    assert logins.run("tty --help") == (TTY_HELP, "", 0)
    out, _, status = logins.run("tty --version")
    assert status == 0 and out.startswith("tty (GNU coreutils) 9.1\n")
    assert out.endswith("Written by David MacKenzie.\n")


def test_chvt_switches_the_active_console(logins: Logins) -> None:
    m = logins.m
    assert logins.run("chvt 2") == ("", "", 0) and m.active == 2
    shown = logins.type("tty")  # typed at the active console
    assert shown[2][1] == "/dev/tty2\n"
    assert logins.run("chvt 1", 2) == ("", "", 0) and m.active == 1
    assert logins.run("chvt 1") == ("", "", 0) and m.active == 1  # already there


@pytest.mark.parametrize(
    ("cmd", "err", "status"),
    [
        ("chvt", "chvt: Not enough arguments.\n" + CHVT_USAGE, 64),
        ("chvt -x", "chvt: invalid option -- 'x'\n" + CHVT_USAGE, 64),
        ("chvt --foo", "chvt: unrecognized option '--foo'\n" + CHVT_USAGE, 64),
        ("chvt -h", CHVT_USAGE, 0),
        ("chvt 0", "chvt: Couldn't activate vt 0: No such device or address\n", 1),
        ("chvt 64", "chvt: Couldn't activate vt 64: No such device or address\n", 1),
        ("chvt two", "chvt: Couldn't activate vt 0: No such device or address\n", 1),
    ],
)
def test_chvt_messages(logins: Logins, cmd: str, err: str, status: int) -> None:
    assert logins.run(cmd) == ("", err, status)
    assert logins.m.active == 1


def test_chvt_version_and_atoi(logins: Logins) -> None:
    assert logins.run("chvt -V") == ("chvt from kbd 2.5.1\n", "", 0)
    assert logins.run("chvt 3rd") == ("", "", 0) and logins.m.active == 3  # atoi("3rd")


def test_chvt_to_an_unallocated_console_shows_an_empty_one_with_no_login(logins: Logins) -> None:
    m = logins.m
    assert logins.run("chvt 7") == ("", "", 0)
    assert m.active == 7 and not m.has_login_on(7) and not m.waiting_for_input
    assert logins.run("chvt 1", 1) == ("", "", 0) and m.active == 1  # back from tty1 itself


def test_chvt_works_with_its_output_redirected_through_dev_tty(logins: Logins) -> None:
    assert logins.run("chvt 5 </dev/null >/dev/null 2>&1") == ("", "", 0)
    assert logins.m.active == 5


def test_kernel_messages_appear_on_the_active_console() -> None:
    """The OOM killer's lines (KERN_ERR, above the default console level 4) show on
    whichever console is on the screen, not where the killed job ran."""
    logins = Logins(mem_bytes=32 << 20)
    logins.m.type_line("memtouch 64M", tty=2)
    logins.m.run()
    shown = logins.shown()
    assert shown[2][STREAM_STDERR] == "Killed\n"
    assert "Out of memory: kill process" in shown[1][STREAM_CONSOLE]
    assert STREAM_CONSOLE not in shown[2]


def test_dmesg_n_sets_the_console_level(logins: Logins) -> None:
    """swapon's "Adding ...k swap" is KERN_INFO (6): on the console from level 7 up."""
    make = "dd if=/dev/zero of=/s bs=1M count=1 2>/dev/null; chmod 600 /s; mkswap /s >/dev/null"
    assert logins.run(make)[2] == 0
    shown = logins.type("swapon /s; swapoff /s")
    assert STREAM_CONSOLE not in shown.get(1, {})
    for level, seen in (
        ("8", True),
        ("notice", False),
        ("info", True),
        ("debug", True),
        ("6", False),
        ("7", True),
    ):
        assert logins.run(f"dmesg -n {level}") == ("", "", 0)
        shown = logins.type("chvt 3; swapon /s; swapoff /s; chvt 1")
        assert ("Adding 1016k swap on /s." in shown.get(3, {}).get(STREAM_CONSOLE, "")) == seen
        assert STREAM_CONSOLE not in shown.get(1, {})


@pytest.mark.parametrize(
    ("arg", "err"),
    [
        ("foo", "dmesg: unknown level 'foo'\n"),
        ("0", "dmesg: unknown level '0'\n"),
        ("9", "dmesg: unknown level '9'\n"),
        ("3x", "dmesg: unknown level '3x'\n"),
    ],
)
def test_dmesg_n_refuses_unknown_levels(logins: Logins, arg: str, err: str) -> None:
    assert logins.run(f"dmesg -n {arg}") == ("", err, 1)


def test_dmesg_n_needs_root(logins: Logins) -> None:
    assert logins.run("su nobody -s /bin/sh -c 'dmesg -n 1'") == (
        "",
        "dmesg: klogctl failed: Operation not permitted\n",
        1,
    )


def test_dev_console_is_the_console_on_the_screen(logins: Logins) -> None:
    assert logins.run("chvt 3") == ("", "", 0)
    shown = logins.type("echo to the console > /dev/console", tty=2)
    assert shown[3][1] == "to the console\n" and 1 not in shown.get(2, {})

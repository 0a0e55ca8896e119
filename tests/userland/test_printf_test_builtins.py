"""`test`, `[` and `printf` as the console's shell runs them: the interactive and
script message prefixes, variables set in the shell itself, the terminal, the
simulated clock. (bash's outputs are in tests/golden/sh_test.txt, sh_printf.txt.)"""

from __future__ import annotations

from tests.conftest import Session


def test_errors_have_the_interactive_prefix(sh: Session) -> None:
    r = sh.run("test 1 -eq x")
    assert (r.err, r.status) == ("bash: test: x: integer expression expected\n", 2)
    r = sh.run("[ a")
    assert (r.err, r.status) == ("bash: [: missing `]'\n", 2)
    r = sh.run("printf '%d\\n' 3x")
    assert (r.out, r.err, r.status) == ("3\n", "bash: printf: 3x: invalid number\n", 1)


def test_errors_in_a_script_name_the_line(sh: Session) -> None:
    sh.run("/bin/echo -e 'true\\n[ a = ]\\nprintf %y' > /s")
    r = sh.run("bash /s")
    want = "/s: line 2: [: a: unary operator expected\n"
    assert r.err == want + "/s: line 3: printf: `y': invalid format character\n"
    assert r.status == 1


def test_printf_v_and_n_set_the_shells_variables(sh: Session) -> None:
    assert sh.run("printf -v x '%05d' 42; echo $x").out == "00042\n"
    assert sh.run("printf 'abc%n\\n' n; echo $n").out == "abc\n3\n"
    r = sh.run("printf -v 9x a")
    assert (r.err, r.status) == ("bash: printf: `9x': not a valid identifier\n", 2)


def test_terminal_descriptors(sh: Session) -> None:
    assert sh.run("test -t 0").status == 0
    assert sh.run("[ -t 1 ]").status == 0
    assert sh.run("[ -t 1 ] > /tmp/f").status == 1
    assert sh.run("test -t 0 < /dev/null").status == 1


def test_printf_in_a_pipeline_and_with_stdout_closed(sh: Session) -> None:
    assert sh.run("printf '%s-' a b | cat").out == "a-b-"
    r = sh.run("printf x >&-")
    assert (r.err, r.status) == ("bash: printf: write error: Bad file descriptor\n", 1)


def test_time_is_the_machines_clock(sh: Session) -> None:
    """-1 is now and -2 the shell's start, both from the simulated clock (the
    machine boots on 2008-04-30 12:00:00 UTC)."""
    out = sh.run("printf '%(%F)T %(%s)T %(%s)T\\n' -1 -1 -2").out.split()
    assert out[0] == "2008-04-30"
    assert 0 <= int(out[1]) - int(out[2]) < 60

"""The shell at the console: commands, statuses, messages as bash prints them."""

from __future__ import annotations

from tests.conftest import Session


def test_unknown_command_is_127_with_bash_message(sh: Session) -> None:
    r = sh.run("foo bar")
    assert (r.out, r.err, r.status) == ("", "bash: foo: command not found\n", 127)


def test_ltpdir_is_exported_by_the_login_profile(sh: Session) -> None:
    assert sh.run("echo $LTPDIR").out == "/opt/ltp\n"


def test_cd_and_pwd(sh: Session) -> None:
    assert sh.run("cd /tmp; pwd").out == "/tmp\n"
    r = sh.run("cd /nonexist")
    assert (r.err, r.status) == ("bash: cd: /nonexist: No such file or directory\n", 1)

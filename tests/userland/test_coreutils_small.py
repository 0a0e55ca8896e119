"""The small coreutils (cat, echo, true, false, pwd, id, uname, chmod, mkdir, rm,
touch) beyond what the golden fixtures cover: odd input must give a message."""

from __future__ import annotations

import pytest

from tests.conftest import Session


def test_cat_numbering_and_stdin(sh: Session) -> None:
    sh.run("/bin/echo -ne 'a\\n\\nb\\n' > /f")
    assert sh.run("cat -n /f").out == "     1\ta\n     2\t\n     3\tb\n"
    assert sh.run("cat -b /f").out == "     1\ta\n\n     2\tb\n"
    assert sh.run("echo hi | cat - /f").out == "hi\na\n\nb\n"


def test_cat_quotes_odd_names_in_messages(sh: Session) -> None:
    r = sh.run("cat 'a b'")
    assert r.err == "cat: 'a b': No such file or directory\n"


def test_bin_echo_and_true_false(sh: Session) -> None:
    assert sh.run("/bin/echo -e 'x\\ty'").out == "x\ty\n"
    assert sh.run("/bin/true --version").out.startswith("true (GNU coreutils) 9.1\n")
    assert sh.run("/bin/false --bogus").status == 1


def test_pwd_and_uname(sh: Session) -> None:
    assert sh.run("cd /tmp; /bin/pwd").out == "/tmp\n"
    assert sh.run("uname -srm").out == "Linux 2.6.25-swapns x86_64\n"
    assert sh.run("uname -o").out == "GNU/Linux\n"


def test_id_formats(sh: Session) -> None:
    assert sh.run("id").out == "uid=0(root) gid=0(root) groups=0(root)\n"
    assert sh.run("id -Gn").out == "root\n"
    assert sh.run("id -u nobody").out == "65534\n"
    r = sh.run("id -u -g")
    assert (r.err, r.status) == ('id: cannot print "only" of more than one choice\n', 1)


@pytest.mark.parametrize(
    ("mode", "want"),
    [
        ("u=rwx,go=", "700"),
        ("a+x", "755"),
        ("g+w,o-r", "660"),
        ("=r", "444"),
        ("755", "755"),
    ],
)
def test_chmod_symbolic_modes(sh: Session, mode: str, want: str) -> None:
    sh.run("touch /f")
    sh.run("chmod 644 /f")
    r = sh.run(f"chmod -v {mode} /f")
    assert r.status == 0 and f" {int(want, 8):04o} (" in r.out


def test_mkdir_rm_touch_round_trip(sh: Session) -> None:
    assert sh.run("mkdir -p /x/y/z && touch /x/y/z/f").status == 0
    r = sh.run("rm -rv /x")
    assert r.out == (
        "removed '/x/y/z/f'\nremoved directory '/x/y/z'\n"
        "removed directory '/x/y'\nremoved directory '/x'\n"
    )
    r = sh.run("rm -rf /x")
    assert (r.out, r.err, r.status) == ("", "", 0)


def test_binary_junk_in_names_is_quoted(sh: Session) -> None:
    r = sh.run("rm $'/a\\nb'")
    assert r.err == "rm: cannot remove '/a'$'\\n''b': No such file or directory\n"

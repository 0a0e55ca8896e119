"""History expansion and the history builtin at the machine's interactive bash,
against bash 5.2.15 on a pty (`bash --norc --noprofile -i`, HOME with no history
file, the lines typed as shown; the expanded line is bash's echo on stderr).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swapsh.userland.sh.histexp import HistoryState, history_expand, history_tokenize
from tests.conftest import Session
from tests.userland.terminal import session

RECORDED = [
    ("echo one two three", "one two three\n"),
    ("echo !!:9", "bash: :9: bad word specifier\n"),
    ("!?:%", "bash: !?:%: event not found\n"),
    ("echo !!:2-1", "bash: :2-1: bad word specifier\n"),
    ("echo !!:s", "echo echo one two three\necho one two three\n"),
    ("!!:&", "bash: :&: no previous substitution\n"),
    ("echo a b", "a b\n"),
    ("!!:s/zz/y/", "bash: :s/zz/y/: substitution failed\n"),
    ("!?one?:%", "one\nbash: one: command not found\n"),
    ("^x^y", "bash: :s^x^y: substitution failed\n"),
    ("for i in 1 2", ""),
    ("do echo !!", "do echo one\n"),
    ("done", "one\none\n"),
    (
        "history",
        "    1  echo one two three\n    2  echo echo one two three\n    3  echo a b\n"
        "    4  one\n    5  for i in 1 2; do echo one; done\n    6  history\n",
    ),
]


def test_a_session_of_expansions_as_bash_shows_it(sh: Session) -> None:
    lines = [line for line, _ in RECORDED]
    assert session(sh, *lines) == "".join(f"$ {line}\n{out}" for line, out in RECORDED)


EXPANSIONS = [  # (history, line, status, result) -- each recorded as above
    (["echo one two three"], "!!", 1, "echo one two three"),
    (["echo one two three"], "echo !$ !^ !*", 1, "echo three one one two three"),
    (["echo one", "echo x y"], "!-2:0 z", 1, "echo z"),
    (["echo x", "ls"], "!ech", 1, "echo x"),
    (["echo three one"], "^three^four^", 1, "echo four one"),
    (["echo four one one"], "!echo:s/one/ONE/", 1, "echo four ONE one"),
    (["sleep 1 &"], "!1:p", 2, "sleep 1 &"),
    (["a"], "!99", -1, "!99: event not found"),
    (["echo x"], "echo x! $! [!a] 'c !! d'", 0, "echo x! $! [!a] 'c !! d'"),
    (["echo o"], "!e:gs/o/0/", 1, "ech0 0"),
    (["echo a.tar.gz /usr/lib/x.so"], "echo !$:h !$:t", 1, "echo /usr/lib x.so"),
    (["echo a.tar.gz"], "echo !$:r !$:e", 1, "echo a.tar .gz"),
    (["echo a"], "echo [!a] ${!x} !#", -1, "!a]: event not found"),
    (["echo a b c; echo a"], "!!:x", 1, "'echo' 'a' 'b' 'c;' 'echo' 'a'"),
    (["echo 'a'"], "!!:q", 1, "'echo '\\''a'\\'''"),
    (["echo a"], "!!:G s/x/y/", -1, " : unrecognized history modifier"),
    (["echo a"], "echo a b c; echo !#:1", 1, "echo a b c; echo a"),
]


@pytest.mark.parametrize(("hist", "line", "status", "text"), EXPANSIONS)
def test_history_expand(hist: list[str], line: str, status: int, text: str) -> None:
    r = history_expand(line, list(hist), HistoryState())
    assert (r.status, r.text) == (status, text)


@given(st.text(alphabet="ab !'\"\\^$:*%-?#&|;<>()sgp/0123456789\t", max_size=30))
def test_history_expand_never_raises_and_leaves_lines_without_bang_alone(line: str) -> None:
    hist = ["echo one two", "ls -l /a/b.c", "x"]
    r = history_expand(line, hist, HistoryState())
    assert r.status in (-1, 0, 1, 2)
    if "!" not in line and not line.startswith("^"):
        assert (r.status, r.text) == (0, line)


def test_tokenize_as_readline() -> None:
    assert history_tokenize("echo 'a b' \"c d\" 2>&1 x|y;z >>f $(q r)") == [
        "echo",
        "'a b'",
        '"c d"',
        "2>&1",
        "x",
        "|",
        "y",
        ";",
        "z",
        ">>",
        "f",
        "$(q r)",
    ]


def test_the_history_builtin(sh: Session) -> None:
    text = session(sh, "echo a", "history -x", "history 2", "history -d 1", "history", "history -c")
    assert text == (
        "$ echo a\na\n"
        "$ history -x\nbash: history: -x: invalid option\n"
        "history: usage: history [-c] [-d offset] [n] or history -anrw [filename] "
        "or history -ps arg [arg...]\n"
        "$ history 2\n    2  history -x\n    3  history 2\n"
        "$ history -d 1\n"
        "$ history\n    1  history -x\n    2  history 2\n    3  history -d 1\n    4  history\n"
        "$ history -c\n"
    )
    assert session(sh, "history") == "$ history\n    1  history\n"


def test_histsize_keeps_the_newest_and_numbers_on(sh: Session) -> None:
    text = session(sh, "HISTSIZE=2", "echo a", "history")
    assert text.endswith("$ history\n    2  echo a\n    3  history\n")


def test_scripts_do_not_expand(sh: Session) -> None:
    assert sh.run("bash -c 'echo a!!b'").out == "a!!b\n"

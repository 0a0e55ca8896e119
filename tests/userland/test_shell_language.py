# ruff: noqa: E501  (golden strings recorded from bash, kept whole)
"""The bash language in swapsh's shell: compound commands, functions, control flow,
command substitution, here-documents and ${...} operators, against bash 5.2.15.

Each case's expected stdout, stderr and status were recorded from the host's bash:
    bash --norc --noprofile -c SCRIPT   (env HOME=/root PATH=/usr/bin:/bin, cwd /)
and the same SCRIPT runs as `bash -c SCRIPT` on the machine.
"""

from __future__ import annotations

import shlex

import pytest

from tests.conftest import Session

CASES: list[tuple[str, str, str, int]] = [
    ("for x in a b; do echo $x; done", "a\nb\n", "", 0),
    ("for x; do echo $x; done; echo st=$?", "st=0\n", "", 0),
    ("false; for i in; do :; done; echo $?", "0\n", "", 0),
    ("if false; then echo a; elif true; then echo b; else echo c; fi", "b\n", "", 0),
    ("false; if false; then :; fi; echo $?", "0\n", "", 0),
    ("while false; do :; done; echo $?", "0\n", "", 0),
    ("until true; do :; done; echo $?", "0\n", "", 0),
    (
        "x=; until case $x in aaa) true;; *) false;; esac; do x=a$x; echo $x; done",
        "a\naa\naaa\n",
        "",
        0,
    ),
    (
        "for i in 1 2 3; do for j in a b; do echo $i$j; continue 2; done; done",
        "1a\n2a\n3a\n",
        "",
        0,
    ),
    (
        "for i in 1 2 3; do for j in a b; do echo $i$j; break 2; done; done; echo $?",
        "1a\n0\n",
        "",
        0,
    ),
    ("for i in a b c; do continue 5; echo no; done; echo $?", "0\n", "", 0),
    (
        "break; echo $?",
        "0\n",
        "bash: line 1: break: only meaningful in a `for', `while', or `until' loop\n",
        0,
    ),
    (
        "for i in 1; do break 0; done; echo $?",
        "1\n",
        "bash: line 1: break: 0: loop count out of range\n",
        0,
    ),
    ("for i in 1; do break 1 2; done; echo $?", "", "bash: line 1: break: too many arguments\n", 1),
    (
        "for i in 1; do break x; done; echo $?",
        "",
        "bash: line 1: break: x: numeric argument required\n",
        128,
    ),
    (
        "f() { break; }; for i in 1 2; do echo $i; f; done",
        "1\n2\n",
        "environment: line 1: break: only meaningful in a `for', `while', or `until' loop\nenvironment: line 1: break: only meaningful in a `for', `while', or `until' loop\n",
        0,
    ),
    ("case abc in a*) echo yes;; esac", "yes\n", "", 0),
    ("case x in (a|b) echo ab;; *) echo d;& c) echo c;;& x) echo x;; esac", "d\nc\nx\n", "", 0),
    ('case "a b" in "a b") echo quoted;; esac', "quoted\n", "", 0),
    ("case x in a) ;; esac; echo $?", "0\n", "", 0),
    ("f() { echo $# $1; return 3; }; f a b; echo $? $#", "2 a\n3 0\n", "", 0),
    ("f() { local x=2; echo $x; }; x=1; f; echo $x", "2\n1\n", "", 0),
    ('f() { local x; echo "[$x]"; x=3; }; x=1; f; echo $x', "[]\n1\n", "", 0),
    ("local y", "", "bash: line 1: local: can only be used in a function\n", 1),
    (
        "return",
        "",
        "bash: line 1: return: can only `return' from a function or sourced script\n",
        2,
    ),
    (
        "f() { return abc; }; f; echo $?",
        "2\n",
        "environment: line 1: return: abc: numeric argument required\n",
        0,
    ),
    (
        "FUNCNEST=3; f() { echo $1; f x$1; }; f 1; echo st=$?",
        "1\nx1\nxx1\n",
        "environment: line 1: f: maximum function nesting level exceeded (3)\n",
        1,
    ),
    ("function g { echo in g; }; g", "in g\n", "", 0),
    ("function h() ( echo sub; exit 4 ); h; echo $?", "sub\n4\n", "", 0),
    ("f() { echo redirected; } > /dev/null; f; echo after", "after\n", "", 0),
    ("{ echo a; echo b; } | cat", "a\nb\n", "", 0),
    ("x=1; (x=2; echo $x); echo $x", "2\n1\n", "", 0),
    ("(exit 7); echo $?", "7\n", "", 0),
    ("! true; echo $?; ! false; echo $?", "1\n0\n", "", 0),
    ('echo $(echo a; echo b)x "$(echo  c  d)"', "a bx c d\n", "", 0),
    ("echo `echo \\`echo hi\\``", "hi\n", "", 0),
    ("x=$(exit 3); echo $?", "3\n", "", 0),
    ('echo "$(echo a; echo; echo)|"', "a|\n", "", 0),
    ("cat <<EOF\na $HOME\n\\$x\nEOF", "a /root\n$x\n", "", 0),
    ("cat <<'EOF'\na $HOME\nEOF", "a $HOME\n", "", 0),
    ("cat <<-EOF\n\ttabbed\n\tEOF", "tabbed\n", "", 0),
    ('cat <<< "here $HOME"', "here /root\n", "", 0),
    (
        "cat <<EOF\nabc",
        "abc\n",
        "bash: line 2: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n",
        0,
    ),
    ('echo ${x:-def} ${#HOME} ${x-unset} "${x:+set}"', "def 5 unset \n", "", 0),
    ("x=${y:=5}; echo $x $y", "5 5\n", "", 0),
    ("echo ${x:?}; echo after", "", "bash: line 1: x: parameter null or not set\n", 127),
    ("echo ${x:?oops}; echo after", "", "bash: line 1: x: oops\n", 127),
    ("x=; echo ${x?}; echo after", "\nafter\n", "", 0),
    ("echo ${x y}; echo after", "", "bash: line 1: ${x y}: bad substitution\n", 1),
    ("x=y; y=5; echo ${!x}", "5\n", "", 0),
    ("echo ${!x}", "", "bash: line 1: x: invalid indirect expansion\n", 1),
    ("xa=1; xb=2; echo ${!x*}", "xa xb\n", "", 0),
    (
        "if true; then :; fi x",
        "",
        "bash: -c: line 1: syntax error near unexpected token `x'\nbash: -c: line 1: `if true; then :; fi x'\n",
        2,
    ),
    (
        "fi",
        "",
        "bash: -c: line 1: syntax error near unexpected token `fi'\nbash: -c: line 1: `fi'\n",
        2,
    ),
    (
        "if true; then; fi",
        "",
        "bash: -c: line 1: syntax error near unexpected token `;'\nbash: -c: line 1: `if true; then; fi'\n",
        2,
    ),
    (
        "while :; done",
        "",
        "bash: -c: line 1: syntax error near unexpected token `done'\nbash: -c: line 1: `while :; done'\n",
        2,
    ),
    (
        "for x in a b; echo",
        "",
        "bash: -c: line 1: syntax error near unexpected token `echo'\nbash: -c: line 1: `for x in a b; echo'\n",
        2,
    ),
    (
        "f() echo x",
        "",
        "bash: -c: line 1: syntax error near unexpected token `echo'\nbash: -c: line 1: `f() echo x'\n",
        2,
    ),
    (
        "echo a)",
        "",
        "bash: -c: line 1: syntax error near unexpected token `)'\nbash: -c: line 1: `echo a)'\n",
        2,
    ),
    ("if true", "", "bash: -c: line 2: syntax error: unexpected end of file\n", 2),
    ("{ echo a }", "", "bash: -c: line 2: syntax error: unexpected end of file\n", 2),
    ("(echo a", "", "bash: -c: line 2: syntax error: unexpected end of file\n", 2),
    ("echo $(", "", "bash: -c: line 2: unexpected EOF while looking for matching `)'\n", 2),
    ("a=b if true", "", "bash: line 1: if: command not found\n", 127),
    ("[[ a b ]]", "", "bash: -c: line 1: conditional binary operator expected\n", 0),
    (
        "false\n[[ a b ]]\necho after",
        "",
        "bash: -c: line 2: conditional binary operator expected\n",
        1,
    ),
    (
        "echo one\nfi\necho two",
        "one\n",
        "bash: -c: line 2: syntax error near unexpected token `fi'\nbash: -c: line 2: `fi'\n",
        2,
    ),
    ("for 1 in a; do :; done", "", "bash: line 1: `1': not a valid identifier\n", 1),
    ("true | false | true; echo $PIPESTATUS", "0\n", "", 0),
    ('unset y; echo ${y:=5} | cat; echo "[$y]"', "5\n[]\n", "", 0),
    ("x=1; { x=2; echo $x; } | cat; echo $x", "2\n1\n", "", 0),
    ('f() { echo "$@"; }; f a b | cat', "a b\n", "", 0),
    # bash -c 'x=; echo ${x:-"a  b"} c; echo ${x:-a  b}; y="p  q"; echo ${x:-$y "$y"}; echo ${y:+"1  2" 3   4}'
    (
        'x=; echo ${x:-"a  b"} c; echo ${x:-a  b}; y="p  q"; echo ${x:-$y "$y"}; echo ${y:+"1  2" 3   4}',
        "a  b c\na b\np q p  q\n1  2 3 4\n",
        "",
        0,
    ),
]


@pytest.fixture(scope="module")
def shared() -> Session:
    return Session()


@pytest.mark.parametrize(("script", "out", "err", "status"), CASES, ids=[c[0] for c in CASES])
def test_like_bash(shared: Session, script: str, out: str, err: str, status: int) -> None:
    r = shared.run("bash -c " + shlex.quote(script))
    assert (r.out, r.err, r.status) == (out, err, status)


def test_tilde_after_colons_in_assignments(sh: Session) -> None:
    # bash 5.2.15: HOME=/usr/xyz; path=/usr/ucb:/bin:~/bin:~/tmp/bin:/usr/bin ...
    r = sh.run(
        'bash -c \'HOME=/usr/xyz; path=/bin:~/bin:~/tmp/bin; echo $path; x=a:~:"~"; '
        "echo $x; declare y=:~/q; echo $y; echo a:~/b'"
    )
    assert r.out == "/bin:/usr/xyz/bin:/usr/xyz/tmp/bin\na:/usr/xyz:~\n:/usr/xyz/q\na:~/b\n"

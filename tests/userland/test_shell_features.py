"""Shell syntax the issue names: quoting, lists, pipes, redirections, variables."""

from __future__ import annotations

from tests.conftest import Session


def test_quoting_and_variables(sh: Session) -> None:
    assert sh.run("""X='a  b'; echo $X "$X" '$X' \\$X""").out == "a b a  b $X $X\n"
    assert sh.run('echo "${HOME}/x" ~ ~/y').out == "/root/x /root /root/y\n"


def test_status_lists(sh: Session) -> None:
    assert sh.run("false && echo no || echo yes; echo $?").out == "yes\n0\n"
    assert sh.run("true && echo a; false; echo $?").out == "a\n1\n"
    assert sh.run("! true; echo $?").out == "1\n"


def test_redirections(sh: Session) -> None:
    assert sh.run("echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f").out == "one\ntwo\n"
    r = sh.run("cat /nonexistent 2> /tmp/err; cat /tmp/err")
    assert r.out == "cat: /nonexistent: No such file or directory\n" and r.err == ""
    r = sh.run("cat /nonexistent 2>&1")
    assert r.out == "cat: /nonexistent: No such file or directory\n" and r.err == ""
    r = sh.run("echo x > /no/such/dir/f")
    assert (r.err, r.status) == ("bash: /no/such/dir/f: No such file or directory\n", 1)


def test_pipes(sh: Session) -> None:
    sh.run("echo hello > /tmp/h")
    assert sh.run("cat /tmp/h | cat | cat").out == "hello\n"
    r = sh.run("echo abc | cat /nonexistent - ")
    assert r.out == "abc\n" and "No such file" in r.err and r.status == 1


def test_comments_and_continuation(sh: Session) -> None:
    assert sh.run("echo a # not this").out == "a\n"
    sh.m.type_line("echo long \\")
    out, _, _ = sh.type("line")
    assert out == "long line\n"


def test_unsupported_syntax_says_so(sh: Session) -> None:
    r = sh.run("diff <(a) >(b)")
    assert r.status == 2 and "not supported in swapsh" in r.err
    # arithmetic assigns array elements (bash -c '((a[1]=2)); echo ${a[1]} ${#a[@]}')
    r = sh.run("((a[1]=2)); echo ${a[1]} ${#a[@]}")
    assert (r.out, r.err, r.status) == ("2 1\n", "", 0)
    # [[ =~ ]] needs POSIX EREs and BASH_REMATCH (an array): refused when run
    r = sh.run("[[ ab =~ a ]]; echo not reached")
    assert (r.out, r.err, r.status) == ("", "bash: [[ =~ ]]: not supported in swapsh\n", 1)


def test_script_file_and_dash_c(sh: Session) -> None:
    sh.run("echo 'echo from script $1' > /tmp/s.sh")
    assert sh.run("bash /tmp/s.sh arg").out == "from script arg\n"
    r = sh.run("bash -c 'nosuch'")
    assert (r.err, r.status) == ("bash: line 1: nosuch: command not found\n", 127)


def test_command_that_is_a_directory_or_not_executable(sh: Session) -> None:
    r = sh.run("/tmp")
    assert (r.err, r.status) == ("bash: /tmp: Is a directory\n", 126)
    sh.run("echo 'echo hi' > /tmp/noexec; chmod 644 /tmp/noexec")
    r = sh.run("/tmp/noexec")
    assert (r.err, r.status) == ("bash: /tmp/noexec: Permission denied\n", 126)


def test_exit_with_a_bad_argument_logs_out_with_status_2(sh: Session) -> None:
    _out, err, _ = sh.type("exit abc")
    assert err == "bash: exit: abc: numeric argument required\n"
    assert sh.m.logged_out and sh.m.exit_status == 2


def test_exit_with_too_many_arguments_stays(sh: Session) -> None:
    r = sh.run("exit 1 2")
    assert (r.err, r.status) == ("bash: exit: too many arguments\n", 1)
    assert not sh.m.logged_out


def test_end_of_input_logs_out_with_the_last_status(sh: Session) -> None:
    sh.type("false")
    sh.m.type_eof()
    sh.m.run()
    assert sh.m.logged_out and sh.m.exit_status == 1


def test_clone64_messages(sh: Session) -> None:
    r = sh.run("clone64(CLONE_NEWSWAP)")
    assert (r.err, r.status) == ("clone64: Invalid argument\n", 1)
    r = sh.run("clone64(CLONE_BOGUS)")
    assert r.status == 1 and "unknown clone flag" in r.err
    out, err, _ = sh.type("clone64(CLONE_SWAPNS|CLONE_NEWIPC)")  # the seed's prose name
    assert (out, err) == ("", "")
    assert sh.run("echo $$").out != "2\n"  # a child shell answers
    sh.type("exit")
    assert sh.run("cat /proc/self/status").out.startswith("Name:\tcat\n")


def test_expansion_details_match_bash(sh: Session) -> None:
    assert sh.run('x=" "; echo a${x}b').out == "a b\n"
    assert sh.run("echo ~root/ ~nosuchuser ~").out == "/root/ ~nosuchuser /root\n"
    assert sh.run("IFS=:; y=a:b; echo $y").out == "a b\n"
    sh.run("unset IFS")
    assert sh.run("""bash -c 'bash -c "echo \\$#" x "$@"' x a b""").out == "2\n"
    assert sh.run('cd ""; echo $?').out == "0\n"


def test_redirections_leave_no_descriptor_behind(sh: Session) -> None:
    shell = sh.m.console.read_wait.tasks[0]
    before = [f is not None for f in shell.files.fd]
    sh.run("echo hi 3>/tmp/q")
    sh.run("clone64(CLONE_NEWIPC) >/tmp/x 2>/nonexist/y")
    assert sh.run("echo visible").out == "visible\n"
    shell = sh.m.console.read_wait.tasks[0]
    after = [f is not None for f in shell.files.fd]
    assert after[: len(before)] == before and not any(after[len(before) :])


def test_shell_with_stdin_closed_ends(sh: Session) -> None:
    assert sh.run("bash 0<&-; echo rc=$?").out == "rc=0\n"


def test_echo_escapes_write_raw_bytes(sh: Session) -> None:
    assert sh.run('echo -ne "\\xff\\0200" | wc -c').out == "2\n"
    assert sh.run('/bin/echo -ne "\\xff" | wc -c').out == "1\n"


def test_compound_commands_continue_on_ps2_lines(sh: Session) -> None:
    sh.m.type_line("for x in a b")
    assert sh._settle() == ("", "", "")  # waiting for more, as bash's PS2 "> "
    sh.m.type_line("do echo $x")
    assert sh._settle() == ("", "", "")
    assert sh.type("done") == ("a\nb\n", "", "")
    sh.m.type_line("cat <<EOF")
    sh.m.type_line("$HOME")
    assert sh.type("EOF") == ("/root\n", "", "")
    r = sh.run("fi")  # typed at an interactive bash 5.2.15: one line, no echo of it
    assert (r.err, r.status) == ("bash: syntax error near unexpected token `fi'\n", 2)


def test_subshell_jobs_get_the_interrupt(sh: Session) -> None:
    sh.m.type_line("(cat; echo not reached)")
    assert not sh.m.run(max_steps=20_000) or sh.m.waiting_for_input
    sh.m.interrupt()
    out, err, _ = sh._settle()
    assert (out, err) == ("", "\n")
    assert sh.run("echo $?").out == "130\n"


def test_script_on_stdin_runs_each_command_before_a_later_syntax_error(sh: Session) -> None:
    # printf 'echo a\nfi\n' | bash --norc --noprofile   (bash 5.2.15)
    sh.run("echo 'echo a' > /tmp/x; echo fi >> /tmp/x")
    r = sh.run("bash < /tmp/x")
    assert (r.out, r.status) == ("a\n", 2)
    assert r.err == "bash: line 2: syntax error near unexpected token `fi'\nbash: line 2: `fi'\n"


def test_brace_expansion_past_memory_is_fatal(sh: Session) -> None:
    # bash 5.2.15 under `ulimit -v 300000`: `: {1..30000000}` prints
    # "bash: xmalloc: cannot allocate 8 bytes" and exits 2; swapsh's shell counts the
    # words' bytes (braces.py) and fails before building them, with what it asked for
    r = sh.run("bash -c 'echo {1..100000000}; echo not reached'")
    assert (r.out, r.err, r.status) == ("", "bash: xmalloc: cannot allocate 1000000000 bytes\n", 2)

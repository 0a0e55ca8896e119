"""Tests for swapsh.userland.sh.parser (bash 5.2 grammar subset)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swapsh.userland.sh.parser import (
    AndOr,
    Assign,
    Clone64,
    Incomplete,
    Lit,
    Pipeline,
    Redirect,
    Script,
    ShSyntaxError,
    SimpleCommand,
    Unsupported,
    Var,
    Word,
    eof_error,
    parse,
)
from tests.opcount import count_calls


def only_command(text: str) -> SimpleCommand:
    script = parse(text)
    assert len(script.items) == 1 and script.items[0].rest == ()
    (command,) = script.items[0].first.commands
    assert isinstance(command, SimpleCommand)
    return command


def words(text: str) -> list[tuple[Lit | Var, ...]]:
    return [w.parts for w in only_command(text).words]


def W(text: str) -> Word:
    return Word((Lit(text, False),), text)


def error(text: str) -> ShSyntaxError:
    with pytest.raises(ShSyntaxError) as info:
        parse(text)
    return info.value


# --- words and quoting -------------------------------------------------------


def test_simple_words() -> None:
    expected = SimpleCommand((), (W("echo"), W("hi"), W("there")), ())
    assert only_command("echo  hi\tthere") == expected


def test_single_quotes_keep_everything() -> None:
    assert words("echo 'a $b \\c \"d'") == [(Lit("echo", False),), (Lit('a $b \\c "d', True),)]


def test_double_quotes_escapes_and_vars() -> None:
    parts = words('echo "a\\$b\\`c\\"d\\\\e\\f $x"')[1]
    assert parts == (Lit('a$b`c"d\\e\\f ', True), Var("x", True))


def test_mixed_quoting_keeps_parts_and_text() -> None:
    (_, word) = only_command("echo a'b'\"c\"d").words
    assert word.parts == (Lit("a", False), Lit("bc", True), Lit("d", False))
    assert word.text == "a'b'\"c\"d"


def test_empty_quotes_are_an_argument() -> None:
    assert words("echo '' \"\"")[1:] == [(Lit("", True),), (Lit("", True),)]


def test_backslash_outside_quotes() -> None:
    assert words("echo \\$x a\\ b")[1:] == [
        (Lit("$", True), Lit("x", False)),
        (Lit("a", False), Lit(" ", True), Lit("b", False)),
    ]


def test_line_continuation_removed() -> None:
    cmd = only_command("ec\\\nho a\\\nb")
    assert [w.parts for w in cmd.words] == [(Lit("echo", False),), (Lit("ab", False),)]
    assert words("echo 'a\\\nb'")[1] == (Lit("a\\\nb", True),)
    assert words('echo "a\\\nb"')[1] == (Lit("ab", True),)


def test_ansi_c_and_locale_quotes() -> None:
    assert words("echo $'a\\tb\\x41\\n\\''")[1] == (Lit("a\tbA\n'", True),)
    assert words('echo $"x$y"')[1] == (Lit("x", True), Var("y", True))


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("$HOME", (Var("HOME", False),)),
        ("${HOME}x", (Var("HOME", False), Lit("x", False))),
        ("$?", (Var("?", False),)),
        ("$$", (Var("$", False),)),
        ("$#", (Var("#", False),)),
        ("$1x", (Var("1", False), Lit("x", False))),
        ("${10}", (Var("10", False),)),
        ('"$@"', (Var("@", True),)),
        ("$*", (Var("*", False),)),
        ("$", (Lit("$", False),)),
        ("a$", (Lit("a$", False),)),
        ('"$"', (Lit("$", True),)),
        ("$-x", (Var("-", False), Lit("x", False))),
    ],
)
def test_parameters(text: str, parts: tuple[Lit | Var, ...]) -> None:
    assert words("echo " + text)[1] == parts


def test_tilde_is_a_separate_leading_literal() -> None:
    assert words("echo ~ ~/x a~ '~'")[1:] == [
        (Lit("~", False),),
        (Lit("~", False), Lit("/x", False)),
        (Lit("a~", False),),
        (Lit("~", True),),
    ]


def test_comments() -> None:
    assert only_command("echo a#b # c ;; d").words == (W("echo"), W("a#b"))
    assert parse("# only a comment\n   \n\t# another") == Script(())
    assert parse("") == Script(())


def test_reserved_words_as_arguments_are_plain() -> None:
    assert only_command("echo if then { } ! done").words[1].text == "if"
    assert only_command("'if' x").words[0].parts == (Lit("if", True),)


# --- assignments, redirections ----------------------------------------------


def test_assignments() -> None:
    cmd = only_command('FOO=1 B_2="x $y" cmd A=2')
    assert cmd.assigns == (
        Assign("FOO", Word((Lit("1", False),), "1")),
        Assign("B_2", Word((Lit("x ", True), Var("y", True)), '"x $y"')),
    )
    assert [w.text for w in cmd.words] == ["cmd", "A=2"]


def test_bare_and_empty_assignment() -> None:
    assert only_command("FOO=1") == SimpleCommand((Assign("FOO", W("1")),), (), ())
    assert only_command("x=").assigns == (Assign("x", Word((), "")),)
    assert only_command("y=~/a").assigns[0].value.parts == (Lit("~", False), Lit("/a", False))


def test_not_assignments() -> None:
    assert only_command("1a=2").words == (W("1a=2"),)
    assert only_command("a\\=2").assigns == ()
    assert only_command('"a"=2').assigns == ()


@pytest.mark.parametrize(
    ("text", "redirect"),
    [
        ("2>err", Redirect(2, ">", W("err"), None)),
        ("2> err", Redirect(2, ">", W("err"), None)),
        (">>f", Redirect(1, ">>", W("f"), None)),
        ("<f", Redirect(0, "<", W("f"), None)),
        ("3<>f", Redirect(3, "<>", W("f"), None)),
        (">|f", Redirect(1, ">|", W("f"), None)),  # kept apart: set -C refuses only `>`
        ("2>&1", Redirect(2, ">&", None, 1)),
        (">&2", Redirect(1, ">&", None, 2)),
        (">& 2", Redirect(1, ">&", None, 2)),
        ("<&3", Redirect(0, "<&", None, 3)),
        ("&>f", Redirect(-1, ">", W("f"), None)),
        ("&>>f", Redirect(-1, ">>", W("f"), None)),
        (">&f", Redirect(-1, ">", W("f"), None)),
        ("2>&f", Redirect(2, ">&", W("f"), None)),
        (">&-", Redirect(1, ">&", None, -1)),
    ],
)
def test_redirections(text: str, redirect: Redirect) -> None:
    assert only_command("echo hi " + text).redirects == (redirect,)


def test_redirect_order_and_position() -> None:
    cmd = only_command(">out FOO=1 cmd 2>&1 arg")
    assert cmd.assigns == (Assign("FOO", W("1")),)
    assert [w.text for w in cmd.words] == ["cmd", "arg"]
    assert cmd.redirects == (Redirect(1, ">", W("out"), None), Redirect(2, ">&", None, 1))


def test_fd_prefix_rules() -> None:
    assert only_command("echo 2 >f").words[1].text == "2"
    assert only_command('echo "2">f').words[1].text == '"2"'
    assert only_command("echo 99999999999>f").words[1].text == "99999999999"
    # after >& the digits are a word, so "1<>x" is target 1 then <>x
    assert only_command("echo 2>&1<>x").redirects == (
        Redirect(2, ">&", None, 1),
        Redirect(0, "<>", W("x"), None),
    )


# --- lists and pipelines -----------------------------------------------------


def test_lists_pipelines_and_or() -> None:
    script = parse("a && b || ! c | d & e; f\ng")
    first = script.items[0]
    assert first.background is True
    assert first.first == Pipeline((SimpleCommand((), (W("a"),), ()),), False)
    assert [op for op, _ in first.rest] == ["&&", "||"]
    negated = first.rest[1][1]
    assert negated.negate and len(negated.commands) == 2
    assert [item.first.commands[0] for item in script.items[1:]] == [
        SimpleCommand((), (W(x),), ()) for x in "efg"
    ]
    assert [item.background for item in script.items] == [True, False, False, False]


def test_newlines_after_operators() -> None:
    script = parse("a &&\n\n b |\n c")
    assert len(script.items) == 1
    assert len(script.items[0].rest[0][1].commands) == 2


def test_pipe_ampersand_adds_stderr_dup() -> None:
    (item,) = parse("a |& b").items
    assert item.first.commands[0] == SimpleCommand((), (W("a"),), (Redirect(2, ">&", None, 1),))


def test_bang_forms() -> None:
    assert parse("! ! x").items[0].first.negate is False
    assert parse("!").items[0].first == Pipeline((SimpleCommand((), (), ()),), True)
    assert only_command("echo !x !").words[2].text == "!"


def test_background_default() -> None:
    assert AndOr(Pipeline((), False), ()).background is False


# --- clone64 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)", "CLONE_NEWSWAP|CLONE_NEWIPC"),
        ("clone64( CLONE_NEWSWAP | CLONE_NEWIPC )", "CLONE_NEWSWAP|CLONE_NEWIPC"),
        ("clone64(0x20000|17)", "0x20000|17"),
        ("clone64()", ""),
        ("clone64( )", ""),
    ],
)
def test_clone64(text: str, flags: str) -> None:
    assert parse(text).items[0].first.commands == (Clone64(flags, ()),)


def test_clone64_with_redirects_and_pipeline() -> None:
    (item,) = parse("! clone64(CLONE_NEWSWAP) >out 2>&1 | cat").items
    assert item.first.negate
    assert item.first.commands[0] == Clone64(
        "CLONE_NEWSWAP", (Redirect(1, ">", W("out"), None), Redirect(2, ">&", None, 1))
    )


def test_clone64_only_in_command_position() -> None:
    assert error("echo clone64(CLONE_NEWSWAP)").message == "syntax error near unexpected token `('"
    assert error("clone64(CLONE_NEWSWAP) x").message == "syntax error near unexpected token `x'"
    assert "clone64" in error("clone64(foo)").message
    assert only_command("echo clone64").words[1].text == "clone64"


# --- errors ------------------------------------------------------------------

NEAR = "syntax error near unexpected token "


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (";;", NEAR + "`;;'", 1),
        ("| x", NEAR + "`|'", 1),
        ("&& x", NEAR + "`&&'", 1),
        ("echo a ;; b", NEAR + "`;;'", 1),
        ("echo >", NEAR + "`newline'", 1),
        ("echo > ;", NEAR + "`;'", 1),
        ("echo (", NEAR + "`newline'", 1),
        ("echo x(", NEAR + "`('", 1),
        ("echo )", NEAR + "`)'", 1),
        (";", NEAR + "`;'", 1),
        ("&", NEAR + "`&'", 1),
        ("echo a & ;", NEAR + "`;'", 1),
        ("echo a; ;", NEAR + "`;'", 1),
        ("echo a | | b", NEAR + "`|'", 1),
        ("echo a | ! b", NEAR + "`!'", 1),
        ("! &", NEAR + "`&'", 1),
        ("echo 2>&", NEAR + "`newline'", 1),
        ("echo > >>", NEAR + "`>>'", 1),
        ("echo > 2>x", NEAR + "`2'", 1),
        ("echo >#x", NEAR + "`newline'", 1),
        ("echo a ;& b", NEAR + "`;&'", 1),
        ("f ( x", NEAR + "`x'", 1),
        ("then", NEAR + "`then'", 1),
        ("}", NEAR + "`}'", 1),
        ("done", NEAR + "`done'", 1),
        ("\n\necho >", NEAR + "`newline'", 3),
        ("echo a\n;", NEAR + "`;'", 2),
        ("echo a ;;\\\nx", NEAR + "`;;'", 2),
    ],
)
def test_bash_syntax_errors(text: str, message: str, line: int) -> None:
    err = error(text)
    assert (err.message, err.line) == (message, line)
    assert not isinstance(err, Unsupported)


def test_error_line_text() -> None:
    assert error("echo a\necho ;; b\nc").line_text == "echo ;; b"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('echo "abc', "unexpected EOF while looking for matching `\"'", 1),
        ("echo 'abc", "unexpected EOF while looking for matching `''", 1),
        ("echo $'abc", "unexpected EOF while looking for matching `''", 1),
        ("echo ${a", "unexpected EOF while looking for matching `}'", 1),
        ('echo a\necho "x\ny', "unexpected EOF while looking for matching `\"'", 2),
        ("echo a &&", "syntax error: unexpected end of file", 2),
        ("echo a ||", "syntax error: unexpected end of file", 2),
        ("echo a |", "syntax error: unexpected end of file", 2),
        ("echo a |&", "syntax error: unexpected end of file", 2),
        ("echo a &&\n\n", "syntax error: unexpected end of file", 3),
        ("echo a\\", "syntax error: unexpected end of file", 2),
        ("echo a \\\n", "syntax error: unexpected end of file", 2),
    ],
)
def test_incomplete_and_eof_error(text: str, message: str, line: int) -> None:
    with pytest.raises(Incomplete):
        parse(text)
    err = eof_error(text)
    assert (err.message, err.line) == (message, line)


def test_at_eof_mode_matches_bash_c() -> None:
    cmd = parse("echo a\\", at_eof=True).items[0].first.commands[0]
    assert isinstance(cmd, SimpleCommand) and cmd.words[1].parts == (Lit("a\\", False),)
    assert parse("echo a\\\n", at_eof=True) == parse("echo a")
    with pytest.raises(ShSyntaxError, match="matching"):
        parse('echo "x', at_eof=True)


def test_incomplete_prefix_then_complete() -> None:
    with pytest.raises(Incomplete):
        parse('echo "a')
    assert words('echo "a\nb"')[1] == (Lit("a\nb", True),)
    assert parse("echo a &&\necho b").items[0].rest[0][0] == "&&"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("diff <(a) >(b)", "process substitution"),
        ("select x in a; do :; done", "`select'"),
        ("coproc cat", "`coproc'"),
    ],
)
def test_unsupported(text: str, needle: str) -> None:
    err = error(text)
    assert isinstance(err, Unsupported)
    assert needle in err.message and err.message.endswith("not supported in swapsh")
    assert err.message.startswith("syntax error: ")


# --- real bash cross-check ---------------------------------------------------

BASH_CASES = [
    ";;",
    "| x",
    "&& x",
    "echo a ;; b",
    "echo >",
    "echo > ;",
    'echo "abc',
    "echo 'abc",
    "echo a &&",
    "echo a |",
    "echo (",
    "echo )",
    "echo a & ;",
    "echo > &>",
    "echo >#x",
    "echo a | ! b",
    "! &",
    "echo x(y)",
    "a=1 f (",
    "esac",
    "echo a\n;",
    "echo a &&\n\n",
    'echo a\necho "x\ny',
    "echo ${a",
    "echo 2>&1<>&&",
    "echo a || |",
]


def bash_error(text: str) -> tuple[int, str] | None:
    proc = subprocess.run(["bash", "-n", "-c", text], capture_output=True, text=True, check=False)
    prefix = "bash: -c: line "
    for line in proc.stderr.splitlines():
        if line.startswith(prefix):
            number, message = line[len(prefix) :].split(": ", 1)
            return int(number), message
    return None


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("text", BASH_CASES)
def test_messages_match_real_bash(text: str) -> None:
    try:
        parse(text)
        ours = None
    except Incomplete:
        err = eof_error(text)
        ours = (err.line, err.message)
    except ShSyntaxError as exc:
        ours = (exc.line, exc.message)
    assert ours == bash_error(text)


# --- robustness --------------------------------------------------------------

SHELLY = st.lists(
    st.sampled_from(
        [
            *"ab01 \t\n;&|<>()'\"\\$`#!{}~=*?-_",
            "\x00",
            "é",
            "\\\n",
            "${",
            "$(",
            "&&",
            "2>&1",
            "clone64(",
            "CLONE_X",
            "if",
            "x=1",
        ]
    ),
    max_size=40,
).map("".join)


def outcome(text: str, *, at_eof: bool = False) -> str:
    try:
        result = parse(text, at_eof=at_eof)
    except Incomplete:
        assert not at_eof
        return "incomplete"
    except ShSyntaxError as exc:
        assert isinstance(exc.message, str) and exc.message and exc.line >= 1
        return "error"
    assert isinstance(result, Script)
    return "ok"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHELLY)
def test_any_shell_like_text_is_handled(text: str) -> None:
    outcome(text)
    outcome(text, at_eof=True)
    assert isinstance(eof_error(text), ShSyntaxError)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text_is_handled(text: str) -> None:
    outcome(text)
    outcome(text, at_eof=True)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_binary_junk_is_handled(data: bytes) -> None:
    outcome(data.decode("latin-1"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.from_regex(r"[A-Za-z0-9_./,:+-]{1,8}", fullmatch=True), min_size=1, max_size=6))
def test_plain_words_round_trip(items: list[str]) -> None:
    text = "x " + " ".join(items)
    assert [w.text for w in only_command(text).words[1:]] == items


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="'"), max_size=40))
def test_single_quoting_round_trips(value: str) -> None:
    assert words("echo '" + value + "'")[1] == (Lit(value, True),)


@settings(max_examples=300, deadline=None)
@given(SHELLY)
def test_incomplete_text_stays_incomplete_when_extended_by_a_blank(text: str) -> None:
    """What is open (a quote, an operator's right side, a clone64 list) stays open
    after a blank; only a backslash-newline at the end joins the blank to its line,
    as if the pair were not there (bash removes it before anything else)."""
    if outcome(text) != "incomplete":
        return
    if text.endswith("\\\n"):
        assert outcome(text + " ") == outcome(text[:-2] + " ")
    elif not text.endswith("\\"):
        assert outcome(text + " ") == "incomplete"


# Inputs made of one unit repeated n times (head + unit * n + tail), n as below.
PATHOLOGICAL = [
    ("", "(", 100_000, ""),
    ("", ")", 100_000, ""),
    ("", "${", 50_000, ""),
    ("", "$", 100_000, ""),
    ("", "'", 100_001, ""),
    ('"', "\\", 100_000, ""),
    ("", "\\\n", 50_000, ""),
    ("", "a|", 50_000, "a"),
    ("", "a && ", 20_000, "a"),
    ("echo ", "x", 100_000, ""),
    ("echo ", "$a", 50_000, ""),
    ("", "2>", 50_000, ""),
    ("", ">&1", 30_000, ""),
    ("clone64(", "1|", 50_000, ""),
    ("clone64(", "CLONE_A|", 20_000, "CLONE_B)"),
    ("echo ", '"$x\\""', 20_000, ""),
    ("${", "'a'", 30_000, ""),
    ("", "#", 100_000, ""),
    ("", "\x00", 100_000, ""),
    ("x=", "~", 100_000, ""),
    ("", ";\n", 50_000, ""),
    ("", "echo a\n", 20_000, ""),
    ("$'", "\\x41", 25_000, "'"),
    ("", "if a; then b; elif c; then d; fi\n", 5_000, ""),
    ("", "case x in a|b) c;; (d) e;& *) ;;& esac\n", 5_000, ""),
    ("", "{ ", 30_000, ""),
    ("", "( ", 30_000, ""),
    ("echo ", "$(", 30_000, ""),
    ("echo ", "${x:-", 30_000, ""),
    ("echo ", "`", 30_000, ""),
    ("cat <<E\n", "line $x\n", 20_000, "E\n"),
    ("", "f() { x=$(y) ${z#w}; }\n", 5_000, ""),
]


def _both_outcomes(text: str) -> None:
    outcome(text)
    outcome(text, at_eof=True)


@pytest.mark.slow  # 100 KB inputs, then counted parses
@pytest.mark.parametrize("shape", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_large_inputs_are_linear(shape: tuple[str, str, int, str]) -> None:
    """The full size parses (no recursion limit, no blow-up); the host work, counted
    in calls, at a twentieth and a tenth of it grows as the input does: twice the input,
    at most 2.5 times the calls (a quadratic parser would make 4 times as many)."""
    head, unit, n, tail = shape
    _both_outcomes(head + unit * n + tail)
    counts = []
    for k in (n // 20, n // 10):
        with count_calls() as calls:
            _both_outcomes(head + unit * k + tail)
        counts.append(calls.n)
    assert counts[1] <= 2.5 * counts[0], counts


# --- compound commands (bash 5.2 grammar) --------------------------------------


def first_command(text: str) -> object:
    return parse(text).items[0].first.commands[0]


def test_compound_command_trees() -> None:
    from swapsh.userland.sh.ast import (
        Arith,
        ArithFor,
        Case,
        Cond,
        CondBinary,
        For,
        FunctionDef,
        Group,
        If,
        Loop,
        Subshell,
    )

    cmd = first_command("if a; then b; elif c; then d; else e; fi")
    assert isinstance(cmd, If) and len(cmd.arms) == 2 and cmd.else_body is not None
    cmd = first_command("until a; do b; done > f")
    assert isinstance(cmd, Loop) and cmd.until and cmd.redirects[0].op == ">"
    cmd = first_command("for x do echo; done")
    assert isinstance(cmd, For) and cmd.words is None
    cmd = first_command("for x in a 'b c'; do :; done")
    assert isinstance(cmd, For) and [w.text for w in cmd.words or ()] == ["a", "'b c'"]
    cmd = first_command("for ((i=0; i<3; i++)) { :; }")
    assert isinstance(cmd, ArithFor) and (cmd.init, cmd.test, cmd.step) == ("i=0", "i<3", "i++")
    cmd = first_command("case $x in (a|b) x;; c) ;& *) y;;& esac")
    assert isinstance(cmd, Case) and [i.term for i in cmd.items] == [";;", ";&", ";;&"]
    assert [len(i.patterns) for i in cmd.items] == [2, 1, 1]
    assert isinstance(first_command("{ a; b; }"), Group)
    assert isinstance(first_command("(a; b)"), Subshell)
    assert first_command("((x = 1 + (2)))") == Arith("x = 1 + (2)")
    assert isinstance(first_command("( (a) )"), Subshell)  # not arithmetic: bash's rule
    cmd = first_command("[[ $x =~ ^(a|b)$ && -n y ]]")
    assert isinstance(cmd, Cond) and isinstance(cmd.expr.left, CondBinary)  # type: ignore[union-attr]
    cmd = first_command("function f { :; } 2>/dev/null")
    assert isinstance(cmd, FunctionDef) and isinstance(cmd.body, Group) and cmd.body.redirects
    cmd = first_command("g () ( : )")
    assert isinstance(cmd, FunctionDef) and isinstance(cmd.body, Subshell)


def test_reserved_words_only_first_in_a_command() -> None:
    assert [w.text for w in only_command("echo if then fi }").words][1:] == [
        "if",
        "then",
        "fi",
        "}",
    ]
    assert [w.text for w in only_command("a=b if").words] == ["if"]  # bash: if: not found
    assert isinstance(first_command("'if' x"), SimpleCommand)  # quoted: not reserved


@pytest.mark.parametrize(
    "text",
    ["if true", "if true; then", "while :; do", "for x in a", "case a in", "{ echo a }", "f()"],
)
def test_open_compound_commands_are_incomplete(text: str) -> None:
    with pytest.raises(Incomplete):
        parse(text)
    assert eof_error(text).message == "syntax error: unexpected end of file"


def test_expansion_parts() -> None:
    from swapsh.userland.sh.ast import ArithSub, CmdSub, ParamExp

    parts = words('echo $(a b) "`c`" $((1+2)) ${x:-y z} ${#x} ${!p*} ${x/a/b}')
    assert isinstance(parts[1][0], CmdSub) and not parts[1][0].quoted
    assert isinstance(parts[2][0], CmdSub) and parts[2][0].quoted
    assert parts[3] == (ArithSub("1+2", False),)
    ops = [p[0].op for p in parts[4:] if isinstance(p[0], ParamExp)]
    assert ops == [":-", "#", "!*", "/"]
    bad = words("echo ${x y}")[1][0]
    assert isinstance(bad, ParamExp) and bad.op == ""  # bad substitution, when expanded


def test_here_document_bodies() -> None:
    cmd = only_command("cat <<EOF <<-'E2'\na $x\nEOF\n\tliteral $y\n\tE2\n")
    first, second = (r.heredoc for r in cmd.redirects)
    assert first is not None and first.body is not None and not first.quoted
    assert second is not None and second.body == Word((Lit("literal $y\n", True),), "literal $y\n")
    with pytest.raises(Incomplete):
        parse("cat <<EOF\nabc")
    script = parse("cat <<EOF\nabc", at_eof=True)
    assert script.warnings == (
        (2, "warning: here-document at line 1 delimited by end-of-file (wanted `EOF')"),
    )


def test_nesting_is_bounded_and_linear() -> None:
    deep = "{ " * 40 + ":;" + " }" * 40
    err = error(deep)
    assert err.message == "syntax error near unexpected token `{'"
    counts = []
    for k in (250, 500):
        text = "if a; then { b | (c); }; fi; x=$(d `e`) <<E\n${f:-g}\nE\n"
        with count_calls() as calls:
            parse(text * k)
        counts.append(calls.n)
    assert counts[1] <= 2.2 * counts[0], counts

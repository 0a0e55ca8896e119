"""The transcript format: what each kind of line becomes, and malformed transcripts
refused with the file and line named."""

from __future__ import annotations

import pytest

from swapsh.transcript.format import (
    Command,
    Directive,
    LoginOutput,
    Prose,
    Switch,
    TranscriptError,
    format_input,
    parse,
)


def _parse(text: str) -> list[object]:
    return parse(text.encode(), "x.t").items


def test_commands_output_and_prose() -> None:
    items = _parse("# intro\n\n  2$ swapon /s2\n  1$ ls\n  a\n  b\nprose\n")
    assert isinstance(items[0], Prose) and isinstance(items[1], Prose)
    c2, c1 = items[2], items[3]
    assert isinstance(c2, Command) and c2.login == 2 and c2.inputs[0].text == "swapon /s2"
    assert not c2.expected
    assert isinstance(c1, Command) and [e.value for e in c1.expected] == [b"a", b"b"]
    assert c1.output_lineno == 5
    assert isinstance(items[4], Prose) and items[4].lineno == 7


def test_a_bare_dollar_is_login_1_and_an_empty_command_types_enter() -> None:
    (c, e) = _parse("  $ echo\n  1$\n")
    assert isinstance(c, Command) and c.login == 1
    assert isinstance(e, Command) and e.inputs[0].text == "" and e.inputs[0].kind == "line"


def test_continuation_lines_belong_to_the_command() -> None:
    (c,) = _parse("  1$ dd if=/dev/zero of=/s1 bs=1M \\\n  > count=512\n  out\n")
    assert isinstance(c, Command)
    assert [x.text for x in c.inputs] == ["dd if=/dev/zero of=/s1 bs=1M \\", "count=512"]
    assert [x.lineno for x in c.inputs] == [1, 2]


def test_control_keys_and_step_notes() -> None:
    (a, b, c) = _parse("  1$ cat\n  1$ ^C (after 12 steps)\n  2$ ^D\n")
    assert isinstance(b, Command) and b.inputs[0].kind == "intr"
    assert b.inputs[0].after_steps == 12
    assert isinstance(c, Command) and c.inputs[0].kind == "eof" and c.login == 2
    assert isinstance(a, Command) and a.inputs[0].after_steps is None


def test_a_console_switch_is_an_item_of_its_own() -> None:
    (c, sw, lo) = _parse("  1$ memtouch 40M\n  (chvt 2) (after 3 steps)\n  (login 2)\n")
    assert isinstance(sw, Switch) and sw.input.kind == "chvt"
    assert (sw.input.login, sw.input.after_steps, sw.lineno) == (2, 3, 2)
    assert isinstance(lo, LoginOutput) and isinstance(c, Command)
    assert format_input(7, "chvt", "", None, False) == "  (chvt 7)"


def test_escaped_typed_lines() -> None:
    (c,) = _parse("  1$ \\x5eC (esc)\n")
    assert isinstance(c, Command) and c.inputs[0].kind == "line" and c.inputs[0].text == "^C"


def test_login_blocks_and_directives() -> None:
    t = parse(
        b"#: mem 128M\n#: swap-ns off\n  (login 3)\n  boot\n  1$ x\n  (login 2)\n  hi\n", "x.t"
    )
    assert isinstance(t.items[0], Directive)
    assert t.settings.mem_bytes == 128 << 20 and t.settings.swap_ns is False
    assert isinstance(t.items[2], LoginOutput) and t.items[2].login == 3
    assert isinstance(t.items[4], LoginOutput) and t.items[4].expected[0].value == b"hi"
    assert t.logins() == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("  7$ ls\n", "x.t:1: unknown login 7"),
        ("  0$ ls\n", "x.t:1: unknown login 0"),
        ("  1$ ls\n  (login 9)\n", "x.t:2: unknown login 9"),
        ("intro\n  stray output\n", "x.t:2: output before any command"),
        ("  1$ ls\n  a\nprose\n  b\n", "x.t:4: output that belongs to no command: line 3"),
        ("  1$ ls\n  (chvt 2)\n  b\n", "x.t:3: output that belongs to no command: line 2"),
        ("  1$ ls\n  (chvt 64)\n", "x.t:2: no virtual console 64"),
        ("  (chvt 2) (after 3 steps)\n", "x.t:1: '(after N steps)' before the first line"),
        ("  1$ ls \\\n", "x.t:1: unterminated command"),
        ("  1$ ls \\\nprose\n", "x.t:1: unterminated command"),
        ("  1$ ls\n  a\n  > b\n", "x.t:3: a continuation line"),
        ("  > b\n", "x.t:1: a continuation line"),
        ("  1$ ls\n  a[ (re)\n", "x.t:2: bad regular expression"),
        ("  1$ ls\n  a\\q (glob)\n", "x.t:2: bad glob pattern"),
        ("  1$ ls\n  a\\q (esc)\n", "x.t:2: bad escape"),
        ("  1$ \\n (esc)\n", "x.t:1: a typed line cannot hold a newline"),
        ("  1$ ls\n  a (no-eol)\n  b\n", "x.t:3: output after a (no-eol) line"),
        ("  1$ ls\n  (login 1)\n", "x.t:2: login 1's output goes under its command"),
        ("  1$ ls\n  (login 2)\n  (login 2)\n", "x.t:3: a second (login 2) block"),
        ("#: mem 3M\n", "x.t:1: memory must be between 16M and 64G"),
        ("#: mem\n", "x.t:1: a directive is '#: KEY VALUE'"),
        ("#: colour red\n", "x.t:1: unknown directive 'colour'"),
        ("#: swap-ns maybe\n", "x.t:1: swap-ns is 'on' or 'off'"),
        ("#: max-steps 0\n", "x.t:1: max-steps must be at least 1"),
        ("#: seed 1\n#: seed 2\n", "x.t:2: seed is set twice (first at line 1)"),
        ("  1$ ls\n#: seed 2\n", "x.t:2: a directive after the first command"),
        ("  2$ ^C (after 5 steps)\n", "x.t:1: '(after N steps)' on the first line typed"),
    ],
)
def test_malformed_transcripts_name_file_and_line(text: str, where: str) -> None:
    with pytest.raises(TranscriptError) as e:
        parse(text.encode(), "x.t")
    assert str(e.value).startswith(where), str(e.value)


def test_bytes_that_are_not_utf8_are_refused_at_their_line() -> None:
    with pytest.raises(TranscriptError, match=r"^x\.t:2: not UTF-8"):
        parse(b"ok\n\xff\n", "x.t")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        ((2, "line", "swapon /s2", None, False), "  2$ swapon /s2"),
        ((1, "line", "count=512", None, True), "  > count=512"),
        ((1, "intr", "", 40, False), "  1$ ^C (after 40 steps)"),
        ((2, "susp", "", 7, False), "  2$ ^Z (after 7 steps)"),
        ((1, "line", "^Z", None, False), "  1$ \\x5eZ (esc)"),
        ((3, "eof", "", None, False), "  3$ ^D"),
        ((1, "line", "^C", None, False), "  1$ \\x5eC (esc)"),
        ((1, "line", "a\tb\\c", None, False), "  1$ a\\x09b\\\\c (esc)"),
    ],
)
def test_typed_lines_are_written_so_that_they_parse_back(args: tuple, line: str) -> None:  # type: ignore[type-arg]
    assert format_input(*args) == line
    text = "  1$ first\n" + line + "\n"
    cmd = [it for it in parse(text.encode(), "x.t").items if isinstance(it, Command)][-1]
    x = cmd.inputs[-1]
    assert (x.login, x.kind, x.text, x.after_steps) == (
        1 if args[4] else args[0],
        args[1],
        args[2],
        args[3],
    )

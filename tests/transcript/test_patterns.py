"""Expected output lines: cram's suffixes, and actual lines written so they match
themselves."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swapsh.transcript.patterns import (
    PatternError,
    encode_line,
    glob_to_regex,
    matches,
    parse_expected,
    split_lines,
    unescape,
)


def test_plain_text_matches_exactly() -> None:
    exp = parse_expected("  hello world")
    assert matches(exp, b"hello world", True)
    assert not matches(exp, b"hello world ", True)
    assert not matches(exp, b"hello world", False)  # the newline is part of the match


def test_regex_matches_the_whole_line() -> None:
    exp = parse_expected("  copied, [0-9.]+ s (re)")
    assert matches(exp, b"copied, 0.26 s", True)
    assert not matches(exp, b"copied, 0.26 s, 2 GB/s", True)


def test_glob_star_question_and_escapes() -> None:
    exp = parse_expected(r"  a*b?c\*d (glob)")
    assert matches(exp, b"aXXbYc*d", True)
    assert not matches(exp, b"aXXbYcZd", True)
    assert glob_to_regex(r"\?\\") == r"\?\\"


def test_esc_and_no_eol() -> None:
    exp = parse_expected(r"  a\tb\x00\\ (esc) (no-eol)")
    assert exp.no_eol and exp.kind == "esc"
    assert matches(exp, b"a\tb\x00\\", False)
    assert not matches(exp, b"a\tb\x00\\", True)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  a[ (re)", "bad regular expression"),
        (r"  a\q (glob)", r"bad glob pattern: '\q'"),
        ("  a\\ (glob)", "a lone \\ at the end"),
        (r"  \q (esc)", r"bad escape '\q'"),
        (r"  \x4 (esc)", r"bad escape '\x'"),
    ],
)
def test_bad_patterns_say_what_is_wrong(line: str, message: str) -> None:
    with pytest.raises(PatternError, match=message.replace("\\", "\\\\").replace("[", r"\[")):
        parse_expected(line)


def test_split_lines_keeps_a_missing_final_newline() -> None:
    assert split_lines(b"a\n\nb") == [(b"a", True), (b"", True), (b"b", False)]
    assert split_lines(b"") == []
    assert split_lines(b"\n") == [(b"", True)]


@pytest.mark.parametrize(
    ("line", "written"),
    [
        (b"plain", "  plain"),
        (b"", "  "),
        (b"caf\xc3\xa9 \xe2\x80\x98q\xe2\x80\x99", "  café ‘q’"),
        (b"tab\there", r"  tab\there (esc)"),
        (b"trailing ", r"  trailing\x20 (esc)"),
        (b"\xff\xfe", r"  \xff\xfe (esc)"),
        (b"1$ looks like a command", r"  \x31$ looks like a command (esc)"),
        (b"$ so does this", r"  \x24 so does this (esc)"),
        (b"> a continuation", r"  \x3e a continuation (esc)"),
        (b"(login 2)", r"  \x28login 2) (esc)"),
        (b"(chvt 2) (after 3 steps)", r"  \x28chvt 2) (after 3 steps) (esc)"),
        (b"ends like a pattern (re)", "  ends like a pattern (re) (esc)"),
        (b"back\\slash", "  back\\slash"),
    ],
)
def test_encode_line_is_readable_and_unambiguous(line: bytes, written: str) -> None:
    assert encode_line(line, True) == written
    assert matches(parse_expected(written), line, True)


@given(st.binary(max_size=40).filter(lambda b: b"\n" not in b), st.booleans())
def test_every_line_encodes_to_one_that_matches_it(line: bytes, eol: bool) -> None:
    if not line and not eol:
        return  # output never ends in an empty line without a newline
    assert matches(parse_expected(encode_line(line, eol)), line, eol)


def test_unescape_keeps_non_ascii_text() -> None:
    assert unescape("é\\t") == "é\t".encode()

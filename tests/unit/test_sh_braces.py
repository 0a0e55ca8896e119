"""Tests for swapsh.userland.sh.braces: bash 5.2 brace expansion. The golden table was
recorded from the host's bash 5.2.15 with the command written above it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swapsh.userland.sh.braces import BraceTooBig, brace_expand
from tests.opcount import count_calls


def shell_words(raw: list[str]) -> list[str]:
    """What bash does after brace expansion to these words, for words with no `$`:
    quote removal, and an unquoted empty word disappears."""
    out = []
    for word in raw:
        chars: list[str] = []
        quote, quoted, i = "", False, 0
        while i < len(word):
            c = word[i]
            if quote == "'":
                quote = "" if c == "'" else quote
                chars.extend(c if c != "'" else "")
            elif c == "\\" and (not quote or word[i + 1 : i + 2] in '"\\$`'):
                quoted = True
                chars.append(word[i + 1 : i + 2])
                i += 1
            elif c in "'\"" and quote in ("", c):
                quoted, quote = True, "" if quote else c
            else:
                chars.append(c)
            i += 1
        if chars or quoted:
            out.append("".join(chars))
    return out


def printf_brackets(words: list[str]) -> str:
    """printf '[%s]' WORDS: with no word at all the format is printed once."""
    return "".join(f"[{w}]" for w in words) or "[]"


# recorded with: bash --norc --noprofile -c "printf '[%s]' WORD"
# (the test removes quotes and empty words from brace_expand's raw words as bash does after it)
BRACE_CASES: list[tuple[str, str]] = [
    ("{a,b,c}", "[a][b][c]"),
    ("x{a,b}y", "[xay][xby]"),
    ("a{b,c}d{e,f}", "[abde][abdf][acde][acdf]"),
    ("{a,b}{c,d}{e,f}", "[ace][acf][ade][adf][bce][bcf][bde][bdf]"),
    ("{a,{b,c},d}", "[a][b][c][d]"),
    ("{a,{b,{c,d}}}e", "[ae][be][ce][de]"),
    ("{a}", "[{a}]"),
    ("{}", "[{}]"),
    ("{,}", "[]"),
    ("x{,}y", "[xy][xy]"),
    ("{a,}", "[a]"),
    ("{,a}", "[a]"),
    ("{,,}", "[]"),
    ("a{,}b", "[ab][ab]"),
    ("{a,b}{}", "[a{}][b{}]"),
    ("{}{a,b}", "[{}a][{}b]"),
    ("{{a,b}}", "[{a}][{b}]"),
    ("{a,b}}", "[a}][b}]"),
    ("{{a,b}", "[{a][{b]"),
    ("}{a,b}{", "[}a{][}b{]"),
    ("{a..e}", "[a][b][c][d][e]"),
    ("{e..a}", "[e][d][c][b][a]"),
    ("{a..e..2}", "[a][c][e]"),
    ("{a..Z..3}", "[a][^][[]"),
    ("{Z..a}", "[Z][[][][]][^][_][`][a]"),
    ("{A..z..5}", "[A][F][K][P][U][Z][_][d][i][n][s][x]"),
    ("{1..5}", "[1][2][3][4][5]"),
    ("{5..1}", "[5][4][3][2][1]"),
    ("{1..10..3}", "[1][4][7][10]"),
    ("{1..10..-3}", "[1][4][7][10]"),
    ("{10..1..3}", "[10][7][4][1]"),
    ("{-3..3}", "[-3][-2][-1][0][1][2][3]"),
    ("{3..-3..2}", "[3][1][-1][-3]"),
    ("{0..-3}", "[0][-1][-2][-3]"),
    ("{01..3}", "[01][02][03]"),
    ("{1..003}", "[001][002][003]"),
    ("{-05..5..4}", "[-05][-01][003]"),
    ("{-1..+2}", "[-1][0][1][2]"),
    ("{+1..3}", "[1][2][3]"),
    ("{1..2..+1}", "[1][2]"),
    ("{0..10..0}", "[0][1][2][3][4][5][6][7][8][9][10]"),
    ("{007..7}", "[007]"),
    ("{-01..1}", "[-01][000][001]"),
    ("{1..a}", "[{1..a}]"),
    ("{a..1}", "[{a..1}]"),
    ("{aa..b}", "[{aa..b}]"),
    ("{1...3}", "[{1...3}]"),
    ("{1..3..}", "[{1..3..}]"),
    ("{1..3..x}", "[{1..3..x}]"),
    ("{1.5..3}", "[{1.5..3}]"),
    ("{a..é}", "[{a..é}]"),
    ("{1..99999999999999999999}", "[{1..99999999999999999999}]"),
    ("{1..3000000000}", "[{1..3000000000}]"),
    ("{1..3}{a,b}", "[1a][1b][2a][2b][3a][3b]"),
    ("{a,b}{1..3}", "[a1][a2][a3][b1][b2][b3]"),
    ("x{1..3}y{b..a}z", "[x1ybz][x1yaz][x2ybz][x2yaz][x3ybz][x3yaz]"),
    ("{a..c}{1..2}", "[a1][a2][b1][b2][c1][c2]"),
    ("a{b}c{d,e}", "[a{b}cd][a{b}ce]"),
    ("a\\{b,c}", "[a{b,c}]"),
    ("a{b\\,c,d}", "[ab,c][ad]"),
    ("a{b,c\\}", "[a{b,c}]"),
    ("\\{a,b\\}", "[{a,b}]"),
    ("a{'b,c'}", "[a{b,c}]"),
    ('a"{b,c}"', "[a{b,c}]"),
    ("a'{'b,c}", "[a{b,c}]"),
    ('a{"b,c",d}', "[ab,c][ad]"),
    ('a{b,"c}",d}', "[ab][ac}][ad]"),
    ("{a,b\\}c}", "[a][b}c]"),
    ("{a..c}x{1..2}y", "[ax1y][ax2y][bx1y][bx2y][cx1y][cx2y]"),
    ("{a.b,c}", "[a.b][c]"),
    ("{a..b..c}", "[{a..b..c}]"),
    ("{..a}", "[{..a}]"),
    ("{a..}", "[{a..}]"),
    ("{x,y}{..}", "[x{..}][y{..}]"),
    ("{1..2}{..}", "[1{..}][2{..}]"),
    ("{-..+}", "[{-..+}]"),
    ("{a,b}c{d}", "[ac{d}][bc{d}]"),
    ("{a,b}.{c,d}", "[a.c][a.d][b.c][b.d]"),
    ("{1,2}{3..4}{5,6}", "[135][136][145][146][235][236][245][246]"),
    ("{a,b{1..2}}", "[a][b1][b2]"),
    ("{a{1..2},b}", "[a1][a2][b]"),
]


def test_golden_table_is_big_enough() -> None:
    assert len(BRACE_CASES) >= 60


@pytest.mark.parametrize(("word", "printed"), BRACE_CASES)
def test_brace_expansion_as_bash(word: str, printed: str) -> None:
    assert printf_brackets(shell_words(brace_expand(word))) == printed


def test_expansions_and_quotes_pass_through_raw() -> None:
    # bash --norc --noprofile -c 'unset x; y=Y; printf "[%s]" a${x:-{b,c}}d
    #   {a,b}$(echo {c,d}) "{a,b}"{c,d} {a,b}${y}{1..2} x{$y,b} {a,$(echo "}")}'
    # [a{b,c}d][ac][d][bc][d][{a,b}c][{a,b}d][aY1][aY2][bY1][bY2][xY][xb][a][}]
    assert brace_expand("a${x:-{b,c}}d") == ["a${x:-{b,c}}d"]
    assert brace_expand("{a,b}$(echo {c,d})") == ["a$(echo {c,d})", "b$(echo {c,d})"]
    assert brace_expand('"{a,b}"{c,d}') == ['"{a,b}"c', '"{a,b}"d']
    assert brace_expand("{a,b}${y}{1..2}") == ["a${y}1", "a${y}2", "b${y}1", "b${y}2"]
    assert brace_expand("x{$y,b}") == ["x$y", "xb"]
    assert brace_expand('{a,$(echo "}")}') == ["a", '$(echo "}")']
    assert brace_expand("{Z..a}")[2] == "\\"  # bash's later quote removal empties it


def test_limit_raises_before_building() -> None:
    with count_calls() as calls, pytest.raises(BraceTooBig):
        brace_expand("{1..1000000000}")
    assert calls.n < 1000, calls.n  # a count, whatever the sequence length
    with pytest.raises(BraceTooBig):
        brace_expand("{a,b}" * 40, limit=1 << 20)
    with pytest.raises(BraceTooBig):
        brace_expand("{1..100}{1..100}{1..100}", limit=1 << 20)
    words = brace_expand("{1..100}{1..100}", limit=1 << 20)
    assert len(words) == 10000 and words[-1] == "100100"


def test_limit_counts_words_as_bash_holds_them() -> None:
    # each word: its characters, a NUL and a pointer in the vector
    assert brace_expand("{a,b}", limit=20) == ["a", "b"]
    with pytest.raises(BraceTooBig):
        brace_expand("{a,b}", limit=19)
    with pytest.raises(BraceTooBig):
        brace_expand("{,}" * 40)  # empty words cost too


def test_quadratic_scans_and_deep_nesting_are_refused() -> None:
    with pytest.raises(BraceTooBig):
        brace_expand("{" * 20_000 + ",}")  # each `{` rescans the rest, as bash would
    with pytest.raises(BraceTooBig):
        brace_expand("{a," * 100 + "}" * 100)
    assert brace_expand("{a," * 20 + "}" * 20)[:3] == ["a", "a", "a"]
    assert len(brace_expand("{a,b}" * 12)) == 4096  # a long word is a loop, not recursion


def test_sequence_past_int_max_is_left_alone() -> None:
    # bash --norc --noprofile -c 'x=({1..3000000000}); echo ${#x[@]} ${x[0]}'
    # 1 {1..3000000000}
    assert brace_expand("{1..3000000000}") == ["{1..3000000000}"]


raw_word = st.text(alphabet="{},.a1-\\'\"$()Z ", max_size=24)


@settings(max_examples=500, deadline=None)
@given(raw_word)
def test_never_raises_but_the_limit(word: str) -> None:
    try:
        words = brace_expand(word, limit=1 << 16)
    except BraceTooBig:
        return
    assert words and all(isinstance(w, str) for w in words)
    if "{" not in word:
        assert words == [word]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab", min_size=1, max_size=3), min_size=2, max_size=4), raw_word)
def test_comma_lists_expand_in_order(items: list[str], tail: str) -> None:
    """x{i1,i2,...}: one word per item, in order, each followed by the tail's words."""
    tail = tail.replace("{", "").replace("}", "").replace(",", "")
    words = brace_expand("x{" + ",".join(items) + "}" + tail)
    assert words == ["x" + item + tail for item in items]

"""Shell arithmetic (swapsh/userland/sh/arith.py) against bash 5.2.15's $((...))."""

from __future__ import annotations

import ctypes
import shlex
import sys
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swapsh.userland.sh import arith
from swapsh.userland.sh.arith import ArithError, ArithSubscriptError, arith_eval, let_eval
from swapsh.userland.sh.arith_lex import MAX_EXPR_RECURSION_LEVEL


class DictVars:
    """Scalars and indexed-array elements in one dict ("a[2]" for an element); a
    subscript is evaluated as an indexed array's is."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self.subscripts: list[str] = []

    def arith_subscript(self, name: str, subscript: str) -> tuple[str, bool]:
        self.subscripts.append(subscript)
        return subscript, True

    def arith_get(self, name: str, subscript: str | None) -> str | None:
        return self.values.get(name if subscript is None else f"{name}[{subscript}]")

    def arith_set(self, name: str, subscript: str | None, value: int) -> None:
        self.values[name if subscript is None else f"{name}[{subscript}]"] = str(value)


def evaluate(expr: str, setup: str = "") -> int | tuple[str, str]:
    values = dict(word.split("=", 1) for word in shlex.split(setup))
    try:
        return arith_eval(expr, DictVars(values))
    except ArithError as e:
        return ("E", e.message)


# (setup, expression, bash's result): an int, or ("E", its error line without the
# "bash: line 1: " prefix). Recorded on bash 5.2.15 with, for each case,
#   env -i __E="$EXPR" bash --norc --noprofile -c "$SETUP; echo \$((\$__E))"
# (so the expression reaches the evaluator exactly as written here).
BASH_CASES = [
    ("", "1+2*3", 7),
    ("", "(1+2)*3", 9),
    ("", "10-4-3", 3),
    ("", "100/10/5", 2),
    ("", "2**3**2", 512),
    ("", "2**0", 1),
    ("", "0**0", 1),
    ("", "(-2)**3", -8),
    ("", "-2**2", 4),
    ("", "2**63", -9223372036854775808),
    ("", "2**64", 0),
    ("", "3**40", -6289078614652622815),
    ("", "2**-1", ("E", '2**-1: exponent less than 0 (error token is "1")')),
    ("", "7/2", 3),
    ("", "-7/2", -3),
    ("", "7/-2", -3),
    ("", "-7/-2", 3),
    ("", "7%3", 1),
    ("", "-7%3", -1),
    ("", "7%-3", 1),
    ("", "-7%-3", -1),
    ("", "1/0", ("E", '1/0: division by 0 (error token is "0")')),
    ("", "1%0", ("E", '1%0: division by 0 (error token is "0")')),
    ("", "1 / 0 + 3", ("E", '1 / 0 + 3: division by 0 (error token is "0 + 3")')),
    ("", "5/(2-2)", ("E", '5/(2-2): division by 0 (error token is "(2-2)")')),
    ("", "0 && 1/0", 0),
    ("", "1 || 1/0", 1),
    ("", "0 ? 1/0 : 5", 5),
    ("", "1 ? 5 : 1/0", 5),
    ("", "-9223372036854775807-1", -9223372036854775808),
    ("", "9223372036854775807+1", -9223372036854775808),
    ("", "-9223372036854775808", -9223372036854775808),
    ("", "9223372036854775808", -9223372036854775808),
    ("", "18446744073709551616", 0),
    ("", "18446744073709551615", -1),
    ("", "(-9223372036854775807-1)/-1", -9223372036854775808),
    ("", "(-9223372036854775807-1)%-1", 0),
    ("", "(-9223372036854775807-1)*-1", -9223372036854775808),
    ("", "-(-9223372036854775807-1)", -9223372036854775808),
    ("", "9223372036854775807*2", -2),
    ("", "1<<63", -9223372036854775808),
    ("", "1<<64", 1),
    ("", "1<<65", 2),
    ("", "1<<-1", -9223372036854775808),
    ("", "-1>>1", -1),
    ("", "-8>>1", -4),
    ("", "-8>>65", -4),
    ("", "8>>-1", 0),
    ("", "5&3", 1),
    ("", "5|3", 7),
    ("", "5^3", 6),
    ("", "~5", -6),
    ("", "~0", -1),
    ("", "!0", 1),
    ("", "!5", 0),
    ("", "!!7", 1),
    ("", "- -5", 5),
    ("", "+ +5", 5),
    ("", "-+-5", 5),
    ("", "~-1", 0),
    ("", "1<2", 1),
    ("", "2<1", 0),
    ("", "1>2", 0),
    ("", "2>1", 1),
    ("", "1<=1", 1),
    ("", "2<=1", 0),
    ("", "1>=1", 1),
    ("", "0>=1", 0),
    ("", "1==1", 1),
    ("", "1==2", 0),
    ("", "1!=2", 1),
    ("", "1!=1", 0),
    ("", "1<2<3", 1),
    ("", "3>2>1", 0),
    ("", "1==1==1", 1),
    ("", "2==2==2", 0),
    ("", "1+2==3", 1),
    ("", "1<2==1", 1),
    ("", "1|2^3&4", 3),
    ("", "1&2|4", 4),
    ("", "6^3|8", 13),
    ("", "1<<2+1", 8),
    ("", "1+2<<1", 6),
    ("", "1?2:3", 2),
    ("", "0?2:3", 3),
    ("", "0?2:0?3:4", 4),
    ("", "1?0?5:6:7", 6),
    ("", "1 ? 2, 3 : 4", 3),
    ("", "1&&2", 1),
    ("", "1&&0", 0),
    ("", "0||0", 0),
    ("", "0||7", 1),
    ("", "2||0", 1),
    ("", "5&&7||0", 1),
    ("", "0 || 1 && 0", 0),
    ("", "1, 2, 3", 3),
    ("", "x=3, y=4, x*y", 12),
    ("", "x=5", 5),
    ("", "x=y=7, x+y", 14),
    ("", "x=2, x+=3", 5),
    ("", "x=2, x-=3", -1),
    ("", "x=4, x*=3", 12),
    ("", "x=17, x/=5", 3),
    ("", "x=17, x%=5", 2),
    ("", "x=1, x<<=4", 16),
    ("", "x=256, x>>=4", 16),
    ("", "x=12, x&=10", 8),
    ("", "x=12, x|=3", 15),
    ("", "x=12, x^=5", 9),
    ("", "x=2, x**=3", ("E", 'x=2, x**=3: syntax error: operand expected (error token is "=3")')),
    ("", "x=5, x/=0", ("E", 'x=5, x/=0: division by 0 (error token is "0")')),
    ("", "x=5, x%=0", ("E", 'x=5, x%=0: division by 0 (error token is "0")')),
    ("", "x=5, 0 && (x/=0), x", 5),
    ("", "x=-9223372036854775807-1, x/=-1", -9223372036854775808),
    ("", "x=-9223372036854775807-1, x%=-1", 0),
    ("", "x=3, x++ + x", 7),
    ("", "x=3, ++x + x", 8),
    ("", "x=3, x-- - x", 1),
    ("", "x=3, --x", 2),
    ("", "x=5, x++, x", 6),
    ("", "x=1, y=x++ + ++x, y", 4),
    ("", "x++", 0),
    ("", "++x", 1),
    ("", "--x", -1),
    ("", "x--", 0),
    ("", "0 && x++", 0),
    ("", "1 || ++x, x", 0),
    ("", "1 ? x=1 : (x=2), x", 1),
    ("", "0 ? x=1 : (x=2), x", 2),
    (
        "",
        "1 ? y : z = 3",
        ("E", '1 ? y : z = 3: attempted assignment to non-variable (error token is "= 3")'),
    ),
    ("", "++5", 5),
    ("", "--5", 5),
    ("", "5++", ("E", '5++: syntax error: operand expected (error token is "+")')),
    ("", "5--", ("E", '5--: syntax error: operand expected (error token is "-")')),
    ("", "1 + ++ 2", 3),
    ("", "++x++", ("E", '++x++: ++: assignment requires lvalue (error token is "++")')),
    ("", "--x--", ("E", '--x--: --: assignment requires lvalue (error token is "--")')),
    ("", "x++++", ("E", 'x++++: syntax error: operand expected (error token is "+")')),
    ("", "x+++y", 0),
    ("", "x---y", 0),
    ("", "x+++++y", 1),
    ("", "1 = 2", ("E", '1 = 2: attempted assignment to non-variable (error token is "= 2")')),
    ("", "(x) = 2", ("E", '(x) = 2: attempted assignment to non-variable (error token is "= 2")')),
    (
        "",
        "x + 1 = 3",
        ("E", 'x + 1 = 3: attempted assignment to non-variable (error token is "= 3")'),
    ),
    ("", "-x = 3", ("E", '-x = 3: attempted assignment to non-variable (error token is "= 3")')),
    ("", "x++ = 4", ("E", 'x++ = 4: attempted assignment to non-variable (error token is "= 4")')),
    ("", "++x = 4", ("E", '++x = 4: attempted assignment to non-variable (error token is "= 4")')),
    ("", "x = ", ("E", 'x = : syntax error: operand expected (error token is "= ")')),
    ("", "= 3", ("E", '= 3: syntax error: operand expected (error token is "= 3")')),
    ("", "x==", ("E", 'x==: syntax error: operand expected (error token is "==")')),
    ("", "1 +", ("E", '1 +: syntax error: operand expected (error token is "+")')),
    ("", "+", ("E", '+: syntax error: operand expected (error token is "+")')),
    ("", "()", ("E", '(): syntax error: operand expected (error token is ")")')),
    ("", "(1", ("E", '(1: missing `)\' (error token is "1")')),
    ("", "((1)", ("E", '((1): missing `)\' (error token is ")")')),
    ("", "(1))", ("E", '(1)): syntax error in expression (error token is ")")')),
    ("", "1)", ("E", '1): syntax error in expression (error token is ")")')),
    ("", "(1 + 2", ("E", '(1 + 2: missing `)\' (error token is "2")')),
    ("", "1 2", ("E", '1 2: syntax error in expression (error token is "2")')),
    ("", "1 @ 2", ("E", '1 @ 2: syntax error: invalid arithmetic operator (error token is "@ 2")')),
    ("", "@", ("E", '@: syntax error: operand expected (error token is "@")')),
    ("", "1 $ 2", ("E", '1 $ 2: syntax error: invalid arithmetic operator (error token is "$ 2")')),
    ("", "x y", ("E", 'x y: syntax error in expression (error token is "y")')),
    ("", "x y z", ("E", 'x y z: syntax error in expression (error token is "y z")')),
    ("", "x y 09", ("E", 'x y 09: value too great for base (error token is "09")')),
    ("", "x y @", ("E", 'x y @: syntax error: invalid arithmetic operator (error token is "@")')),
    ("", "a b = 3", ("E", 'a b = 3: syntax error in expression (error token is "b = 3")')),
    ("", "1 ? 2", ("E", '1 ? 2: `:\' expected for conditional expression (error token is "2")')),
    ("", "1 ? : 3", ("E", '1 ? : 3: expression expected (error token is ": 3")')),
    ("", "1 ? 2 :", ("E", '1 ? 2 :: expression expected (error token is ":")')),
    ("", "1 : 2", ("E", '1 : 2: syntax error in expression (error token is ": 2")')),
    ("", "?", ("E", '?: syntax error: operand expected (error token is "?")')),
    ("", ",", ("E", ',: syntax error: operand expected (error token is ",")')),
    ("", "1,", ("E", '1,: syntax error: operand expected (error token is ",")')),
    ("", ",1", ("E", ',1: syntax error: operand expected (error token is ",1")')),
    ("", "1,,2", ("E", '1,,2: syntax error: operand expected (error token is ",2")')),
    ("", "0x1F", 31),
    ("", "0X1f", 31),
    ("", "0x", 0),
    ("", "017", 15),
    ("", "08", ("E", '08: value too great for base (error token is "08")')),
    ("", "019", ("E", '019: value too great for base (error token is "019")')),
    ("", "0", 0),
    ("", "00", 0),
    ("", "2#1010", 10),
    ("", "2#102", ("E", '2#102: value too great for base (error token is "2#102")')),
    ("", "8#777", 511),
    ("", "16#ff", 255),
    ("", "16#FF", 255),
    ("", "36#zz", 1295),
    ("", "36#ZZ", 1295),
    ("", "37#a", 10),
    ("", "37#A", 36),
    ("", "62#Z", 61),
    ("", "64#@", 62),
    ("", "64#_", 63),
    ("", "64#10", 64),
    ("", "65#1", ("E", '65#1: invalid arithmetic base (error token is "65#1")')),
    ("", "1#1", ("E", '1#1: invalid arithmetic base (error token is "1#1")')),
    ("", "0#1", ("E", '0#1: invalid number (error token is "0#1")')),
    ("", "10#", ("E", '10#: invalid integer constant (error token is "10#")')),
    ("", "2#", ("E", '2#: invalid integer constant (error token is "2#")')),
    ("", "0x1#1", ("E", '0x1#1: invalid number (error token is "0x1#1")')),
    ("", "10#12#3", ("E", '10#12#3: invalid number (error token is "10#12#3")')),
    ("", "1a", ("E", '1a: value too great for base (error token is "1a")')),
    ("", "0xg", ("E", '0xg: value too great for base (error token is "0xg")')),
    ("", "12abc", ("E", '12abc: value too great for base (error token is "12abc")')),
    ("", "3_4", ("E", '3_4: value too great for base (error token is "3_4")')),
    ("", "09#1", ("E", '09#1: value too great for base (error token is "09#1")')),
    ("", "123456789012345678901234567890", -4362896299872285998),
    ("", "0x10000000000000000", 0),
    ("", " 5 ", 5),
    ("", "  1 +   2  ", 3),
    ("", "1\t+\t2", 3),
    ("", "1\n+2", 3),
    ("", "1 +\n2", 3),
    ("", "x=1+2\tx*2", ("E", 'x=1+2\tx*2: syntax error in expression (error token is "x*2")')),
    ("x=1+2", "x*2", 6),
    ("x=1+2", "(x)*2", 6),
    ("x='1 + 2'", "x * 2", 6),
    ("x=5", "x", 5),
    ("x=-5", "x", -5),
    ("x=007", "x+1", 8),
    ("x=0x10", "x", 16),
    ("x=abc", "x", 0),
    ("abc=7 x=abc", "x", 7),
    ("x=y y=z z=4", "x", 4),
    ("x=", "x+1", 1),
    ("x=' '", "x+1", 1),
    ("x=1/0", "x", ("E", '1/0: division by 0 (error token is "0")')),
    ("x=1/0", "x+1", ("E", '1/0: division by 0 (error token is "0")')),
    ("x=1/0", "0 && x", 0),
    ("x=1/0", "x=2", 2),
    ("x=@", "x", ("E", '@: syntax error: operand expected (error token is "@")')),
    ("x=x", "x", ("E", 'x: expression recursion level exceeded (error token is "x")')),
    ("x=x+1", "x", ("E", 'x+1: expression recursion level exceeded (error token is "x+1")')),
    ("x=y y=x", "x", ("E", 'y: expression recursion level exceeded (error token is "y")')),
    ("x=' 1/0 '", "x", ("E", '1/0 : division by 0 (error token is "0 ")')),
    ("x=3", "x+=1, x", 4),
    ("x=1+2", "x+=1, x", 4),
    ("x=1+2", "x++, x", 4),
    ("x=1+2", "++x", 4),
    ("x='(1'", "x+1", ("E", '(1: missing `)\' (error token is "1")')),
    ("x=08", "x", ("E", '08: value too great for base (error token is "08")')),
    ("x=7", "-x", -7),
    ("x=7", "x**2", 49),
    ("x=2 y=3", "x**y**x", 512),
    ("x=1 y=2", "x,y", 2),
    ("x=1", "x+++x", 3),
    ("x=9223372036854775807", "x+1", -9223372036854775808),
    ("x=9223372036854775807", "x++, x", -9223372036854775808),
    ("x=-9223372036854775808", "x", -9223372036854775808),
    ("x=9223372036854775808", "x", -9223372036854775808),
    ("x=3", "!x", 0),
    ("x=0", "!x", 1),
    ("x=3 y=0", "x && y", 0),
    ("x=3 y=0", "x || y", 1),
    ("x=3", "x ? x : 1/0", 3),
    ("x=0", "x ? 1/0 : x", 0),
    ("x=5", "0 ? x++ : x--, x", 4),
    ("x=5", "1 ? x++ : x--, x", 6),
    ("x=5", "0 && x++, x", 5),
    ("x=5", "1 || x--, x", 5),
    ("x=5", "(x = x + 1) * 2, x", 6),
    ("x=2", "x *= x += 1", 6),
    ("x=2", "x += x *= 3", 8),
    ("x=2", "x = x++ + 1", 3),
    ("", "a[1]=5, a[1]", 5),
    ("", "a[1+1]=5, a[2]", 5),
    ("", "a[0]=4, a[0]**2", 16),
    ("", "a[3]=1, a[3]++, a[3]", 2),
    ("", "i=0, a[i++]=i, i", 1),
    ("", "a[", ("E", 'a[: bad array subscript (error token is "a[")')),
    ("", "a[1", ("E", 'a[1: bad array subscript (error token is "a[1")')),
    ("", "a[1]]", ("E", 'a[1]]: syntax error: invalid arithmetic operator (error token is "]")')),
    ("", "x[1]=3, x[1] + 1", 4),
    ("", "b[2]+=5, b[2]", 5),
    ("", "1 ** 2 ** 3", 1),
    ("", "-3 ** 2", 9),
    ("", "(-3) ** 2", 9),
    ("", "2 ** 62 * 2", -9223372036854775808),
    ("", "4 - 2 - 1", 1),
    ("", "2 * 3 % 4", 2),
    ("", "10 % 4 * 3", 6),
    ("", "8 / 2 / 2", 2),
    ("", "2 ** 3 ** 0", 2),
    ("", "0 ** 5", 0),
    ("", "-1 ** 0", 1),
    ("", "1 < 2 > 0", 1),
    ("", "!1 + 1", 1),
    ("", "~1 + 1", -1),
    ("", "-1 + -1", -2),
    ("", "1 - -1", 2),
    ("", "1--1", 2),
    ("", "1---1", 0),
    ("", "1-- -1", 0),
    ("", "x=5, x---1, x", 4),
    ("", "x=5, x - --1", 4),
    ("", "1 +-+ 2", -1),
    ("", "3 & 5 == 5", 1),
    ("", "1 | 2 == 3", 1),
    ("", "x = 1 ? 2 : 3", 2),
    ("", "x = 0 ? 2 : 3, x", 3),
    ("", "1 ? x = 2 : 3", 2),
    (
        "",
        "0 ? 1 : x = 2",
        ("E", '0 ? 1 : x = 2: attempted assignment to non-variable (error token is "= 2")'),
    ),
    ("", "(1 ? 2 : 3) + 1", 3),
    ("", "0 || 0 && 1/0", 0),
    ("", "1 && 0 || 1", 1),
    ("", "1 << 2 << 3", 32),
    ("", "256 >> 2 >> 1", 32),
    ("", "1 < 2 == 2 > 1", 1),
    ("", ", 1", ("E", ', 1: syntax error: operand expected (error token is ", 1")')),
    ("", "1 +* 2", ("E", '1 +* 2: syntax error: operand expected (error token is "* 2")')),
    ("", "1 * * 2", ("E", '1 * * 2: syntax error: operand expected (error token is "* 2")')),
    ("", "1 ** * 2", ("E", '1 ** * 2: syntax error: operand expected (error token is "* 2")')),
    ("", "**2", ("E", '**2: syntax error: operand expected (error token is "**2")')),
    ("", "x**=2", ("E", 'x**=2: syntax error: operand expected (error token is "=2")')),
    ("", "1 =+ 2", ("E", '1 =+ 2: attempted assignment to non-variable (error token is "=+ 2")')),
    ("", "!", ("E", '!: syntax error: operand expected (error token is "!")')),
    ("", "~", ("E", '~: syntax error: operand expected (error token is "~")')),
    ("", "-", ("E", '-: syntax error: operand expected (error token is "-")')),
    ("", "1 !", ("E", '1 !: syntax error in expression (error token is "!")')),
    ("", "1 ~ 2", ("E", '1 ~ 2: syntax error in expression (error token is "~ 2")')),
    (
        "",
        "1 = = 2",
        ("E", '1 = = 2: attempted assignment to non-variable (error token is "= = 2")'),
    ),
    (
        "",
        "1 ? 2 : 3 : 4",
        ("E", '1 ? 2 : 3 : 4: syntax error in expression (error token is ": 4")'),
    ),
    (
        "",
        "1 ? 2 ? 3 : 4",
        ("E", '1 ? 2 ? 3 : 4: `:\' expected for conditional expression (error token is "4")'),
    ),
    ("", "1 2 3", ("E", '1 2 3: syntax error in expression (error token is "2 3")')),
    ("", "1 # 2", ("E", '1 # 2: syntax error: invalid arithmetic operator (error token is "# 2")')),
    ("", "1 . 2", ("E", '1 . 2: syntax error: invalid arithmetic operator (error token is ". 2")')),
    ("", "1.5", ("E", '1.5: syntax error: invalid arithmetic operator (error token is ".5")')),
    ("", ".5", ("E", '.5: syntax error: operand expected (error token is ".5")')),
    ("", "1e3", ("E", '1e3: value too great for base (error token is "1e3")')),
    ("", "x.y", ("E", 'x.y: syntax error: invalid arithmetic operator (error token is ".y")')),
    (
        "",
        "1 '+' 2",
        ("E", "1 '+' 2: syntax error: invalid arithmetic operator (error token is \"'+' 2\")"),
    ),
    ("", '"1"', ("E", '"1": syntax error: operand expected (error token is ""1"")')),
    ("", "", 0),
    ("", "   ", 0),
    ("", "i=0, a[i++] += 2, i", 1),
    ("", "i=0, a[i++] += 2, a[0]", 2),
    ("", "i=0, a[i++]++, i", 1),
    ("", "i=0, ++a[i++], i", 1),
    ("", "i=0, a[i++] = 5, a[0] + i", 6),
    ("", "a[a[0]=2]=a[0]+1, a[2]", 1),
    ("", "a[1/0]", ("E", '1/0: division by 0 (error token is "0")')),
    ("", "x=1 ? a[1]=2 : 0, a[1]", 2),
    ("", "08 + 1", ("E", '08: value too great for base (error token is "08")')),
    ("", "1 + 3a * 2", ("E", '1 + 3a: value too great for base (error token is "3a")')),
    ("", "x y 09 z", ("E", 'x y 09: value too great for base (error token is "09")')),
    ("", "(1 + 0x1#2) * 3", ("E", '(1 + 0x1#2: invalid number (error token is "0x1#2")')),
    ("", "65#1 + 2", ("E", '65#1: invalid arithmetic base (error token is "65#1")')),
    ("", "2# + 1", ("E", '2#: invalid integer constant (error token is "2#")')),
    ("x='08 + 1'", "x * 2", ("E", '08: value too great for base (error token is "08")')),
    ("", "1 +  \t ", ("E", '1 +  \t : syntax error: operand expected (error token is "+  \t ")')),
    ("", "1 ? 2", ("E", '1 ? 2: `:\' expected for conditional expression (error token is "2")')),
    ("i=-1", "i+++i", -1),
    ("", "x=1, x++ + x++ + x++", 6),
    ("", "3 ** 2 ** -1", ("E", '3 ** 2 ** -1: exponent less than 0 (error token is "1")')),
    ("", "-9223372036854775807-1 ** 1", -9223372036854775808),
    ("", "2 ** 63 / -1", -9223372036854775808),
    ("", "x=(-9223372036854775807-1), x /= -1", -9223372036854775808),
    (
        "",
        "1 , 2 = 3",
        ("E", '1 , 2 = 3: attempted assignment to non-variable (error token is "= 3")'),
    ),
]


@pytest.mark.parametrize(("setup", "expr", "expected"), BASH_CASES)
def test_matches_bash(setup: str, expr: str, expected: int | tuple[str, str]) -> None:
    assert evaluate(expr, setup) == expected


def test_the_table_covers_every_error_bash_has() -> None:
    messages = {e[1] for _, _, e in BASH_CASES if isinstance(e, tuple)}
    for text in [
        "division by 0",
        "exponent less than 0",
        "attempted assignment to non-variable",
        "invalid number",
        "invalid arithmetic base",
        "invalid integer constant",
        "value too great for base",
        "syntax error: operand expected",
        "syntax error: invalid arithmetic operator",
        "syntax error in expression",
        "missing `)'",
        "expression expected",
        "`:' expected for conditional expression",
        "assignment requires lvalue",
        "expression recursion level exceeded",
        "bad array subscript",
    ]:
        assert any(f"{text} (error token" in m for m in messages), text


# let's status (bash 5.2.15: `let ARGS; echo $?`).
@pytest.mark.parametrize(
    ("args", "status"),
    [(["0"], 1), (["1"], 0), (["1", "0"], 1), (["0", "1"], 0), (["x=0"], 1), (["x=2", "x-2"], 1)],
)
def test_let_status(args: list[str], status: int) -> None:
    assert let_eval(args, DictVars({})) == status


def test_let_errors() -> None:
    with pytest.raises(ArithError) as e:
        let_eval([], DictVars({}))
    assert e.value.message == "expression expected"
    with pytest.raises(ArithError) as e:
        let_eval(["1/0", "1"], DictVars({}))
    assert e.value.message == '1/0: division by 0 (error token is "0")'


def test_subscript_is_resolved_once_per_element() -> None:
    dv = DictVars({"i": "0"})
    assert arith_eval("a[i++] += 2", dv) == 2
    assert dv.values == {"i": "1", "a[0]": "2"}
    assert dv.subscripts == ["i++"]


def test_no_variable_is_touched_in_a_branch_not_taken() -> None:
    dv = DictVars({"x": "1/0"})
    assert arith_eval("0 && (x++ + a[x] + (y = 2)) || 1 ? 3 : x--", dv) == 3
    assert dv.values == {"x": "1/0"} and dv.subscripts == []


# -- invariants -------------------------------------------------------------------------
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
SMALL = st.integers(min_value=-70, max_value=70)


def c_int64(v: int) -> int:
    return ctypes.c_int64(v).value


def c_reference(a: int, op: str, b: int) -> int:
    """What a C compiler on x86-64 computes for int64 a OP b (bash's special cases)."""
    if op in "/%" and a == -(2**63) and b == -1:
        return a if op == "/" else 0
    if op == "/":
        return c_int64(int(Fraction(a, b)))
    if op == "%":
        return c_int64(a - b * int(Fraction(a, b)))
    if op in ("<<", ">>"):
        return c_int64(a << (b % 64)) if op == "<<" else a >> (b % 64)
    return c_int64({"+": a + b, "-": a - b, "*": a * b, "&": a & b, "|": a | b, "^": a ^ b}[op])


@given(INT64, st.sampled_from(["+", "-", "*", "/", "%", "&", "|", "^"]), INT64)
def test_binary_operators_are_c_int64_arithmetic(a: int, op: str, b: int) -> None:
    if op in "/%" and b == 0:
        return
    dv = DictVars({"a": str(a), "b": str(b)})
    assert arith_eval(f"a {op} b", dv) == c_reference(a, op, b)
    assert arith_eval(f"x = a, x {op}= b", dv) == c_reference(a, op, b)


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_a_plain_number_takes_no_parse_and_gives_what_the_parse_gives(n: int) -> None:
    parsed = arith_eval(f" {n}", DictVars({}))  # a blank: the full parse
    assert arith_eval(str(n), DictVars({})) == parsed == c_int64(n)
    assert arith_eval("x", DictVars({"x": str(n)})) == parsed


@given(INT64, st.sampled_from(["<<", ">>"]), SMALL)
def test_shifts_take_the_count_mod_64(a: int, op: str, b: int) -> None:
    dv = DictVars({"a": str(a), "b": str(b)})
    assert arith_eval(f"a {op} b", dv) == c_reference(a, op, b)


ARITH_TEXT = st.text(alphabet="0123456789abxyz_#@[]()+-*/%<>=!~&|^?:, \t\n$'\"", max_size=40)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(ARITH_TEXT, st.dictionaries(st.sampled_from("abxyz"), ARITH_TEXT, max_size=3))
def test_any_text_gives_a_value_or_an_arith_error(expr: str, values: dict[str, str]) -> None:
    try:
        result = arith_eval(expr, DictVars(values))
    except ArithError as e:
        assert e.message.endswith('")') and "(error token is " in e.message
    else:
        assert -(2**63) <= result < 2**63


def frames() -> int:
    f, n = sys._getframe(), 0
    while f is not None:
        f, n = f.f_back, n + 1
    return n


def shallow(expr: str, values: dict[str, str] | None = None) -> int | tuple[str, str]:
    """evaluate() with Python's recursion limit 60 frames above the caller."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(frames() + 60)
    try:
        return evaluate(expr, " ".join(f"{k}={v}" for k, v in (values or {}).items()))
    finally:
        sys.setrecursionlimit(old)


def test_deep_nesting_does_not_recurse() -> None:
    n = 5_000
    assert shallow("(" * n + "1" + ")" * n) == 1
    assert shallow("-" * 2 * n + "1") == 1
    assert shallow("~" * n + "5") == 5
    assert shallow("- " * n + "1") == 1
    assert shallow("1 ? " * n + "2" + " : 3" * n) == 2
    assert shallow("x = " * n + "4") == 4
    assert shallow("1 ** " * n + "2") == 1
    assert shallow("(" * n) == (
        "E",
        f'{"(" * n}: syntax error: operand expected (error token is "(")',
    )


def test_long_expressions_evaluate() -> None:
    n = 5_000
    assert shallow("+".join(["1"] * n)) == n
    assert shallow(", ".join(f"x{i % 7} = {i}" for i in range(n))) == n - 1
    assert shallow("a " * n) == (
        "E",
        f'{"a " * n}: syntax error in expression (error token is "{"a " * (n - 1)}")',
    )


@pytest.mark.slow
def test_100_000_deep_or_long() -> None:
    n = 100_000
    assert shallow("(" * n + "1" + ")" * n) == 1
    assert shallow("+".join(["1"] * n)) == n


def chain(links: int, last: str) -> dict[str, str]:
    """v0=v1, v1=v2, ..., then the last variable's value."""
    return {f"v{i}": f"v{i + 1}" for i in range(links)} | {f"v{links}": last}


# Recorded with the same variables set in a bash script: `...; echo $((v0))`.
def test_variable_chains_stop_at_bash_recursion_limit() -> None:
    limit = MAX_EXPR_RECURSION_LEVEL
    assert shallow("v0", chain(limit - 2, "5")) == 5
    error = 'v1023: expression recursion level exceeded (error token is "v1023")'
    assert shallow("v0", chain(limit - 1, "5")) == ("E", error)
    assert shallow("v0", chain(limit, "v0")) == ("E", error)


def nested_subscripts(n: int) -> str:
    return "a[" * n + "0" + "]" * n


# bash 5.2.15: env -i __E="$(python3 -c 'print("a["*N+"0"+"]"*N)')" bash -c 'echo $(($__E))'
def test_nested_subscripts_count_toward_the_limit() -> None:
    assert shallow(nested_subscripts(1023)) == 0
    with pytest.raises(ArithSubscriptError) as e:
        arith_eval(nested_subscripts(1025), DictVars({}))
    assert (
        e.value.message == 'a[a[0]]: expression recursion level exceeded (error token is "a[a[0]]")'
    )


@pytest.mark.parametrize(
    ("values", "expr"),
    [({}, "a[1/0]"), ({"x": "a[1/0]"}, "x + 1"), ({"i": "1/0"}, "a[i] = 1"), ({}, "a[2**-1]")],
)
def test_an_error_in_a_subscript_abandons_the_command(values: dict[str, str], expr: str) -> None:
    with pytest.raises(ArithSubscriptError):
        arith_eval(expr, DictVars(values))


def test_other_errors_only_fail_the_expression() -> None:
    with pytest.raises(ArithError) as e:
        arith_eval("a[0] + 1/0", DictVars({}))
    assert type(e.value) is ArithError


_SIMPLE_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", "0", "7", "-3", "9223372036854775807", "x", "2+3", " 5", "08"]),
    st.integers(-(2**63), 2**63 - 1).map(str),
)


@given(
    value=_SIMPLE_VALUES,
    form=st.sampled_from(["i", "i++", "i--", " i < N ", "i<=N", "i>N", "i>=N", "i==N", "i!=N"]),
    n=st.sampled_from(["0", "1", "10", "99999999999999999999", "9223372036854775808"]),
)
def test_the_simple_forms_agree_with_the_full_evaluator(
    value: str | None, form: str, n: str
) -> None:
    """arith_eval's shortcut for a loop's test and step gives the full evaluator's
    value and leaves the same variables."""
    expr = form.replace("N", n)
    start = {} if value is None else {"i": value, "x": "4"}
    fast_vars, full_vars = DictVars(dict(start)), DictVars(dict(start))
    try:
        fast: object = arith_eval(expr, fast_vars)
    except ArithError as e:
        fast = e.message
    try:
        full: object = arith._evaluate(expr, full_vars)  # the full evaluator alone
    except ArithError as e:
        full = e.message
    assert (fast, fast_vars.values) == (full, full_vars.values)

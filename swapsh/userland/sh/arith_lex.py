"""Shell arithmetic's tokens and lexer (models bash 5.2's expr.c readtok and strlong).

The lexer reads one token at a time, as bash's readtok does, and evaluates a variable
as its name is read (so a variable's errors come before the next token's). Reading a
name first peeks at the token after it (an `=` means it is being assigned, not read),
and that peek reports the errors bash's does.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Protocol

__all__ = [
    "BAND",
    "BNOT",
    "BOR",
    "BXOR",
    "COL",
    "COMMA",
    "COND",
    "DIV",
    "EQ",
    "EQEQ",
    "GEQ",
    "GT",
    "INTMAX_MIN",
    "LAND",
    "LEQ",
    "LOR",
    "LPAR",
    "LSH",
    "LT",
    "MINUS",
    "MOD",
    "MUL",
    "NEQ",
    "NOT",
    "NUM",
    "OP_ASSIGN",
    "PLUS",
    "POSTDEC",
    "POSTINC",
    "POWER",
    "PREDEC",
    "PREINC",
    "QUES",
    "RPAR",
    "RSH",
    "STR",
    "ArithError",
    "ArithSubscriptError",
    "ArithVars",
    "Lexer",
    "plain_int",
    "strlong",
    "wrap",
]

INTMAX_MIN = -(1 << 63)
_MASK = (1 << 64) - 1

# Tokens, numbered as in expr.c; one-character operators are their character code.
(EQEQ, NEQ, LEQ, GEQ, STR, NUM, LAND, LOR, LSH, RSH, OP_ASSIGN) = range(1, 12)
(COND, POWER, PREINC, PREDEC, POSTINC, POSTDEC) = range(12, 18)
EQ, GT, LT, PLUS, MINUS, MUL, DIV, MOD = map(ord, "=><+-*/%")
NOT, LPAR, RPAR, BAND, BOR, BXOR, BNOT, QUES, COL, COMMA = map(ord, "!()&|^~?:,")
_ARITHOPS = frozenset(map(ord, "=><+-*/%!()&|^~?:,"))
_MULTIOPS = frozenset(range(EQEQ, POSTDEC + 1)) - {STR, NUM}
_TWO_CHAR = {"==": EQEQ, "!=": NEQ, ">=": GEQ, "<=": LEQ, "&&": LAND, "||": LOR, "**": POWER}
_SHIFT = {"<<": LSH, ">>": RSH}

_BLANKS = " \t"
CR_WS = " \t\n"  # expr.c's cr_whitespace: blanks and newlines ($((...)) may span lines)
_ALPHA = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_NAMECHARS = _ALPHA | frozenset("0123456789")
_NUMCHARS = _NAMECHARS | {"@", "#"}
_VALID_NUMCHAR = _NAMECHARS | {"@"}
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")  # a value that needs no parse
MAX_EXPR_RECURSION_LEVEL = 1024  # bash's: nested values and subscripts (x=x+1)


Request = tuple[str, bool]  # (expression, is an array subscript) to evaluate first
Step = Generator[Request, int, None]


class ArithError(Exception):
    """An arithmetic evaluation error, as bash's evalerror reports it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message  # e.g. '1/0: division by 0 (error token is "0")'


class ArithSubscriptError(ArithError):
    """An error while evaluating an array subscript: bash reports it without the
    command's name (no "let: ") and abandons the whole command (jump_to_top_level
    DISCARD), where other arithmetic errors only fail the expression."""


class ArithVars(Protocol):
    """The shell variables an expression reads and assigns (interface for the shell).

    Exceptions raised here (set -u's unbound variable, a readonly variable) propagate
    out of arith_eval unchanged: in bash they abort the evaluation too. A negative
    index out of range is bash's "bad array subscript" message, then an unset value
    (arith_get prints it and returns None) or no assignment.
    """

    def arith_subscript(self, name: str, subscript: str) -> tuple[str, bool]:
        """name[subscript], given its raw text: (text, True) for an indexed array
        (and a scalar), text being the subscript expanded as bash's
        array_expand_index expands it, which arith then evaluates; (key, False) for
        an associative array. Called before arith_get: set -u's error for an unset
        array belongs here, as bash checks the array before its subscript."""
        ...

    def arith_get(self, name: str, subscript: str | None) -> str | None:
        """The value of name, or of its element at the key (an index's decimal text
        for an indexed array, maybe negative); None if unset."""
        ...

    def arith_set(self, name: str, subscript: str | None, value: int) -> None:
        """Assign value (bash binds its decimal text) to name or its element."""
        ...


class _BadNumber(Exception):
    """strlong's complaint; the lexer adds the expression and token."""


def wrap(v: int) -> int:
    """v as C's intmax_t: 64-bit two's complement."""
    return ((v - INTMAX_MIN) & _MASK) + INTMAX_MIN


def plain_int(text: str) -> int | None:
    """The value of a decimal integer that needs no parse (no blanks, no leading 0),
    as evaluating it gives; else None."""
    return wrap(int(text)) if _PLAIN_INT.fullmatch(text) else None


def strlong(num: str) -> int:
    """A numeric constant: 0nnn octal, 0xnn hex, base#digits (2..64), else decimal.

    Raises _BadNumber with bash's message. Overflow wraps, as bash's does.
    """
    base, foundbase, first = 10, False, 0
    if num[0] == "0":
        if len(num) == 1:
            return 0
        base, foundbase, first = (16, True, 2) if num[1] in "xX" else (8, True, 1)
    val = 0
    for i in range(first, len(num)):
        c = num[i]
        if c == "#":
            if foundbase:
                raise _BadNumber("invalid number")
            if not 2 <= val <= 64:
                raise _BadNumber("invalid arithmetic base")
            base, val, foundbase = val, 0, True
            if i + 1 >= len(num) or num[i + 1] not in _VALID_NUMCHAR:
                raise _BadNumber("invalid integer constant")
            continue
        d = _digit(c, base)
        if d >= base:
            raise _BadNumber("value too great for base")
        val = wrap(val * base + d)
    return val


def _digit(c: str, base: int) -> int:
    """A digit's value: 0-9, a-z from 10, A-Z from 10 (base <= 36) or 36, @ 62, _ 63."""
    if "0" <= c <= "9":
        return ord(c) - 48
    if "a" <= c <= "z":
        return ord(c) - 87
    if "A" <= c <= "Z":
        return ord(c) - (55 if base <= 36 else 29)
    return 62 if c == "@" else 63


def skip_subscript(s: str, i: int) -> int:
    """Index of the `]` matching the `[` at s[i], or len(s) if there is none.

    Quotes, backslashes and backquotes hide brackets, as in subst.c's skipsubscript.
    """
    count, n = 1, len(s)
    i += 1
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c in "`'\"":
            end = s.find(c, i + 1)
            i = n if end < 0 else end + 1
            continue
        if c == "[":
            count += 1
        elif c == "]":
            count -= 1
            if count == 0:
                return i
        i += 1
    return n


class Lexer:
    """Token state of one expression (expr.c's EXPR_CONTEXT)."""

    def __init__(self, expr: str, vars: ArithVars, depth: int) -> None:
        self.s = expr  # the expression
        self.vars = vars  # where names are read and assigned
        self.depth = depth  # contexts active, this one included (expr_depth)
        self.tp = 0  # where the next token starts
        self.lasttp = 0  # where the current token starts (the error token)
        self.curtok = 0  # the current token (0 at the end)
        self.lasttok = 0  # the token before it
        self.tokval = 0  # value of the current NUM or STR
        self.assigntok = 0  # the OP of an OP= token
        self.tokstr: str | None = None  # text of the last name read
        self.tokname = ""  # that name without its subscript
        self.toksub: str | None = None  # its raw subscript
        self.serial = 0  # counts names read, to tie lval to one
        self.lval: tuple[int, str | None] | None = None  # (serial, key) of a name read
        self.noeval = 0  # >0 while in a branch not taken

    def error(self, msg: str, end: int | None = None) -> ArithError:
        """bash's evalerror text for this expression at the current token; a bad
        number cuts the expression at its end (readtok has put a NUL there)."""
        s = self.s[:end]
        expr, token = s.lstrip(_BLANKS), s[self.lasttp :]
        return ArithError(f'{expr}: {msg} (error token is "{token}")')

    def readtok(self) -> Step:
        """Read the next token (readtok), first evaluating what a name needs."""
        s, cp = self.s, self.tp
        while cp < len(s) and s[cp] in CR_WS:
            cp += 1
        if cp >= len(s):
            self.lasttok, self.curtok, self.tp = self.curtok, 0, cp
            return
        self.lasttp = cp
        c = s[cp]
        if c in _ALPHA:
            yield from self._read_name(cp)
            return
        if "0" <= c <= "9":
            end, self.tokval = self._scan_number(cp)
            tok = NUM
        else:
            tok, end, self.assigntok = self._scan_op(cp, self.curtok, self.lasttok)
        self.lasttok, self.curtok, self.tp = self.curtok, tok, end

    def _read_name(self, cp: int) -> Step:
        """A variable name: its value is read unless an `=` follows (peektok)."""
        end, name, sub = self._scan_name(cp)
        self.tokstr, self.tokname, self.toksub = self.s[cp:end], name, sub
        self.serial += 1
        peek = self.peek(end)[0]
        read = self.lasttok in (PREINC, PREDEC) or peek != EQ
        self.lasttok, self.curtok, self.tp, self.tokval = self.curtok, STR, end, 0
        if not read or self.noeval:
            return
        key = None if sub is None else (yield from self.subscript_key(name, sub))
        self.lval = (self.serial, key)
        self.tokval = yield from self.evaluate(self.vars.arith_get(name, key), False)

    def subscript_key(self, name: str, sub: str) -> Generator[Request, int, str]:
        """The key of name[sub]: an associative array's, or an indexed array's
        subscript evaluated (bash's array_expand_index)."""
        text, indexed = self.vars.arith_subscript(name, sub)
        if not indexed:
            return text
        return str((yield from self.evaluate(text, True)))

    def evaluate(self, text: str | None, subscript: bool) -> Generator[Request, int, int]:
        """The value of a nested expression (a variable's value or a subscript)."""
        if text is None or not text.strip(CR_WS):
            return 0
        if self.depth < MAX_EXPR_RECURSION_LEVEL and (value := plain_int(text)) is not None:
            return value
        return (yield (text, subscript))

    def peek(self, pos: int) -> tuple[int, int, int]:
        """The token at pos as a lookahead sees it (current token a name, noeval):
        (token, start, end). A name there peeks past itself in turn, as bash's
        nested readtok does; only lexical errors can come of it."""
        saved, s = self.lasttp, self.s
        first: tuple[int, int, int] | None = None
        while True:
            while pos < len(s) and s[pos] in CR_WS:
                pos += 1
            if pos >= len(s):
                tok = (0, pos, pos)
                break
            self.lasttp = start = pos
            if s[pos] in _ALPHA:
                pos = self._scan_name(start)[0]
                first = first or (STR, start, pos)
                continue
            if "0" <= s[pos] <= "9":
                tok = (NUM, start, self._scan_number(start)[0])
            else:
                tok = self._scan_op(start, STR, 0)
                tok = (tok[0], start, tok[1])
            break
        self.lasttp = saved
        return first or tok

    def _scan_name(self, cp: int) -> tuple[int, str, str | None]:
        """(end, name, raw subscript or None) of the name at cp."""
        s, end = self.s, cp
        while end < len(s) and s[end] in _NAMECHARS:
            end += 1
        if end >= len(s) or s[end] != "[":
            return end, s[cp:end], None
        close = skip_subscript(s, end)
        if close >= len(s):
            raise self.error("bad array subscript")
        return close + 1, s[cp:end], s[end + 1 : close]

    def _scan_number(self, cp: int) -> tuple[int, int]:
        """(end, value) of the constant at cp."""
        s, end = self.s, cp
        while end < len(s) and s[end] in _NUMCHARS:
            end += 1
        try:
            return end, strlong(s[cp:end])
        except _BadNumber as e:
            raise self.error(str(e), end) from None

    def _scan_op(self, cp: int, curtok: int, lasttok: int) -> tuple[int, int, int]:
        """(token, end, OP of an OP=) of the operator at cp, as readtok reads it
        after curtok and lasttok."""
        s = self.s
        c, two = s[cp], s[cp : cp + 2]
        if two in _TWO_CHAR:
            return _TWO_CHAR[two], cp + 2, 0
        if two in _SHIFT:
            if s[cp + 2 : cp + 3] == "=":
                return OP_ASSIGN, cp + 3, _SHIFT[two]
            return _SHIFT[two], cp + 2, 0
        if c in "+-" and two == c + c:
            return self._scan_incdec(cp, curtok, lasttok)
        if c in "*/%+-&^|" and two[1:] == "=":
            return OP_ASSIGN, cp + 2, ord(c)
        if ord(c) not in _ARITHOPS:
            if curtok == 0 or curtok in _ARITHOPS or curtok in _MULTIOPS:
                raise self.error("syntax error: operand expected")
            raise self.error("syntax error: invalid arithmetic operator")
        return ord(c), cp + 1, 0

    def _scan_incdec(self, cp: int, curtok: int, lasttok: int) -> tuple[int, int, int]:
        """`++` or `--`: after a name post-, before one pre-, else a unary sign."""
        c, s = self.s[cp], self.s
        if curtok == STR:
            return (POSTINC if c == "+" else POSTDEC), cp + 2, 0
        if curtok == NUM and lasttok in (PREINC, PREDEC):  # --x++
            raise self.error(f"{c}{c}: assignment requires lvalue")
        xp = cp + 2
        while xp < len(s) and s[xp] in CR_WS:
            xp += 1
        if xp < len(s) and s[xp] in _ALPHA:
            return (PREINC if c == "+" else PREDEC), cp + 2, 0
        return ord(c), cp + 1, 0

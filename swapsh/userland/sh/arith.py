"""Shell arithmetic: $((...)), ((...)), let (models bash 5.2's expr.c).

Interface: `arith_eval(expr, vars)` evaluates one expression, already expanded by the
caller ($x and $(...) done, quotes removed), in 64-bit two's-complement arithmetic;
`let_eval(args, vars)` is the let builtin's status. Errors raise `ArithError`, whose
message is bash's text after its "bash: line N: " (and "let: " or "((: ") prefix.

Bash's evaluator is a recursive-descent parser (expcomma ... exp0) that reads the next
token as it goes and evaluates a variable's value, itself an expression, when its name
is read. Here the same grammar runs on explicit stacks: a frame per pending operator,
and a generator per variable value being evaluated, so neither deep parentheses nor
long chains of variables recurse in Python. Tokens are read at the points where bash
reads them, which fixes the order of side effects and which error is reported.

Subscripts: for `name[sub]` the raw text between the brackets goes to
`vars.arith_subscript(name, sub)` once per element reference (when it is read, or for
a plain `=` when it is assigned, after the right side is evaluated); the caller
evaluates it as bash does (an indexed array's subscript with `arith_eval`, an
associative array's key as a string) and returns the key that `arith_get` and
`arith_set` then receive. So `a[i++] += 2` moves i once, as in bash.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence

from swapsh.userland.sh.arith_lex import (
    BAND,
    BNOT,
    BOR,
    BXOR,
    COL,
    COMMA,
    COND,
    CR_WS,
    DIV,
    EQ,
    EQEQ,
    GEQ,
    GT,
    INTMAX_MIN,
    LAND,
    LEQ,
    LOR,
    LPAR,
    LSH,
    LT,
    MAX_EXPR_RECURSION_LEVEL,
    MINUS,
    MOD,
    MUL,
    NEQ,
    NOT,
    NUM,
    OP_ASSIGN,
    PLUS,
    POSTINC,
    POWER,
    PREDEC,
    PREINC,
    POSTDEC,
    QUES,
    RPAR,
    RSH,
    STR,
    ArithError,
    ArithVars,
    Lexer,
    wrap,
)

__all__ = ["ArithError", "ArithVars", "arith_eval", "let_eval"]

# Grammar levels, lowest precedence first: expr.c's expcomma, expassign, expcond,
# explor, expland, expbor, expbxor, expband, exp5, exp4, expshift, exp3, expmuldiv,
# exppower, exp1 (unary operators; exp0, the operand, returns through it).
(L_COMMA, L_ASSIGN, L_COND, L_LOR, L_LAND, L_BOR, L_BXOR, L_BAND) = range(8)
(L_EQ, L_CMP, L_SHIFT, L_ADD, L_MUL, L_POWER, L_UNARY) = range(8, 15)
_LOOP_OPS: dict[int, frozenset[int]] = {
    L_COMMA: frozenset({COMMA}),
    L_LOR: frozenset({LOR}),
    L_LAND: frozenset({LAND}),
    L_BOR: frozenset({BOR}),
    L_BXOR: frozenset({BXOR}),
    L_BAND: frozenset({BAND}),
    L_EQ: frozenset({EQEQ, NEQ}),
    L_CMP: frozenset({LEQ, GEQ, LT, GT}),
    L_SHIFT: frozenset({LSH, RSH}),
    L_ADD: frozenset({PLUS, MINUS}),
    L_MUL: frozenset({MUL, DIV, MOD}),
}
_UNARY = frozenset({NOT, BNOT, MINUS, PLUS})
_COMPARE = {EQEQ: int.__eq__, NEQ: int.__ne__, LT: int.__lt__, GT: int.__gt__}
_COMPARE |= {LEQ: int.__le__, GEQ: int.__ge__}

# Frames of the parse stack. Each is a list whose first item is its kind.
F_TOP = 0  # [F_TOP]: the whole expression
F_ENTER = 1  # [F_ENTER, lo, hi]: levels lo..hi entered, waiting for their first operand
F_LOOP = 2  # [F_LOOP, level, acc, op, set_noeval, tp after op]: a binary operator
F_ASSIGN = 3  # [F_ASSIGN, op or 0, old value, name, subscript, key known, key]
F_COND1 = 4  # [F_COND1, cond, set_noeval]: after `?`
F_COND2 = 5  # [F_COND2, cond, set_noeval, value after ?]: after `:`
F_POWER = 6  # [F_POWER, base]
F_PREFIX = 7  # [F_PREFIX, op]: a unary operator
F_PAREN = 8  # [F_PAREN]
Frame = list[int | str | None]
Step = Generator[str, int, None]  # yields a variable's value to evaluate


def let_eval(args: Sequence[str], vars: ArithVars) -> int:
    """The let builtin: evaluate each argument; status 1 when the last value is 0.

    Raises ArithError("expression expected") without arguments (bash's builtin_error;
    status 1) and the first evaluation's error otherwise (the caller prefixes "let: ").
    """
    if not args:
        raise ArithError("expression expected")
    ret = 0
    for arg in args:
        ret = arith_eval(arg, vars)
    return 0 if ret else 1


def arith_eval(expr: str, vars: ArithVars) -> int:
    """Evaluate expr as bash's evalexp does.

    Returns: the value (0 for an empty or blank expression).
    Raises: ArithError with bash's message; what vars raises passes through.
    """
    if not expr.strip(CR_WS):
        return 0
    top = _Context(expr, vars, 1)
    stack = [(top, top.run())]
    value: int | None = None
    while True:
        ctx, gen = stack[-1]
        try:
            request = gen.send(value)  # type: ignore[arg-type]
        except StopIteration as stop:
            stack.pop()
            value = stop.value
            if not stack:
                assert value is not None
                return value
            continue
        if len(stack) >= MAX_EXPR_RECURSION_LEVEL:  # pushexp's check
            raise ctx.error("expression recursion level exceeded")
        child = _Context(request, vars, len(stack) + 1)
        stack.append((child, child.run()))
        value = None


def _ipow(base: int, exp: int) -> int:
    return wrap(pow(base, exp, 1 << 64))


class _Context(Lexer):
    """One expression being parsed and evaluated (a subexpr call)."""

    def __init__(self, expr: str, vars: ArithVars, depth: int) -> None:
        super().__init__(expr, vars, depth)
        self.frames: list[Frame] = [[F_TOP]]  # the parse stack
        self.level = 0  # the level being called or returning
        self.value = 0  # the value a level returned

    def readtok(self) -> Step:
        request = self.lex()
        if request is not None:
            self.tokval = yield request

    def run(self) -> Generator[str, int, int]:
        """Parse and evaluate; yields variable values to evaluate first."""
        yield from self.readtok()
        calling = True  # else: level returned value
        self.level = L_COMMA
        while True:
            if calling:
                calling = yield from self.call()
                continue
            frame = self.frames[-1]
            kind = frame[0]
            if kind == F_TOP:
                if self.curtok != 0:
                    raise self.error("syntax error in expression")
                return self.value
            if kind == F_ENTER:
                calling = yield from self.first_operand(frame)
            else:
                calling = yield from _RESUME[kind](self, frame)

    def call(self) -> Generator[str, int, bool]:
        """Enter self.level; returns False once the operand is read (exp1/exp0)."""
        if self.level <= L_POWER:
            self.frames.append([F_ENTER, self.level, L_POWER])
        while self.curtok in _UNARY:
            self.frames.append([F_PREFIX, self.curtok])
            yield from self.readtok()
        tok = self.curtok
        if tok == LPAR:
            yield from self.readtok()
            self.frames.append([F_PAREN])
            self.level = L_COMMA
            return True
        if tok == PREINC or tok == PREDEC:
            yield from self.preincdec(tok)
        elif tok == NUM or tok == STR:
            yield from self.operand()
        else:
            raise self.error("syntax error: operand expected")
        self.level = L_UNARY
        return False

    def preincdec(self, tok: int) -> Step:
        """++name / --name."""
        self.lasttok = tok
        yield from self.readtok()
        if self.curtok != STR:
            raise self.error("identifier expected after pre-increment or pre-decrement")
        self.value = wrap(self.tokval + (1 if tok == PREINC else -1))
        if not self.noeval:
            self.bind(self.tokname, self.toksub, self.lval_key(), self.value)
        self.curtok = NUM  # so that ++x=7 is an error
        yield from self.readtok()

    def operand(self) -> Step:
        """A number, or a name and maybe its ++/--."""
        self.value = self.tokval
        if self.curtok == STR:
            tok, start, end = self.peek(self.tp)
            if tok == POSTINC or tok == POSTDEC:
                self.lasttp, self.tp, self.lasttok = start, end, STR
                if not self.noeval:
                    new = wrap(self.value + (1 if tok == POSTINC else -1))
                    self.bind(self.tokname, self.toksub, self.lval_key(), new)
                self.curtok = NUM  # so that x++=7 is an error
        yield from self.readtok()

    def lval_key(self) -> tuple[bool, str | None]:
        """(known, key) of the subscript of the current name, if it was read."""
        if self.lval is not None and self.lval[0] == self.serial:
            return True, self.lval[1]
        return False, None

    def bind(self, name: str, sub: str | None, key: tuple[bool, str | None], v: int) -> None:
        """Assign v to name or name[sub] (expr_bind_variable)."""
        known, resolved = key
        if sub is not None and not known:
            resolved = self.vars.arith_subscript(name, sub)
        self.vars.arith_set(name, resolved, v)

    def first_operand(self, frame: Frame) -> Generator[str, int, bool]:
        """Level frame[2] has its first operand: start its operator or return."""
        level = frame[2]
        assert isinstance(level, int)
        if frame[1] == level:
            self.frames.pop()
        else:
            frame[2] = level - 1
        tok, value = self.curtok, self.value
        if level in _LOOP_OPS:
            if tok not in _LOOP_OPS[level]:
                self.level = level
                return False
            self.frames.append([F_LOOP, level, value, tok, 0, 0])
            yield from self.loop_operator(self.frames[-1])
            return True
        if level == L_POWER and tok == POWER:
            self.frames.append([F_POWER, value])
            yield from self.readtok()
            self.level = L_POWER
            return True
        if level == L_ASSIGN and (tok == EQ or tok == OP_ASSIGN):
            yield from _assign_start(self, value)
            return True
        if level == L_COND and tok == QUES:
            yield from _cond_start(self, value)
            return True
        self.level = level
        return False

    def loop_operator(self, frame: Frame) -> Step:
        """Past a binary operator of frame's level: read on to its right operand."""
        level, acc = frame[1], frame[2]
        set_noeval = (level == L_LOR and acc != 0) or (level == L_LAND and acc == 0)
        self.noeval += set_noeval
        frame[4], frame[5] = set_noeval, self.tp
        yield from self.readtok()
        assert isinstance(level, int)
        self.level = level + 1


def _resume_loop(ctx: _Context, frame: Frame) -> Generator[str, int, bool]:
    """The right operand of a binary operator is in: apply it, then go on or return."""
    _, level, acc, op, set_noeval, stp = frame
    assert isinstance(level, int) and isinstance(acc, int) and isinstance(op, int)
    ctx.noeval -= bool(set_noeval)
    acc = _apply(ctx, level, acc, op, ctx.value, stp)
    if ctx.curtok in _LOOP_OPS[level]:
        frame[2], frame[3] = acc, ctx.curtok
        yield from ctx.loop_operator(frame)
        return True
    ctx.frames.pop()
    ctx.level, ctx.value = level, acc
    return False


def _apply(ctx: _Context, level: int, a: int, op: int, b: int, stp: object) -> int:
    """a op b as the loop of level computes it, and the lasttok it leaves."""
    if level == L_COMMA:
        return b
    if level == L_LOR or level == L_LAND:
        ctx.lasttok = op
        return int(bool(a or b) if level == L_LOR else bool(a and b))
    if op in (DIV, MOD) and b == 0:
        if not ctx.noeval:
            assert isinstance(stp, int)
            ctx.lasttp = len(ctx.s) - len(ctx.s[stp:].lstrip(" \t"))
            raise ctx.error("division by 0")
        b = 1
    elif op == MOD and a == INTMAX_MIN and b == -1:
        return 0  # bash skips setting lasttok here
    ctx.lasttok = NUM
    return _arith(op, a, b)


def _arith(op: int, a: int, b: int) -> int:
    """a op b for a nonzero divisor, as x86-64 bash computes it."""
    if op == PLUS:
        return wrap(a + b)
    if op == MINUS:
        return wrap(a - b)
    if op == MUL:
        return wrap(a * b)
    if op == DIV or op == MOD:
        if a == INTMAX_MIN and b == -1:
            return INTMAX_MIN if op == DIV else 0
        q = abs(a) // abs(b) * (-1 if (a < 0) != (b < 0) else 1)
        return q if op == DIV else a - b * q
    if op == LSH:  # the count is taken mod 64, as the x86 shift instruction does
        return wrap(a << (b & 63))
    if op == RSH:
        return a >> (b & 63)
    if op == BAND:
        return a & b
    if op == BOR:
        return a | b
    if op == BXOR:
        return a ^ b
    return int(_COMPARE[op](a, b))


def _assign_start(ctx: _Context, value: int) -> Step:
    """`=` or `OP=` after an operand: check it is a name, read on to the right side."""
    special = ctx.curtok == OP_ASSIGN
    if ctx.lasttok != STR:
        raise ctx.error("attempted assignment to non-variable")
    if ctx.tokstr is None:
        raise ctx.error("syntax error in variable assignment")
    known, key = ctx.lval_key()
    op = ctx.assigntok if special else 0
    ctx.frames.append([F_ASSIGN, op, value, ctx.tokname, ctx.toksub, known, key])
    yield from ctx.readtok()
    ctx.level = L_ASSIGN


def _resume_assign(ctx: _Context, frame: Frame) -> Generator[str, int, bool]:
    _, op, old, name, sub, known, key = frame
    assert isinstance(op, int) and isinstance(old, int) and isinstance(name, str)
    assert (sub is None or isinstance(sub, str)) and (key is None or isinstance(key, str))
    value = ctx.value
    if op:
        if op in (DIV, MOD) and value == 0:
            if not ctx.noeval:
                raise ctx.error("division by 0")
            value = 1
        value = _arith(op, old, value)
    if not ctx.noeval:
        ctx.bind(name, sub, (bool(known), key), value)
    ctx.lval, ctx.tokstr = None, None
    ctx.frames.pop()
    ctx.level, ctx.value = L_ASSIGN, value
    return False
    yield  # a generator, like the other resumptions


def _cond_start(ctx: _Context, cond: int) -> Step:
    """`?` after an operand: the branch not taken is parsed with noeval."""
    set_noeval = cond == 0
    ctx.noeval += set_noeval
    yield from ctx.readtok()
    if ctx.curtok == 0 or ctx.curtok == COL:
        raise ctx.error("expression expected")
    ctx.frames.append([F_COND1, cond, set_noeval])
    ctx.level = L_COMMA


def _resume_cond1(ctx: _Context, frame: Frame) -> Generator[str, int, bool]:
    _, cond, set_noeval = frame
    ctx.noeval -= bool(set_noeval)
    if ctx.curtok != COL:
        raise ctx.error("`:' expected for conditional expression")
    set_noeval = bool(cond)
    ctx.noeval += set_noeval
    yield from ctx.readtok()
    if ctx.curtok == 0:
        raise ctx.error("expression expected")
    frame[:] = [F_COND2, cond, set_noeval, ctx.value]
    ctx.level = L_COND
    return True


def _resume_cond2(ctx: _Context, frame: Frame) -> Generator[str, int, bool]:
    _, cond, set_noeval, first = frame
    assert isinstance(first, int)
    ctx.noeval -= bool(set_noeval)
    ctx.frames.pop()
    ctx.level, ctx.value, ctx.lasttok = L_COND, first if cond else ctx.value, COND
    return False
    yield


def _resume_power(ctx: _Context, frame: Frame) -> Generator[str, int, bool]:
    base, exp = frame[1], ctx.value
    assert isinstance(base, int)
    ctx.lasttok = NUM
    if exp < 0:
        raise ctx.error("exponent less than 0")
    ctx.frames.pop()
    ctx.level, ctx.value = L_POWER, 1 if exp == 0 else _ipow(base, exp)
    return False
    yield


def _resume_prefix(ctx: _Context, frame: Frame) -> Generator[str, int, bool]:
    op, v = frame[1], ctx.value
    ctx.lasttok = NUM
    ctx.frames.pop()
    if op == NOT:
        ctx.value = int(v == 0)
    elif op == BNOT:
        ctx.value = ~v
    elif op == MINUS:
        ctx.value = wrap(-v)
    return False
    yield


def _resume_paren(ctx: _Context, frame: Frame) -> Generator[str, int, bool]:
    if ctx.curtok != RPAR:
        raise ctx.error("missing `)'")
    yield from ctx.readtok()
    ctx.frames.pop()
    ctx.level = L_UNARY
    return False


_RESUME = {
    F_LOOP: _resume_loop,
    F_ASSIGN: _resume_assign,
    F_COND1: _resume_cond1,
    F_COND2: _resume_cond2,
    F_POWER: _resume_power,
    F_PREFIX: _resume_prefix,
    F_PAREN: _resume_paren,
}

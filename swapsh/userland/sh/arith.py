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
`vars.arith_subscript(name, sub)` once per element reference (when the element is
read, or for a plain `=` when it is assigned, after the right side), at the point
where bash's array_expand_index runs. The caller expands it as bash does and says
whether it is an indexed array's subscript, which arith_eval then evaluates on its
own stack (so it counts toward bash's recursion limit, and its errors are
ArithSubscriptError), or an associative array's key. `arith_get` and `arith_set` get
the key: the index's decimal text, or the associative key. So `a[i++] += 2` moves i
once, as in bash, which remembers the index between reading and assigning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass

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
    POSTDEC,
    POSTINC,
    POWER,
    PREDEC,
    PREINC,
    QUES,
    RPAR,
    RSH,
    STR,
    ArithError,
    ArithSubscriptError,
    ArithVars,
    Lexer,
    Request,
    Step,
    plain_int,
    wrap,
)

__all__ = ["ArithError", "ArithSubscriptError", "ArithVars", "arith_eval", "let_eval"]

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
# The level whose loop or form an operator after an operand continues.
_TOK_LEVEL = {tok: level for level, toks in _LOOP_OPS.items() for tok in toks}
_TOK_LEVEL |= {EQ: L_ASSIGN, OP_ASSIGN: L_ASSIGN, QUES: L_COND, POWER: L_POWER}
Resume = Generator[Request, int, bool]  # a Step, then: is a level being called?


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
    if (plain := plain_int(expr)) is not None:
        return plain
    if not expr.strip(CR_WS):
        return 0
    if (fast := _simple(expr, vars)) is not None:
        return fast
    return _evaluate(expr, vars)


# A loop's usual test and step (`i<100`, `i++`, `n`): a name whose value is a plain
# integer, compared with a decimal constant or stepped by one, is what the full
# evaluator would compute with the same arith_get/arith_set calls, without its
# per-token machinery (a `for ((...))` loop spends most of its time here).
_SIMPLE = re.compile(
    r"[ \t\n]*([A-Za-z_][A-Za-z0-9_]*)[ \t\n]*"
    r"(?:(\+\+|--)|(<=|>=|==|!=|<|>)[ \t\n]*(0|[1-9][0-9]*))?[ \t\n]*"
)
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "<": int.__lt__,
    "<=": int.__le__,
    ">": int.__gt__,
    ">=": int.__ge__,
    "==": int.__eq__,
    "!=": int.__ne__,
}


def _simple(expr: str, vars: ArithVars) -> int | None:
    """expr's value if it is one of the simple forms, else None (then the full
    evaluator runs, from the start)."""
    m = _SIMPLE.fullmatch(expr)
    if m is None:
        return None
    name, step, op, num = m.groups()
    raw = vars.arith_get(name, None)
    value = 0 if not raw else plain_int(raw)
    if value is None:  # a value that is itself an expression
        return None
    if step:
        vars.arith_set(name, None, wrap(value + (1 if step == "++" else -1)))
        return value
    if op:
        return int(_COMPARE[op](value, wrap(int(num))))
    return value


def _evaluate(expr: str, vars: ArithVars) -> int:
    """arith_eval's full evaluator."""
    # One generator per expression being evaluated: the outer one, then each
    # variable value or subscript it asks for (bash's expr_stack, pushexp/popexp).
    stack: list[tuple[_Context, Generator[Request, int, int], bool]] = []
    request: Request | None = (expr, False)
    value = 0
    try:
        while True:
            try:
                if request is None:
                    request = stack[-1][1].send(value)
                    continue
                if len(stack) >= MAX_EXPR_RECURSION_LEVEL:  # pushexp's check
                    error = stack[-1][0].error("expression recursion level exceeded")
                    raise ArithSubscriptError(error.message) if request[1] else error
                in_subscript = request[1] or bool(stack and stack[-1][2])
                ctx = _Context(request[0], vars, len(stack) + 1)
                stack.append((ctx, ctx.run(), in_subscript))
                request = next(stack[-1][1])
            except StopIteration as stop:
                stack.pop()
                value = int(stop.value)  # a run() generator's return
                request = None
                if not stack:
                    return value
    except ArithError as e:
        if not isinstance(e, ArithSubscriptError) and any(entry[2] for entry in stack):
            raise ArithSubscriptError(e.message) from None
        raise


class _Frame:
    """An operator waiting for its right operand (a suspended grammar function)."""

    __slots__ = ()

    def resume(self, ctx: _Context) -> Resume | bool:
        """The level this frame called returned ctx.value: go on. Returns whether
        a level is being called, or a generator that reads tokens first and then
        says so."""
        raise NotImplementedError


class _Context(Lexer):
    """One expression being parsed and evaluated (a subexpr call)."""

    def __init__(self, expr: str, vars: ArithVars, depth: int) -> None:
        super().__init__(expr, vars, depth)
        self.frames: list[_Frame] = [_Top()]  # the parse stack
        self.level = 0  # the level being called, or the one that returned
        self.value = 0  # the value it returned

    def run(self) -> Generator[Request, int, int]:
        """Parse and evaluate; yields variable values to evaluate first."""
        yield from self.readtok()
        self.level = L_COMMA
        calling = True  # else: self.level returned self.value
        while calling or not isinstance(self.frames[-1], _Top):
            if calling:
                calling = yield from self.call()
            else:
                step = self.frames[-1].resume(self)
                calling = step if isinstance(step, bool) else (yield from step)
        if self.curtok != 0:
            raise self.error("syntax error in expression")
        return self.value

    def call(self) -> Resume:
        """Call self.level (down to exp1 and exp0): True if a `(` calls expcomma."""
        self.frames.append(_Enter(self.level, L_POWER))
        while self.curtok in _UNARY:
            self.frames.append(_Prefix(self.curtok))
            yield from self.readtok()
        tok = self.curtok
        if tok == LPAR:
            yield from self.readtok()
            self.frames.append(_Paren())
            self.level = L_COMMA
            return True
        if tok in (PREINC, PREDEC):
            yield from self.preincdec(tok)
        elif tok in (NUM, STR):
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
            yield from self.bind(self.tokname, self.toksub, self.lval_key(), self.value)
        self.curtok = NUM  # so that ++x=7 is an error
        yield from self.readtok()

    def operand(self) -> Step:
        """A number, or a name and maybe its ++/--."""
        self.value = self.tokval
        if self.curtok == STR:
            tok, start, end = self.peek(self.tp)
            if tok in (POSTINC, POSTDEC):
                self.lasttp, self.tp, self.lasttok = start, end, STR
                if not self.noeval:
                    new = wrap(self.value + (1 if tok == POSTINC else -1))
                    yield from self.bind(self.tokname, self.toksub, self.lval_key(), new)
                self.curtok = NUM  # so that x++=7 is an error
        yield from self.readtok()

    def lval_key(self) -> tuple[bool, str | None]:
        """(known, key) of the current name's subscript, known if it was read."""
        if self.lval is not None and self.lval[0] == self.serial:
            return True, self.lval[1]
        return False, None

    def bind(self, name: str, sub: str | None, key: tuple[bool, str | None], v: int) -> Step:
        """Assign v to name or name[sub] (expr_bind_variable); a subscript not read
        before is resolved now."""
        known, resolved = key
        if sub is not None and not known:
            resolved = yield from self.subscript_key(name, sub)
        self.vars.arith_set(name, resolved, v)

    def loop_operator(self, frame: _Loop) -> Step:
        """Past a binary operator: read on to its right operand (the next level)."""
        level, acc = frame.level, frame.acc
        frame.set_noeval = (level == L_LOR and acc != 0) or (level == L_LAND and acc == 0)
        self.noeval += frame.set_noeval
        frame.stp = self.tp
        yield from self.readtok()
        self.level = level + 1


@dataclass(slots=True)
class _Top(_Frame):
    """The whole expression (subexpr)."""


@dataclass(slots=True)
class _Enter(_Frame):
    """Levels lo..hi called, each waiting for its first operand."""

    lo: int  # the level called
    hi: int  # the innermost one still waiting

    def resume(self, ctx: _Context) -> Resume:
        """Level hi's first operand is in. The level whose operator comes next goes
        on (those above it return the operand as it is); if none, all return."""
        tok, value = ctx.curtok, ctx.value
        level = _TOK_LEVEL.get(tok, -1)
        if not self.lo <= level <= self.hi:
            ctx.frames.pop()
            ctx.level = self.lo
            return False
        if level == self.lo:
            ctx.frames.pop()
        self.hi = level - 1
        if level in _LOOP_OPS:
            frame = _Loop(level, value, tok)
            ctx.frames.append(frame)
            yield from ctx.loop_operator(frame)
        elif level == L_POWER:
            ctx.frames.append(_Power(value))
            yield from ctx.readtok()
            ctx.level = L_POWER
        elif level == L_ASSIGN:
            yield from _assign_start(ctx, value)
        else:
            yield from _cond_start(ctx, value)
        return True


@dataclass(slots=True)
class _Loop(_Frame):
    """A left-associative binary operator (expcomma, explor ... expmuldiv)."""

    level: int  # its level
    acc: int  # the value so far
    op: int  # the operator
    set_noeval: bool = False  # the right operand is not evaluated (|| and &&)
    stp: int = 0  # where the right operand starts (a division by 0's token)

    def resume(self, ctx: _Context) -> Resume:
        ctx.noeval -= self.set_noeval
        self.acc = _apply(ctx, self, ctx.value)
        if ctx.curtok in _LOOP_OPS[self.level]:
            self.op = ctx.curtok
            yield from ctx.loop_operator(self)
            return True
        ctx.frames.pop()
        ctx.level, ctx.value = self.level, self.acc
        return False


def _apply(ctx: _Context, frame: _Loop, b: int) -> int:
    """acc op b as frame's level computes it, leaving the lasttok bash leaves."""
    level, a, op = frame.level, frame.acc, frame.op
    if level == L_COMMA:
        return b
    if level in (L_LOR, L_LAND):
        ctx.lasttok = op
        return int(bool(a or b) if level == L_LOR else bool(a and b))
    if op in (DIV, MOD) and b == 0:
        if not ctx.noeval:
            ctx.lasttp = len(ctx.s) - len(ctx.s[frame.stp :].lstrip(" \t"))
            raise ctx.error("division by 0")
        b = 1
    elif op == MOD and a == INTMAX_MIN and b == -1:
        return 0  # bash skips setting lasttok here
    ctx.lasttok = NUM
    return _arith(op, a, b)


def _divide(op: int, a: int, b: int) -> int:
    """C's / or % (truncating) for b != 0; INTMAX_MIN / -1 is INTMAX_MIN in bash."""
    if a == INTMAX_MIN and b == -1:
        return INTMAX_MIN if op == DIV else 0
    q = abs(a) // abs(b) * (-1 if (a < 0) != (b < 0) else 1)
    return q if op == DIV else a - b * q


_ARITH: dict[int, Callable[[int, int], int]] = {
    PLUS: lambda a, b: wrap(a + b),
    MINUS: lambda a, b: wrap(a - b),
    MUL: lambda a, b: wrap(a * b),
    DIV: lambda a, b: _divide(DIV, a, b),
    MOD: lambda a, b: _divide(MOD, a, b),
    # x86's shift instructions take the count mod 64, and bash shifts with them.
    LSH: lambda a, b: wrap(a << (b & 63)),
    RSH: lambda a, b: a >> (b & 63),
    BAND: int.__and__,
    BOR: int.__or__,
    BXOR: int.__xor__,
    EQEQ: lambda a, b: int(a == b),
    NEQ: lambda a, b: int(a != b),
    LT: lambda a, b: int(a < b),
    GT: lambda a, b: int(a > b),
    LEQ: lambda a, b: int(a <= b),
    GEQ: lambda a, b: int(a >= b),
}


def _arith(op: int, a: int, b: int) -> int:
    """a op b (a nonzero divisor), in intmax_t as x86-64 bash computes it."""
    return _ARITH[op](a, b)


def _assign_start(ctx: _Context, value: int) -> Step:
    """`=` or `OP=` after an operand: check it is a name, read on to the right side."""
    if ctx.lasttok != STR:
        raise ctx.error("attempted assignment to non-variable")
    if ctx.tokstr is None:
        raise ctx.error("syntax error in variable assignment")
    op = ctx.assigntok if ctx.curtok == OP_ASSIGN else 0
    ctx.frames.append(_Assign(op, value, ctx.tokname, ctx.toksub, ctx.lval_key()))
    yield from ctx.readtok()
    ctx.level = L_ASSIGN


@dataclass(slots=True)
class _Assign(_Frame):
    """name = ... or name OP= ... (expassign; right-associative)."""

    op: int  # OP of OP=, or 0
    old: int  # the name's value (OP=)
    name: str  # the name
    sub: str | None  # its raw subscript
    key: tuple[bool, str | None]  # (known, key): the subscript resolved when read

    def resume(self, ctx: _Context) -> Resume:
        value = ctx.value
        if self.op:
            if self.op in (DIV, MOD) and value == 0:
                if not ctx.noeval:
                    raise ctx.error("division by 0")
                value = 1
            value = _arith(self.op, self.old, value)
        if not ctx.noeval:
            yield from ctx.bind(self.name, self.sub, self.key, value)
        ctx.lval, ctx.tokstr = None, None
        ctx.frames.pop()
        ctx.level, ctx.value = L_ASSIGN, value
        return False


def _cond_start(ctx: _Context, cond: int) -> Step:
    """`?` after an operand: the branch not taken is parsed with noeval."""
    frame = _Cond(cond, cond == 0)
    ctx.noeval += frame.set_noeval
    yield from ctx.readtok()
    if ctx.curtok in (0, COL):
        raise ctx.error("expression expected")
    ctx.frames.append(frame)
    ctx.level = L_COMMA


@dataclass(slots=True)
class _Cond(_Frame):
    """cond ? first : second (expcond)."""

    cond: int  # the condition's value
    set_noeval: bool  # the branch being parsed is not taken
    first: int | None = None  # the value after ?, once it is in

    def resume(self, ctx: _Context) -> Resume:
        ctx.noeval -= self.set_noeval
        if self.first is not None:
            ctx.frames.pop()
            ctx.level, ctx.lasttok = L_COND, COND
            ctx.value = self.first if self.cond else ctx.value
            return False
        if ctx.curtok != COL:
            raise ctx.error("`:' expected for conditional expression")
        self.first, self.set_noeval = ctx.value, self.cond != 0
        ctx.noeval += self.set_noeval
        yield from ctx.readtok()
        if ctx.curtok == 0:
            raise ctx.error("expression expected")
        ctx.level = L_COND
        return True


@dataclass(slots=True)
class _Power(_Frame):
    """base ** ... (exppower; right-associative)."""

    base: int  # the left operand

    def resume(self, ctx: _Context) -> bool:
        exp = ctx.value
        ctx.lasttok = NUM
        if exp < 0:
            raise ctx.error("exponent less than 0")
        ctx.frames.pop()
        ctx.level = L_POWER
        ctx.value = 1 if exp == 0 else wrap(pow(self.base, exp, 1 << 64))
        return False


@dataclass(slots=True)
class _Prefix(_Frame):
    """A unary operator (exp1)."""

    op: int  # ! ~ - +

    def resume(self, ctx: _Context) -> bool:
        v = ctx.value
        ctx.lasttok = NUM
        ctx.frames.pop()
        if self.op == NOT:
            ctx.value = int(v == 0)
        elif self.op == BNOT:
            ctx.value = ~v
        elif self.op == MINUS:
            ctx.value = wrap(-v)
        return False


@dataclass(slots=True)
class _Paren(_Frame):
    """( ... ) (exp0)."""

    def resume(self, ctx: _Context) -> Resume:
        if ctx.curtok != RPAR:
            raise ctx.error("missing `)'")
        yield from ctx.readtok()
        ctx.frames.pop()
        ctx.level = L_UNARY
        return False

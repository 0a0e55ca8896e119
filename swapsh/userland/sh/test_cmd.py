"""bash's `test` and `[` builtins (models bash 5.2's test.c and builtins/test.def).

The POSIX argument-count rules (0 to 4 arguments) pick the reading; five or more
are parsed by the grammar expr: or; or: and ['-o' or]; and: term ['-a' and];
term: '!' term | '(' expr ')' | unary-op ARG | ARG binary-op ARG | ARG.
A syntax error is bash's builtin_error ("bash: test: x: unary operator expected"),
and the status is 2; otherwise 0 (true) or 1 (false).

Interface for `[[ ]]` (the conditional command evaluates its own parse tree and
reuses the primaries, as bash's execute_cond_node calls unary_test/binary_test):

- ``test_unop(op)`` / ``test_binop(op)``: whether a word is a unary / binary primary.
- ``await unary_test(env, op, arg)``: -e -f -d ... -t -z -n -o -v -R on one word.
- ``await binary_test(env, op, lhs, rhs, patmatch=..., arith=...)``: = == != < >
  -eq ... -ge -nt -ot -ef. `[[ ]]` passes ``patmatch`` (a glob matcher for = == !=)
  and ``arith`` (evaluates an arithmetic expression, None when it fails: the test is
  then false, as bash's arithcomp with TEST_ARITHEXP).
- ``TestEnv``: what the primaries ask of the shell (files through libc, variables,
  options); ``ShellTestEnv(sh)`` answers for a running Shell.

Integer operands follow bash's legal_number: decimal, a sign, blanks around it;
anything else (or a value past 64 bits) is "integer expression expected".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from swapsh.syscalls.abi import Stat
from swapsh.userland.sh.builtins import builtin

if TYPE_CHECKING:
    from swapsh.userland.libc import Libc
    from swapsh.userland.sh.shell import Shell

__all__ = [
    "SET_O_DEFAULTS",
    "LibcTestEnv",
    "ShellTestEnv",
    "TestEnv",
    "TestSyntaxError",
    "binary_test",
    "legal_number",
    "test_binop",
    "test_command",
    "test_unop",
    "unary_test",
]

S_IFMT, S_IFSOCK, S_IFLNK, S_IFREG, S_IFBLK = 0o170000, 0o140000, 0o120000, 0o100000, 0o060000
S_IFDIR, S_IFCHR, S_IFIFO = 0o040000, 0o020000, 0o010000
S_ISUID, S_ISGID, S_ISVTX = 0o4000, 0o2000, 0o1000
R_OK, W_OK, X_OK = 4, 2, 1
INTMAX_MIN, INTMAX_MAX = -(1 << 63), (1 << 63) - 1
INT_MIN, INT_MAX = -(1 << 31), (1 << 31) - 1

# `set -o` names and their values in a bash started without options (bash 5.2's
# o_options); interactive shells also have emacs, histexpand, history, monitor on.
SET_O_DEFAULTS: dict[str, bool] = {
    name: False
    for name in [
        "allexport",
        "errexit",
        "errtrace",
        "functrace",
        "ignoreeof",
        "keyword",
        "noclobber",
        "noexec",
        "noglob",
        "nolog",
        "notify",
        "nounset",
        "onecmd",
        "physical",
        "pipefail",
        "posix",
        "privileged",
        "verbose",
        "vi",
        "xtrace",
        "emacs",
        "histexpand",
        "history",
        "monitor",
    ]
} | {"braceexpand": True, "hashall": True, "interactive-comments": True}
INTERACTIVE_ON = ("emacs", "histexpand", "history", "monitor")


class TestSyntaxError(Exception):
    """test_syntax_error(): the message builtin_error prints; the status is 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TestEnv(Protocol):
    """What the primaries need from the shell. File calls raise OSError."""

    async def stat(self, path: str) -> Stat: ...
    async def lstat(self, path: str) -> Stat: ...
    async def access(self, path: str, mode: int) -> None: ...
    async def isatty(self, fd: int) -> bool: ...
    async def euid_egid(self) -> tuple[int, int]: ...
    def var_isset(self, name: str) -> bool: ...
    def nargs(self) -> int: ...
    def option(self, name: str) -> bool | None: ...


class LibcTestEnv:
    """The file, terminal and id parts of a TestEnv, through a process's libc (no
    variables or options: coreutils' test has none)."""

    def __init__(self, libc: Libc) -> None:
        self.libc = libc

    async def stat(self, path: str) -> Stat:
        return await self.libc.stat(path)

    async def lstat(self, path: str) -> Stat:
        return await self.libc.lstat(path)

    async def access(self, path: str, mode: int) -> None:
        await self.libc.access(path, mode)

    async def isatty(self, fd: int) -> bool:
        return await self.libc.isatty(fd)

    async def euid_egid(self) -> tuple[int, int]:
        return (await self.libc.getresuid())[1], (await self.libc.getresgid())[1]

    def var_isset(self, name: str) -> bool:
        return False

    def nargs(self) -> int:
        return 0

    def option(self, name: str) -> bool | None:
        return None


class ShellTestEnv(LibcTestEnv):
    """TestEnv for a running Shell: its libc, its variables and positional parameters."""

    def __init__(self, sh: Shell) -> None:
        super().__init__(sh.libc)
        self.sh = sh

    def var_isset(self, name: str) -> bool:
        return self.sh.vars.get(name) is not None

    def nargs(self) -> int:
        return len(self.sh.positional)

    def option(self, name: str) -> bool | None:
        """minus_o_option_value: None for a name bash does not know. The shell has no
        `set -o` yet, so every option holds its start-up value."""
        if name not in SET_O_DEFAULTS:
            return None
        return SET_O_DEFAULTS[name] or (self.sh.interactive and name in INTERACTIVE_ON)


# -- the primaries ---------------------------------------------------------------------------
def legal_number(s: str) -> int | None:
    """bash's legal_number(): strtoimax base 10 (leading white space, a sign), then
    only blanks. None when it is not a whole number or overflows intmax_t."""
    i, n = 0, len(s)
    while i < n and s[i] in " \t\n\v\f\r":
        i += 1
    j = i + (i < n and s[i] in "+-")
    k = j
    while k < n and "0" <= s[k] <= "9":
        k += 1
    if k == j:
        return None
    value = int(s[i:k])
    if not INTMAX_MIN <= value <= INTMAX_MAX:
        return None
    while k < n and s[k] in " \t":
        k += 1
    return value if k == n else None


def test_unop(op: str) -> bool:
    """Whether op is one of test's unary operators (-e, -f, ... -v, -R)."""
    return len(op) == 2 and op[0] == "-" and op[1] in "abcdefghknoprstuvwxzGLOSNR"


_BINOPS = frozenset(("=", "<", ">", "==", "!=", "-nt", "-ot", "-ef"))
_ARITH: dict[str, Callable[[int, int], bool]] = {
    "-eq": lambda a, b: a == b,
    "-ne": lambda a, b: a != b,
    "-lt": lambda a, b: a < b,
    "-le": lambda a, b: a <= b,
    "-gt": lambda a, b: a > b,
    "-ge": lambda a, b: a >= b,
}


def test_binop(op: str) -> bool:
    """Whether op is one of test's binary operators."""
    return op in _BINOPS or op in _ARITH


async def _stat(env: TestEnv, path: str) -> Stat | None:
    """sh_stat: an empty name is no file (ENOENT)."""
    if not path:
        return None
    try:
        return await env.stat(path)
    except OSError:
        return None


_MODE_TESTS: dict[str, Callable[[int], bool]] = {
    "f": lambda m: m & S_IFMT in (S_IFREG, 0),
    "d": lambda m: m & S_IFMT == S_IFDIR,
    "S": lambda m: m & S_IFMT == S_IFSOCK,
    "c": lambda m: m & S_IFMT == S_IFCHR,
    "b": lambda m: m & S_IFMT == S_IFBLK,
    "p": lambda m: m & S_IFMT == S_IFIFO,
    "u": lambda m: bool(m & S_ISUID),
    "g": lambda m: bool(m & S_ISGID),
    "k": lambda m: bool(m & S_ISVTX),
}


async def unary_test(env: TestEnv, op: str, arg: str) -> bool:
    """One unary primary (op as "-x") on arg."""
    c = op[1]
    if c in "rwx":
        try:
            await env.access(arg, {"r": R_OK, "w": W_OK, "x": X_OK}[c])
        except OSError:
            return False
        return True
    if c in "hL":
        try:
            return bool(arg) and (await env.lstat(arg)).st_mode & S_IFMT == S_IFLNK
        except OSError:
            return False
    if c in "aeOGsN" or c in _MODE_TESTS:
        st = await _stat(env, arg)
        return st is not None and await _stat_test(env, c, st)
    return await _unary_other(env, c, arg)


async def _stat_test(env: TestEnv, c: str, st: Stat) -> bool:
    """The primaries on an existing file's stat."""
    if c in _MODE_TESTS:
        return _MODE_TESTS[c](st.st_mode)
    if c == "s":
        return st.st_size > 0
    if c == "N":
        return st.st_mtime > st.st_atime
    if c in "OG":
        euid, egid = await env.euid_egid()
        return st.st_uid == euid if c == "O" else st.st_gid == egid
    return True  # -a, -e


async def _unary_other(env: TestEnv, c: str, arg: str) -> bool:
    """The primaries on strings, descriptors, variables and options."""
    if c == "t":
        fd = legal_number(arg)
        return fd is not None and INT_MIN <= fd <= INT_MAX and await env.isatty(fd)
    if c == "n":
        return arg != ""
    if c == "z":
        return arg == ""
    if c == "o":
        return env.option(arg) is True
    if c == "v":
        n = legal_number(arg)
        if n is not None:  # -v N: is positional parameter N set?
            return 0 <= n <= env.nargs()
        return env.var_isset(arg)
    return False  # -R: not yet asked of the shell's variables (declare -n exists)


async def _filecomp(env: TestEnv, a: str, b: str, op: str) -> bool:
    """-nt, -ot, -ef: a missing file is older than any existing one."""
    sa, sb = await _stat(env, a), await _stat(env, b)
    if sa is None or sb is None:
        if op == "-ef":
            return False
        return sa is not None if op == "-nt" else sb is not None
    if op == "-ef":
        return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)
    return sa.st_mtime > sb.st_mtime if op == "-nt" else sa.st_mtime < sb.st_mtime


def _integer(s: str) -> int:
    n = legal_number(s)
    if n is None:
        raise TestSyntaxError(f"{s}: integer expression expected")
    return n


def _bytes(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


async def binary_test(
    env: TestEnv,
    op: str,
    lhs: str,
    rhs: str,
    *,
    patmatch: Callable[[str, str], bool] | None = None,
    arith: Callable[[str], Awaitable[int | None]] | None = None,
) -> bool:
    """One binary primary. Raises TestSyntaxError for a non-integer operand of
    -eq... (only without ``arith``)."""
    if op in ("=", "==", "!="):
        same = patmatch(lhs, rhs) if patmatch is not None else lhs == rhs
        return same == (op != "!=")
    if op in ("<", ">"):  # strcmp: byte order
        a, b = _bytes(lhs), _bytes(rhs)
        return a < b if op == "<" else a > b
    if op in _ARITH:
        if arith is not None:
            x = await arith(lhs)
            y = None if x is None else await arith(rhs)
            return x is not None and y is not None and _ARITH[op](x, y)
        return _ARITH[op](_integer(lhs), _integer(rhs))
    return await _filecomp(env, lhs, rhs, op)


# -- the command ------------------------------------------------------------------------------
class _Parser:
    """test.c's recursive descent over argv[1:argc] (pos is the next word)."""

    def __init__(self, env: TestEnv, argv: list[str], after: str | None) -> None:
        self.env, self.argv, self.argc, self.pos = env, argv, len(argv), 1
        self.after = after  # the word after the last one ("]" for `[`)

    def advance(self, check: bool) -> None:
        self.pos += 1
        if check and self.pos >= self.argc:
            raise TestSyntaxError("argument expected")

    async def expr(self) -> bool:
        if self.pos >= self.argc:
            raise TestSyntaxError("argument expected")
        return await self.or_()

    async def or_(self) -> bool:
        value = await self.and_()
        if self.pos < self.argc and self.argv[self.pos] == "-o":
            self.advance(False)
            return await self.or_() or value
        return value

    async def and_(self) -> bool:
        value = await self.term()
        if self.pos < self.argc and self.argv[self.pos] == "-a":
            self.advance(False)
            return await self.and_() and value
        return value

    async def term(self) -> bool:
        if self.pos >= self.argc:
            raise TestSyntaxError("argument expected")
        argv = self.argv
        if argv[self.pos] == "!":
            negate = False
            while self.pos < self.argc and argv[self.pos] == "!":
                self.advance(True)
                negate = not negate
            return (not await self.term()) if negate else await self.term()
        if argv[self.pos] == "(":
            self.advance(True)
            value = await self.expr()
            # past the end, `[`'s argv still holds its "]" (test.c's argv[argc])
            found = argv[self.pos] if self.pos < self.argc else self.after
            if found is None:
                raise TestSyntaxError("`)' expected")
            if found != ")":
                raise TestSyntaxError(f"`)' expected, found {found}")
            self.advance(False)
            return value
        if self.pos + 3 <= self.argc and test_binop(argv[self.pos + 1]):
            return await self.binary_operator()
        if self.pos + 2 <= self.argc and test_unop(argv[self.pos]):
            return await self.unary_operator()
        self.advance(False)
        return argv[self.pos - 1] != ""

    async def binary_operator(self) -> bool:
        w = self.argv[self.pos + 1]
        if not test_binop(w):
            raise TestSyntaxError(f"{w}: binary operator expected")
        value = await binary_test(self.env, w, self.argv[self.pos], self.argv[self.pos + 2])
        self.pos += 3
        return value

    async def unary_operator(self) -> bool:
        op = self.argv[self.pos]
        if op == "-t":  # the one primary whose operand is optional
            self.advance(False)
            if self.pos >= self.argc:
                return await unary_test(self.env, op, "1")
            if legal_number(self.argv[self.pos]) is None:
                return False
            self.advance(False)
            return await unary_test(self.env, op, self.argv[self.pos - 1])
        self.advance(True)
        self.pos += 1
        return await unary_test(self.env, op, self.argv[self.pos - 1])

    async def two_arguments(self) -> bool:
        first = self.argv[self.pos]
        if first == "!":
            return self.argv[self.pos + 1] == ""
        if len(first) == 2 and first[0] == "-" and test_unop(first):
            return await self.unary_operator()
        raise TestSyntaxError(f"{first}: unary operator expected")

    async def three_arguments(self) -> bool:
        argv, p = self.argv, self.pos
        if test_binop(argv[p + 1]):
            value = await self.binary_operator()
        elif argv[p + 1] in ("-a", "-o"):
            a, b = argv[p] != "", argv[p + 2] != ""
            value = (a and b) if argv[p + 1] == "-a" else (a or b)
        elif argv[p] == "!":
            self.advance(True)
            value = not await self.two_arguments()
        elif argv[p][:1] == "(" and argv[p + 2][:1] == ")":  # test.c looks at first chars
            value = argv[p + 1] != ""
        else:
            raise TestSyntaxError(f"{argv[p + 1]}: binary operator expected")
        self.pos = self.argc
        return value

    async def posixtest(self) -> bool:
        n = self.argc - 1
        if n == 1:
            self.pos = self.argc
            return self.argv[1] != ""
        if n == 2:
            value = await self.two_arguments()
            self.pos = self.argc
            return value
        if n == 3:
            return await self.three_arguments()
        if n == 4:
            if self.argv[self.pos] == "!":
                self.advance(True)
                return not await self.three_arguments()
            if self.argv[self.pos] == "(" and self.argv[-1] == ")":
                self.advance(True)
                value = await self.two_arguments()
                self.pos = self.argc
                return value
        return await self.expr()


async def test_command(env: TestEnv, argv: list[str]) -> int:
    """test_command(): argv[0] is "test" or "[". Returns 0 or 1; raises
    TestSyntaxError (status 2)."""
    if argv[0] == "[":
        if argv[-1] != "]":
            raise TestSyntaxError("missing `]'")
        argv = argv[:-1]
    if len(argv) < 2:
        return 1
    p = _Parser(env, argv, "]" if argv[0] == "[" else None)
    value = await p.posixtest()
    if p.pos != p.argc:
        if p.argv[p.pos][:1] == "-":
            raise TestSyntaxError(f"syntax error: `{p.argv[p.pos]}' unexpected")
        raise TestSyntaxError("too many arguments")
    return 0 if value else 1


@builtin("test")
@builtin("[")
async def test_builtin(sh: Shell, argv: list[str]) -> int:
    try:
        return await test_command(ShellTestEnv(sh), argv)
    except TestSyntaxError as e:
        await sh.error(f"{argv[0]}: {e.message}")
        return 2

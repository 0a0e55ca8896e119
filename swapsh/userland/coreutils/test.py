"""test and [: check file types and compare values (models coreutils 9.1 src/test.c;
`[` is the same program built with LBRACKET).

Not bash's builtin: the parser is coreutils' own (no -v, -o OPTION, -R, < or >; -a
is only binary; `-l STRING` is an integer; integers have any length), and its
messages are "test: invalid integer ‘x’", "[: missing ‘]’", "extra argument ‘c’".
The file primaries are the shell's (swapsh/userland/sh/test_cmd.py), except -f
(a regular file only), -e and -t (whose operand must be an integer).
"""

from __future__ import annotations

from swapsh.syscalls.abi import Stat
from swapsh.userland.coreutils.common import Die, Prog, coreutil, version_text
from swapsh.userland.sh.test_cmd import INT_MAX, S_IFMT, S_IFREG, LibcTestEnv, unary_test

__all__ = ["main", "main_bracket"]

BINOPS = frozenset(["=", "!=", "==", "-nt", "-ot", "-ef", "-eq", "-ne", "-lt", "-le", "-gt", "-ge"])
UNOPS = "erwxNOGfdsScbpLhugktnz"
TEST_FAILURE = 2  # a syntax error
AUTHORS = "Kevin Braunsdorf and Matthew Bradburn"
# `[ --help` (coreutils 9.1, C.UTF-8)
BRACKET_HELP = (
    "Usage: test EXPRESSION\n"
    "  or:  test\n"
    "  or:  [ EXPRESSION ]\n"
    "  or:  [ ]\n"
    "  or:  [ OPTION\n"
    "Exit with the status determined by EXPRESSION.\n"
    "\n"
    "      --help        display this help and exit\n"
    "      --version     output version information and exit\n"
    "\n"
    "An omitted EXPRESSION defaults to false.  Otherwise,\n"
    "EXPRESSION is true or false and sets exit status.  It is one of:\n"
    "\n"
    "  ( EXPRESSION )               EXPRESSION is true\n"
    "  ! EXPRESSION                 EXPRESSION is false\n"
    "  EXPRESSION1 -a EXPRESSION2   both EXPRESSION1 and EXPRESSION2 are true\n"
    "  EXPRESSION1 -o EXPRESSION2   either EXPRESSION1 or EXPRESSION2 is true\n"
    "\n"
    "  -n STRING            the length of STRING is nonzero\n"
    "  STRING               equivalent to -n STRING\n"
    "  -z STRING            the length of STRING is zero\n"
    "  STRING1 = STRING2    the strings are equal\n"
    "  STRING1 != STRING2   the strings are not equal\n"
    "\n"
    "  INTEGER1 -eq INTEGER2   INTEGER1 is equal to INTEGER2\n"
    "  INTEGER1 -ge INTEGER2   INTEGER1 is greater than or equal to INTEGER2\n"
    "  INTEGER1 -gt INTEGER2   INTEGER1 is greater than INTEGER2\n"
    "  INTEGER1 -le INTEGER2   INTEGER1 is less than or equal to INTEGER2\n"
    "  INTEGER1 -lt INTEGER2   INTEGER1 is less than INTEGER2\n"
    "  INTEGER1 -ne INTEGER2   INTEGER1 is not equal to INTEGER2\n"
    "\n"
    "  FILE1 -ef FILE2   FILE1 and FILE2 have the same device and inode numbers\n"
    "  FILE1 -nt FILE2   FILE1 is newer (modification date) than FILE2\n"
    "  FILE1 -ot FILE2   FILE1 is older than FILE2\n"
    "\n"
    "  -b FILE     FILE exists and is block special\n"
    "  -c FILE     FILE exists and is character special\n"
    "  -d FILE     FILE exists and is a directory\n"
    "  -e FILE     FILE exists\n"
    "  -f FILE     FILE exists and is a regular file\n"
    "  -g FILE     FILE exists and is set-group-ID\n"
    "  -G FILE     FILE exists and is owned by the effective group ID\n"
    "  -h FILE     FILE exists and is a symbolic link (same as -L)\n"
    "  -k FILE     FILE exists and has its sticky bit set\n"
    "  -L FILE     FILE exists and is a symbolic link (same as -h)\n"
    "  -N FILE     FILE exists and has been modified since it was last read\n"
    "  -O FILE     FILE exists and is owned by the effective user ID\n"
    "  -p FILE     FILE exists and is a named pipe\n"
    "  -r FILE     FILE exists and the user has read access\n"
    "  -s FILE     FILE exists and has a size greater than zero\n"
    "  -S FILE     FILE exists and is a socket\n"
    "  -t FD       file descriptor FD is opened on a terminal\n"
    "  -u FILE     FILE exists and its set-user-ID bit is set\n"
    "  -w FILE     FILE exists and the user has write access\n"
    "  -x FILE     FILE exists and the user has execute (or search) access\n"
    "\n"
    "Except for -h and -L, all FILE-related tests dereference symbolic links.\n"
    "Beware that parentheses need to be escaped (e.g., by backslashes) for shells.\n"
    "INTEGER may also be -l STRING, which evaluates to the length of STRING.\n"
    "\n"
    "NOTE: Binary -a and -o are inherently ambiguous.  Use 'test EXPR1 && test\n"
    "EXPR2' or 'test EXPR1 || test EXPR2' instead.\n"
    "\n"
    "NOTE: [ honors the --help and --version options, but test does not.\n"
    "test treats each of those as it treats any other nonempty STRING.\n"
    "\n"
    "NOTE: your shell may have its own version of test and/or [, which usually supersedes\n"
    "the version described here.  Please refer to your shell's documentation\n"
    "for details about the options it supports.\n"
    "\n"
    "GNU coreutils online help: <https://www.gnu.org/software/coreutils/>\n"
    "Report any translation bugs to <https://translationproject.org/team/>\n"
    "Full documentation <https://www.gnu.org/software/coreutils/test>\n"
    "or available locally via: info '(coreutils) test invocation'\n"
)


class _Error(Exception):
    """test_syntax_error: the message (without the program name); exit 2."""


def _find_int(p: Prog, s: str) -> str:
    """The number in s (blanks and a '+' dropped); "invalid integer ‘s’" if none."""
    t = s.lstrip(" \t")
    sign = "-" if t[:1] == "-" else ""
    t = t[1:] if t[:1] in ("+", "-") else t
    digits = t.rstrip(" \t")
    if digits and all("0" <= c <= "9" for c in digits):
        return sign + digits
    raise _Error(f"invalid integer {p.quote(s)}")


def _strintcmp(a: str, b: str) -> int:
    """Compare two integers written in decimal, of any length (gnulib strintcmp)."""

    def key(n: str) -> tuple[int, str]:
        digits = n.lstrip("-").lstrip("0")
        return (0 if not digits else -1 if n.startswith("-") else 1), digits

    (sa, da), (sb, db) = key(a), key(b)
    if sa != sb or sa == 0:
        return (sa > sb) - (sa < sb)
    mag = (len(da) > len(db)) - (len(da) < len(db)) or (da > db) - (da < db)
    return mag if sa > 0 else -mag


class _Test:
    """coreutils' recursive descent over argv[1:argc]."""

    def __init__(self, p: Prog, argv: list[str], after: str | None) -> None:
        self.p, self.argv, self.argc, self.pos = p, argv, len(argv), 1
        self.after = after  # the word after the last one ("]" for `[`)
        self.env = LibcTestEnv(p.libc)

    def advance(self, check: bool) -> None:
        self.pos += 1
        if check and self.pos >= self.argc:
            self.beyond()

    def beyond(self) -> None:
        raise _Error(f"missing argument after {self.p.quote(self.argv[self.argc - 1])}")

    async def term(self) -> bool:
        argv, negated = self.argv, False
        while self.pos < self.argc and argv[self.pos] == "!":
            self.advance(True)
            negated = not negated
        if self.pos >= self.argc:
            self.beyond()
        if argv[self.pos] == "(":
            self.advance(True)
            nargs = 1
            while self.pos + nargs < self.argc and argv[self.pos + nargs] != ")":
                if nargs == 4:
                    nargs = self.argc - self.pos
                    break
                nargs += 1
            value = await self.posixtest(nargs)
            # past the end, `[`'s argv still holds its "]" (test.c's argv[argc])
            found_word = argv[self.pos] if self.pos < self.argc else self.after
            if found_word is None:
                raise _Error(f"{self.p.quote(')')} expected")
            if found_word != ")":
                found = self.p.quote(found_word)
                raise _Error(f"{self.p.quote(')')} expected, found {found}")
            self.advance(False)
        elif self.argc - self.pos >= 4 and argv[self.pos] == "-l" and argv[self.pos + 2] in BINOPS:
            value = await self.binary_operator(True)
        elif self.argc - self.pos >= 3 and argv[self.pos + 1] in BINOPS:
            value = await self.binary_operator(False)
        elif len(argv[self.pos]) == 2 and argv[self.pos][0] == "-":
            value = await self.unary_operator()
        else:
            value = argv[self.pos] != ""
            self.advance(False)
        return negated != value

    async def binary_operator(self, l_is_l: bool) -> bool:
        argv = self.argv
        if l_is_l:
            self.advance(False)
        op = self.pos + 1
        r_is_l = op < self.argc - 2 and argv[op + 1] == "-l"
        if r_is_l:
            self.advance(False)
        w, lhs, rhs = argv[op], argv[op - 1], argv[op + 2 if r_is_l else op + 1]
        self.pos += 3
        if w in ("=", "=="):
            return argv[self.pos - 3] == argv[self.pos - 1]
        if w == "!=":
            return argv[self.pos - 3] != argv[self.pos - 1]
        if w in ("-nt", "-ot", "-ef"):
            if l_is_l or r_is_l:
                raise _Error(f"{w} does not accept -l")
            return await self._files(w, lhs, rhs)
        a = str(len(lhs.encode("utf-8", "surrogateescape"))) if l_is_l else _find_int(self.p, lhs)
        b = str(len(rhs.encode("utf-8", "surrogateescape"))) if r_is_l else _find_int(self.p, rhs)
        cmp = _strintcmp(a, b)
        return {"-eq": cmp == 0, "-ne": cmp != 0, "-lt": cmp < 0, "-le": cmp <= 0}.get(
            w, cmp > 0 if w == "-gt" else cmp >= 0
        )

    async def _files(self, w: str, lhs: str, rhs: str) -> bool:
        sa, sb = await self._stat(lhs), await self._stat(rhs)
        if w == "-ef":
            return (
                sa is not None
                and sb is not None
                and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)
            )
        if w == "-nt":
            return sa is not None and (sb is None or sa.st_mtime > sb.st_mtime)
        return sb is not None and (sa is None or sa.st_mtime < sb.st_mtime)

    async def _stat(self, path: str) -> Stat | None:
        try:
            return await self.p.libc.stat(path)
        except OSError:
            return None

    async def unary_operator(self) -> bool:
        op = self.argv[self.pos]
        if op[1] not in UNOPS:
            raise _Error(f"{self.p.quote(op)}: unary operator expected")
        self.advance(True)
        self.pos += 1
        arg = self.argv[self.pos - 1]
        if op == "-t":
            fd = int(_find_int(self.p, arg))
            return 0 <= fd <= INT_MAX and await self.p.libc.isatty(fd)
        if op == "-f":
            try:
                return (await self.p.libc.stat(arg)).st_mode & S_IFMT == S_IFREG
            except OSError:
                return False
        return await unary_test(self.env, op, arg)

    async def two_arguments(self) -> bool:
        if self.argv[self.pos] == "!":
            self.advance(False)
            return not self.one_argument()
        first = self.argv[self.pos]
        if len(first) == 2 and first[0] == "-":
            return await self.unary_operator()
        self.beyond()
        return False

    def one_argument(self) -> bool:
        self.pos += 1
        return self.argv[self.pos - 1] != ""

    async def three_arguments(self) -> bool:
        argv, p = self.argv, self.pos
        if argv[p + 1] in BINOPS:
            return await self.binary_operator(False)
        if argv[p] == "!":
            self.advance(True)
            return not await self.two_arguments()
        if argv[p] == "(" and argv[p + 2] == ")":
            self.advance(False)
            value = self.one_argument()
            self.advance(False)
            return value
        if argv[p + 1] in ("-a", "-o"):
            return await self.expr()
        raise _Error(f"{self.p.quote(argv[p + 1])}: binary operator expected")

    async def posixtest(self, nargs: int) -> bool:
        if nargs == 1:
            return self.one_argument()
        if nargs == 2:
            return await self.two_arguments()
        if nargs == 3:
            return await self.three_arguments()
        if nargs == 4:
            if self.argv[self.pos] == "!":
                self.advance(True)
                return not await self.three_arguments()
            if self.argv[self.pos] == "(" and self.argv[self.pos + 3] == ")":
                self.advance(False)
                value = await self.two_arguments()
                self.advance(False)
                return value
        return await self.expr()

    async def expr(self) -> bool:
        if self.pos >= self.argc:
            self.beyond()
        value = False
        while True:  # or: and ('-o' and)*
            value = await self.and_() or value
            if not (self.pos < self.argc and self.argv[self.pos] == "-o"):
                return value
            self.advance(False)

    async def and_(self) -> bool:
        value = True
        while True:
            value = await self.term() and value
            if not (self.pos < self.argc and self.argv[self.pos] == "-a"):
                return value
            self.advance(False)


async def _bracket_options(p: Prog, argv: list[str]) -> None:
    """`[ --help` and `[ --version` (only as the sole argument)."""
    if len(argv) == 2 and argv[1] == "--help":
        await p.libc.out(BRACKET_HELP)
        raise Die(0)
    if len(argv) == 2 and argv[1] == "--version":
        await p.libc.out(version_text("[", AUTHORS))
        raise Die(0)


async def test_main(p: Prog, argv: list[str]) -> int:
    """test EXPRESSION; [ EXPRESSION ]"""
    bracket = argv[0].rsplit("/", 1)[-1] == "["
    try:
        if bracket:
            await _bracket_options(p, argv)
            if len(argv) < 2 or argv[-1] != "]":
                raise _Error(f"missing {p.quote(']')}")
            argv = argv[:-1]
        if len(argv) < 2:
            return 1
        t = _Test(p, argv, "]" if bracket else None)
        value = await t.posixtest(len(argv) - 1)
        if t.pos != t.argc:
            raise _Error(f"extra argument {p.quote(argv[t.pos])}")
    except _Error as e:
        await p.error(str(e))
        return TEST_FAILURE
    return 0 if value else 1


main = coreutil("/usr/bin/test")(test_main)
main_bracket = coreutil("/usr/bin/[")(test_main)

"""Shell builtins (models bash's builtins/: cd.def, echo.def, exit.def, export.def...)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, NoReturn

from swapsh.syscalls.abi import Sig
from swapsh.userland.membuf import MemoryExhausted
from swapsh.userland.sh.arith import ArithError, ArithSubscriptError, let_eval
from swapsh.userland.sh.expand import ExpandError
from swapsh.userland.sh.parser import ANSIC_ESCAPES
from swapsh.userland.sh.variables import VarError

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = [
    "BUILTINS",
    "SOURCE_STACK_DEPTH",
    "SPECIAL_BUILTINS",
    "BreakLoop",
    "Builtin",
    "ContinueLoop",
    "ReturnFrom",
    "ShellExit",
    "builtin",
    "echo_text",
    "find_builtin",
    "stack_enter",
    "stack_leave",
]

Builtin = Callable[["Shell", list[str]], Awaitable[int]]
BUILTINS: dict[str, Builtin] = {}
# POSIX's special builtins (bash's SPECIAL_BUILTIN flag)
SPECIAL_BUILTINS = frozenset(
    [
        ".",
        ":",
        "break",
        "continue",
        "eval",
        "exec",
        "exit",
        "export",
        "readonly",
        "return",
        "set",
        "shift",
        "source",
        "times",
        "trap",
        "unset",
    ]
)


def find_builtin(sh: Shell, name: str) -> Builtin | None:
    """The builtin called name, unless `enable -n` turned it off in this shell."""
    fn = BUILTINS.get(name)
    return None if fn is None or name in sh.disabled_builtins else fn


def builtin(name: str) -> Callable[[Builtin], Builtin]:
    def register(fn: Builtin) -> Builtin:
        BUILTINS[name] = fn
        return fn

    return register


def echo_text(args: list[str], xpg_echo: bool = False) -> tuple[str, bool]:
    """bash's echo (and coreutils echo): options -n -e -E, then the words; escapes
    are on from the start under shopt xpg_echo.

    Returns: (text, whether \\c cut the output short).
    """
    newline, escapes = True, xpg_echo
    while args and len(args[0]) > 1 and args[0][0] == "-" and set(args[0][1:]) <= set("neE"):
        for c in args[0][1:]:
            newline = newline and c != "n"
            escapes = True if c == "e" else False if c == "E" else escapes
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, cut = _unescape(text)
        if cut:
            return text, True
    return text + ("\n" if newline else ""), False


def _byte(v: int) -> str:
    """One raw byte in a str that is written with surrogateescape: bytes from 0x80 on
    are the lone surrogates U+DC80..U+DCFF, so 0xff is written as the byte 0xff."""
    return chr(v) if v < 0x80 else chr(0xDC00 + v)


def _unescape(s: str) -> tuple[str, bool]:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c != "\\" or i + 1 >= len(s):
            out.append(c)
            i += 1
            continue
        n = s[i + 1]
        if n == "c":
            return "".join(out), True
        if n in ANSIC_ESCAPES:
            out.append(ANSIC_ESCAPES[n])
            i += 2
        elif n == "0":
            j = i + 2
            while j < len(s) and j < i + 5 and s[j] in "01234567":
                j += 1
            out.append(_byte(int(s[i + 2 : j] or "0", 8) & 0xFF))
            i = j
        elif n == "x" and i + 2 < len(s) and s[i + 2] in "0123456789abcdefABCDEF":
            j = i + 2
            while j < len(s) and j < i + 4 and s[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(_byte(int(s[i + 2 : j], 16)))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out), False


@builtin("echo")
async def echo(sh: Shell, argv: list[str]) -> int:
    text, _cut = echo_text(argv[1:], sh.options.shopt["xpg_echo"])
    try:
        await sh.libc.write_all(1, text.encode("utf-8", "surrogateescape"))
    except OSError as e:
        await sh.error(f"echo: write error: {e.strerror}")
        return 1
    return 0


@builtin("true")
async def true(sh: Shell, argv: list[str]) -> int:
    return 0


@builtin(":")
async def colon(sh: Shell, argv: list[str]) -> int:
    return 0


@builtin("false")
async def false(sh: Shell, argv: list[str]) -> int:
    return 1


@builtin("pwd")
async def pwd(sh: Shell, argv: list[str]) -> int:
    await sh.libc.write_all(1, (await sh.libc.getcwd() + "\n").encode("utf-8", "surrogateescape"))
    return 0


@builtin("cd")
async def cd(sh: Shell, argv: list[str]) -> int:
    if len(argv) > 2:
        await sh.error("cd: too many arguments")
        return 1
    if len(argv) == 1:
        target = sh.vars.get("HOME")
        if target is None:
            await sh.error("cd: HOME not set")
            return 1
    elif argv[1] == "":
        return 0  # bash: an empty directory name changes nothing
    elif argv[1] == "-":
        target = sh.vars.get("OLDPWD")
        if target is None:
            await sh.error("cd: OLDPWD not set")
            return 1
    else:
        target = argv[1]
    try:
        await sh.libc.chdir(target)
    except OSError as e:
        await sh.error(f"cd: {target}: {e.strerror}")
        return 1
    sh.vars["OLDPWD"] = sh.vars.get("PWD", "")
    sh.vars["PWD"] = await sh.libc.getcwd()
    if len(argv) == 2 and argv[1] == "-":
        await sh.libc.write_all(1, (sh.vars["PWD"] + "\n").encode("utf-8", "surrogateescape"))
    return 0


def _exit_code(arg: str) -> int | None:
    s = arg.strip()
    body = s[1:] if s[:1] in "+-" else s
    if not body.isdigit() or not body.isascii():
        return None
    n = int(s)
    if not -(2**63) <= n < 2**63:
        return None
    return n & 0xFF


@builtin("exit")
async def exit_(sh: Shell, argv: list[str]) -> int:
    if sh.interactive:
        await sh.say_goodbye()
    if await sh.exit_held():
        return 1
    code = sh.last_status
    if len(argv) > 1:
        parsed = _exit_code(argv[1])
        if parsed is None:
            await sh.error(f"exit: {argv[1]}: numeric argument required")
            code = 2
        elif len(argv) > 2:
            await sh.error("exit: too many arguments")
            return 1
        else:
            code = parsed
    raise ShellExit(code)


class ShellExit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class BreakLoop(Exception):
    """``break [n]``: the loops still to leave travel up with it, and the status
    the last one ends with."""

    def __init__(self, count: int, status: int = 0) -> None:
        super().__init__(count)
        self.count, self.status = count, status


class ContinueLoop(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


class ReturnFrom(Exception):
    """``return [n]`` leaving a function or a sourced file."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@builtin("let")
async def let(sh: Shell, argv: list[str]) -> int:
    """let_builtin: each argument an expression; an error in a subscript ends the
    command, as bash's jump_to_top_level does."""
    try:
        return let_eval(argv[1:], (await sh.expander()).arith_vars())
    except ArithSubscriptError as e:
        raise ExpandError(e.message) from None
    except ArithError as e:
        await sh.error(f"let: {e.message}")
        return 1
    except VarError as e:  # let r=2 with r readonly
        await sh.error(e.message)
        return 1


# How deep the shell's own execution may nest (`.` files, function calls, compound
# commands, one level each) before its stack overflows. bash 5.2 has no limit of its
# own: with an 8 MiB stack it dies of SIGSEGV after about 5,000 nested sources.
# swapsh's shell runs on the host's Python stack (about 10 frames a level, 1,000 in
# all), which holds fewer, so it overflows sooner, the same way (docs/ARCHITECTURE.md,
# "swapsh's own choices").
SOURCE_STACK_DEPTH = 64


async def stack_enter(sh: Shell) -> None:
    """One more level of the shell's stack; past SOURCE_STACK_DEPTH the stack
    overflows and the shell dies of SIGSEGV, as bash does. Pair with stack_leave."""
    if sh.stack_depth >= SOURCE_STACK_DEPTH:
        await sh.libc.kill(await sh.libc.getpid(), Sig.SIGSEGV)
    sh.stack_depth += 1


def stack_leave(sh: Shell) -> None:
    sh.stack_depth -= 1


async def xrealloc_die(sh: Shell, e: MemoryExhausted) -> NoReturn:
    """bash's xrealloc() failing: fatal_error's message, and the shell exits (2)."""
    await sh.libc.err(f"bash: xrealloc: cannot allocate {e.held + e.size} bytes\n")
    raise ShellExit(2) from None


async def xmalloc_die(sh: Shell, nbytes: int) -> NoReturn:
    """bash's xmalloc() failing (a brace expansion too big to hold): fatal, exit 2."""
    await sh.libc.err(f"bash: xmalloc: cannot allocate {nbytes} bytes\n")
    raise ShellExit(2) from None


async def _source_path(sh: Shell, cmd: str, name: str) -> str | None:
    """The file `.` reads: a name without a slash is looked for in $PATH first
    (shopt sourcepath), then taken as it is; in posix mode it must be in $PATH.
    Returns: None after bash's "file not found"."""
    if "/" in name or not sh.options.shopt["sourcepath"]:
        return name
    for d in (sh.vars.get("PATH") or "").split(":"):
        cand = f"{d or '.'}/{name}"
        try:
            if (await sh.libc.stat(cand)).st_mode & 0o170000 == 0o100000:
                return cand
        except OSError:
            continue
    if sh.options.o["posix"]:
        await sh.error(f"{cmd}: {name}: file not found")
        if not sh.interactive:  # a special builtin's error ends a posix script
            raise ShellExit(1)
        return None
    return name


@builtin("source")
async def source(sh: Shell, argv: list[str]) -> int:
    if argv[1:2] == ["--"]:
        argv = argv[:1] + argv[2:]
    elif len(argv) > 1 and argv[1].startswith("-") and len(argv[1]) > 1:  # no options
        await sh.error(f"{argv[0]}: -{argv[1][1]}: invalid option")
        await sh.libc.err(f"{argv[0]}: usage: {argv[0]} filename [arguments]\n")
        return 2
    if len(argv) < 2:
        await sh.error(f"{argv[0]}: filename argument required")
        await sh.libc.err(f"{argv[0]}: usage: {argv[0]} filename [arguments]\n")
        return 2
    path = await _source_path(sh, argv[0], argv[1])
    if path is None:
        return 1
    try:
        buf = await sh.hold_file(path)
    except OSError as e:
        await sh.error(f"{argv[1]}: {e.strerror}")
        return 1
    except MemoryExhausted as e:
        await xrealloc_die(sh, e)
    await stack_enter(sh)
    sh.source_depth += 1
    saved = sh.positional
    if len(argv) > 2:
        sh.positional = argv[2:]
    try:  # the text stays in the shell's memory while it runs
        return await sh.run_text((await buf.contents()).decode("utf-8", "surrogateescape"))
    except ReturnFrom as r:
        return r.code
    finally:
        if len(argv) > 2 and sh.positional == argv[2:]:  # a file's `set --` stays
            sh.positional = saved
        sh.source_depth -= 1
        stack_leave(sh)
        await buf.free()


BUILTINS["."] = source

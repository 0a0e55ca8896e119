"""Running compound commands and functions (models bash 5.2's execute_cmd.c:
execute_if_command, execute_while_or_until, execute_for_command,
execute_case_command, execute_subshell, execute_function; and subst.c's
command_substitute).

Control flow (break, continue, return) travels as exceptions, as bash's longjmps
and flags do. Every loop iteration enters the kernel once (:func:`quit_check`), so
an endless loop can be interrupted and shares the CPU.
"""

from __future__ import annotations

import contextlib
import errno
import functools
from typing import TYPE_CHECKING

from swapsh.userland.libc import Libc
from swapsh.userland.membuf import MemBuf, MemoryExhausted
from swapsh.userland.sh.arith import ArithError, ArithSubscriptError, arith_eval
from swapsh.userland.sh.ast import (
    Arith,
    ArithFor,
    Case,
    Compound,
    Cond,
    For,
    FunctionDef,
    Group,
    If,
    Lit,
    Loop,
    Redirect,
    Script,
    SimpleCommand,
    Subshell,
    Word,
)
from swapsh.userland.sh.builtins import (
    BreakLoop,
    ContinueLoop,
    ReturnFrom,
    ShellExit,
    builtin,
    stack_enter,
    stack_leave,
    xrealloc_die,
)
from swapsh.userland.sh.cond import run_cond
from swapsh.userland.sh.expand import ExpandError, arith_unquote
from swapsh.userland.sh.parser import parse_dq_text
from swapsh.userland.sh.pattern import match, pattern_from_pieces
from swapsh.userland.sh.print_cmd import command_string
from swapsh.userland.sh.trap_cmd import debug_trap, return_trap
from swapsh.userland.sh.variables import VarError
from swapsh.userland.sh.xtrace import trace_line

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = [
    "BreakLoop",
    "ContinueLoop",
    "Interrupted",
    "ReturnFrom",
    "arith_command",
    "call_function",
    "command_substitute",
    "define_function",
    "match_pattern",
    "quit_check",
    "run_compound",
    "run_list",
    "run_subshell",
]


class Interrupted(Exception):
    """SIGINT interrupted the terminal read (or a loop, or a command substitution)."""


async def quit_check(sh: Shell) -> None:
    """bash's QUIT in its loops: a caught SIGINT noted by the handler ends the
    command. The model's handler only interrupts a sleeping call, so each check is
    a 1 ns nanosleep: the kernel sees the loop, and a pending ^C shows as EINTR."""
    try:
        await sh.libc.nanosleep(1)
    except OSError as e:
        if e.errno == errno.EINTR and sh.interactive and sh.tty:
            raise Interrupted from None


async def run_list(sh: Shell, script: Script) -> int:
    """A command list in this shell; $? follows each command. Returns: the last
    command's status (0 for an empty list)."""
    status = 0
    for item in script.items:
        status = await sh.run_andor(item)
        sh.last_status = status
    return status


async def run_condition(sh: Shell, script: Script) -> int:
    """An if's test: run with set -e ignored, as bash's CMD_IGNORE_RETURN does."""
    sh.errexit_off += 1
    try:
        return await run_list(sh, script)
    finally:
        sh.errexit_off -= 1


async def run_compound(sh: Shell, cmd: Compound) -> int:
    """A compound command with its redirections (a subshell applies them itself)."""
    if isinstance(cmd, Subshell):
        return await run_subshell(sh, cmd)
    await stack_enter(sh)
    try:
        if not cmd.redirects:
            return await _body(sh, cmd)
        return await sh.with_redirects(cmd.redirects, lambda: _body(sh, cmd))
    finally:
        stack_leave(sh)


async def _body(sh: Shell, cmd: Compound) -> int:
    if isinstance(cmd, Group):
        return await run_list(sh, cmd.body)
    if isinstance(cmd, If):
        for cond, body in cmd.arms:
            if await run_condition(sh, cond) == 0:
                return await run_list(sh, body)
        return 0 if cmd.else_body is None else await run_list(sh, cmd.else_body)
    if isinstance(cmd, Loop):
        return await _run_loop(sh, cmd)
    if isinstance(cmd, For):
        return await _run_for(sh, cmd)
    if isinstance(cmd, Case):
        return await _run_case(sh, cmd)
    if isinstance(cmd, Arith | ArithFor | Cond):
        return await _test_command(sh, cmd)
    raise TypeError(cmd)


async def _test_command(sh: Shell, cmd: Arith | ArithFor | Cond) -> int:
    """((...)), for ((;;)) and [[ ]]: the commands whose value is a test."""
    if sh.traps:
        await debug_trap(sh)
    if isinstance(cmd, Arith):
        return await arith_command(sh, cmd.expr)
    if isinstance(cmd, ArithFor):
        return await _run_arith_for(sh, cmd)
    return await run_cond(sh, cmd.expr)


@functools.lru_cache(maxsize=256)
def arith_word(expr: str) -> Word | str:
    """An arithmetic expression's text as the word its expansion starts from (parsed
    once: a loop's test and step are the same text at every iteration), or the text
    itself when it holds no expansion (`i<10`, `i++`)."""
    word = parse_dq_text(arith_unquote(expr))
    if all(isinstance(p, Lit) for p in word.parts):
        return "".join(p.text for p in word.parts if isinstance(p, Lit))
    return word


async def arith_value(sh: Shell, expr: str) -> int | None:
    """An arithmetic command's expression (bash's eval_arith_for_expr): its value,
    or None after bash's "((: " message. An error in a subscript ends the command."""
    ex = await sh.expander()
    word = arith_word(expr)
    text = word if isinstance(word, str) else await ex.word(word)
    if sh.options.o["xtrace"]:
        await trace_line(sh, f"(( {text} ))")
    try:
        return arith_eval(text, ex.arith_vars())
    except ArithSubscriptError as e:
        raise ExpandError(e.message) from None
    except ArithError as e:
        await sh.error(f"((: {e.message}")
        return None
    except VarError as e:  # ((r=2)) with r readonly
        await sh.error(e.message)
        return None


async def arith_command(sh: Shell, expr: str) -> int:
    """``((expr))``: status 0 when the value is not zero, 1 when it is or on error."""
    value = await arith_value(sh, expr)
    return 0 if value else 1


async def _run_arith_for(sh: Shell, cmd: ArithFor) -> int:
    """``for ((init; test; step))``: an empty test is true; an error ends the loop
    with status 1."""
    if await arith_value(sh, cmd.init) is None:
        return 1
    status = 0
    sh.loop_depth += 1
    try:
        while True:
            await quit_check(sh)
            test = await arith_value(sh, cmd.test) if cmd.test.strip() else 1
            if test is None:
                return 1
            if not test:
                return status
            status, done = await _iteration(sh, cmd.body)
            if done:
                return status
            if await arith_value(sh, cmd.step) is None:
                return 1
    finally:
        sh.loop_depth -= 1


async def _iteration(sh: Shell, body: Script) -> tuple[int, bool]:
    """One run of a loop body. Returns: (status, whether the loop ends here)."""
    try:
        return await run_list(sh, body), False
    except BreakLoop as b:
        if b.count > 1:
            b.count -= 1
            raise
        return b.status, True
    except ContinueLoop as c:
        if c.count > 1:
            c.count -= 1
            raise
        return 0, False


async def _run_loop(sh: Shell, cmd: Loop) -> int:
    status = 0
    sh.loop_depth += 1
    try:
        while True:
            await quit_check(sh)
            sh.errexit_off += 1  # set -e is ignored in the test
            try:
                ran, done = await _iteration(sh, cmd.cond)
            finally:
                sh.errexit_off -= 1
            if done or (ran == 0) == cmd.until:
                return status
            status, done = await _iteration(sh, cmd.body)
            if done:
                return status
    finally:
        sh.loop_depth -= 1


async def _run_for(sh: Shell, cmd: For) -> int:
    if not (cmd.name.isidentifier() and cmd.name.isascii()):
        await sh.error(f"`{cmd.name}': not a valid identifier")
        return 1
    if cmd.words is None:
        values = list(sh.positional)
    else:
        values = await sh.expand_words(cmd.words)
    status = 0
    sh.loop_depth += 1
    try:
        for value in values:
            await quit_check(sh)
            if sh.options.o["xtrace"]:
                words = " ".join(w.text for w in cmd.words) if cmd.words is not None else '"$@"'
                await trace_line(sh, f"for {cmd.name} in {words}")
            try:
                sh.vars[cmd.name] = value
            except VarError as e:  # bash ends the loop
                await sh.error(e.message)
                return 1
            status, done = await _iteration(sh, cmd.body)
            if done:
                break
    finally:
        sh.loop_depth -= 1
    return status


def match_pattern(pattern: list[tuple[str, bool]], text: str) -> bool:
    """Whether ``text`` matches a case pattern (pieces: text, quoted)."""
    return match(pattern_from_pieces(pattern), text)


async def _run_case(sh: Shell, cmd: Case) -> int:
    ex = await sh.expander()
    text = await ex.word(cmd.word)
    if sh.options.o["xtrace"]:
        await trace_line(sh, f"case {cmd.word.text} in")
    status, falling = 0, False
    for item in cmd.items:
        if not falling:
            for pat in item.patterns:
                if match_pattern(await ex.pieces(pat), text):
                    falling = True
                    break
        if not falling:
            continue
        status = await run_list(sh, item.body)
        if item.term == ";;":
            return status
        falling = item.term == ";&"
    return status


async def run_subshell(sh: Shell, cmd: Subshell) -> int:
    """``( list )``: a forked copy of the shell runs it; nothing it changes comes back."""

    async def child(c: Libc) -> int:
        await sh.child_setup(c, 0)
        sub = await sh.subshell(c)
        return await sub.run_forked(
            lambda: sub.with_redirects(cmd.redirects, lambda: run_list(sub, cmd.body))
        )

    pid = await sh.libc.fork(child)
    return await sh.run_job([pid], [command_string(cmd)])


async def define_function(sh: Shell, fn: FunctionDef) -> int:
    """A function definition; in posix mode its name must be an identifier, or a
    script ends (execute_intern_function)."""
    if sh.options.o["posix"] and not (fn.name.isidentifier() and fn.name.isascii()):
        await sh.error(f"`{fn.name}': not a valid identifier")
        if not sh.interactive:
            raise ShellExit(2)
        return 2
    sh.functions[fn.name] = fn
    return 0


async def call_function(sh: Shell, fn: FunctionDef, argv: list[str]) -> int:
    """execute_function(): $1... are the arguments, `local` saves into a frame that is
    put back on return, loops of the caller are not this function's. Nesting shares
    `.`'s stack (stack_enter); FUNCNEST, when set, is bash's own limit."""
    limit = sh.vars.get("FUNCNEST", "")
    if limit.isdigit() and 0 < int(limit) <= sh.func_depth:
        await sh.error(f"{argv[0]}: maximum function nesting level exceeded ({int(limit)})")
        raise ExpandError("")  # said here, where the caller's messages are
    await stack_enter(sh)
    saved = (sh.positional, sh.loop_depth, sh.source_name)
    sh.positional, sh.loop_depth = argv[1:], 0
    if sh.command_string:
        sh.source_name = "environment"
    sh.func_depth += 1
    sh.vars.push_context(argv[0], main=not (sh.interactive or sh.command_string))
    try:
        try:
            status = await run_compound(sh, fn.body)
        except ReturnFrom as r:
            status = r.code
        if sh.traps:
            sh.last_status = status
            await return_trap(sh)
        return status
    except ExpandError as e:
        if e.message:  # said here: messages name the function's source ("environment")
            await sh.error(e.message)
        raise ExpandError("", e.unset, e.discard) from None
    finally:
        sh.vars.pop_context(main=not (sh.interactive or sh.command_string))
        sh.func_depth -= 1
        stack_leave(sh)
        sh.positional, sh.loop_depth, sh.source_name = saved


async def command_substitute(sh: Shell, script: Script) -> str:
    """$(...): a forked copy of the shell writes into a pipe; the output is held in
    the shell's memory, NULs dropped with bash 5.2's warning, trailing newlines cut.
    $? becomes the command's status."""
    libc = sh.libc
    r, w = await libc.pipe()

    async def child(c: Libc) -> int:
        await sh.child_setup(c, None)
        await c.close(r)
        if w != 1:
            await c.dup2(w, 1)
            await c.close(w)
        sub = await sh.subshell(c)
        sub.jobs = sh.jobs.listing_copy()
        sub.trace_level += 1
        if not (
            sub.options.shopt["inherit_errexit"] or sub.options.o["posix"]
        ):  # bash: $(...) drops set -e
            sub.options.o["errexit"] = False
        if (redirect := _file_to_read(script)) is not None:  # $(< file)
            return await sub.run_forked(lambda: sub.with_redirects((redirect,), _copy_in))
        return await sub.run_forked(lambda: run_list(sub, script))

    async def _copy_in() -> int:
        while data := await libc.read(0, 65536):
            await libc.write_all(1, data)
        return 0

    pid = await libc.fork(child)
    await libc.close(w)
    buf = MemBuf(libc)
    try:
        await _drain(sh, r, buf)
        data = await buf.take_all()
    except MemoryExhausted as e:  # bash's xrealloc of the growing string fails
        await xrealloc_die(sh, e)
    finally:
        await buf.free()
        await libc.close(r)
    sh.last_status = sh.comsub_status = await sh.wait_child(pid)
    if b"\0" in data:
        await sh.error("warning: command substitution: ignored null byte in input")
        data = data.replace(b"\0", b"")
    return data.rstrip(b"\n").decode("utf-8", "surrogateescape")


def _file_to_read(script: Script) -> Redirect | None:
    """The `< file` of bash's `$(< file)` (a command of that redirection alone,
    which bash reads itself, as `cat file` would), else None."""
    if len(script.items) != 1 or script.items[0].rest or script.items[0].background:
        return None
    p = script.items[0].first
    cmd = p.commands[0] if len(p.commands) == 1 and not p.negate and not p.time else None
    if not isinstance(cmd, SimpleCommand) or cmd.words or cmd.assigns:
        return None
    if len(cmd.redirects) != 1 or cmd.redirects[0].op != "<" or cmd.redirects[0].fd != 0:
        return None
    return cmd.redirects[0]


async def _drain(sh: Shell, fd: int, buf: MemBuf) -> None:
    """Read the pipe to its end into buf; a failed read ends it. Raises: Interrupted
    on ^C (interactive)."""
    with contextlib.suppress(OSError):
        await sh.read_to_end(fd, buf, 4096)


# -- the builtins of control flow (bash's break.def, return.def)


async def _loop_count(sh: Shell, argv: list[str]) -> int | None:
    """break/continue's [n]: None after bash's message (the status is in sh)."""
    if len(argv) > 2:
        await sh.error(f"{argv[0]}: too many arguments")
        if not sh.interactive:
            raise ShellExit(1)
        sh.last_status = 1
        return None
    if len(argv) == 1:
        return 1
    arg = argv[1].strip()
    if not (arg.lstrip("+-").isdigit() and arg.isascii()):
        await sh.error(f"{argv[0]}: {argv[1]}: numeric argument required")
        if not sh.interactive:
            raise ShellExit(128)
        sh.last_status = 128
        return None
    if int(arg) < 1:  # bash leaves every loop (breaking = loop_level), status 1
        await sh.error(f"{argv[0]}: {argv[1]}: loop count out of range")
        raise BreakLoop(sh.loop_depth, 1)
    return int(arg)


async def _break_or_continue(
    sh: Shell, argv: list[str], exc: type[BreakLoop | ContinueLoop]
) -> int:
    if sh.loop_depth == 0:
        if not sh.options.o["posix"]:  # bash says nothing in posix mode
            await sh.error(f"{argv[0]}: only meaningful in a `for', `while', or `until' loop")
        return 0
    count = await _loop_count(sh, argv)
    if count is None:
        return sh.last_status
    raise exc(min(count, sh.loop_depth))


@builtin("break")
async def break_(sh: Shell, argv: list[str]) -> int:
    return await _break_or_continue(sh, argv, BreakLoop)


@builtin("continue")
async def continue_(sh: Shell, argv: list[str]) -> int:
    return await _break_or_continue(sh, argv, ContinueLoop)


@builtin("return")
async def return_(sh: Shell, argv: list[str]) -> int:
    code, status = sh.last_status, 0
    if len(argv) > 1:
        arg = argv[1].strip()
        if arg.lstrip("+-").isdigit() and arg.isascii():
            code = int(arg) & 0xFF
        else:
            await sh.error(f"return: {argv[1]}: numeric argument required")
            code = status = 2
    if sh.func_depth == 0 and sh.source_depth == 0:
        await sh.error("return: can only `return' from a function or sourced script")
        return 2 if status == 0 else status
    raise ReturnFrom(code)

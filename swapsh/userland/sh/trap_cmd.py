"""trap, the EXIT and ERR traps, and set -e (models bash 5.2's builtins/trap.def,
trap.c and execute_cmd.c's errexit rule).

A trap on a signal installs the kernel's SIG_CATCH (the signal interrupts what the
shell is doing and no longer kills it) or, for an empty command, SIG_IGN. Running
a signal's trap command when the signal arrives is not modelled: the model's
SIG_CATCH runs no handler code, so the shell cannot tell which signal came
(docs/ARCHITECTURE.md, "swapsh's own choices"). EXIT, ERR, DEBUG and RETURN are the
shell's own and EXIT and ERR run as bash runs them.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from swapsh.syscalls.abi import SIG_CATCH, SIG_DFL, SIG_IGN, Sig
from swapsh.userland.sh.ast import Arith, Clone64, Cond, Pipeline, SimpleCommand, Subshell
from swapsh.userland.sh.builtins import ShellExit, builtin
from swapsh.userland.sh.eval_cmd import run_string
from swapsh.userland.sh.options import sh_single_quote
from swapsh.userland.sh.signames import NSIG, SIGNAL_NAMES, decode_signal, signal_list

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = [
    "DEBUG_TRAP",
    "ERROR_TRAP",
    "EXIT_TRAP",
    "RETURN_TRAP",
    "after_pipeline",
    "debug_trap",
    "return_trap",
    "run_exit_trap",
    "subshell_traps",
    "trap",
]

EXIT_TRAP, DEBUG_TRAP, ERROR_TRAP, RETURN_TRAP = 0, NSIG, NSIG + 1, NSIG + 2
_SPECIAL = {"EXIT": EXIT_TRAP, "DEBUG": DEBUG_TRAP, "ERR": ERROR_TRAP, "RETURN": RETURN_TRAP}
_TRAP_NAME = {EXIT_TRAP: "EXIT", DEBUG_TRAP: "DEBUG", ERROR_TRAP: "ERR", RETURN_TRAP: "RETURN"}
TRAP_USAGE = "trap: usage: trap [-lp] [[arg] signal_spec ...]\n"


def _decode(spec: str) -> int | None:
    if spec.upper() in _SPECIAL:
        return _SPECIAL[spec.upper()]
    return decode_signal(spec)


def _name(key: int) -> str:
    return _TRAP_NAME.get(key) or SIGNAL_NAMES.get(key, str(key))


async def _print_traps(sh: Shell, keys: list[int]) -> None:
    """trap -p's lines; a signal ignored since the shell started shows as ''."""
    order = sorted(keys, key=lambda k: (k >= NSIG, _name(k) if k >= NSIG else f"{k:03d}"))
    traps = sh.traps if sh.parent_traps is None else sh.parent_traps
    lines = []
    for k in order:
        action = "" if await hard_ignored(sh, k) else traps.get(k)
        if action is not None:
            lines.append(f"trap -- {sh_single_quote(action)} {_name(k)}\n")
    await sh.libc.out("".join(lines))


def _default_disposition(sh: Shell, sig: int) -> int:
    """What the shell itself does with sig when no trap is set: an interactive shell
    on a terminal catches SIGINT and ignores the job-control and quit signals."""
    if not sh.interactive:
        return SIG_DFL
    if sig == Sig.SIGINT:
        return SIG_CATCH if sh.tty else SIG_IGN
    if sig in (Sig.SIGQUIT, Sig.SIGTERM, Sig.SIGTSTP, Sig.SIGTTIN, Sig.SIGTTOU):
        return SIG_IGN
    return SIG_DFL


async def hard_ignored(sh: Shell, sig: int) -> bool:
    """Whether sig was ignored when this (non-interactive) shell started: such a
    signal can be neither trapped nor reset (bash's SIG_HARD_IGNORE). The first
    look asks the kernel, before the shell has changed the disposition."""
    if sh.interactive or not 0 < sig < NSIG or sig not in SIGNAL_NAMES:
        return False
    if sig not in sh.signal_origins:
        try:
            old = await sh.libc.signal(sig, SIG_IGN)
            await sh.libc.signal(sig, old)
        except OSError:  # SIGKILL, SIGSTOP
            old = SIG_DFL
        sh.signal_origins[sig] = old
    return sh.signal_origins[sig] == SIG_IGN


async def _set(sh: Shell, key: int, action: str | None) -> None:
    """One trap set (action) or reset (None), and the signal's disposition with it."""
    sh.parent_traps = None  # from now on a subshell lists its own
    if await hard_ignored(sh, key):
        return
    if action is None:
        sh.traps.pop(key, None)
    else:
        sh.traps[key] = action
    if key == RETURN_TRAP:
        sh.return_trap_depth = sh.func_depth
    if 0 < key < NSIG and key in SIGNAL_NAMES:
        if action is None:
            handler = _default_disposition(sh, key)
        else:
            handler = SIG_IGN if action == "" else SIG_CATCH
        with contextlib.suppress(OSError):  # SIGKILL, SIGSTOP: the kernel refuses
            await sh.libc.signal(key, handler)


@builtin("trap")
async def trap(sh: Shell, argv: list[str]) -> int:
    args = argv[1:]
    opts = ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        if args[0] == "--":
            args = args[1:]
            break
        bad = next((c for c in args[0][1:] if c not in "lp"), None)
        if bad is not None:
            await sh.error(f"trap: -{bad}: invalid option")
            await sh.libc.err(TRAP_USAGE)
            return 2
        opts += args[0][1:]
        args = args[1:]
    if "l" in opts:
        await sh.libc.out(signal_list())
        return 0
    if not args or "p" in opts:
        return await _list(sh, args)
    # trap N... (a first operand that is a number) and trap - N... reset
    if args[0] == "-" or (decode_signal(args[0]) is not None and args[0].isdigit()):
        action, specs = None, args[1:] if args[0] == "-" else args
    elif len(args) == 1:
        action, specs = None, args
    else:
        action, specs = args[0], args[1:]
    status = 0
    for spec in specs:
        key = _decode(spec)
        if key is None:
            await sh.error(f"trap: {spec}: invalid signal specification")
            status = 1
            continue
        await _set(sh, key, action)
    return status


async def _list(sh: Shell, specs: list[str]) -> int:
    if not specs:
        ignored = [sig for sig in SIGNAL_NAMES if await hard_ignored(sh, sig)]
        traps = sh.traps if sh.parent_traps is None else sh.parent_traps
        await _print_traps(sh, sorted(set(traps) | set(ignored)))
        return 0
    keys, status = [], 0
    for spec in specs:
        key = _decode(spec)
        if key is None:
            await sh.error(f"trap: {spec}: invalid signal specification")
            status = 1
        else:
            keys.append(key)
    await _print_traps(sh, keys)
    return status


async def run_trap(sh: Shell, key: int) -> None:
    """A trap's command, run as `eval` runs a string; $? is kept across it and the
    trap does not run again from inside itself (bash's running_trap)."""
    action = sh.traps.get(key)
    if not action or key in sh.running_traps:
        return
    saved = sh.last_status
    sh.running_traps.add(key)
    sh.trace_level += 1  # a trap's trace lines are one level down, as bash's
    try:
        await run_string(sh, action, "exit trap" if key == EXIT_TRAP else "trap")
    finally:
        sh.trace_level -= 1
        sh.running_traps.discard(key)
        sh.last_status = saved


async def debug_trap(sh: Shell) -> None:
    """The DEBUG trap before a command; inside a function only under set -T
    (functrace), as bash does not give functions the DEBUG trap otherwise."""
    if DEBUG_TRAP in sh.traps and (sh.func_depth == 0 or sh.options.o["functrace"]):
        await run_trap(sh, DEBUG_TRAP)


async def return_trap(sh: Shell) -> None:
    """The RETURN trap as a function returns: under set -T, or when the function
    itself set the trap."""
    if RETURN_TRAP not in sh.traps:
        return
    if sh.options.o["functrace"] or sh.return_trap_depth == sh.func_depth:
        await run_trap(sh, RETURN_TRAP)


async def run_exit_trap(sh: Shell, status: int) -> int:
    """The EXIT trap as the shell exits with status; `exit` inside it sets the
    status. Returns: the shell's exit status."""
    if EXIT_TRAP not in sh.traps:
        return status
    sh.last_status = status
    action = sh.traps.pop(EXIT_TRAP)
    sh.traps[EXIT_TRAP] = action
    try:
        await run_trap(sh, EXIT_TRAP)
    except ShellExit as e:
        status = e.code
    sh.traps.pop(EXIT_TRAP, None)
    return status


def _counts_for_errexit(p: Pipeline) -> bool:
    """Whether a failure of this pipeline is one set -e and the ERR trap see: a
    simple command, a subshell, (( )) or [[ ]] (a compound command's status came
    from commands inside it, which were checked there)."""
    if len(p.commands) > 1:
        return True
    return isinstance(p.commands[0], SimpleCommand | Subshell | Arith | Cond | Clone64)


async def after_pipeline(sh: Shell, p: Pipeline, status: int) -> None:
    """After the last pipeline of an and-or list: a failure runs the ERR trap and,
    with set -e, ends the shell -- unless set -e is being ignored (a condition, a
    command before && or ||, a `!` pipeline) or the status came from a compound
    command."""
    if not status or p.negate or sh.errexit_off or not _counts_for_errexit(p):
        return
    sh.last_status = status
    if sh.func_depth == 0 or sh.options.o["errtrace"]:  # functions inherit it under -E
        await run_trap(sh, ERROR_TRAP)
    if sh.options.o["errexit"]:
        raise ShellExit(status)


def subshell_traps(traps: dict[int, str]) -> dict[int, str]:
    """A subshell keeps ignored signals ignored; every other trap is reset (trap.c's
    reset_signal_handlers)."""
    return {k: v for k, v in traps.items() if v == "" and 0 < k < NSIG}

"""set, shift and shopt (models bash 5.2's builtins/set.def, shift.def, shopt.def)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.userland.sh.builtins import builtin
from swapsh.userland.sh.jobs import set_job_control
from swapsh.userland.sh.options import (
    O_OPTIONS,
    option_line,
    sh_contains_shell_metas,
    sh_single_quote,
)
from swapsh.userland.sh.print_cmd import function_text
from swapsh.userland.sh.shquote import ansic_quote, ansic_shouldquote

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["set_", "shift", "shopt"]

SET_USAGE = "set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n"
SHOPT_USAGE = "shopt: usage: shopt [-pqsu] [-o] [optname ...]\n"
SET_LETTERS = "abefhkmnptuvxBCEHPT"


def _value_text(value: str) -> str:
    """A value as `set` lists it (variables.c's print_var_value): $'...' when it
    has a character that is not printable, else quoted when the shell would act on
    it."""
    raw = value.encode("utf-8", "surrogateescape")
    if ansic_shouldquote(raw):
        return ansic_quote(raw).decode("utf-8", "surrogateescape")
    return sh_single_quote(value) if sh_contains_shell_metas(value) else value


async def _list_variables(sh: Shell) -> int:
    """`set` alone: every variable, then every function, as bash lists them."""
    out = [f"{name}={_value_text(sh.vars[name])}\n" for name in sorted(sh.vars)]
    out += [function_text(sh.functions[name]) + "\n" for name in sorted(sh.functions)]
    await sh.libc.out("".join(out))
    return 0


async def _list_o(sh: Shell, plus: bool) -> None:
    """`set -o` (a table) and `set +o` (commands that set the options again)."""
    opts = sh.options.o
    if plus:
        text = "".join(f"set {'-' if opts[n] else '+'}o {n}\n" for n in O_OPTIONS)
    else:
        text = "".join(option_line(n, opts[n]) for n in O_OPTIONS)
    await sh.libc.out(text)


async def _set_o(sh: Shell, name: str, on: bool) -> bool:
    if name not in O_OPTIONS:
        await sh.error(f"set: {name}: invalid option name")
        return False
    sh.options.o[name] = on
    if name in ("emacs", "vi") and on:  # one editing mode at a time
        sh.options.o["vi" if name == "emacs" else "emacs"] = False
    return True


@builtin("set")
async def set_(sh: Shell, argv: list[str]) -> int:
    """set_builtin: options up to the first word that is not one, then the
    positional parameters (all of them after `--`; `-` also turns -x and -v off)."""
    args = argv[1:]
    if not args:
        return await _list_variables(sh)
    i, replace, monitor = 0, False, sh.options.o["monitor"]
    try:
        return await _set_args(sh, args, i, replace)
    finally:
        if sh.options.o["monitor"] != monitor:  # set -m / +m: job control on or off
            await set_job_control(sh, sh.options.o["monitor"])
            sh.options.o["monitor"] = sh.job_control


async def _set_args(sh: Shell, args: list[str], i: int, replace: bool) -> int:
    """set's options and then its positional parameters."""
    while i < len(args) and args[i][:1] in "-+" and args[i]:
        arg = args[i]
        i += 1
        if arg in ("-", "--"):
            if arg == "-":
                sh.options.o["xtrace"] = sh.options.o["verbose"] = False
            replace = arg == "--" or i < len(args)
            break
        if arg == "+":
            continue
        on = arg[0] == "-"
        for letter in arg[1:]:
            if letter == "o":
                if i >= len(args) or args[i][:1] in "-+":
                    await _list_o(sh, not on)
                    continue
                if not await _set_o(sh, args[i], on):
                    return 2
                i += 1
            elif letter not in SET_LETTERS or not sh.options.set_flag(letter, on):
                await sh.error(f"set: {arg[0]}{letter}: invalid option")
                await sh.libc.err(SET_USAGE)
                return 2
    if replace or i < len(args):
        sh.positional[:] = args[i:]  # $@ in place: Expander holds the list
    return 0


@builtin("shift")
async def shift(sh: Shell, argv: list[str]) -> int:
    """shift [n]: n past $# fails quietly (status 1) unless shift_verbose."""
    if len(argv) > 2:
        await sh.error("shift: too many arguments")
        return 1
    n = 1
    if len(argv) == 2:
        arg = argv[1].strip()
        if not (arg.lstrip("+-").isdigit() and arg.isascii()):
            await sh.error(f"shift: {argv[1]}: numeric argument required")
            return 1
        n = int(arg)
        if n < 0:
            await sh.error(f"shift: {argv[1]}: shift count out of range")
            return 1
    if n > len(sh.positional):
        if sh.options.shopt["shift_verbose"] or sh.options.o["posix"]:
            await sh.error(f"shift: {n}: shift count out of range")
        return 1
    del sh.positional[:n]
    return 0


def _shopt_flags(args: list[str]) -> tuple[set[str], list[str]] | str:
    """shopt's options (p q s u o) and its names; a bad option's text."""
    flags: set[str] = set()
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "-":
        if args[i] == "--":
            i += 1
            break
        for c in args[i][1:]:
            if c not in "pqsuo":
                return f"-{c}"
            flags.add(c)
        i += 1
    return flags, args[i:]


@builtin("shopt")
async def shopt(sh: Shell, argv: list[str]) -> int:
    parsed = _shopt_flags(argv[1:])
    if isinstance(parsed, str):
        await sh.error(f"shopt: {parsed}: invalid option")
        await sh.libc.err(SHOPT_USAGE)
        return 2
    flags, names = parsed
    if {"s", "u"} <= flags:
        await sh.error("shopt: cannot set and unset shell options simultaneously")
        return 1
    table = sh.options.o if "o" in flags else sh.options.shopt
    status = 0
    for name in names:
        if name not in table:
            what = "option name" if "o" in flags else "shell option name"
            await sh.error(f"shopt: {name}: invalid {what}")
            status = 1
    if status:
        return status
    if "s" in flags or "u" in flags:
        on = "s" in flags
        if names:
            for name in names:
                table[name] = on
            return 0
        shown = [n for n in table if table[n] == on]
    else:
        shown = names or list(table)
    if "q" not in flags:
        await sh.libc.out("".join(_shopt_line(n, table[n], flags) for n in shown))
    return 0 if all(table[n] for n in names) else 1


def _shopt_line(name: str, on: bool, flags: set[str]) -> str:
    if "p" not in flags:
        return option_line(name, on)
    if "o" in flags:
        return f"set {'-' if on else '+'}o {name}\n"
    return f"shopt {'-s' if on else '-u'} {name}\n"

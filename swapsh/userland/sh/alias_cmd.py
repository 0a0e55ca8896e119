"""alias, unalias and alias expansion (models bash 5.2's builtins/alias.def and
alias.c).

bash replaces an alias while it reads a command's first word; swapsh's parser has
no alias table, so the replacement is made when the simple command runs: its first
word, if written unquoted and an alias, is replaced by the alias text and the
command is read again (a value ending in a blank lets the next word be an alias
too). Aliases are on in interactive shells and with `shopt -s expand_aliases`.
Unlike bash, an alias defined on the same line or after a function was defined
is already in force there (docs/ARCHITECTURE.md, "swapsh's own choices").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.userland.sh.ast import Lit, SimpleCommand
from swapsh.userland.sh.builtins import builtin
from swapsh.userland.sh.eval_cmd import run_string
from swapsh.userland.sh.options import sh_single_quote
from swapsh.userland.sh.print_cmd import redirection_text

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["alias", "alias_text", "run_aliased", "unalias"]


def _plain(word_parts: tuple[object, ...]) -> str | None:
    """The word's text if it is all unquoted literal text (an alias candidate)."""
    if len(word_parts) == 1 and isinstance(word_parts[0], Lit) and not word_parts[0].quoted:
        return word_parts[0].text
    return None


def alias_text(sh: Shell, cmd: SimpleCommand) -> tuple[str, set[str]] | None:
    """The command's text with aliases replaced and the aliases used, or None when
    there is none to replace (aliases off, or the first word is not one)."""
    if not sh.options.shopt["expand_aliases"] or cmd.assigns or not cmd.words:
        return None
    words = [w.text for w in cmd.words]
    out: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(words):
        name = _plain(cmd.words[i].parts)
        if name is None or name not in sh.aliases or name in seen | sh.aliases_busy:
            break
        seen.add(name)
        value = sh.aliases[name]
        out.append(value)
        i += 1
        if not value.endswith((" ", "\t")):
            break
    if not out:
        return None
    redirs = [redirection_text(r) for r in cmd.redirects]
    return " ".join([*out, *words[i:], *redirs]), seen


async def run_aliased(sh: Shell, cmd: SimpleCommand) -> int | None:
    """Run cmd with its aliases replaced. Returns: its status, None when it has no
    alias to replace. An alias is not replaced again inside its own text."""
    found = alias_text(sh, cmd)
    if found is None:
        return None
    text, names = found
    sh.aliases_busy |= names
    try:
        return await run_string(sh, text, "alias")
    finally:
        sh.aliases_busy -= names


@builtin("alias")
async def alias(sh: Shell, argv: list[str]) -> int:
    args = argv[1:]
    show_all = False
    while args and args[0].startswith("-") and len(args[0]) > 1:
        if args[0] == "--":
            args = args[1:]
            break
        bad = next((c for c in args[0][1:] if c != "p"), None)
        if bad is not None:
            await sh.error(f"alias: -{bad}: invalid option")
            await sh.libc.err("alias: usage: alias [-p] [name[=value] ... ]\n")
            return 2
        show_all = True
        args = args[1:]
    if not args or show_all:
        await sh.libc.out("".join(_line(n, sh.aliases[n]) for n in sorted(sh.aliases)))
    status = 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if eq:
            sh.aliases[name] = value
        elif name in sh.aliases:
            await sh.libc.out(_line(name, sh.aliases[name]))
        else:
            await sh.error(f"alias: {name}: not found")
            status = 1
    return status


def _line(name: str, value: str) -> str:
    return f"alias {name}={sh_single_quote(value)}\n"


@builtin("unalias")
async def unalias(sh: Shell, argv: list[str]) -> int:
    args = argv[1:]
    if args[:1] == ["-a"]:
        sh.aliases.clear()
        return 0
    if args[:1] == ["--"]:
        args = args[1:]
    elif args and args[0].startswith("-") and len(args[0]) > 1:
        await sh.error(f"unalias: -{args[0][1]}: invalid option")
        await sh.libc.err("unalias: usage: unalias [-a] name [name ...]\n")
        return 2
    if not args:
        await sh.libc.err("unalias: usage: unalias [-a] name [name ...]\n")
        return 2
    status = 0
    for name in args:
        if sh.aliases.pop(name, None) is None:
            await sh.error(f"unalias: {name}: not found")
            status = 1
    return status

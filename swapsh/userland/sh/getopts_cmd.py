"""getopts (models bash 5.2's builtins/getopts.def and builtins/getopt.c sh_getopt).

The position inside a group of options (`-abc`) is the shell's own state, as
sh_getopt's static nextchar is; assigning OPTIND starts over (getopts_reset).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.userland.sh.builtins import builtin

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["getopts"]


class GetoptState:
    """sh_getopt's statics: the OPTIND it last set and where it is in a group."""

    def __init__(self) -> None:
        self.optind_text = ""  # OPTIND as getopts last left it
        self.charindex = 0  # next character of argv[optind] (0: at a new word)


def _state(sh: Shell) -> GetoptState:
    state = sh.getopts_state
    if not isinstance(state, GetoptState):
        state = sh.getopts_state = GetoptState()
    return state


async def _sh_getopt(
    sh: Shell, args: list[str], optstring: str, st: GetoptState, optind: int
) -> tuple[str | None, int, str | None]:
    """One option from args (args[0] is $0). Returns: (option character or None at
    the end, the new OPTIND, OPTARG or None)."""
    if optind >= len(args) or optind < 1:
        return None, max(optind, 1) if optind >= 1 else 1, None
    if st.charindex == 0:
        word = args[optind]
        if not word.startswith("-") or word == "-":
            return None, optind, None
        if word == "--":
            return None, optind + 1, None
        st.charindex = 1
    word = args[optind]
    c = word[st.charindex]
    st.charindex += 1
    if st.charindex >= len(word):  # the group is done
        optind, st.charindex = optind + 1, 0
    spec = optstring.find(c) if c != ":" else -1
    silent = optstring.startswith(":")
    if spec < 0:
        if not silent and sh.vars.get("OPTERR", "1") != "0":
            await sh.libc.err(f"{sh.name}: illegal option -- {c}\n")
        return "?", optind, c if silent else None
    if optstring[spec + 1 : spec + 2] != ":":
        return c, optind, None
    return await _argument(sh, args, c, silent, st, optind)


async def _argument(
    sh: Shell, args: list[str], c: str, silent: bool, st: GetoptState, optind: int
) -> tuple[str | None, int, str | None]:
    """The argument of option c: the rest of its word, else the next word."""
    if st.charindex:
        arg, st.charindex = args[optind][st.charindex :], 0
        return c, optind + 1, arg
    if optind >= len(args):
        if silent:
            return ":", optind, c
        if sh.vars.get("OPTERR", "1") != "0":
            await sh.libc.err(f"{sh.name}: option requires an argument -- {c}\n")
        return "?", optind, None
    return c, optind + 1, args[optind]


@builtin("getopts")
async def getopts(sh: Shell, argv: list[str]) -> int:
    if len(argv) < 3:
        await sh.libc.err("getopts: usage: getopts optstring name [arg ...]\n")
        return 2
    optstring, name = argv[1], argv[2]
    if not (name.isidentifier() and name.isascii()):
        await sh.error(f"getopts: `{name}': not a valid identifier")
        return 1
    st = _state(sh)
    text = sh.vars.get("OPTIND", "1")
    if text != st.optind_text:  # OPTIND was assigned: start over
        st.charindex = 0
    optind = int(text) if text.strip().isdigit() else 1
    args = [sh.name, *(argv[3:] if len(argv) > 3 else sh.positional)]
    c, optind, optarg = await _sh_getopt(sh, args, optstring, st, optind)
    st.optind_text = sh.vars["OPTIND"] = str(optind)
    if optarg is None:
        sh.vars.pop("OPTARG", None)
    else:
        sh.vars["OPTARG"] = optarg
    sh.vars[name] = "?" if c is None else c
    return 1 if c is None else 0

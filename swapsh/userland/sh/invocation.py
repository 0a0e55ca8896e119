"""bash's command-line options as its shell.c checks them (models bash 5.2
parse_long_options(), parse_shell_options() and show_shell_usage()).

An option bash does not know is refused with its usage, status 2, rather than
starting a shell; the `set` and `shopt` options given (-e, -o pipefail, -O extglob...)
are applied to the new shell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Invocation", "invalid_option", "parse_invocation", "shell_usage"]

LONG_OPTIONS = (
    "debug",
    "debugger",
    "dump-po-strings",
    "dump-strings",
    "help",
    "init-file",
    "login",
    "noediting",
    "noprofile",
    "norc",
    "posix",
    "pretty-print",
    "rcfile",
    "restricted",
    "verbose",
    "version",
)
INVOCATION_ONLY = "ilrsD"
SET_OPTIONS = "abefhkmnptuvxBCEHPT"
SHORT_OPTIONS = frozenset(INVOCATION_ONLY + SET_OPTIONS + "coO")
_TAKES_ARGUMENT = ("init-file", "rcfile")


def invalid_option(args: list[str]) -> str | None:
    """The first option in args (argv after argv[0]) bash would reject, as it names it:
    "--bogus" or "-Z". Long options come first; then clusters of single letters,
    '-' or '+', until "-", "--", -c or the first word that is not an option."""
    i = 0
    while i < len(args) and args[i].startswith("--") and len(args[i]) > 2:
        if args[i][2:] not in LONG_OPTIONS:
            return args[i]
        i += 1 + (args[i][2:] in _TAKES_ARGUMENT)
    while i < len(args) and args[i][:1] in ("-", "+") and args[i] not in ("-", "--", "+"):
        arg, i = args[i], i + 1
        for ch in arg[1:]:
            if ch not in SHORT_OPTIONS:
                return arg[0] + ch
            if ch == "c":
                return None
            i += ch in "oO"  # -o option / -O shopt_option take the next word
    return None


def shell_usage(name: str) -> str:
    """show_shell_usage(stderr, 0): what follows the invalid-option message."""
    longs = "".join(f"\t--{opt}\n" for opt in LONG_OPTIONS)
    return (
        f"Usage:\t{name} [GNU long option] [option] ...\n"
        f"\t{name} [GNU long option] [option] script-file ...\n"
        f"GNU long options:\n{longs}Shell options:\n"
        f"\t-{INVOCATION_ONLY} or -c command or -O shopt_option\t\t(invocation only)\n"
        f"\t-{SET_OPTIONS} or -o option\n"
    )


@dataclass(slots=True)
class Invocation:
    """bash's command line after its options (parse_shell_options)."""

    flags: list[tuple[str, bool]] = field(default_factory=list)  # -e, +x ...
    o_options: list[tuple[str, bool]] = field(default_factory=list)  # -o NAME, +o NAME
    shopts: list[tuple[str, bool]] = field(default_factory=list)  # -O NAME, +O NAME
    command: bool = False  # -c: the first word left is the command string
    args: list[str] = field(default_factory=list)  # the words after the options


def parse_invocation(args: list[str]) -> Invocation:
    """Split argv (after argv[0]) into options and words, as shell.c does: long
    options first, then clusters of letters up to `-`, `--` or a word that is not an
    option. invalid_option() has already refused anything bash would not take."""
    inv = Invocation()
    i = 0
    while i < len(args) and args[i].startswith("--") and len(args[i]) > 2:
        if args[i] == "--posix":
            inv.o_options.append(("posix", True))
        i += 1 + (args[i][2:] in _TAKES_ARGUMENT)
    while i < len(args) and args[i][:1] in ("-", "+"):
        arg, i = args[i], i + 1
        if arg in ("-", "--", "+"):
            break
        on = arg[0] == "-"
        for ch in arg[1:]:
            if ch in "oO":
                if i < len(args):
                    (inv.o_options if ch == "o" else inv.shopts).append((args[i], on))
                i += 1
            elif ch == "c":
                inv.command = True
            elif ch in SET_OPTIONS:
                inv.flags.append((ch, on))
    inv.args = args[i:]
    return inv

"""GNU getopt_long (models glibc posix/getopt.c): permutation, clustering, `--`,
abbreviated long options, and glibc's exact diagnostics.

    opts, args = getopt_long(argv, "n:t:af", [("all", NO), ("bytes", REQUIRED, "n")])

Each parsed option is (name, value): the short letter, or the long name unless a
short equivalent is given. Raises GetoptError whose message is what glibc prints
after "prog: " (e.g. "invalid option -- 'x'").
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NO", "OPTIONAL", "REQUIRED", "GetoptError", "LongOpt", "getopt_long"]

NO, REQUIRED, OPTIONAL = 0, 1, 2


@dataclass(frozen=True, slots=True)
class LongOpt:
    name: str
    has_arg: int = NO
    short: str | None = None  # report as this short option


class GetoptError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _parse_shortopts(spec: str) -> tuple[dict[str, int], bool]:
    posix = spec.startswith("+")
    spec = spec.lstrip("+-:")
    out: dict[str, int] = {}
    i = 0
    while i < len(spec):
        c = spec[i]
        i += 1
        kind = NO
        if spec[i : i + 2] == "::":
            kind, i = OPTIONAL, i + 2
        elif spec[i : i + 1] == ":":
            kind, i = REQUIRED, i + 1
        out[c] = kind
    return out, posix


def _match_long(name: str, longopts: list[LongOpt]) -> LongOpt:
    exact = [o for o in longopts if o.name == name]
    if exact:
        return exact[0]
    cands = [o for o in longopts if o.name.startswith(name)]
    if not cands:
        raise GetoptError(f"unrecognized option '--{name}'")
    if (
        len({(o.name, o.has_arg, o.short) for o in cands}) > 1
        and len({(o.has_arg, o.short) for o in cands}) > 1
    ):
        names = " ".join(f"'--{o.name}'" for o in cands)
        raise GetoptError(f"option '--{name}' is ambiguous; possibilities: {names}")
    return cands[0]


Opt = tuple[str, str | None]


def _take_long(a: str, argv: list[str], i: int, longs: list[LongOpt]) -> tuple[Opt, int]:
    """One "--name[=value]" word (its value may be the next word, argv[i]).
    Returns: the option, and the index of the next word to parse."""
    name, eq, val = a[2:].partition("=")
    o = _match_long(name, longs)
    key = o.short or o.name
    if o.has_arg == NO:
        if eq:
            raise GetoptError(f"option '--{o.name}' doesn't allow an argument")
        return (key, None), i
    if eq:
        return (key, val), i
    if o.has_arg != REQUIRED:  # an optional argument must be attached with '='
        return (key, None), i
    if i >= len(argv):
        raise GetoptError(f"option '--{o.name}' requires an argument")
    return (key, argv[i]), i + 1


def _take_shorts(a: str, argv: list[str], i: int, shorts: dict[str, int], opts: list[Opt]) -> int:
    """One cluster of short options ("-abc", "-ofile", "-o file"), appended to opts.
    Returns: the index of the next word to parse."""
    for j in range(1, len(a)):
        c = a[j]
        kind = shorts.get(c)
        if kind is None or c == ":":
            raise GetoptError(f"invalid option -- '{c}'")
        if kind == NO:
            opts.append((c, None))
            continue
        if j + 1 < len(a):  # the rest of the word is the argument
            opts.append((c, a[j + 1 :]))
        elif kind == REQUIRED:
            if i >= len(argv):
                raise GetoptError(f"option requires an argument -- '{c}'")
            opts.append((c, argv[i]))
            return i + 1
        else:
            opts.append((c, None))
        return i
    return i


def getopt_long(
    argv: list[str],
    shortopts: str,
    longopts: list[LongOpt] | None = None,
) -> tuple[list[Opt], list[str]]:
    """Parse argv[1:]. Returns (options in order, operands in order)."""
    shorts, posix = _parse_shortopts(shortopts)
    longs = longopts or []
    opts: list[Opt] = []
    args: list[str] = []
    i = 1
    while i < len(argv):
        a = argv[i]
        i += 1
        if a == "--":
            args.extend(argv[i:])
            break
        if a.startswith("--"):
            opt, i = _take_long(a, argv, i, longs)
            opts.append(opt)
        elif a.startswith("-") and a != "-":
            i = _take_shorts(a, argv, i, shorts, opts)
        elif posix:  # '+': the first operand ends the options
            args.extend(argv[i - 1 :])
            break
        else:
            args.append(a)
    return opts, args

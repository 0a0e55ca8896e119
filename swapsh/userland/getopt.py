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


def getopt_long(
    argv: list[str],
    shortopts: str,
    longopts: list[LongOpt] | None = None,
) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Parse argv[1:]. Returns (options in order, operands in order)."""
    shorts, posix = _parse_shortopts(shortopts)
    longs = longopts or []
    opts: list[tuple[str, str | None]] = []
    args: list[str] = []
    i = 1
    while i < len(argv):
        a = argv[i]
        i += 1
        if a == "--":
            args.extend(argv[i:])
            break
        if a.startswith("--") and longs is not None:
            name, eq, val = a[2:].partition("=")
            o = _match_long(name, longs)
            key = o.short or o.name
            if o.has_arg == NO:
                if eq:
                    raise GetoptError(f"option '--{o.name}' doesn't allow an argument")
                opts.append((key, None))
            elif o.has_arg == REQUIRED:
                if eq:
                    opts.append((key, val))
                elif i < len(argv):
                    opts.append((key, argv[i]))
                    i += 1
                else:
                    raise GetoptError(f"option '--{o.name}' requires an argument")
            else:
                opts.append((key, val if eq else None))
            continue
        if a.startswith("-") and a != "-":
            j = 1
            while j < len(a):
                c = a[j]
                j += 1
                kind = shorts.get(c)
                if kind is None or c == ":":
                    raise GetoptError(f"invalid option -- '{c}'")
                if kind == NO:
                    opts.append((c, None))
                    continue
                if j < len(a):
                    opts.append((c, a[j:]))
                elif kind == REQUIRED:
                    if i >= len(argv):
                        raise GetoptError(f"option requires an argument -- '{c}'")
                    opts.append((c, argv[i]))
                    i += 1
                else:
                    opts.append((c, None))
                break
            continue
        if posix:
            args.append(a)
            args.extend(argv[i:])
            break
        args.append(a)
    return opts, args

"""Signal names as bash prints and reads them (models bash 5.2's support/signames.c
on x86_64 Linux with glibc: SIGRTMIN is 34, as glibc reserves 32 and 33), for
`trap -l`, `trap -p` and `kill -l`."""

from __future__ import annotations

__all__ = ["NSIG", "SIGNAL_NAMES", "decode_signal", "signal_list"]

NSIG = 65
_BASE = [
    "HUP",
    "INT",
    "QUIT",
    "ILL",
    "TRAP",
    "ABRT",
    "BUS",
    "FPE",
    "KILL",
    "USR1",
    "SEGV",
    "USR2",
    "PIPE",
    "ALRM",
    "TERM",
    "STKFLT",
    "CHLD",
    "CONT",
    "STOP",
    "TSTP",
    "TTIN",
    "TTOU",
    "URG",
    "XCPU",
    "XFSZ",
    "VTALRM",
    "PROF",
    "WINCH",
    "IO",
    "PWR",
    "SYS",
]
SIGRTMIN, SIGRTMAX = 34, 64


def _rt_name(n: int) -> str:
    """signames.c: the first half counts up from SIGRTMIN, the rest down from SIGRTMAX."""
    if n == SIGRTMIN:
        return "SIGRTMIN"
    if n == SIGRTMAX:
        return "SIGRTMAX"
    if n - SIGRTMIN <= (SIGRTMAX - SIGRTMIN) // 2:
        return f"SIGRTMIN+{n - SIGRTMIN}"
    return f"SIGRTMAX-{SIGRTMAX - n}"


# number -> name (no entry for 32 and 33, which glibc keeps for itself)
SIGNAL_NAMES: dict[int, str] = {i + 1: "SIG" + name for i, name in enumerate(_BASE)}
SIGNAL_NAMES.update({n: _rt_name(n) for n in range(SIGRTMIN, SIGRTMAX + 1)})
_BY_NAME = {name: n for n, name in SIGNAL_NAMES.items()}


def decode_signal(spec: str, *, nocase: bool = True) -> int | None:
    """bash's decode_signal: a number, or a name with or without SIG (any case for
    trap and kill). Returns: the number, None when it names no signal."""
    if spec.isdigit() and spec.isascii():
        n = int(spec)
        return n if 0 <= n < NSIG else None
    name = spec.upper() if nocase else spec
    if not name.startswith("SIG"):
        name = "SIG" + name
    return _BY_NAME.get(name)


def signal_list() -> str:
    """`trap -l` / `kill -l`: five to a line, "%2d) %s" separated by tabs."""
    out: list[str] = []
    items = sorted(SIGNAL_NAMES.items())
    for i, (n, name) in enumerate(items):
        out.append(f"{n:2d}) {name}")
        out.append("\n" if i % 5 == 4 else "\t")
    return "".join(out) + ("\n" if len(items) % 5 else "")

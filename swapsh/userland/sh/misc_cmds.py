"""umask, times, ulimit, help and logout (models bash 5.2's builtins/umask.def,
times.def, ulimit.def, help.def and exit.def's logout)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.userland.sh.builtins import BUILTINS, SPECIAL_BUILTINS, builtin
from swapsh.userland.sh.help_texts import HELP
from swapsh.userland.sh.pattern import has_glob_chars, match

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["enable", "help_", "logout", "times", "ulimit", "umask"]

USER_HZ = 100  # /proc's clock ticks


# -- umask ----------------------------------------------------------------------------------


def _symbolic(mask: int) -> str:
    """umask -S: what the mask lets through, as u=rwx,g=rx,o=rx."""
    allowed = ~mask & 0o777
    parts = []
    for who, shift in (("u", 6), ("g", 3), ("o", 0)):
        bits = allowed >> shift
        perms = "".join(c for c, b in (("r", 4), ("w", 2), ("x", 1)) if bits & b)
        parts.append(f"{who}={perms}")
    return ",".join(parts)


def _parse_symbolic(text: str, mask: int) -> int | str:
    """symbolic_umask: chmod-like clauses applied to the permissions the mask lets
    through. Returns: the new mask, or bash's message."""
    allowed = ~mask & 0o777
    for clause in text.split(","):
        i = 0
        who = 0
        while i < len(clause) and clause[i] in "ugoa":
            who |= {"u": 0o700, "g": 0o070, "o": 0o007, "a": 0o777}[clause[i]]
            i += 1
        who = who or 0o777
        if i >= len(clause) or clause[i] not in "+-=":
            return f"`{clause[i] if i < len(clause) else ''}': invalid symbolic mode operator"
        op = clause[i]
        bits = 0
        for c in clause[i + 1 :]:
            if c not in "rwx":
                return f"`{c}': invalid symbolic mode character"
            bits |= {"r": 0o444, "w": 0o222, "x": 0o111}[c]
        bits &= who
        if op == "+":
            allowed |= bits
        elif op == "-":
            allowed &= ~bits
        else:
            allowed = (allowed & ~who) | bits
    return ~allowed & 0o777


@builtin("umask")
async def umask(sh: Shell, argv: list[str]) -> int:
    args, flags = argv[1:], ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        if args[0] == "--":
            args = args[1:]
            break
        bad = next((c for c in args[0][1:] if c not in "pS"), None)
        if bad is not None:
            await sh.error(f"umask: -{bad}: invalid option")
            await sh.libc.err("umask: usage: umask [-p] [-S] [mode]\n")
            return 2
        flags += args[0][1:]
        args = args[1:]
    mask = await sh.libc.umask(0)
    await sh.libc.umask(mask)
    if not args:
        text = _symbolic(mask) if "S" in flags else f"{mask:04o}"
        prefix = ("umask -S " if "S" in flags else "umask ") if "p" in flags else ""
        await sh.libc.out(prefix + text + "\n")
        return 0
    mode = args[0]
    if mode[:1].isdigit():
        if not all(c in "01234567" for c in mode) or int(mode, 8) > 0o777:
            await sh.error(f"umask: {mode}: octal number out of range")
            return 1
        new: int | str = int(mode, 8)
    else:
        new = _parse_symbolic(mode, mask)
    if isinstance(new, str):
        await sh.error(f"umask: {new}")
        return 1
    await sh.libc.umask(new)
    if "S" in flags:
        await sh.libc.out(_symbolic(new) + "\n")
    return 0


# -- times ----------------------------------------------------------------------------------


def _clock(ticks: int) -> str:
    ms = ticks * 1000 // USER_HZ
    return f"{ms // 60000}m{ms // 1000 % 60}.{ms % 1000:03d}s"


@builtin("times")
async def times(sh: Shell, argv: list[str]) -> int:
    """The shell's and its children's user and system time, from /proc/self/stat
    (utime, stime, cutime, cstime: what the machine accounts)."""
    text = await sh.read_file("/proc/self/stat")
    fields = text.rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    await sh.libc.out(f"{_clock(utime)} {_clock(stime)}\n{_clock(cutime)} {_clock(cstime)}\n")
    return 0


# -- ulimit ---------------------------------------------------------------------------------

# The limits the machine has: no file size limit is enforced, a process may hold
# NR_OPEN (1024) descriptors (kernel/fs/file.py), and a pipe's atomic write is
# PIPE_BUF (4096 bytes: 8 blocks of 512). 2.6.25's model has no getrlimit/setrlimit.
_LIMITS: dict[str, tuple[str, str]] = {
    "f": ("file size                   (blocks, -f)", "unlimited"),
    "n": ("open files                          (-n)", "1024"),
    "p": ("pipe size                (512 bytes, -p)", "8"),
}
_ALL_LETTERS = "abcdefiklmnpqrstuvxPRT"


@builtin("ulimit")
async def ulimit(sh: Shell, argv: list[str]) -> int:
    args, letters = argv[1:], ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "--":
            break
        for c in opt[1:]:
            if c not in _ALL_LETTERS + "HS":
                await sh.error(f"ulimit: -{c}: invalid option")
                await sh.libc.err("ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n")
                return 2
            letters += c if c not in "HS" else ""
    if "a" in letters:
        await sh.libc.out("".join(f"{label} {value}\n" for label, value in _LIMITS.values()))
        return 0
    letters = letters or "f"
    if args:
        await sh.error("ulimit: setting limits is not modelled (no setrlimit in swapsh's kernel)")
        return 1
    out = []
    for c in letters:
        if c not in _LIMITS:
            await sh.error(f"ulimit: -{c}: not modelled in swapsh's kernel")
            return 1
        label, value = _LIMITS[c]
        out.append(f"{label} {value}\n" if len(letters) > 1 else value + "\n")
    await sh.libc.out("".join(out))
    return 0


# -- enable ---------------------------------------------------------------------------------

ENABLE_USAGE = "enable: usage: enable [-a] [-dnps] [-f filename] [name ...]\n"


@builtin("enable")
async def enable(sh: Shell, argv: list[str]) -> int:
    """enable [-a] [-dnps] [name ...]: turn builtins off (-n) and on, or list them.
    Loadable builtins (-f, -d) are not there: swapsh's programs are not shared objects."""
    args, flags = argv[1:], ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "--":
            break
        bad = next((c for c in opt[1:] if c not in "adnpsf"), None)
        if bad is not None:
            await sh.error(f"enable: -{bad}: invalid option")
            await sh.libc.err(ENABLE_USAGE)
            return 2
        flags += opt[1:]
    if "f" in flags:
        await sh.error("enable: -f: loadable builtins are not supported in swapsh")
        return 1
    if not args:
        await sh.libc.out(_enable_list(sh, flags))
        return 0
    status = 0
    for name in args:
        if "d" in flags and name in BUILTINS:
            await sh.error(f"enable: {name}: not dynamically loaded")
            status = 1
        elif name not in BUILTINS:
            await sh.error(f"enable: {name}: not a shell builtin")
            status = 1
        elif "n" in flags:
            sh.disabled_builtins.add(name)
        else:
            sh.disabled_builtins.discard(name)
    return status


def _enable_list(sh: Shell, flags: str) -> str:
    """enable's listing: the enabled builtins (-n: the disabled ones, -a: all, with
    -n before a disabled one's name; -s: the POSIX special ones only)."""
    out = []
    for name in sorted(BUILTINS):
        off = name in sh.disabled_builtins
        if "s" in flags and name not in SPECIAL_BUILTINS:
            continue
        if "a" not in flags and off != ("n" in flags):
            continue
        out.append(f"enable {'-n ' if off else ''}{name}\n")
    return "".join(out)


# -- help, logout ---------------------------------------------------------------------------


@builtin("help")
async def help_(sh: Shell, argv: list[str]) -> int:
    """help [-ds] [pattern ...]: the synopsis and one-line description of each
    builtin swapsh has (bash's long texts are not included)."""
    args, flags = argv[1:], ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "--":
            break
        bad = next((c for c in opt[1:] if c not in "dms"), None)
        if bad is not None:
            await sh.error(f"help: -{bad}: invalid option")
            await sh.libc.err("help: usage: help [-dms] [pattern ...]\n")
            return 2
        flags += opt[1:]
    names = sorted(n for n in HELP if n in BUILTINS)
    if not args:
        await sh.libc.out("".join(f"{HELP[n][0]}\n" for n in names))
        return 0
    out: list[str] = []
    for pattern in args:
        found = [n for n in names if _matches(pattern, n)]
        if has_glob_chars(pattern) and "s" not in flags and found:
            out.append(f"Shell commands matching keyword `{pattern}'\n\n")
        for n in found:
            syn, desc = HELP[n]
            if "d" in flags:
                out.append(f"{n} - {desc}\n")
            elif "s" in flags:
                out.append(f"{n}: {syn}\n")
            else:
                out.append(f"{n}: {syn}\n    {desc}\n")
    if not out:
        p = args[-1]
        await sh.error(
            f"help: no help topics match `{p}'.  Try `help help' or `man -k {p}' or `info {p}'."
        )
        return 1
    await sh.libc.out("".join(out))
    return 0


def _matches(pattern: str, name: str) -> bool:
    """help's topics: a glob pattern, else a name that starts with the word."""
    if has_glob_chars(pattern):
        return match(pattern, name)
    return name.startswith(pattern)


@builtin("logout")
async def logout(sh: Shell, argv: list[str]) -> int:
    if not sh.login:
        await sh.error("logout: not login shell: use `exit'")
        return 1
    return await BUILTINS["exit"](sh, ["exit", *argv[1:]])

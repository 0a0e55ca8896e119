"""ps: report a snapshot of the current processes (models procps-ng 4.0.2 src/ps/:
the default, -e/-A, -f, -p, -o and BSD "aux" selections and formats).

Everything comes from /proc/<pid>/stat, status and cmdline. VSZ and RSS are what
the kernel reports (0 for tasks without an mm). The PID column is as wide as
/proc/sys/kernel/pid_max has digits, 5 when that file is absent (procps' default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from swapsh.userland.coreutils.common import read_id_db
from swapsh.userland.libc import Libc
from swapsh.userland.offtime import MONTHS, localtime
from swapsh.userland.procps.proc_read import HZ, Proc, read_procs, read_text
from swapsh.userland.registry import program

__all__ = ["main"]

USAGE = """\

Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
"""


@dataclass
class Ctx:
    """What the formatters need besides the process: clock, users, widths."""

    now: int  # seconds since the epoch
    uptime: float  # seconds since boot
    btime: int  # boot time, seconds since the epoch
    mem_total: int  # kB
    users: dict[int, str]
    pid_width: int


def tty_name(tty_nr: int) -> str:
    major, minor = (tty_nr >> 8) & 0xFFF, (tty_nr & 0xFF) | ((tty_nr >> 12) & 0xFFF00)
    if tty_nr == 0:
        return "?"
    if major == 4 and minor < 64:
        return f"tty{minor}"
    if 136 <= major <= 143:
        return f"pts/{(major - 136) * 256 + minor}"
    return "?"


def _hms(ticks: int) -> str:
    t = ticks // HZ
    days, t = divmod(t, 86400)
    s = f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"
    return f"{days}-{s}" if days else s


def _etime(secs: int) -> str:
    days, t = divmod(max(0, secs), 86400)
    h, t = divmod(t, 3600)
    m, s = divmod(t, 60)
    if days:
        return f"{days}-{h:02d}:{m:02d}:{s:02d}"
    return f"{h:02d}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def _civil(secs: int) -> tuple[int, int, int, int, int]:
    """(year, month 1-12, day, hour, minute) of a UTC time."""
    tm = localtime(secs)[0]
    return tm.year, tm.mon + 1, tm.mday, tm.hour, tm.min


def _stime(c: Ctx, p: Proc) -> str:
    """STIME/START: HH:MM today, MonDD this year, else the year."""
    start = c.btime + p.start_time // HZ
    y, mo, d, h, mi = _civil(start)
    ny, nmo, nd, _, _ = _civil(c.now)
    if (y, mo, d) == (ny, nmo, nd) or c.now - start < 86400:
        return f"{h:02d}:{mi:02d}"
    return f"{MONTHS[mo - 1]}{d:02d}" if y == ny else f"{y:4d}"


def _seconds_running(c: Ctx, p: Proc) -> float:
    return max(0.0, c.uptime - p.start_time / HZ)


def _pcpu_permille(c: Ctx, p: Proc) -> int:
    secs = _seconds_running(c, p)
    if secs <= 0:
        return 0
    return min(999, int((p.utime + p.stime) * 1000 / HZ / secs))


def _stat(p: Proc) -> str:
    s = p.state
    if p.nice < 0:
        s += "<"
    elif p.nice > 0:
        s += "N"
    if p.pid == p.session:
        s += "s"
    if p.nlwp > 1:
        s += "l"
    if p.tty_nr and p.pgrp == p.tpgid:
        s += "+"
    return s


def _args(p: Proc) -> str:
    return " ".join(p.cmdline) if p.cmdline else f"[{p.comm}]"


Fmt = Callable[[Ctx, Proc], str]
# name -> (header, width, right-aligned, formatter); width 0 = the PID width
FIELDS: dict[str, tuple[str, int, bool, Fmt]] = {
    "pid": ("PID", 0, True, lambda c, p: str(p.pid)),
    "ppid": ("PPID", 0, True, lambda c, p: str(p.ppid)),
    "pgid": ("PGID", 0, True, lambda c, p: str(p.pgrp)),
    "pgrp": ("PGRP", 0, True, lambda c, p: str(p.pgrp)),
    "sid": ("SID", 0, True, lambda c, p: str(p.session)),
    "sess": ("SESS", 0, True, lambda c, p: str(p.session)),
    "tpgid": ("TPGID", 5, True, lambda c, p: str(p.tpgid)),
    "comm": ("COMMAND", 15, False, lambda c, p: p.comm),
    "ucmd": ("CMD", 15, False, lambda c, p: p.comm),
    "args": ("COMMAND", 27, False, lambda c, p: _args(p)),
    "command": ("COMMAND", 27, False, lambda c, p: _args(p)),
    "cmd": ("CMD", 27, False, lambda c, p: _args(p)),
    "stat": ("STAT", 4, False, lambda c, p: _stat(p)),
    "s": ("S", 1, False, lambda c, p: p.state),
    "state": ("S", 1, False, lambda c, p: p.state),
    "tty": ("TT", 8, False, lambda c, p: tty_name(p.tty_nr)),
    "tt": ("TT", 8, False, lambda c, p: tty_name(p.tty_nr)),
    "tname": ("TTY", 8, False, lambda c, p: tty_name(p.tty_nr)),
    "time": ("TIME", 8, True, lambda c, p: _hms(p.utime + p.stime)),
    "cputime": ("TIME", 8, True, lambda c, p: _hms(p.utime + p.stime)),
    "etime": ("ELAPSED", 11, True, lambda c, p: _etime(int(_seconds_running(c, p)))),
    "uid": ("UID", 5, True, lambda c, p: str(p.euid)),
    "euid": ("EUID", 5, True, lambda c, p: str(p.euid)),
    "ruid": ("RUID", 5, True, lambda c, p: str(p.ruid)),
    "user": ("USER", 8, False, lambda c, p: c.users.get(p.euid, str(p.euid))),
    "euser": ("EUSER", 8, False, lambda c, p: c.users.get(p.euid, str(p.euid))),
    "ruser": ("RUSER", 8, False, lambda c, p: c.users.get(p.ruid, str(p.ruid))),
    "vsz": ("VSZ", 6, True, lambda c, p: str(p.vsize // 1024)),
    "vsize": ("VSZ", 6, True, lambda c, p: str(p.vsize // 1024)),
    "rss": ("RSS", 5, True, lambda c, p: str(p.rss * 4)),
    "rssize": ("RSS", 5, True, lambda c, p: str(p.rss * 4)),
    "pcpu": ("%CPU", 4, True, lambda c, p: "{}.{}".format(*divmod(_pcpu_permille(c, p), 10))),
    "%cpu": ("%CPU", 4, True, lambda c, p: "{}.{}".format(*divmod(_pcpu_permille(c, p), 10))),
    "pmem": ("%MEM", 4, True, lambda c, p: _pmem(c, p)),
    "%mem": ("%MEM", 4, True, lambda c, p: _pmem(c, p)),
    "ni": ("NI", 3, True, lambda c, p: str(p.nice)),
    "nice": ("NI", 3, True, lambda c, p: str(p.nice)),
    "pri": ("PRI", 3, True, lambda c, p: str(39 - p.priority)),
    "stime": ("STIME", 5, False, lambda c, p: _stime(c, p)),
    "start_time": ("START", 5, False, lambda c, p: _stime(c, p)),
    "c": ("C", 2, True, lambda c, p: str(min(99, _pcpu_permille(c, p) // 10))),
    "nlwp": ("NLWP", 4, True, lambda c, p: str(p.nlwp)),
    "bsdtime": (
        "TIME",
        6,
        True,
        lambda c, p: "{}:{:02d}".format(*divmod((p.utime + p.stime) // HZ, 60)),
    ),
    "bsdstart": ("START", 5, False, lambda c, p: _stime(c, p)),
}
DEFAULT = ["pid", "tname", "time", "ucmd"]
FULL = ["user", "pid", "ppid", "c", "stime", "tname", "time", "cmd"]
BSD_U = [
    "user",
    "pid",
    "pcpu",
    "pmem",
    "vsz",
    "rss",
    "tname",
    "stat",
    "bsdstart",
    "bsdtime",
    "args",
]
HEADER_FIX = {"user": "UID"}  # -f calls the user column UID


def _pmem(c: Ctx, p: Proc) -> str:
    pm = p.rss * 4 * 1000 // c.mem_total if c.mem_total else 0
    return "{}.{}".format(*divmod(min(pm, 999), 10))


def _cells(c: Ctx, fields: list[str], p: Proc | None, full: bool) -> str:
    out = []
    for i, name in enumerate(fields):
        head, width, right, fmt = FIELDS[name]
        width = width or c.pid_width
        if full and name in HEADER_FIX and p is None:
            head = HEADER_FIX[name]
        text = head if p is None else fmt(c, p)
        last = i == len(fields) - 1
        out.append(text.rjust(width) if right else (text if last else text.ljust(width)))
    return " ".join(out)


BSD_X = ["pid", "tname", "stat", "bsdtime", "args"]


class PsError(Exception):
    """A command-line error: the message goes before the usage text."""


@dataclass
class Sel:
    """The parsed command line."""

    every: bool = False  # -e, -A, ax
    bsd_a: bool = False
    bsd_x: bool = False
    pids: list[int] | None = None
    fmt: list[str] | None = None
    headers: dict[str, str] | None = None
    full: bool = False
    bsd_u: bool = False


def _pid_list(arg: str) -> list[int]:
    out = []
    for part in arg.replace(",", " ").split():
        if not part.isdigit() or int(part) == 0:
            raise PsError("process ID list syntax error")
        out.append(int(part))
    return out


def _fmt_list(sel: Sel, arg: str) -> None:
    sel.fmt, sel.headers = sel.fmt or [], sel.headers or {}
    for part in arg.replace(",", " ").split():
        name, eq, head = part.partition("=")
        key = name.lower()
        if key not in FIELDS:
            raise PsError(f'unknown user-defined format specifier "{name}"')
        sel.fmt.append(key)
        if eq:
            sel.headers[f"{len(sel.fmt) - 1}"] = head


def _parse_dash(sel: Sel, a: str, rest: list[str]) -> None:
    i = 1
    while i < len(a):
        c = a[i]
        if c in "eA":
            sel.every = True
        elif c == "f":
            sel.full = True
        elif c in "po":
            arg = a[i + 1 :] or (rest.pop(0) if rest else "")
            if not arg:
                raise PsError(
                    "list of process IDs must follow -p"
                    if c == "p"
                    else "format specification must follow -o"
                )
            if c == "p":
                sel.pids = (sel.pids or []) + _pid_list(arg)
            else:
                _fmt_list(sel, arg)
            return
        else:
            raise PsError("unsupported SysV option")
        i += 1


def _parse_long(sel: Sel, a: str, rest: list[str]) -> None:
    """A GNU long option: --pid and --format, with "=VALUE" or the next word."""
    name, _, val = a[2:].partition("=")
    if name not in ("pid", "format"):
        raise PsError("unknown gnu long option")
    val = val or (rest.pop(0) if rest else "")
    if name == "pid":
        sel.pids = (sel.pids or []) + _pid_list(val)
    else:
        _fmt_list(sel, val)


def _parse_bsd(sel: Sel, a: str, rest: list[str]) -> None:
    """A word of BSD options (no dash): a, x, u, and p/q/o last with the next word."""
    for c in a:
        if c == "a":
            sel.bsd_a = True
        elif c == "x":
            sel.bsd_x = True
        elif c == "u":
            sel.bsd_u = True
        elif c in "pqo" and c == a[-1] and rest:
            if c == "o":
                _fmt_list(sel, rest.pop(0))
            else:
                sel.pids = (sel.pids or []) + _pid_list(rest.pop(0))
        else:
            raise PsError("unsupported option (BSD syntax)")


def _parse(argv: list[str]) -> Sel | str:
    sel, rest = Sel(), list(argv[1:])
    while rest:
        a = rest.pop(0)
        if a in ("--help",):
            return "help"
        if a in ("-V", "--version", "V"):
            return "version"
        if a.startswith("--"):
            _parse_long(sel, a, rest)
        elif a.startswith("-"):
            _parse_dash(sel, a, rest)
        else:
            _parse_bsd(sel, a, rest)
    return sel


def _selected(sel: Sel, p: Proc, me: Proc | None, euid: int) -> bool:
    if sel.pids is not None:
        return p.pid in sel.pids
    if sel.every or (sel.bsd_a and sel.bsd_x):
        return True
    if sel.bsd_a:
        return p.tty_nr != 0
    if sel.bsd_x:
        return p.euid == euid
    tty = me.tty_nr if me is not None else 0
    return p.euid == euid and p.tty_nr == tty


def _fields(sel: Sel) -> list[str]:
    if sel.fmt:
        return sel.fmt
    if sel.full:
        return FULL
    if sel.bsd_u:
        return BSD_U
    if sel.bsd_a or sel.bsd_x:
        return BSD_X
    return DEFAULT


async def _ctx(libc: Libc) -> Ctx:
    stat = await read_text(libc, "/proc/stat") or ""
    btime = next((int(x.split()[1]) for x in stat.split("\n") if x.startswith("btime ")), 0)
    up = await read_text(libc, "/proc/uptime") or "0"
    mem = await read_text(libc, "/proc/meminfo") or ""
    total = next((int(x.split()[1]) for x in mem.split("\n") if x.startswith("MemTotal:")), 0)
    users = {
        int(r[2]): r[0]
        for r in await read_id_db(libc, "/etc/passwd")
        if len(r) > 2 and r[2].isdigit()
    }
    pid_max = (await read_text(libc, "/proc/sys/kernel/pid_max") or "").strip()
    now = await libc.clock_gettime(0) // 10**9
    return Ctx(
        now=now,
        uptime=float(up.split()[0]),
        btime=btime,
        mem_total=total,
        users=users,
        pid_width=len(pid_max) if pid_max.isdigit() else 5,
    )


async def _run(libc: Libc, sel: Sel) -> int:
    c = await _ctx(libc)
    procs = await read_procs(libc)
    mypid = await libc.getpid()
    me = next((p for p in procs if p.pid == mypid), None)
    euid = (await libc.getresuid())[1]
    fields = _fields(sel)
    header = _cells(c, fields, None, sel.full)
    if sel.headers:
        heads = [sel.headers.get(str(i)) for i in range(len(fields))]
        header = "" if all(h == "" for h in heads) else _renamed(c, fields, heads)
    if header:
        await libc.out(header + "\n")
    shown = 0
    for p in procs:
        if _selected(sel, p, me, euid):
            await libc.out(_cells(c, fields, p, sel.full) + "\n")
            shown += 1
    return 0 if shown else 1


def _renamed(c: Ctx, fields: list[str], heads: list[str | None]) -> str:
    out = []
    for i, (name, head) in enumerate(zip(fields, heads, strict=True)):
        h, width, right, _ = FIELDS[name]
        text = h if head is None else head
        width = max(width or c.pid_width, len(text))
        last = i == len(fields) - 1
        out.append(text.rjust(width) if right else (text if last else text.ljust(width)))
    return " ".join(out)


@program("/bin/ps")
async def main(libc: Libc, argv: list[str]) -> int:
    """ps [options]"""
    try:
        sel = _parse(argv or ["ps"])
    except PsError as e:
        await libc.err(f"error: {e}\n{USAGE}")
        return 1
    if isinstance(sel, Sel):
        return await _run(libc, sel)
    await libc.out(USAGE if sel == "help" else "ps from procps-ng 4.0.2\n")  # or "version"
    return 0

"""dmesg: print or control the kernel ring buffer (models util-linux 2.38.1
sys-utils/dmesg.c reading a syslog(2) buffer).

A 2.6.25 kernel has no readable /dev/kmsg, so dmesg reads the whole buffer with
syslog(SYSLOG_ACTION_READ_ALL) and parses its "<L>[    1.234567] text" records.
-T/--ctime, -e/--reltime and iso times use the boot time as util-linux computes it
without CLOCK_BOOTTIME: CLOCK_REALTIME minus sysinfo().uptime, printed in UTC.

swapsh specifics: colours (-L), the pager (-H pages nothing), --json, --since/--until
and -w/--follow (meaningless without /dev/kmsg: util-linux also prints once) are
handled as noted in the code; -F reads the file through the C library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swapsh.userland.getopt import NO, OPTIONAL, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import Libc
from swapsh.userland.offtime import MONTHS, asctime, localtime
from swapsh.userland.registry import program
from swapsh.userland.util_linux.common import (
    UlExit,
    c_strtol,
    err,
    errtryhelp,
    errx,
    exclusive_options,
    print_version,
    read_file,
    str2unum_or_err,
    warnx,
)

__all__ = ["FACILITIES", "LEVELS", "format_records", "main"]

SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR = 3, 4, 5
SYSLOG_ACTION_CONSOLE_OFF, SYSLOG_ACTION_CONSOLE_ON, SYSLOG_ACTION_CONSOLE_LEVEL = 6, 7, 8
LEVELS = [
    ("emerg", "system is unusable"),
    ("alert", "action must be taken immediately"),
    ("crit", "critical conditions"),
    ("err", "error conditions"),
    ("warn", "warning conditions"),
    ("notice", "normal but significant condition"),
    ("info", "informational"),
    ("debug", "debug-level messages"),
]
FACILITIES = [
    ("kern", "kernel messages"),
    ("user", "random user-level messages"),
    ("mail", "mail system"),
    ("daemon", "system daemons"),
    ("auth", "security/authorization messages"),
    ("syslog", "messages generated internally by syslogd"),
    ("lpr", "line printer subsystem"),
    ("news", "network news subsystem"),
    ("uucp", "UUCP subsystem"),
    ("cron", "clock daemon"),
    ("authpriv", "security/authorization messages (private)"),
    ("ftp", "FTP daemon"),
]

LONGOPTS = [
    LongOpt("buffer-size", REQUIRED, "s"),
    LongOpt("clear", NO, "C"),
    LongOpt("color", OPTIONAL, "L"),
    LongOpt("console-level", REQUIRED, "n"),
    LongOpt("console-off", NO, "D"),
    LongOpt("console-on", NO, "E"),
    LongOpt("decode", NO, "x"),
    LongOpt("file", REQUIRED, "F"),
    LongOpt("facility", REQUIRED, "f"),
    LongOpt("follow", NO, "w"),
    LongOpt("follow-new", NO, "W"),
    LongOpt("human", NO, "H"),
    LongOpt("help", NO, "h"),
    LongOpt("json", NO, "J"),
    LongOpt("kernel", NO, "k"),
    LongOpt("level", REQUIRED, "l"),
    LongOpt("since", REQUIRED),
    LongOpt("syslog", NO, "S"),
    LongOpt("raw", NO, "r"),
    LongOpt("read-clear", NO, "c"),
    LongOpt("reltime", NO, "e"),
    LongOpt("show-delta", NO, "d"),
    LongOpt("ctime", NO, "T"),
    LongOpt("noescape", NO),
    LongOpt("notime", NO, "t"),
    LongOpt("nopager", NO, "P"),
    LongOpt("until", REQUIRED),
    LongOpt("userspace", NO, "u"),
    LongOpt("version", NO, "V"),
    LongOpt("time-format", REQUIRED),
    LongOpt("force-prefix", NO, "p"),
]
LONGNAMES = {o.short or o.name: o.name for o in LONGOPTS}
EXCLUSIVE = ["CDEcnr", "Hr", "Lr", "Sw", "Tr", "dr", "er", "rx", "rt"]

USAGE = (
    """
Usage:
 dmesg [options]

Display or control the kernel ring buffer.

Options:
 -C, --clear                 clear the kernel ring buffer
 -c, --read-clear            read and clear all messages
 -D, --console-off           disable printing messages to console
 -E, --console-on            enable printing messages to console
 -F, --file <file>           use the file instead of the kernel log buffer
 -f, --facility <list>       restrict output to defined facilities
 -H, --human                 human readable output
 -J, --json                  use JSON output format
 -k, --kernel                display kernel messages
 -L, --color[=<when>]        colorize messages (auto, always or never)
                               colors are enabled by default
 -l, --level <list>          restrict output to defined levels
 -n, --console-level <level> set level of messages printed to console
 -P, --nopager               do not pipe output into a pager
 -p, --force-prefix          force timestamp output on each line of multi-line messages
 -r, --raw                   print the raw message buffer
     --noescape              don't escape unprintable character
 -S, --syslog                force to use syslog(2) rather than /dev/kmsg
 -s, --buffer-size <size>    buffer size to query the kernel ring buffer
 -u, --userspace             display userspace messages
 -w, --follow                wait for new messages
 -W, --follow-new            wait and print only new messages
 -x, --decode                decode facility and level to readable string
 -d, --show-delta            show time delta between printed messages
 -e, --reltime               show local time and time delta in readable format
 -T, --ctime                 show human-readable timestamp (may be inaccurate!)
 -t, --notime                don't show any timestamp with messages
     --time-format <format>  show timestamp using the given format:
                               [delta|reltime|ctime|notime|iso]
Suspending/resume will make ctime and iso timestamps inaccurate.
     --since <time>          display the lines since the specified time
     --until <time>          display the lines until the specified time

 -h, --help                  display this help
 -V, --version               display version

Supported log facilities:
"""
    + "".join(f" {n:>7} - {h}\n" for n, h in FACILITIES[:8])
    + """
Supported log levels (priorities):
"""
    + "".join(f" {n:>7} - {h}\n" for n, h in LEVELS)
    + """
For more details see dmesg(1).
"""
)


@dataclass(slots=True)
class DmesgCtl:
    """struct dmesg_control, the parts swapsh models."""

    action: int = SYSLOG_ACTION_READ_ALL
    time_fmt: str = "time"  # none, time, delta, ctime, reltime, iso (+ "_delta")
    levels: set[int] = field(default_factory=set)
    facilities: set[int] = field(default_factory=set)
    fltr_lev: bool = False
    fltr_fac: bool = False
    raw: bool = False
    decode: bool = False
    noesc: bool = False
    delta: bool = False
    console_level: int = 0
    filename: str | None = None
    boot_time: int = 0  # seconds since the epoch
    lasttime: float | None = None
    last_minute: tuple[int, int, int] | None = None
    out_of_range: list[int] = field(default_factory=list)  # strtimeval_iso's warnings


@dataclass(slots=True)
class Record:
    level: int  # -1 when unknown
    facility: int
    sec: int
    usec: int
    mesg: bytes


async def parse_level(libc: Libc, s: str, length: int) -> int:
    """parse_level(): a number or a name; with length 0 (for -n) numbers are 1-8."""
    offset = 0
    if not length:
        length, offset = len(s), 1
    item = s[:length]
    if item[:1].isdigit():
        v, end, over = c_strtol(item, 10)
        if over:
            await libc.err(f"dmesg: failed to parse level '{s}': Numerical result out of range\n")
            raise UlExit(1)
        x = v - offset
        if end == length and 0 <= x < len(LEVELS):
            return x + offset
    else:
        for i, (name, _h) in enumerate(LEVELS):
            if name == item.lower():
                return i + offset
    await errx(libc, 1, f"unknown level '{s}'")


async def parse_facility(libc: Libc, s: str, length: int) -> int:
    item = s[:length]
    if item[:1].isdigit():
        v, end, _over = c_strtol(item, 10)
        if end == length and 0 <= v < len(FACILITIES):
            return v
    else:
        for i, (name, _h) in enumerate(FACILITIES):
            if name == item.lower():
                return i
    await errx(libc, 1, f"unknown facility '{s}'")


async def _bitarray(libc: Libc, arg: str, facility: bool) -> set[int]:
    """string_to_bitarray(): the message names the rest of the list from the bad item."""
    out, pos = set(), 0
    for item in arg.split(","):
        rest = arg[pos:]
        if item:
            out.add(await (parse_facility if facility else parse_level)(libc, rest, len(item)))
        pos += len(item) + 1
    return out


def _split_records(buf: bytes) -> list[bytes]:
    """get_next_syslog_record(): a record ends at "\\n<" or at the end of the buffer."""
    buf = buf.split(b"\0", 1)[0]
    out: list[bytes] = []
    start = 0
    while start < len(buf):
        end = buf.find(b"\n<", start)
        if end < 0:
            rec = buf[start:]
            out.append(rec[:-1] if rec.endswith(b"\n") else rec)
            break
        out.append(buf[start:end])
        start = end + 1
    return [r for r in out if r]


def parse_record(raw: bytes, want_faclev: bool) -> Record:
    rec = Record(-1, -1, 0, 0, b"")
    p = raw
    if p.startswith(b"<"):
        close = p.find(b">")
        if want_faclev:
            v, end, over = c_strtol(p[1:].decode("latin-1"), 10)
            if end and not over:
                rec.facility, rec.level = (v >> 3) if v >= 0 else -1, v & 7
                p = p[1 + end + 1 :]
        else:
            p = p[close + 1 :] if close >= 0 else b""
    if p[:1] == b"[" and (p[1:2] == b" " or p[1:2].isdigit()):
        p = _parse_syslog_timestamp(rec, p[1:])
        if p[:1] == b" ":
            p = p[1:]
    rec.mesg = p
    return rec


def _parse_syslog_timestamp(rec: Record, p: bytes) -> bytes:
    """parse_syslog_timestamp(): "SEC.USEC]" with strtol(); returns what follows the
    "]", or p itself if that is not all there (strtol's values are kept anyway)."""
    s = p.decode("latin-1")
    rec.sec, end, over = c_strtol(s, 10)
    start = 0
    if not over and s[end : end + 1] == "." and s[end + 1 : end + 2]:
        start = end + 1
        rec.usec, used, over = c_strtol(s[start:], 10)
        end = start + used if used else start
    if over or end == start or s[end : end + 1] != "]":
        return p
    return p[end + 1 :]


def escape(mesg: bytes, noesc: bool) -> bytes:
    """safe_fwrite(): non-printable bytes as \\xHH (valid UTF-8 printables kept)."""
    if noesc:
        return mesg
    out = bytearray()
    text = mesg.decode("utf-8", "surrogateescape")
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out += b"\\x%02x" % (o - 0xDC00)
        elif ch.isprintable() or ch in " \t\n\v\f\r":
            out += ch.encode()
        else:
            out += b"".join(b"\\x%02x" % b for b in ch.encode())
    return bytes(out)


def _ctime(t: int) -> str:
    """strftime("%a %b %e %H:%M:%S %Y") of localtime_r(t), its result unchecked."""
    return asctime(localtime(t)[0])


def _iso(ctl: DmesgCtl, rec: Record) -> str:
    """iso_8601_time() (strtimeval_iso): "(null)" when the year does not fit."""
    t = ctl.boot_time + rec.sec
    tm, ok = localtime(t)
    if not ok:
        ctl.out_of_range.append((t + (1 << 63)) % (1 << 64) - (1 << 63))
        return "(null)"
    date = f"{tm.year:4d}-{tm.mon + 1:02d}-{tm.mday:02d}"
    return f"{date}T{tm.hour:02d}:{tm.min:02d}:{tm.sec:02d},{rec.usec:06d}+00:00"


def _timestamp(ctl: DmesgCtl, rec: Record) -> str:
    now = rec.sec + rec.usec / 1e6
    fmt = ctl.time_fmt
    delta = 0.0
    if fmt.endswith("delta") or fmt == "reltime":
        delta = now - ctl.lasttime if ctl.lasttime else 0.0  # timerisset()
        ctl.lasttime = now
    if fmt == "none":
        return ""
    if fmt == "reltime":
        return _reltime(ctl, rec, delta)
    if fmt == "iso":
        return _iso(ctl, rec) + " "
    # "[TIME <DELTA>] ": time or ctime, a delta, or both
    parts = []
    if fmt.startswith("time"):
        parts.append(f"{rec.sec:5d}.{rec.usec:06d}")
    elif fmt.startswith("ctime"):
        parts.append(_ctime(ctl.boot_time + rec.sec))
    if fmt.endswith("delta"):
        parts.append(f"<{delta:12.6f}>")
    return f"[{' '.join(parts)}] "


def _reltime(ctl: DmesgCtl, rec: Record, delta: float) -> str:
    """-e: the wall-clock minute when it changes, else the delta."""
    tm, _ok = localtime(ctl.boot_time + rec.sec)
    minute = (tm.min, tm.hour, tm.yday)
    if minute != ctl.last_minute:
        ctl.last_minute = minute
        return f"[{MONTHS[tm.mon]}{tm.mday:2d} {tm.hour:02d}:{tm.min:02d}] "
    return f"[  {delta:+8.6f}] " if delta < 10 else f"[ {delta:+9.6f}] "


def format_records(ctl: DmesgCtl, buf: bytes) -> bytes:
    """print_buffer(): the buffer as dmesg prints it."""
    if ctl.raw:
        body = escape(buf.split(b"\0", 1)[0], ctl.noesc)
        return body if not body or body.endswith(b"\n") else body + b"\n"
    want = ctl.fltr_lev or ctl.fltr_fac or ctl.decode
    out = bytearray()
    for raw in _split_records(buf):
        rec = parse_record(raw, want)
        if ctl.fltr_lev and (rec.facility < 0 or rec.level not in ctl.levels):
            continue
        if ctl.fltr_fac and (rec.facility < 0 or rec.facility not in ctl.facilities):
            continue
        if not rec.mesg:
            out += b"\n"
            continue
        fp = ""
        if ctl.decode and 0 <= rec.level < 8 and 0 <= rec.facility < len(FACILITIES):
            fp = f"{FACILITIES[rec.facility][0]:<6}:{LEVELS[rec.level][0]:<6}: "
        ts = _timestamp(ctl, rec)
        indent = len(fp) + len(ts)
        mesg = escape(rec.mesg, ctl.noesc)
        if indent:
            mesg = mesg.replace(b"\n", b"\n" + b" " * indent)
        out += fp.encode() + ts.encode() + mesg + b"\n"
    return bytes(out)


async def _apply(libc: Libc, ctl: DmesgCtl, key: str, val: str) -> None:
    simple = {
        "C": ("action", SYSLOG_ACTION_CLEAR),
        "c": ("action", SYSLOG_ACTION_READ_CLEAR),
        "D": ("action", SYSLOG_ACTION_CONSOLE_OFF),
        "E": ("action", SYSLOG_ACTION_CONSOLE_ON),
        "d": ("delta", True),
        "e": ("time_fmt", "reltime"),
        "H": ("time_fmt", "reltime"),
        "r": ("raw", True),
        "T": ("time_fmt", "ctime"),
        "t": ("time_fmt", "none"),
        "x": ("decode", True),
        "noescape": ("noesc", True),
    }
    if key in simple:
        setattr(ctl, *simple[key])
    elif key == "F":
        ctl.filename = val
    elif key in ("f", "k", "u"):
        ctl.fltr_fac = True
        ctl.facilities |= await _facilities(libc, key, val)
    elif key == "l":
        ctl.fltr_lev = True
        ctl.levels |= await _bitarray(libc, val, facility=False)
    elif key == "n":
        ctl.action = SYSLOG_ACTION_CONSOLE_LEVEL
        ctl.console_level = await parse_level(libc, val, 0)
    elif key == "s":
        await str2unum_or_err(libc, val, "invalid buffer size argument", 0xFFFFFFFF)
    elif key == "time-format":
        ctl.time_fmt = await _time_format(libc, val)
    elif key in ("J", "since", "until"):
        await errx(libc, 1, f"swapsh: --{LONGNAMES[key]} is not supported")
    elif key == "h":
        await libc.out(USAGE)
        raise UlExit(0)
    elif key == "V":
        await print_version(libc)


async def _facilities(libc: Libc, key: str, val: str) -> set[int]:
    """The facilities -f LIST, -k (kernel) or -u (userspace: all the others) select."""
    if key == "f":
        return await _bitarray(libc, val, facility=True)
    return {0} if key == "k" else set(range(1, len(FACILITIES)))


async def _time_format(libc: Libc, s: str) -> str:
    names = {
        "notime": "none",
        "ctime": "ctime",
        "delta": "delta",
        "reltime": "reltime",
        "iso": "iso",
    }
    if s not in names:
        await errx(libc, 1, f"unknown time format: {s}")
    return names[s]


async def _read_buffer(libc: Libc, ctl: DmesgCtl) -> bytes:
    if ctl.filename is not None:
        try:
            return await read_file(libc, ctl.filename, 1 << 24)
        except OSError as e:
            await err(libc, 1, f"cannot open {ctl.filename}", e)
    try:
        text = await libc.syslog(SYSLOG_ACTION_READ_ALL, 1 << 17)
    except OSError as e:
        await err(libc, 1, "read kernel buffer failed", e)
    return text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)


async def _prepare_times(libc: Libc, ctl: DmesgCtl) -> None:
    if ctl.time_fmt in ("reltime", "ctime", "iso"):
        now = await libc.clock_gettime(0) // 10**9
        ctl.boot_time = now - (await libc.sysinfo()).uptime
    if ctl.delta:
        ctl.time_fmt = {"ctime": "ctime_delta", "time": "time_delta"}.get(
            ctl.time_fmt, ctl.time_fmt
        )
        if ctl.time_fmt == "iso":
            await warnx(libc, "--show-delta is ignored when used together with iso8601 time format")
        elif ctl.time_fmt not in ("ctime_delta", "time_delta"):
            ctl.time_fmt = "delta"


async def _dmesg(libc: Libc, argv: list[str]) -> int:
    ctl = DmesgCtl()
    try:
        opts, args = getopt_long(argv, "CcDdEeF:f:HhJkL::l:n:iPprSs:TtuVWwx", LONGOPTS)
    except GetoptError as e:
        await libc.err(f"dmesg: {e.message}\n")
        await errtryhelp(libc, 1)
    for i, (key, val) in enumerate(opts):
        await exclusive_options(libc, [k for k, _ in opts[: i + 1]], EXCLUSIVE, LONGNAMES)
        await _apply(libc, ctl, key, val or "")
    if args:
        await warnx(libc, "bad usage")
        await errtryhelp(libc, 1)
    await _prepare_times(libc, ctl)
    if ctl.action in (SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_READ_CLEAR):
        if ctl.raw and (ctl.fltr_lev or ctl.fltr_fac):
            await errx(
                libc,
                1,
                "--raw can be used together with --level or --facility only "
                "when reading messages from /dev/kmsg",
            )
        text = format_records(ctl, await _read_buffer(libc, ctl))
        for t in ctl.out_of_range:  # stderr is unbuffered: before stdout is flushed
            await warnx(libc, f"time {t} is out of range.")
        await libc.out(text)
        if ctl.action == SYSLOG_ACTION_READ_ALL:
            return 0
    try:
        if ctl.action in (SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR):
            await libc.syslog(SYSLOG_ACTION_CLEAR)
        else:
            await libc.syslog(ctl.action, ctl.console_level)
    except OSError as e:
        what = (
            "klogctl failed"
            if ctl.action >= SYSLOG_ACTION_CONSOLE_OFF
            else "clear kernel buffer failed"
        )
        await err(libc, 1, what, e)
    return 0


@program("/bin/dmesg")
async def main(libc: Libc, argv: list[str]) -> int:
    """dmesg [options]"""
    try:
        return await _dmesg(libc, argv)
    except UlExit as e:
        return e.code
    except OSError as e:
        await warnx(libc, e.strerror or "error")
        return 1

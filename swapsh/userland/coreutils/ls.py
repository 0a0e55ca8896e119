"""ls: list directory contents (models coreutils 9.1 src/ls.c).

Supported: -a -A -d -1 -C -l -g -o -n -i -s -h -F -p -R -r -t -S -U, --full-time,
--time-style=full-iso|long-iso|iso|locale. Names are sorted in byte order (C.UTF-8
collation). On a terminal the listing is in columns with shell-escape quoting, as GNU
ls does; otherwise one name per line, literally. Times are shown in UTC.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from swapsh.syscalls.abi import Stat
from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    HUMAN_AUTOSCALE,
    HUMAN_BASE_1024,
    HUMAN_CEILING,
    HUMAN_SI,
    Prog,
    coreutil,
    help_footer,
    human_readable,
    parse_opts,
    quoteaf,
    read_id_db,
    shell_quote,
    version_text,
)
from swapsh.userland.coreutils.modes import S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, filemodestring
from swapsh.userland.getopt import NO, OPTIONAL, REQUIRED, LongOpt
from swapsh.userland.offtime import MONTHS, localtime

__all__ = ["main"]

S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK = 0o020000, 0o060000, 0o010000, 0o140000
SIX_MONTHS = 31556952 // 2
LONGOPTS = [
    LongOpt("all", NO, "a"),
    LongOpt("almost-all", NO, "A"),
    LongOpt("directory", NO, "d"),
    LongOpt("classify", OPTIONAL, "F"),
    LongOpt("human-readable", NO, "h"),
    LongOpt("inode", NO, "i"),
    LongOpt("numeric-uid-gid", NO, "n"),
    LongOpt("recursive", NO, "R"),
    LongOpt("reverse", NO, "r"),
    LongOpt("size", NO, "s"),
    LongOpt("full-time", NO),
    LongOpt("time-style", REQUIRED),
    LongOpt("color", OPTIONAL),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]... [FILE]...
List information about the FILEs (the current directory by default).
Sort entries alphabetically if none of -cftuvSUX nor --sort is specified.

Mandatory arguments to long options are mandatory for short options too.
  -a, --all                  do not ignore entries starting with .
  -A, --almost-all           do not list implied . and ..
  -C                         list entries by columns
  -d, --directory            list directories themselves, not their contents
  -F, --classify[=WHEN]      append indicator (one of */=>@|) to entries WHEN
      --full-time            like -l --time-style=full-iso
  -g                         like -l, but do not list owner
  -h, --human-readable       with -l and -s, print sizes like 1K 234M 2G etc.
  -i, --inode                print the index number of each file
  -l                         use a long listing format
  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs
  -o                         like -l, but do not list group information
  -p                         append / indicator to directories
  -r, --reverse              reverse order while sorting
  -R, --recursive            list subdirectories recursively
  -s, --size                 print the allocated size of each file, in blocks
  -S                         sort by file size, largest first
      --time-style=TIME_STYLE  time/date format with -l; see TIME_STYLE below
  -t                         sort by time, newest first; see --time
  -U                         do not sort; list entries in directory order
  -1                         list one file per line
"""
HELP2 = """
Exit status:
 0  if OK,
 1  if minor problems (e.g., cannot access subdirectory),
 2  if serious trouble (e.g., cannot access command-line argument).
"""


@dataclass
class Opts:
    """What to show and how."""

    all: str = ""  # "", "A" (almost all) or "a"
    directory: bool = False
    owner: bool = True
    group: bool = True
    numeric: bool = False
    inode: bool = False
    size: bool = False
    human: bool = False
    classify: str = ""  # "", "F" or "p"
    recursive: bool = False
    reverse: bool = False
    sort: str = "name"  # name, time, size, none
    format: str = ""  # "long", "one", "columns"
    time_style: str = "locale"
    tty: bool = False
    width: int = 80
    now_ns: int = 0
    users: dict[int, str] = field(default_factory=dict)
    groups: dict[int, str] = field(default_factory=dict)


@dataclass
class Entry:
    name: str  # as shown
    path: str  # for stat and recursion
    st: Stat | None
    target: str | None = None  # symlink target, for -l


# -- options ---------------------------------------------------------------------------------


async def _parse(p: Prog, argv: list[str]) -> tuple[Opts, list[str]] | int:
    opts, args = await parse_opts(p, argv, "aAdFhilnRrsStU1CgopT:w:x", LONGOPTS, status=2)
    o = Opts()
    for k, v in opts:
        if k == "help":
            await p.libc.out(HELP.format(p.name) + HELP_TAIL + HELP2 + help_footer("ls"))
            return 0
        if k == "version":
            await p.libc.out(version_text("ls", "Richard M. Stallman and David MacKenzie"))
            return 0
        if not await _apply(p, o, k, v):
            return 2
    return o, args


async def _apply(p: Prog, o: Opts, k: str, v: str | None) -> bool:
    if k in ("a", "A"):
        o.all = "a" if k == "a" or o.all == "a" else "A"
    elif k in ("l", "g", "o", "n"):
        o.format = "long"
        o.owner = o.owner and k != "g"
        o.group = o.group and k != "o"
        o.numeric |= k == "n"
    elif k in ("1", "C"):
        o.format = {"1": "one", "C": "columns"}[k]
    elif k in ("F", "p"):
        o.classify = "F" if k == "F" or o.classify == "F" else "p"
    elif k in ("t", "S", "U"):
        o.sort = {"t": "time", "S": "size", "U": "none"}[k]
    elif k == "full-time":
        o.format, o.time_style = "long", "full-iso"
    elif k == "time-style" and v is not None:
        style = v.removeprefix("posix-")
        if style not in ("full-iso", "long-iso", "iso", "locale"):
            await p.error(f"invalid argument {p.quote(v)} for '--time-style'")
            await p.libc.err(
                "Valid arguments are:\n  - [posix-]full-iso\n  - [posix-]long-iso"
                "\n  - [posix-]iso\n  - [posix-]locale\n  - +FORMAT (e.g., "
                "+%H:%M) for a 'date'-style format\n"
            )
            await p.usage_error(None, 2)
        o.time_style = style
    else:
        setattr(
            o,
            {
                "d": "directory",
                "h": "human",
                "i": "inode",
                "R": "recursive",
                "r": "reverse",
                "s": "size",
            }.get(k, "_unused"),
            True,
        )
    return True


# -- formatting ------------------------------------------------------------------------------


def _quote_name(o: Opts, name: str) -> str:
    return shell_quote(name, False) if o.tty else name


def _indicator(o: Opts, st: Stat | None) -> str:
    if not o.classify or st is None:
        return ""
    t = st.st_mode & S_IFMT
    if t == S_IFDIR:
        return "/"
    if o.classify == "p":
        return ""
    if t == S_IFLNK:
        return "@"
    if t == S_IFIFO:
        return "|"
    if t == S_IFSOCK:
        return "="
    return "*" if t == S_IFREG and st.st_mode & 0o111 else ""


def _blocks(o: Opts, st: Stat) -> str:
    if o.human:
        return human_readable(
            st.st_blocks, HUMAN_AUTOSCALE | HUMAN_SI | HUMAN_BASE_1024 | HUMAN_CEILING, 512, 1
        )
    return str((st.st_blocks * 512 + 1023) // 1024)


def _size(o: Opts, st: Stat) -> str:
    if o.human:
        return human_readable(
            st.st_size, HUMAN_AUTOSCALE | HUMAN_SI | HUMAN_BASE_1024 | HUMAN_CEILING, 1, 1
        )
    return str(st.st_size)


def _date(o: Opts, mtime: int) -> str:
    tm = localtime(mtime)[0]  # (a clock within time_t: the year fits)
    y, mo, d, h, mi, s = tm.year, tm.mon + 1, tm.mday, tm.hour, tm.min, tm.sec
    if o.time_style == "full-iso":
        return f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}.000000000 +0000"
    if o.time_style == "long-iso":
        return f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}"
    ns = mtime * 10**9
    recent = o.now_ns - SIX_MONTHS * 10**9 < ns < o.now_ns
    if o.time_style == "iso":
        return f"{mo:02d}-{d:02d} {h:02d}:{mi:02d}" if recent else f"{y:04d}-{mo:02d}-{d:02d} "
    day = f"{MONTHS[mo - 1]} {d:2d}"
    return f"{day} {h:02d}:{mi:02d}" if recent else f"{day}  {y}"


def _long_fields(o: Opts, st: Stat) -> list[str]:
    """The columns of one -l line before the name (sizes still unpadded)."""
    cols = [filemodestring(st.st_mode), str(st.st_nlink)]
    if o.owner:
        cols.append(str(st.st_uid) if o.numeric else o.users.get(st.st_uid, str(st.st_uid)))
    if o.group:
        cols.append(str(st.st_gid) if o.numeric else o.groups.get(st.st_gid, str(st.st_gid)))
    return cols


def _dev_or_size(o: Opts, st: Stat) -> tuple[str, str] | str:
    if st.st_mode & S_IFMT in (S_IFCHR, S_IFBLK):
        return str(st.st_rdev >> 8), str(st.st_rdev & 0xFF)
    return _size(o, st)


def _long_lines(o: Opts, entries: list[Entry]) -> list[str]:
    rows = [
        (e, st, _long_fields(o, st), _dev_or_size(o, st))
        for e in entries
        if (st := e.st) is not None
    ]
    ncols = max((len(f) for _, _, f, _ in rows), default=0)
    widths = [max(len(f[i]) for _, _, f, _ in rows) for i in range(ncols)]
    majw = max((len(s[0]) for _, _, _, s in rows if isinstance(s, tuple)), default=0)
    minw = max((len(s[1]) for _, _, _, s in rows if isinstance(s, tuple)), default=0)
    sizew = max(
        [len(s) for _, _, _, s in rows if isinstance(s, str)] + ([majw + 2 + minw] if majw else []),
        default=0,
    )
    inow = max((len(str(st.st_ino)) for _, st, _, _ in rows), default=0)
    blkw = max((len(_blocks(o, st)) for _, st, _, _ in rows), default=0)
    out = []
    for e, st, f, s in rows:
        parts = [f[0], f[1].rjust(widths[1])] + [f[i].ljust(widths[i]) for i in range(2, ncols)]
        if isinstance(s, tuple):
            sz = f"{s[0].rjust(majw + max(0, sizew - (majw + 2 + minw)))}, {s[1].rjust(minw)}"
        else:
            sz = s.rjust(sizew)
        line = " ".join([*parts, sz, _date(o, st.st_mtime), _quote_name(o, e.name)])
        if e.target is not None:
            line += " -> " + _quote_name(o, e.target)
        else:
            line += _indicator(o, st)
        pre = (str(st.st_ino).rjust(inow) + " " if o.inode else "") + (
            _blocks(o, st).rjust(blkw) + " " if o.size else ""
        )
        out.append(pre + line)
    return out


def _short_names(o: Opts, entries: list[Entry]) -> list[str]:
    """Each entry's text in a non-long listing (inode, blocks, name, indicator)."""
    inow = max((len(str(e.st.st_ino)) for e in entries if e.st), default=0)
    blkw = max((len(_blocks(o, e.st)) for e in entries if e.st), default=0)
    names = [_quote_name(o, e.name) for e in entries]
    if o.tty and any(n != e.name and n[:1] in "'\"$" for n, e in zip(names, entries, strict=True)):
        names = [n if n != e.name else " " + n for n, e in zip(names, entries, strict=True)]
    out = []
    for e, n in zip(entries, names, strict=True):
        pre = ""
        if o.inode:
            pre += (str(e.st.st_ino) if e.st else "?").rjust(inow) + " "
        if o.size:
            pre += (_blocks(o, e.st) if e.st else "?").rjust(blkw) + " "
        out.append(pre + n + _indicator(o, e.st))
    return out


def _columns(items: list[str], width: int) -> list[str]:
    """GNU ls -C: the most columns that fit, filled top to bottom, TAB-indented."""
    n = len(items)
    if not n:
        return []
    lens = [len(s) for s in items]
    max_cols = min(max(1, width // 3 + (1 if width % 3 else 0)), n)
    best = 1
    for cols in range(max_cols, 0, -1):
        rows = (n + cols - 1) // cols
        colw = [3] * cols
        for i, ln in enumerate(lens):
            c = i // rows
            colw[c] = max(colw[c], ln + (0 if c == cols - 1 else 2))
        if cols == 1 or sum(colw) < width:
            best = cols
            break
    rows = (n + best - 1) // best
    colw = [3] * best
    for i, ln in enumerate(lens):
        c = i // rows
        colw[c] = max(colw[c], ln + (0 if c == best - 1 else 2))
    lines = []
    for r in range(rows):
        line, pos, i = "", 0, r
        while True:
            line += items[i]
            c = i // rows
            nxt = i + rows
            if nxt >= n:
                break
            line += _indent(pos + lens[i], pos + colw[c])
            pos += colw[c]
            i = nxt
        lines.append(line)
    return lines


def _indent(frm: int, to: int) -> str:
    s = ""
    while frm < to:
        if to // 8 > (frm + 1) // 8:
            s += "\t"
            frm += 8 - frm % 8
        else:
            s += " "
            frm += 1
    return s


def _sorted(o: Opts, entries: list[Entry]) -> list[Entry]:
    if o.sort == "none":
        return entries
    key_name = [e.name.encode("utf-8", "surrogateescape") for e in entries]
    idx = list(range(len(entries)))
    idx.sort(key=lambda i: key_name[i])
    if o.sort == "time":
        mtimes = [e.st.st_mtime if e.st else 0 for e in entries]
        idx.sort(key=lambda i: -mtimes[i])
    elif o.sort == "size":
        sizes = [e.st.st_size if e.st else 0 for e in entries]
        idx.sort(key=lambda i: -sizes[i])
    out = [entries[i] for i in idx]
    return out[::-1] if o.reverse else out


async def _print_entries(p: Prog, o: Opts, entries: list[Entry]) -> None:
    entries = _sorted(o, entries)
    if o.format == "long":
        lines = _long_lines(o, entries)
    elif o.format == "columns":
        lines = _columns(_short_names(o, entries), o.width)
    else:
        lines = _short_names(o, entries)
    if lines:
        await p.libc.out("\n".join(lines) + "\n")


# -- gathering -------------------------------------------------------------------------------


async def _entry(p: Prog, o: Opts, name: str, path: str, follow: bool) -> Entry:
    """Stat one file (lstat, or stat falling back to lstat for a dangling link)."""
    libc = p.libc
    st = await (libc.stat(path) if follow else libc.lstat(path))
    e = Entry(name, path, st)
    if st.st_mode & S_IFMT == S_IFLNK and o.format == "long":
        try:
            e.target = await libc.readlink(path)
        except OSError:
            e.target = ""
    return e


async def _list_dir(
    p: Prog, o: Opts, path: str, header: bool, first: bool, cmdline: bool = False
) -> int:
    """List one directory (and, with -R, its subdirectories). Returns 0/1/2 severity."""
    libc = p.libc
    try:
        ents = await libc.listdir(path)
    except OSError as e:
        await p.error(f"cannot open directory {quoteaf(path)}", e)
        return 2 if cmdline else 1
    if header:
        await libc.out(("" if first else "\n") + _quote_name(o, path) + ":\n")
    items: list[Entry] = []
    status = 0
    for d in ents:
        if d.d_name.startswith(".") and not o.all:
            continue
        if d.d_name in (".", "..") and o.all == "A":
            continue
        child = path + d.d_name if path.endswith("/") else f"{path}/{d.d_name}"
        try:
            items.append(await _entry(p, o, d.d_name, child, False))
        except OSError as err:
            await p.error(f"cannot access {quoteaf(child)}", err)
            items.append(Entry(d.d_name, child, None))
            status = 1
    if o.format == "long" or o.size:
        total = sum(e.st.st_blocks for e in items if e.st)
        human = (
            human_readable(
                total, HUMAN_AUTOSCALE | HUMAN_SI | HUMAN_BASE_1024 | HUMAN_CEILING, 512, 1
            )
            if o.human
            else str((total * 512 + 1023) // 1024)
        )
        await libc.out(f"total {human}\n")
    await _print_entries(p, o, items)
    if o.recursive:
        for sub in _sorted(o, items):
            if sub.st and sub.st.st_mode & S_IFMT == S_IFDIR and sub.name not in (".", ".."):
                status = max(status, await _list_dir(p, o, sub.path, True, False))
    return status


async def _names(p: Prog, o: Opts) -> None:
    if o.format != "long" or o.numeric:
        return
    for r in await read_id_db(p.libc, "/etc/passwd"):
        if len(r) > 2 and r[2].isdigit():
            o.users.setdefault(int(r[2]), r[0])
    for r in await read_id_db(p.libc, "/etc/group"):
        if len(r) > 2 and r[2].isdigit():
            o.groups.setdefault(int(r[2]), r[0])


@coreutil("/bin/ls")
async def main(p: Prog, argv: list[str]) -> int:
    """ls [OPTION]... [FILE]..."""
    parsed = await _parse(p, argv)
    if isinstance(parsed, int):
        return parsed
    o, args = parsed
    libc = p.libc
    o.tty = await libc.isatty(1)
    if not o.format:
        o.format = "columns" if o.tty else "one"
    cols = libc.getenv("COLUMNS") or ""
    if cols.isdigit() and 0 < int(cols) < 2**31:
        o.width = int(cols)
    o.now_ns = await libc.clock_gettime(0)
    await _names(p, o)
    follow = not (o.format == "long" or o.directory or o.classify == "F")
    files: list[Entry] = []
    dirs: list[Entry] = []
    status = 0
    for a in args or ["."]:
        try:
            try:
                e = await _entry(p, o, a, a, follow)
            except OSError:
                if not follow:
                    raise
                e = await _entry(p, o, a, a, False)
        except OSError as err:
            await p.error(f"cannot access {quoteaf(a)}", err)
            status = 2
            continue
        is_dir = e.st is not None and e.st.st_mode & S_IFMT == S_IFDIR
        if not is_dir and e.st and e.st.st_mode & S_IFMT == S_IFLNK and not o.directory:
            with contextlib.suppress(OSError):
                is_dir = (await libc.stat(a)).st_mode & S_IFMT == S_IFDIR and o.format != "long"
        (dirs if is_dir and not o.directory else files).append(e)
    if files:
        await _print_entries(p, o, files)
    header = len(files) + len(dirs) > 1 or o.recursive
    for i, d in enumerate(_sorted(o, dirs)):
        first = i == 0 and not files
        status = max(status, await _list_dir(p, o, d.path, header, first, True))
    return status

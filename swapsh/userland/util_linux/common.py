"""Helpers shared by the util-linux programs (models util-linux 2.38.1's lib/strutils.c,
lib/canonicalize.c, lib/exec_shell.c, include/c.h, include/optutils.h, and the parts of
libmount and libblkid that read /proc/swaps, /etc/fstab and swap headers).

Programs call `errx`/`err` as util-linux does; they raise UlExit after printing, and
each main turns that into its exit status.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

from swapsh.syscalls.abi import O_RDONLY
from swapsh.userland.libc import Libc

__all__ = [
    "ERANGE_TEXT",
    "PACKAGE_STRING",
    "SIZE_DECIMAL_2DIGITS",
    "SIZE_SUFFIX_1LETTER",
    "SIZE_SUFFIX_3LETTER",
    "SIZE_SUFFIX_SPACE",
    "ProcSwap",
    "SwapHeaderInfo",
    "UlExit",
    "c_strtol",
    "err",
    "errtryhelp",
    "errx",
    "exclusive_options",
    "execvp",
    "fstab_swaps",
    "get_swaps",
    "getgrnam",
    "getpwnam",
    "print_version",
    "probe_swap_header",
    "read_file",
    "realpath",
    "size_to_human_string",
    "str2num_or_err",
    "str2unum_or_err",
    "warn",
    "warnx",
]

PACKAGE_STRING = "util-linux 2.38.1"
ERANGE, EINVAL, ENOENT, EACCES = 34, 22, 2, 13
ERANGE_TEXT = "Numerical result out of range"
INT64_MIN, INT64_MAX, UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1
SIZE_SUFFIX_1LETTER, SIZE_SUFFIX_3LETTER, SIZE_SUFFIX_SPACE = 0, 1 << 1, 1 << 2
SIZE_DECIMAL_2DIGITS = 1 << 3
SWAP_SIGNATURE = b"SWAPSPACE2"
SUSPEND_SIGNATURES = (
    b"S1SUSPEND",
    b"S2SUSPEND",
    b"ULSUSPEND",
    b"\xed\xc3\x02\xe9\x98\x56\xe5\x0c",
    b"LINHIB0001",
)


class UlExit(Exception):
    """err()/errx()/exit(): the message is already printed; code is the status."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


# -- messages (include/c.h) -------------------------------------------------------------------
async def warnx(libc: Libc, msg: str) -> None:
    await libc.err(f"{libc.progname}: {msg}\n")


async def warn(libc: Libc, msg: str, e: OSError) -> None:
    await libc.err(f"{libc.progname}: {msg}: {e.strerror}\n")


async def errx(libc: Libc, code: int, msg: str) -> NoReturn:
    await warnx(libc, msg)
    raise UlExit(code)


async def err(libc: Libc, code: int, msg: str, e: OSError) -> NoReturn:
    await warn(libc, msg, e)
    raise UlExit(code)


async def errtryhelp(libc: Libc, code: int) -> NoReturn:
    await libc.err(f"Try '{libc.progname} --help' for more information.\n")
    raise UlExit(code)


async def print_version(libc: Libc) -> NoReturn:
    await libc.out(f"{libc.progname} from {PACKAGE_STRING}\n")
    raise UlExit(0)


async def exclusive_options(
    libc: Libc, seen: Sequence[str], groups: Sequence[Sequence[str]], longnames: dict[str, str]
) -> None:
    """err_exclusive_options(): two options of one group given → the group is listed.

    seen: option keys in command-line order; groups: strings of keys (one char each,
    or longnames keys). Raises UlExit(1) after the message.
    """
    for group in groups:
        first: str | None = None
        for key in seen:
            if key in group:
                if first is None:
                    first = key
                elif key != first:
                    names = " ".join(
                        f"--{longnames[k]}" if k in longnames else f"-{k}" for k in group
                    )
                    await libc.err(f"{libc.progname}: mutually exclusive arguments: {names}\n")
                    raise UlExit(1)


# -- numbers (lib/strutils.c) ------------------------------------------------------------------
def c_strtol(s: str, base: int = 10, unsigned: bool = False) -> tuple[int, int, bool]:
    """strtoimax()/strtoumax(): (value, characters consumed or 0, overflowed)."""
    i, n = 0, len(s)
    while i < n and s[i] in " \t\n\v\f\r":
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg, i = s[i] == "-", i + 1
    if base == 0:
        if s[i : i + 2].lower() == "0x" and s[i + 2 : i + 3].lower() in set("0123456789abcdef"):
            base, i = 16, i + 2
        elif s[i : i + 1] == "0":
            base = 8
        else:
            base = 10
    elif base == 16 and s[i : i + 2].lower() == "0x":
        i += 2
    start, value = i, 0
    while i < n:
        d = int(s[i], 36) if s[i].isascii() and s[i].isalnum() else 99
        if d >= base:
            break
        value = value * base + d
        i += 1
    if i == start:
        return 0, 0, False
    if unsigned:
        over = value > UINT64_MAX
        value = UINT64_MAX if over else (-value) % (1 << 64) if neg else value
        return value, i, over
    value = -value if neg else value
    if value > INT64_MAX or value < INT64_MIN:
        return (INT64_MIN if neg else INT64_MAX), i, True
    return value, i, False


def _ul_strtos64(s: str, base: int) -> tuple[int | None, int]:
    """ul_strtos64(): (number or None, errno left behind)."""
    if not s:
        return None, EINVAL
    v, end, over = c_strtol(s, base)
    if over:
        return None, ERANGE
    if end == 0 or end != len(s):
        return None, EINVAL
    return v, 0


def _ul_strtou64(s: str, base: int) -> tuple[int | None, int]:
    """ul_strtou64(): negative numbers are out of range."""
    if not s:
        return None, EINVAL
    signed, _end, _over = c_strtol(s, base)
    if signed < 0:
        return None, ERANGE
    v, end, over = c_strtol(s, base, unsigned=True)
    if over:
        return None, ERANGE
    if end == 0 or end != len(s):
        return None, EINVAL
    return v, 0


async def _num_err(libc: Libc, errno: int, msg: str, s: str) -> NoReturn:
    if errno == ERANGE:
        await libc.err(f"{libc.progname}: {msg}: '{s}': {ERANGE_TEXT}\n")
        raise UlExit(1)
    await errx(libc, 1, f"{msg}: '{s}'")


async def str2num_or_err(
    libc: Libc, s: str, msg: str, low: int = 0, up: int = 0, base: int = 10
) -> int:
    v, errno = _ul_strtos64(s, base)
    if v is not None and ((low and v < low) or (up and v > up)):
        v, errno = None, ERANGE
    if v is None:
        await _num_err(libc, errno, msg, s)
    return v


async def str2unum_or_err(libc: Libc, s: str, msg: str, up: int = 0, base: int = 10) -> int:
    v, errno = _ul_strtou64(s, base)
    if v is not None and up and v > up:
        v, errno = None, ERANGE
    if v is None:
        await _num_err(libc, errno, msg, s)
    return v


def _get_exp(n: int) -> int:
    shft = 10
    while shft <= 60 and n >= (1 << shft):
        shft += 10
    return shft - 10


def size_to_human_string(options: int, nbytes: int) -> str:
    """lib/strutils.c size_to_human_string(): "16M", "36 KiB", "1.5G"."""
    exp = _get_exp(nbytes)
    c = "BKMGTPE"[exp // 10 if exp else 0]
    dec = nbytes >> exp if exp else nbytes
    frac = nbytes & ((1 << exp) - 1) if exp else 0
    suffix = (" " if options & SIZE_SUFFIX_SPACE else "") + c
    if options & SIZE_SUFFIX_3LETTER and c != "B":
        suffix += "iB"
    if frac:
        frac = (
            (frac * 1000) >> exp
            if frac < UINT64_MAX // 1000
            else ((frac // 1024) * 1000) >> (exp - 10)
        )
        frac = (frac + 5) // 10 if options & SIZE_DECIMAL_2DIGITS else (frac + 50) // 100 * 10
        if frac == 100:
            dec, frac = dec + 1, 0
    if frac:
        text = f"{dec}.{frac:02d}"
        if text.endswith("0"):
            text = text[:-1]
        return text + suffix
    return f"{dec}{suffix}"


# -- files -------------------------------------------------------------------------------------
async def read_file(libc: Libc, path: str, limit: int = 1 << 20) -> bytes:
    """The first limit bytes of path. Raises: OSError."""
    fd = await libc.open(path, O_RDONLY)
    try:
        out = bytearray()
        while len(out) < limit:
            chunk = await libc.read(fd, min(65536, limit - len(out)))
            if not chunk:
                break
            out += chunk
        return bytes(out)
    finally:
        await libc.close(fd)


async def realpath(libc: Libc, path: str) -> str | None:
    """realpath(3): absolute, no '.', '..' or symlinks; None if a component is missing."""
    if not path:
        return None
    todo = path.split("/")
    if not path.startswith("/"):
        try:
            todo = (await libc.getcwd()).split("/") + todo
        except OSError:
            return None
    done: list[str] = []
    links = 0
    while todo:
        name = todo.pop(0)
        if name in ("", "."):
            continue
        if name == "..":
            if done:
                done.pop()
            continue
        cand = "/" + "/".join([*done, name])
        try:
            st = await libc.lstat(cand)
        except OSError:
            return None
        if st.st_mode & 0o170000 == 0o120000:
            links += 1
            if links > 40:
                return None
            target = await libc.readlink(cand)
            todo = target.split("/") + todo
            if target.startswith("/"):
                done = []
            continue
        done.append(name)
    return "/" + "/".join(done)


async def execvp(libc: Libc, argv: list[str]) -> OSError:
    """execvp(3) with the caller's environment. Returns the error if nothing ran."""
    name = argv[0]
    if "/" in name:
        try:
            await libc.execve(name, argv, libc.environ)
        except OSError as e:
            return e
        return OSError(ENOENT, "No such file or directory")
    saw_eacces: OSError | None = None
    last = OSError(ENOENT, "No such file or directory")
    for d in (libc.getenv("PATH") or "/bin:/usr/bin").split(":"):
        try:
            await libc.execve(f"{d or '.'}/{name}", argv, libc.environ)
        except OSError as e:
            if e.errno == EACCES:
                saw_eacces = e
            elif e.errno != ENOENT:
                last = e
    return saw_eacces or last


# -- /proc/swaps and /etc/fstab (libmount) -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class ProcSwap:
    """One line of /proc/swaps as libmount's mnt_table_parse_swaps reads it."""

    source: str  # unescaped path
    type: str  # "file" or "partition"
    size: int  # KiB
    used: int  # KiB
    priority: int


def _unmangle(s: str) -> str:
    """Undo seq_path's \\ooo escapes."""
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and len(s) - i >= 4 and all(c in "01234567" for c in s[i + 1 : i + 4]):
            out.append(chr(int(s[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def parse_swaps(text: str) -> list[ProcSwap]:
    """The entries of a /proc/swaps text (header skipped, malformed lines ignored)."""
    out: list[ProcSwap] = []
    for line in text.split("\n")[1:]:
        f = line.split()
        if len(f) < 5:
            continue
        try:
            size, used, prio = int(f[2]), int(f[3]), int(f[4])
        except ValueError:
            continue
        src = _unmangle(f[0])
        if src.endswith(" (deleted)"):
            src = src[: -len(" (deleted)")]
        out.append(ProcSwap(src, f[1], size, used, prio))
    return out


async def get_swaps(libc: Libc) -> list[ProcSwap] | None:
    """The active swap areas this task can see, or None when /proc/swaps is unreadable."""
    try:
        data = await read_file(libc, "/proc/swaps")
    except OSError:
        return None
    return parse_swaps(data.decode("utf-8", "surrogateescape"))


async def fstab_swaps(libc: Libc) -> list[tuple[str, str]]:
    """(source, options) of the swap entries of /etc/fstab; none if it is missing."""
    try:
        text = (await read_file(libc, "/etc/fstab")).decode("utf-8", "surrogateescape")
    except OSError:
        return []
    out = []
    for line in text.split("\n"):
        f = line.split()
        if len(f) >= 3 and not f[0].startswith("#") and f[2] == "swap":
            out.append((_unmangle(f[0]), f[3] if len(f) > 3 else "defaults"))
    return out


# -- swap headers (libblkid's swap prober) ---------------------------------------------------
@dataclass(frozen=True, slots=True)
class SwapHeaderInfo:
    pagesize: int  # where the signature was found
    suspend: bool  # a software-suspend signature rather than SWAPSPACE2
    version: int
    last_page: int
    uuid: str | None  # None when all zero
    label: str | None  # None when empty


def probe_swap_header(buf: bytes) -> SwapHeaderInfo | None:
    """swapon's swap_get_header(): look for a signature at 4, 8, 16 and 64 KiB pages."""
    page = 0x1000
    while page <= 0x10000:
        if page != 0x8000:
            if len(buf) < page - 10:
                return None
            magic = buf[page - 10 : page]
            suspend = any(magic.startswith(s) for s in SUSPEND_SIGNATURES)
            if magic == SWAP_SIGNATURE or suspend:
                return _header_info(buf, page, suspend)
        page <<= 1
    return None


def _header_info(buf: bytes, page: int, suspend: bool) -> SwapHeaderInfo:
    version, last_page = struct.unpack_from("<II", buf.ljust(1036, b"\0"), 1024)
    raw_uuid = buf[1036:1052].ljust(16, b"\0")
    uuid = None
    if any(raw_uuid):
        h = raw_uuid.hex()
        uuid = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    label = buf[1052:1068].split(b"\0", 1)[0].decode("utf-8", "surrogateescape") or None
    return SwapHeaderInfo(page, suspend, version, last_page, uuid, label)


# -- users (getpwnam/getgrnam over /etc/passwd and /etc/group) --------------------------------
async def _db_lookup(libc: Libc, path: str, key: str, nfields: int) -> list[str] | None:
    try:
        text = (await read_file(libc, path)).decode("utf-8", "surrogateescape")
    except OSError:
        return None
    for line in text.split("\n"):
        f = line.split(":")
        if len(f) >= nfields and (f[0] == key or (key.isdigit() and f[2] == key)):
            return f
    return None


async def getpwnam(libc: Libc, name: str) -> list[str] | None:
    """The 7 fields of name's /etc/passwd entry (a number matches the uid), or None."""
    f = await _db_lookup(libc, "/etc/passwd", name, 7)
    if f is None or not f[2].isdigit() or not f[3].isdigit():
        return None
    return f


async def getgrnam(libc: Libc, name: str) -> list[str] | None:
    """The 4 fields of name's /etc/group entry (a number matches the gid), or None."""
    f = await _db_lookup(libc, "/etc/group", name, 4)
    return f if f is not None and f[2].isdigit() else None

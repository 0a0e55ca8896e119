"""dd: convert and copy a file (models coreutils 9.1 src/dd.c).

Supported: if= of= bs= ibs= obs= count= skip= (iseek=) seek= (oseek=), the 'B' suffix
meaning bytes on count/skip/seek, conv=notrunc,sync,noerror,fsync,fdatasync,excl,
nocreat,lcase,ucase,swab,sparse, iflag/oflag fullblock,count_bytes,skip_bytes,
seek_bytes,append,directory,nofollow (the I/O-hint flags direct, dsync, sync, nocache,
noatime, noctty, nonblock are accepted and have no effect on the simulated disk),
status=none,noxfer,progress. conv=ascii/ebcdic/ibm/block/unblock are not modelled and
are refused as "invalid conversion".

Timing comes from the machine's CLOCK_MONOTONIC, so the summary line is the same on
every run of the same machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.syscalls.abi import (
    O_APPEND,
    O_CREAT,
    O_DIRECTORY,
    O_EXCL,
    O_NOFOLLOW,
    O_RDONLY,
    O_RDWR,
    O_TRUNC,
    O_WRONLY,
    SEEK_CUR,
    SEEK_END,
)
from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    HUMAN_AUTOSCALE,
    HUMAN_B,
    HUMAN_BASE_1024,
    HUMAN_ROUND,
    HUMAN_SI,
    HUMAN_SPACE,
    LONGINT_INVALID,
    LONGINT_INVALID_SUFFIX_CHAR,
    LONGINT_OK,
    LONGINT_OVERFLOW,
    Die,
    Prog,
    coreutil,
    help_footer,
    human_readable,
    parse_opts,
    quoteaf,
    quotef,
    version_text,
    xstrtoumax,
)
from swapsh.userland.getopt import NO, LongOpt
from swapsh.userland.libc import RW_PIECE, Libc

__all__ = ["main", "parse_integer"]

INTMAX_MAX = 2**63 - 1
DEFAULT_BLOCKSIZE = 512
HUMAN_OPTS = HUMAN_AUTOSCALE | HUMAN_ROUND | HUMAN_SPACE | HUMAN_SI | HUMAN_B
SUFFIXES = "bcEGkKMPTwYZ0"

C_TWOBUFS, C_NOERROR, C_NOTRUNC, C_SYNC, C_FSYNC, C_FDATASYNC = 1, 2, 4, 8, 16, 32
C_EXCL, C_NOCREAT, C_LCASE, C_UCASE, C_SWAB, C_SPARSE = 64, 128, 256, 512, 1024, 2048
CONVERSIONS = {
    "notrunc": C_NOTRUNC,
    "sync": C_SYNC,
    "noerror": C_NOERROR,
    "fsync": C_FSYNC,
    "fdatasync": C_FDATASYNC,
    "excl": C_EXCL,
    "nocreat": C_NOCREAT,
    "lcase": C_LCASE | C_TWOBUFS,
    "ucase": C_UCASE | C_TWOBUFS,
    "swab": C_SWAB | C_TWOBUFS,
    "sparse": C_SPARSE,
}
F_FULLBLOCK, F_COUNT_BYTES, F_SKIP_BYTES, F_SEEK_BYTES = 1 << 40, 1 << 41, 1 << 42, 1 << 43
F_IGNORED = 1 << 44
FLAGS = {
    "append": O_APPEND,
    "directory": O_DIRECTORY,
    "nofollow": O_NOFOLLOW,
    "fullblock": F_FULLBLOCK,
    "count_bytes": F_COUNT_BYTES,
    "skip_bytes": F_SKIP_BYTES,
    "seek_bytes": F_SEEK_BYTES,
    "direct": F_IGNORED,
    "dsync": F_IGNORED,
    "sync": F_IGNORED,
    "nocache": F_IGNORED,
    "noatime": F_IGNORED,
    "noctty": F_IGNORED,
    "nonblock": F_IGNORED,
}
STATUS_NONE, STATUS_NOXFER, STATUS_DEFAULT, STATUS_PROGRESS = 1, 2, 3, 4
STATUSES = {"none": STATUS_NONE, "noxfer": STATUS_NOXFER, "progress": STATUS_PROGRESS}


@dataclass
class Dd:
    """The operands and the running counts of one dd."""

    input_file: str | None = None
    output_file: str | None = None
    ibs: int = 0
    obs: int = 0
    conv: int = 0
    iflags: int = 0
    oflags: int = 0
    status: int = STATUS_DEFAULT
    skip_records: int = 0
    skip_bytes: int = 0
    seek_records: int = 0
    seek_bytes: int = 0
    max_records: int = -1  # -1: no count= (copy to end of input)
    max_bytes: int = 0
    r_full: int = 0
    r_partial: int = 0
    w_full: int = 0
    w_partial: int = 0
    w_bytes: int = 0
    start_ns: int = 0
    progress_len: int = 0
    next_progress_ns: int = 0
    ibuf: int = 0  # the input buffer, malloc'ed in process memory (0: not yet)
    obuf: int = 0  # the output buffer (the input buffer's unless two are needed)
    oc: int = 0  # bytes waiting in obuf
    ibuf_zero: bool = True  # ibuf holds only zeros (zeros read into it need no store)
    swab_odd: bytes = b""  # conv=swab: the odd byte carried to the next record

    @property
    def iname(self) -> str:
        return self.input_file if self.input_file is not None else "standard input"

    @property
    def oname(self) -> str:
        return self.output_file if self.output_file is not None else "standard output"


async def parse_integer(p: Prog, s: str) -> tuple[int, int]:
    """dd's number syntax: xstrtoumax suffixes, a trailing 'B', one 'x' product.

    Returns: (value, LONGINT_* error bits).
    """
    e, n, end = xstrtoumax(s, SUFFIXES)
    if (
        (e & ~LONGINT_OVERFLOW) == LONGINT_INVALID_SUFFIX_CHAR
        and end > 0
        and s[end - 1] != "B"
        and s[end : end + 1] == "B"
    ):
        end += 1
        if end == len(s):
            e &= ~LONGINT_INVALID_SUFFIX_CHAR
    if (
        (e & ~LONGINT_OVERFLOW) == LONGINT_INVALID_SUFFIX_CHAR
        and s[end : end + 1] == "x"
        and not (end > 0 and s[end - 1] == "B" and "B" in s[end + 1 :])
    ):
        f, o, _ = xstrtoumax(s[end + 1 :], SUFFIXES)
        if (f & ~LONGINT_OVERFLOW) != LONGINT_OK:
            return 0, f
        result = n * o
        if result > INTMAX_MAX or (result != 0 and (e | f) & LONGINT_OVERFLOW):
            return INTMAX_MAX, LONGINT_OVERFLOW
        if result == 0 and s.startswith("0x"):
            await p.error(
                f"warning: {p.quote('0x')} is a zero multiplier; "
                f"use {p.quote('00x')} if that is intended"
            )
        return result, LONGINT_OK
    if n <= INTMAX_MAX:
        return n, e
    return INTMAX_MAX, LONGINT_OVERFLOW


async def _symbols(p: Prog, val: str, table: dict[str, int], what: str, exclusive: bool) -> int:
    """parse_symbols(): comma-separated names from table."""
    value = 0
    for word in val.split(","):
        if word not in table:
            await p.usage_error(f"{what}: {p.quote(word)}")
        value = table[word] if exclusive else value | table[word]
    return value


async def _number_operand(
    p: Prog,
    d: Dd,
    name: str,
    val: str,
    sizes: dict[str, int],
) -> None:
    n, invalid = await parse_integer(p, val)
    has_b = "B" in val
    n_min = 0
    if name in ("ibs", "obs", "bs", "cbs"):
        n_min = 1
        sizes[name] = n
    elif name in ("skip", "iseek"):
        sizes["skip"] = n
        d.iflags |= F_SKIP_BYTES if has_b else 0
    elif name in ("seek", "oseek"):
        sizes["seek"] = n
        d.oflags |= F_SEEK_BYTES if has_b else 0
    elif name == "count":
        sizes["count"] = n
        d.iflags |= F_COUNT_BYTES if has_b else 0
    else:
        await p.usage_error(f"unrecognized operand {p.quote(name + '=' + val)}")
    if invalid == LONGINT_OK and n < n_min:
        invalid = LONGINT_INVALID
    if invalid != LONGINT_OK:
        tail = ": Value too large for defined data type" if invalid == LONGINT_OVERFLOW else ""
        await p.die(f"invalid number: {p.quote(val)}{tail}")


async def scanargs(p: Prog, operands: list[str]) -> Dd:
    """Parse the OPERAND=VALUE words. Raises Die with dd's message on a bad one."""
    d = Dd()
    sizes: dict[str, int] = {}
    for arg in operands:
        name, eq, val = arg.partition("=")
        if not eq:
            await p.usage_error(f"unrecognized operand {p.quote(arg)}")
        if name == "if":
            d.input_file = val
        elif name == "of":
            d.output_file = val
        elif name == "conv":
            d.conv |= await _symbols(p, val, CONVERSIONS, "invalid conversion", False)
        elif name == "iflag":
            d.iflags |= await _symbols(p, val, FLAGS, "invalid input flag", False)
        elif name == "oflag":
            d.oflags |= await _symbols(p, val, FLAGS, "invalid output flag", False)
        elif name == "status":
            d.status = await _symbols(p, val, STATUSES, "invalid status level", True)
        else:
            await _number_operand(p, d, name, val, sizes)
    await _settle(p, d, sizes)
    return d


async def _settle(p: Prog, d: Dd, sizes: dict[str, int]) -> None:
    """The derived block sizes and record counts, and the flag-combination checks."""
    if sizes.get("bs"):
        d.ibs = d.obs = sizes["bs"]
    else:
        d.conv |= C_TWOBUFS
        d.ibs = sizes.get("ibs", DEFAULT_BLOCKSIZE)
        d.obs = sizes.get("obs", DEFAULT_BLOCKSIZE)
    await _check_flags(p, d)
    _in_records(d, sizes)


async def _check_flags(p: Prog, d: Dd) -> None:
    """Flags given to the wrong side, and conversions that exclude each other."""
    if d.oflags & F_FULLBLOCK:
        await p.usage_error(f"invalid output flag: {p.quote('fullblock')}")
    if d.iflags & F_SEEK_BYTES:
        await p.usage_error(f"invalid input flag: {p.quote('seek_bytes')}")
    if d.oflags & (F_COUNT_BYTES | F_SKIP_BYTES):
        bad = "count_bytes" if d.oflags & F_COUNT_BYTES else "skip_bytes"
        await p.usage_error(f"invalid output flag: {p.quote(bad)}")
    if d.conv & C_LCASE and d.conv & C_UCASE:
        await p.die("cannot combine lcase and ucase")
    if d.conv & C_EXCL and d.conv & C_NOCREAT:
        await p.die("cannot combine excl and nocreat")


def _in_records(d: Dd, sizes: dict[str, int]) -> None:
    """skip=, count= and seek= as whole blocks plus bytes (the *_bytes flags count
    the operand in bytes, else it counts blocks)."""
    skip, seek, count = sizes.get("skip", 0), sizes.get("seek", 0), sizes.get("count", -1)
    if d.iflags & F_SKIP_BYTES:
        d.skip_records, d.skip_bytes = divmod(skip, d.ibs)
    else:
        d.skip_records = skip
    if d.iflags & F_COUNT_BYTES and count >= 0:
        d.max_records, d.max_bytes = divmod(count, d.ibs)
    else:
        d.max_records = count
    if d.oflags & F_SEEK_BYTES:
        d.seek_records, d.seek_bytes = divmod(seek, d.obs)
    else:
        d.seek_records = seek


# -- statistics ---------------------------------------------------------------------------


async def print_xfer_stats(p: Prog, d: Dd, progress_ns: int = 0) -> None:
    now = progress_ns or await p.libc.clock_gettime(1)
    n = d.w_bytes
    si = human_readable(n, HUMAN_OPTS, 1, 1)
    iec = human_readable(n, HUMAN_OPTS | HUMAN_BASE_1024, 1, 1)
    if d.start_ns < now:
        delta = now - d.start_ns
        rate = human_readable(n, HUMAN_OPTS, 1_000_000_000, delta) + "/s"
        secs = delta / 1e9
    else:
        rate, secs = "Infinity B/s", 0.0
    t = f"{secs:.0f} s" if progress_ns else f"{secs:g} s"  # C's %g
    if si[-2] == " ":
        line = f"{n} byte{'' if n == 1 else 's'} copied, {t}, {rate}"
    elif iec[-2] == " ":
        line = f"{n} bytes ({si}) copied, {t}, {rate}"
    else:
        line = f"{n} bytes ({si}, {iec}) copied, {t}, {rate}"
    if progress_ns:
        pad = " " * max(0, d.progress_len - len(line))
        d.progress_len = len(line)
        await p.libc.err("\r" + line + pad)
    else:
        await p.libc.err(line + "\n")


async def print_stats(p: Prog, d: Dd) -> None:
    if d.status == STATUS_NONE:
        return
    if d.progress_len:
        await p.libc.err("\n")
        d.progress_len = 0
    await p.libc.err(f"{d.r_full}+{d.r_partial} records in\n{d.w_full}+{d.w_partial} records out\n")
    if d.status != STATUS_NOXFER:
        await print_xfer_stats(p, d)


async def quit_dd(p: Prog, d: Dd, status: int) -> None:
    """quit(): the statistics, then exit."""
    await print_stats(p, d)
    raise Die(status)


# -- opening and positioning --------------------------------------------------------------


async def _open_files(p: Prog, d: Dd) -> None:
    libc = p.libc
    if d.input_file is not None:
        try:
            await _reopen(p, 0, d.input_file, O_RDONLY | (d.iflags & 0xFFFFFFFF), 0)
        except OSError as e:
            await p.die(f"failed to open {quoteaf(d.input_file)}", e)
    if d.output_file is None:
        return
    opts = (
        (d.oflags & 0xFFFFFFFF)
        | (0 if d.conv & C_NOCREAT else O_CREAT)
        | (O_EXCL if d.conv & C_EXCL else 0)
        | (0 if d.seek_records or d.conv & C_NOTRUNC else O_TRUNC)
    )
    try:
        try:
            if not d.seek_records:
                raise OSError(0, "")
            await _reopen(p, 1, d.output_file, O_RDWR | opts, 0o666)
        except OSError:
            await _reopen(p, 1, d.output_file, O_WRONLY | opts, 0o666)
    except OSError as e:
        await p.die(f"failed to open {quoteaf(d.output_file)}", e)
    if d.seek_records and not d.conv & C_NOTRUNC:
        size = d.seek_records * d.obs + d.seek_bytes
        try:
            await libc.ftruncate(1, size)
        except OSError as e:
            st = await libc.fstat(1)
            if st.st_mode & 0o170000 in (0o100000, 0o040000):
                await p.die(
                    f"failed to truncate to {size} bytes in output file {quoteaf(d.output_file)}", e
                )


async def _reopen(p: Prog, fd: int, path: str, flags: int, mode: int) -> None:
    """fd_reopen(): open path as descriptor fd."""
    new = await p.libc.open(path, flags, mode)
    if new != fd:
        await p.libc.dup2(new, fd)
        await p.libc.close(new)


async def _past_input_end(libc: Libc, fd: int, pos: int, bs: int) -> tuple[int, int]:
    """After skip='s lseek: if it went past the end of a regular input file, go
    back to the end. Returns: (the blocks that could not be skipped, 0)."""
    if fd != 0:
        return 0, 0
    st = await libc.fstat(0)
    if st.st_mode & 0o170000 == 0o100000 and st.st_size < pos:
        await libc.lseek(0, st.st_size, 0)
        return (pos - st.st_size) // bs, 0
    return 0, 0


async def _skip(
    p: Prog,
    d: Dd,
    fd: int,
    records: int,
    bs: int,
    nbytes: int,
) -> tuple[int, int]:
    """skip(): move fd past records*bs+nbytes. Returns (records, bytes) not skipped."""
    libc, offset = p.libc, records * bs + nbytes
    try:
        pos = await libc.lseek(fd, offset, SEEK_CUR)
    except OSError as e:
        lseek_err: OSError | None = e
    else:
        return await _past_input_end(libc, fd, pos, bs)
    try:
        await libc.lseek(fd, 0, SEEK_END)
    except OSError:
        pass
    else:
        what = "cannot skip" if fd == 0 else "cannot seek"
        await p.error(f"{quotef(d.iname if fd == 0 else d.oname)}: {what}", lseek_err)
        await quit_dd(p, d, 1)
    buf = await _alloc_ibuf(p, d) if fd == 0 else await _alloc_obuf(p, d)
    while records or nbytes:
        try:
            zeroed = buf == d.ibuf and d.ibuf_zero
            got, zeros = await libc.read_into(fd, buf, bs if records else nbytes, zeroed)
            d.ibuf_zero = d.ibuf_zero and (zeros or buf != d.ibuf)
        except OSError as e:
            if fd == 0:
                await p.error(f"error reading {quoteaf(d.iname)}", e)
            else:
                await p.error(f"{quotef(d.oname)}: cannot seek", lseek_err)
            await quit_dd(p, d, 1)
        if not got:
            break
        if records:
            records -= 1
        else:
            nbytes = 0
    return records, nbytes


async def _position(p: Prog, d: Dd) -> None:
    if d.skip_records or d.skip_bytes:
        rec, nb = await _skip(p, d, 0, d.skip_records, d.ibs, d.skip_bytes)
        if (rec or nb) and d.status != STATUS_NONE:
            await p.error(f"{quotef(d.iname)}: cannot skip to specified offset")
    if d.seek_records or d.seek_bytes:
        rec, nb = await _skip(p, d, 1, d.seek_records, d.obs, d.seek_bytes)
        if rec or nb:
            # past the end of a non-seekable output: write zeros, as dd does
            obuf = await _alloc_obuf(p, d)
            if obuf != d.ibuf or not d.ibuf_zero:
                await p.libc.memset(obuf, 0, d.obs)
                d.ibuf_zero = d.ibuf_zero or obuf == d.ibuf
            while rec:
                await _write_block(p, d, obuf, d.obs, count_full=False)
                rec -= 1
            if nb:
                await _write_block(p, d, obuf, nb, count_full=False)


# -- copying -------------------------------------------------------------------------------


async def _alloc_buffer(p: Prog, size: int, which: str) -> int:
    """malloc(size) for a buffer dd cannot work without: dd's own message if it fails."""
    addr = await p.libc.malloc(size)
    if not addr:
        human = human_readable(size, HUMAN_OPTS | HUMAN_BASE_1024, 1, 1)
        await p.die(f"memory exhausted by {which} buffer of size {size} bytes ({human})")
    return addr


async def _alloc_ibuf(p: Prog, d: Dd) -> int:
    """alloc_ibuf(): the input buffer, one byte more for conv=swab."""
    if not d.ibuf:
        d.ibuf = await _alloc_buffer(p, d.ibs + (1 if d.conv & C_SWAB else 0), "input")
    return d.ibuf


async def _alloc_obuf(p: Prog, d: Dd) -> int:
    """alloc_obuf(): a buffer of its own when records are reblocked or converted,
    else the input buffer."""
    if not d.obuf:
        if d.conv & C_TWOBUFS:
            d.obuf = await _alloc_buffer(p, d.obs, "output")
        else:
            d.obuf = await _alloc_ibuf(p, d)
    return d.obuf


async def _all_zero(libc: Libc, addr: int, n: int) -> bool:
    for off in range(0, n, RW_PIECE):
        if (await libc.load(addr + off, min(RW_PIECE, n - off))).count(0) != min(RW_PIECE, n - off):
            return False
    return True


async def _write_block(p: Prog, d: Dd, addr: int, n: int, count_full: bool = True) -> bool:
    """iwrite() of n bytes at addr; counts the record. Returns False (after the
    message) on failure."""
    libc, done = p.libc, 0
    try:
        zeros = addr == d.ibuf and d.ibuf_zero
        if d.conv & C_SPARSE and (zeros or await _all_zero(libc, addr, n)):
            await libc.lseek(1, n, SEEK_CUR)
            done = n
        while done < n:
            put = await libc.write_from(1, addr + done, n - done, zeros)
            if put == 0:
                raise OSError(28, "No space left on device")
            done += put
    except OSError as e:
        d.w_bytes += done
        if done:
            d.w_partial += 1
        await p.error(f"error writing {quoteaf(d.oname)}", e)
        return False
    d.w_bytes += done
    if count_full:
        if n == d.obs:
            d.w_full += 1
        else:
            d.w_partial += 1
    return True


async def _read_block(p: Prog, d: Dd, n: int) -> int:
    """iread() / iread_fullblock() into the input buffer. Returns the bytes read.
    Raises OSError from read()."""
    got, zeros = await p.libc.read_into(0, d.ibuf, n, d.ibuf_zero)
    d.ibuf_zero = d.ibuf_zero and zeros
    if not d.iflags & F_FULLBLOCK or got == n or not got:
        return got
    while got < n:
        more, zeros = await p.libc.read_into(0, d.ibuf + got, n - got, d.ibuf_zero)
        d.ibuf_zero = d.ibuf_zero and zeros
        if not more:
            break
        got += more
    return got


def _convert(d: Dd, buf: bytes) -> bytes:
    """lcase/ucase and swab on a piece of a record (the odd byte of swab carries
    over in d.swab_odd)."""
    if d.conv & C_LCASE:
        buf = buf.lower()
    elif d.conv & C_UCASE:
        buf = buf.upper()
    if d.conv & C_SWAB:
        buf, d.swab_odd = d.swab_odd + buf, b""
        if len(buf) & 1:
            buf, d.swab_odd = buf[:-1], buf[-1:]
        b = bytearray(buf)
        b[0::2], b[1::2] = buf[1::2], buf[0::2]
        buf = bytes(b)
    return buf


async def _progress(p: Prog, d: Dd) -> None:
    now = await p.libc.clock_gettime(1)
    if now >= d.next_progress_ns:
        await print_xfer_stats(p, d, now)
        d.next_progress_ns += 1_000_000_000 * (1 + (now - d.next_progress_ns) // 10**9)


async def _read_error(p: Prog, d: Dd, e: OSError) -> bool:
    """Report a read error (conv=noerror with status=none keeps quiet). Returns:
    whether to go on, i.e. conv=noerror, after printing the statistics so far."""
    if not d.conv & C_NOERROR or d.status != STATUS_NONE:
        await p.error(f"error reading {quoteaf(d.iname)}", e)
    if not d.conv & C_NOERROR:
        return False
    await print_stats(p, d)
    return True


async def _count_record(p: Prog, d: Dd, n: int) -> int:
    """Count a full or partial input record; conv=sync pads a partial one with NULs.
    Returns: the record's length."""
    if n >= d.ibs:
        d.r_full += 1
        return n
    d.r_partial += 1
    if not d.conv & C_SYNC:
        return n
    if not d.ibuf_zero:
        await p.libc.memset(d.ibuf + n, 0, d.ibs - n)
    return d.ibs


async def _put(p: Prog, d: Dd, data: bytes) -> bool:
    """Copy data into the output buffer, writing each block it fills (write_output).
    Returns: False if a write failed."""
    while data:
        k = min(len(data), d.obs - d.oc)
        await p.libc.store(d.obuf + d.oc, data[:k])
        d.oc, data = d.oc + k, data[k:]
        if d.oc == d.obs:
            d.oc = 0
            if not await _write_block(p, d, d.obuf, d.obs):
                return False
    return True


async def _output_record(p: Prog, d: Dd, n: int) -> bool:
    """Write a record straight out, or (two buffers) convert it into the output
    buffer piece by piece and write the blocks it fills. Returns: False if a write
    failed."""
    if not d.conv & C_TWOBUFS:
        return await _write_block(p, d, d.ibuf, n)
    convert = d.conv & (C_LCASE | C_UCASE | C_SWAB)
    for off in range(0, n, RW_PIECE):
        piece = await p.libc.load(d.ibuf + off, min(RW_PIECE, n - off))
        if not await _put(p, d, _convert(d, piece) if convert else piece):
            return False
    return True


async def dd_copy(p: Prog, d: Dd) -> int:
    """The copy loop. Returns the exit status."""
    if d.max_records == 0 and d.max_bytes == 0:
        return 0
    await _alloc_ibuf(p, d)
    await _alloc_obuf(p, d)
    while d.max_records < 0 or d.r_full + d.r_partial < d.max_records + (1 if d.max_bytes else 0):
        if d.status == STATUS_PROGRESS:
            await _progress(p, d)
        want = d.max_bytes if 0 <= d.max_records <= d.r_full + d.r_partial else d.ibs
        try:
            n = await _read_block(p, d, want)
        except OSError as e:
            if not await _read_error(p, d, e):
                return await _flush_tail(p, d, 1)
            if not d.conv & C_SYNC:
                continue
            n = 0  # the missing input becomes NULs
        else:
            if not n:
                break
        if not await _output_record(p, d, await _count_record(p, d, n)):
            return 1
    return await _flush_tail(p, d, 0)


async def _flush_tail(p: Prog, d: Dd, status: int) -> int:
    """The last partial output block, then fsync if asked."""
    if d.swab_odd:
        odd, d.swab_odd = d.swab_odd, b""
        if not await _put(p, d, odd):
            return 1
    if d.conv & C_TWOBUFS and d.oc:
        n, d.oc = d.oc, 0
        if not await _write_block(p, d, d.obuf, n):
            return 1
    return status


USAGE = """\
Usage: {0} [OPERAND]...
  or:  {0} OPTION
Copy a file, converting and formatting according to the operands.

  bs=BYTES        read and write up to BYTES bytes at a time (default: 512);
                  overrides ibs and obs
  cbs=BYTES       convert BYTES bytes at a time
  conv=CONVS      convert the file as per the comma separated symbol list
  count=N         copy only N input blocks
  ibs=BYTES       read up to BYTES bytes at a time (default: 512)
  if=FILE         read from FILE instead of stdin
  iflag=FLAGS     read as per the comma separated symbol list
  obs=BYTES       write BYTES bytes at a time (default: 512)
  of=FILE         write to FILE instead of stdout
  oflag=FLAGS     write as per the comma separated symbol list
  seek=N          (or oseek=N) skip N obs-sized output blocks
  skip=N          (or iseek=N) skip N ibs-sized input blocks
  status=LEVEL    The LEVEL of information to print to stderr;
                  'none' suppresses everything but error messages,
                  'noxfer' suppresses the final transfer statistics,
                  'progress' shows periodic transfer statistics

N and BYTES may be followed by the following multiplicative suffixes:
c=1, w=2, b=512, kB=1000, K=1024, MB=1000*1000, M=1024*1024, xM=M,
GB=1000*1000*1000, G=1024*1024*1024, and so on for T, P, E, Z, Y.
If N ends in 'B', it counts bytes not blocks.

Each CONV symbol may be:

  lcase     change upper case to lower case
  ucase     change lower case to upper case
  sparse    try to seek rather than write all-NUL output blocks
  swab      swap every pair of input bytes
  sync      pad every input block with NULs to ibs-size; when used
            with block or unblock, pad with spaces rather than NULs
  excl      fail if the output file already exists
  nocreat   do not create the output file
  notrunc   do not truncate the output file
  noerror   continue after read errors
  fdatasync  physically write output file data before finishing
  fsync     likewise, but also write metadata

Each FLAG symbol may be:

  append    append mode (makes sense only for output; conv=notrunc suggested)
  direct    use direct I/O for data
  directory  fail unless a directory
  dsync     use synchronized I/O for data
  sync      likewise, but also for metadata
  fullblock  accumulate full blocks of input (iflag only)
  nonblock  use non-blocking I/O
  noatime   do not update access time
  nocache   Request to drop cache.  See also oflag=sync
  noctty    do not assign controlling terminal from file
  nofollow  do not follow symlinks

Sending a USR1 signal to a running 'dd' process makes it
print I/O statistics to standard error and then resume copying.

Options are:

"""


@coreutil("/bin/dd")
async def main(p: Prog, argv: list[str]) -> int:
    """dd [OPERAND]..."""
    opts, operands = await parse_opts(p, argv, "", [LongOpt("help", NO), LongOpt("version", NO)])
    for o, _ in opts:
        if o == "help":
            await p.libc.out(USAGE.format(p.name) + HELP_TAIL + help_footer("dd"))
            return 0
        await p.libc.out(
            version_text("dd", "Paul Rubin, David MacKenzie, and Stuart Kemp", "coreutils")
        )
        return 0
    d = await scanargs(p, operands)
    await _open_files(p, d)
    await _position(p, d)
    d.start_ns = await p.libc.clock_gettime(1)
    d.next_progress_ns = d.start_ns + 1_000_000_000
    status = await dd_copy(p, d)
    await print_stats(p, d)
    return status

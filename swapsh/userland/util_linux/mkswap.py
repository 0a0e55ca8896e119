"""mkswap: set up a Linux swap area (models util-linux 2.38.1 disk-utils/mkswap.c).

Only the header page is written (bytes 0..pagesize-1: zeroed boot bits, the v1
header, the signature); the rest of the file is left as it was. The UUID comes from
the machine's /dev/urandom (randutils.py) with libuuid's version-4 bits.

swapsh specifics: there is no FIEMAP, so holes are found from st_blocks (the warning
is always the short form); -c on a block device is not modelled (swapsh has no
block devices); --lock is accepted and ignored.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from swapsh.syscalls.abi import O_RDONLY, O_RDWR, SEEK_SET
from swapsh.userland.getopt import NO, OPTIONAL, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import Libc
from swapsh.userland.registry import program
from swapsh.userland.util_linux.common import (
    SIZE_SUFFIX_3LETTER,
    SIZE_SUFFIX_SPACE,
    UlExit,
    err,
    errtryhelp,
    errx,
    exclusive_options,
    print_version,
    size_to_human_string,
    str2num_or_err,
    str2unum_or_err,
    warnx,
)
from swapsh.userland.util_linux.randutils import ul_random_get_bytes

__all__ = ["main", "parse_uuid"]

SYSTEM_PAGESIZE = 4096
MIN_GOODPAGES = 10
UINT32_MAX = 0xFFFFFFFF
SIGNATURE_OFFSET = 1024
S_IFMT, S_IFREG, S_IFBLK = 0o170000, 0o100000, 0o060000
# libblkid's swap magics: (magic, page size where it ends)
_OLD_MAGICS = [
    (m, p)
    for p in (0x1000, 0x2000, 0x4000, 0x8000, 0x10000)
    for m in (b"SWAP-SPACE", b"SWAPSPACE2")
]

LONGOPTS = [
    LongOpt("check", NO, "c"),
    LongOpt("force", NO, "f"),
    LongOpt("quiet", NO, "q"),
    LongOpt("pagesize", REQUIRED, "p"),
    LongOpt("label", REQUIRED, "L"),
    LongOpt("swapversion", REQUIRED, "v"),
    LongOpt("uuid", REQUIRED, "U"),
    LongOpt("version", NO, "V"),
    LongOpt("help", NO, "h"),
    LongOpt("lock", OPTIONAL),
    LongOpt("verbose", NO),
]

USAGE = """
Usage:
 mkswap [options] device [size]

Set up a Linux swap area.

Options:
 -c, --check               check bad blocks before creating the swap area
 -f, --force               allow swap size area be larger than device
 -q, --quiet               suppress output and warning messages
 -p, --pagesize SIZE       specify page size in bytes
 -L, --label LABEL         specify label
 -v, --swapversion NUM     specify swap-space version number
 -U, --uuid UUID           specify the uuid to use
     --verbose             verbose output
     --lock[=<mode>]       use exclusive device lock (yes, no or nonblock)
 -h, --help                display this help
 -V, --version             display version

For more details see mkswap(8).
"""


@dataclass(slots=True)
class MkswapControl:
    """struct mkswap_control."""

    devname: str = ""
    fd: int = -1
    npages: int = 0
    pagesize: int = SYSTEM_PAGESIZE
    user_pagesize: int = 0
    label: str | None = None
    uuid: bytes = b""
    opt_uuid: str | None = None
    check: bool = False
    force: bool = False
    quiet: bool = False
    st_mode: int = 0
    st_uid: int = 0


def parse_uuid(text: str) -> bytes | None:
    """libuuid uuid_parse(): 36 characters, dashes at 8, 13, 18, 23, hex elsewhere."""
    if len(text) != 36:
        return None
    for i, c in enumerate(text):
        if i in (8, 13, 18, 23):
            if c != "-":
                return None
        elif c not in "0123456789abcdefABCDEF":
            return None
    return bytes.fromhex(text.replace("-", ""))


def unparse_uuid(u: bytes) -> str:
    h = u.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


async def generate_uuid(libc: Libc, kind: str) -> bytes:
    """uuid_generate_random() (v4) or uuid_generate_time() (v1, simulated clock);
    uuid_generate() ("default") is random unless the random source fell short."""
    raw_bytes, full = await ul_random_get_bytes(libc, 16)
    raw = bytearray(raw_bytes)
    if kind == "time" or (kind == "default" and not full):
        ticks = await libc.clock_gettime(0) // 100 + 0x01B21DD213814000
        raw[0:4] = (ticks & 0xFFFFFFFF).to_bytes(4, "big")
        raw[4:6] = ((ticks >> 32) & 0xFFFF).to_bytes(2, "big")
        raw[6:8] = (((ticks >> 48) & 0x0FFF) | 0x1000).to_bytes(2, "big")
        raw[10] |= 0x01  # random node: multicast bit, as libuuid without a MAC
    else:
        raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return bytes(raw)


async def _parse_args(libc: Libc, argv: list[str], ctl: MkswapControl) -> str | None:
    """Options and operands; returns the block-count argument."""
    try:
        opts, args = getopt_long(argv, "cfp:qL:v:U:Vh", LONGOPTS)
    except GetoptError as e:
        await libc.err(f"mkswap: {e.message}\n")
        await errtryhelp(libc, 1)
    for i, (key, val) in enumerate(opts):
        await exclusive_options(
            libc, [k for k, _ in opts[: i + 1]], ["cq"], {"c": "check", "q": "quiet"}
        )
        await _apply_option(libc, ctl, key, val or "")
    if args:
        ctl.devname = args.pop(0)
    block_count = args.pop(0) if args else None
    if args:
        await warnx(libc, "only one device argument is currently supported")
        await errtryhelp(libc, 1)
    return block_count


async def _apply_option(libc: Libc, ctl: MkswapControl, key: str, val: str) -> None:
    if key == "c":
        ctl.check = True
    elif key == "f":
        ctl.force = True
    elif key == "q":
        ctl.quiet = True
    elif key == "p":
        ctl.user_pagesize = await str2unum_or_err(libc, val, "parsing page size failed", UINT32_MAX)
    elif key == "L":
        ctl.label = val
    elif key == "v":
        version = await str2num_or_err(
            libc, val, "parsing version number failed", -(1 << 31), (1 << 31) - 1
        )
        if version != 1:
            await errx(libc, 1, f"swapspace version {version} is not supported")
    elif key == "U":
        ctl.opt_uuid = val
    elif key == "V":
        await print_version(libc)
    elif key == "h":
        await libc.out(USAGE)
        raise UlExit(0)


async def _init_uuid_and_pagesize(libc: Libc, ctl: MkswapControl) -> None:
    if ctl.opt_uuid is None or ctl.opt_uuid in ("random", "time"):
        ctl.uuid = await generate_uuid(libc, ctl.opt_uuid or "default")
    elif ctl.opt_uuid == "clear":
        ctl.uuid = bytes(16)
    else:
        parsed = parse_uuid(ctl.opt_uuid)
        if parsed is None:
            await errx(libc, 1, "error: parsing UUID failed")
        ctl.uuid = parsed
    if ctl.user_pagesize:
        p = ctl.user_pagesize
        if p & (p - 1) or p < 1540 + 10:  # sizeof(struct swap_header_v1_2) + 10
            await errx(libc, 1, f"Bad user-specified page size {p}")
        if not ctl.quiet and p != SYSTEM_PAGESIZE:
            await warnx(
                libc,
                f"Using user-specified page size {p}, instead of the system "
                f"value {SYSTEM_PAGESIZE}",
            )
        ctl.pagesize = p


async def _get_size_pages(libc: Libc, ctl: MkswapControl) -> int:
    """get_size(): the device size in pages (blkdev_get_size on a file: st_size)."""
    try:
        fd = await libc.open(ctl.devname, O_RDONLY)
    except OSError as e:
        await err(libc, 1, f"cannot open {ctl.devname}", e)
    try:
        st = await libc.fstat(fd)
    finally:
        await libc.close(fd)
    if st.st_mode & S_IFMT in (S_IFREG, S_IFBLK):
        return st.st_size // ctl.pagesize
    # blkdev_get_size()'s probing of a directory or character device ends huge
    return (1 << 64) // ctl.pagesize


async def _compute_npages(libc: Libc, ctl: MkswapControl, block_count: str | None) -> None:
    if block_count is not None:
        blks = await str2unum_or_err(libc, block_count, "invalid block count argument")
        ctl.npages = blks // (ctl.pagesize // 1024)
    sz = await _get_size_pages(libc, ctl)
    kib = ctl.pagesize // 1024
    if not ctl.npages:
        ctl.npages = sz
    elif ctl.npages > sz and not ctl.force:
        await errx(
            libc, 1, f"error: size {ctl.npages * kib} KiB is larger than device size {sz * kib} KiB"
        )
    if ctl.npages < MIN_GOODPAGES:
        await errx(
            libc,
            1,
            f"error: swap area needs to be at least {MIN_GOODPAGES * ctl.pagesize // 1024} KiB",
        )
    if ctl.npages > UINT32_MAX:
        ctl.npages = UINT32_MAX
        if not ctl.quiet:
            await warnx(
                libc, f"warning: truncating swap area to {ctl.npages * ctl.pagesize // 1024} KiB"
            )


async def _open_device(libc: Libc, ctl: MkswapControl) -> None:
    """open_device() plus the permission and owner warnings."""
    try:
        st = await libc.stat(ctl.devname)
    except OSError as e:
        await err(libc, 1, f"stat of {ctl.devname} failed", e)
    try:
        ctl.fd = await libc.open(ctl.devname, O_RDWR)
    except OSError as e:
        await err(libc, 1, f"cannot open {ctl.devname}", e)
    ctl.st_mode, ctl.st_uid = st.st_mode, st.st_uid
    is_reg = st.st_mode & S_IFMT == S_IFREG
    if ctl.check and is_reg:
        ctl.check = False
        if not ctl.quiet:
            await warnx(
                libc, f"warning: checking bad blocks from swap file is not supported: {ctl.devname}"
            )
    mask = 0o7007 if st.st_mode & S_IFMT == S_IFBLK else 0o7077
    if not ctl.quiet and st.st_mode & mask:
        await warnx(
            libc,
            f"{ctl.devname}: insecure permissions {st.st_mode & 0o7777:04o}, "
            f"fix with: chmod {~mask & 0o666:04o} {ctl.devname}",
        )
    uid = (await libc.getresuid())[0]
    if not ctl.quiet and uid == 0 and is_reg and st.st_uid != 0:
        await warnx(
            libc,
            f"{ctl.devname}: insecure file owner {st.st_uid}, fix with: chown 0:0 {ctl.devname}",
        )
    if not ctl.quiet and is_reg and st.st_blocks * 512 < st.st_size:
        await libc.err(
            f"\nmkswap: {ctl.devname} contains holes or other unsupported "
            f"extents.\n        This swap file can be rejected by kernel on swap "
            f"activation!\n        Use --verbose for more details.\n\n"
        )


async def _pread(libc: Libc, fd: int, off: int, n: int) -> bytes:
    await libc.lseek(fd, off, SEEK_SET)
    return await libc.read(fd, n)


async def _wipe_device(libc: Libc, ctl: MkswapControl) -> None:
    """wipe_device(): zero the boot bits, then wipe each old swap signature blkid sees."""
    if ctl.st_mode & S_IFMT not in (S_IFREG, S_IFBLK):
        await errx(libc, 1, "unable to assign device to libblkid probe")
    await libc.lseek(ctl.fd, 0, SEEK_SET)
    await libc.write_all(ctl.fd, bytes(SIGNATURE_OFFSET))
    head = await _pread(libc, ctl.fd, 0, 0x10000)
    for magic, page in _OLD_MAGICS:
        off = page - 10
        if head[off : off + 10] != magic or not _blkid_accepts(head, magic):
            continue
        if not ctl.quiet:
            await warnx(libc, f"{ctl.devname}: warning: wiping old swap signature.")
        await libc.lseek(ctl.fd, off, SEEK_SET)
        await libc.write_all(ctl.fd, bytes(10))
        head = head[:off] + bytes(10) + head[off + 10 :]


def _blkid_accepts(head: bytes, magic: bytes) -> bool:
    """libblkid's probe_swap(): a v1 header must say version 1 and have pages."""
    if magic == b"SWAP-SPACE":
        return True
    version, last_page = struct.unpack_from("<II", head.ljust(1032, b"\0"), 1024)
    return bool(version == 1 and last_page != 0)


def build_header(ctl: MkswapControl) -> bytes:
    """The signature page as mkswap writes it."""
    page = bytearray(ctl.pagesize)
    struct.pack_into("<III", page, 1024, 1, ctl.npages - 1, 0)
    page[1036:1052] = ctl.uuid
    if ctl.label is not None:
        label = ctl.label.encode("utf-8", "surrogateescape")[:15]
        page[1052 : 1052 + len(label)] = label
    page[ctl.pagesize - 10 :] = b"SWAPSPACE2"
    return bytes(page)


async def _report_and_write(libc: Libc, ctl: MkswapControl) -> None:
    size = (ctl.npages - 1) * ctl.pagesize
    if not ctl.quiet:
        human = size_to_human_string(SIZE_SUFFIX_SPACE | SIZE_SUFFIX_3LETTER, size)
        await libc.out(f"Setting up swapspace version 1, size = {human} ({size} bytes)\n")
    header = build_header(ctl)
    if ctl.label is not None:
        stored = header[1052:1068].split(b"\0", 1)[0]
        if not ctl.quiet and len(ctl.label.encode("utf-8", "surrogateescape")) > len(stored):
            await warnx(libc, "Label was truncated.")
        if not ctl.quiet:
            await libc.out(f"LABEL={stored.decode('utf-8', 'surrogateescape')}, ")
    elif not ctl.quiet:
        await libc.out("no label, ")
    if not ctl.quiet:
        await libc.out(f"UUID={unparse_uuid(ctl.uuid)}\n")
    try:
        await libc.lseek(ctl.fd, SIGNATURE_OFFSET, SEEK_SET)
        await libc.write_all(ctl.fd, header[SIGNATURE_OFFSET:])
    except OSError as e:
        await err(libc, 1, f"{ctl.devname}: unable to write signature page", e)


async def _mkswap(libc: Libc, argv: list[str]) -> int:
    ctl = MkswapControl()
    block_count = await _parse_args(libc, argv, ctl)
    await _init_uuid_and_pagesize(libc, ctl)
    if not ctl.devname:
        await warnx(libc, "error: Nowhere to set up swap on?")
        await errtryhelp(libc, 1)
    await _compute_npages(libc, ctl, block_count)
    await _open_device(libc, ctl)
    try:
        await _wipe_device(libc, ctl)
        await _report_and_write(libc, ctl)
    finally:
        await libc.close(ctl.fd)
    return 0


@program("/sbin/mkswap")
async def main(libc: Libc, argv: list[str]) -> int:
    """mkswap [options] device [size]"""
    try:
        return await _mkswap(libc, argv)
    except UlExit as e:
        return e.code
    except OSError as e:
        await libc.err(f"mkswap: {e.strerror}\n")
        return 1
